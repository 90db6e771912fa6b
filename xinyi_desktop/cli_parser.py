"""The command line's parser in Chinese: argparse's own words (``usage:``, ``options``,
``show this help message and exit``, its error messages) replaced, option names kept."""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata

# Placeholders for an option's value, by its destination (argparse would print it upper-cased).
METAVARS = {
    "db": "路径或地址",
    "sub_db": "路径或地址",
    "user": "登录名",
    "sub_user": "登录名",
    "out": "文件",
    "file": "备份文件",
    "start": "日期",
    "end": "日期",
    "date": "日期",
    "month": "年-月",
    "year": "年份",
    "kind": "类型",
    "case": "案号",
    "agency": "单位",
    "matter": "事项",
    "requirement": "要求",
}
TYPE_NAMES = {"int": "整数", "float": "数字"}
# argparse's error messages (Python 3.11–3.13) and how the clerk reads them.
ERRORS = [
    (r"the following arguments are required: (.*)", "缺少必须给出的参数：{0}"),
    (r"unrecognized arguments: (.*)", "无法识别的参数：{0}"),
    (r"one of the arguments (.*) is required", "须给出以下参数之一：{0}"),
    (r"argument (.+?): (.*)", "参数 {0}：{1}"),
    (r"invalid choice: (.*) \(choose from (.*)\)", "无效的选项 {0}（可选：{1}）"),
    (r"invalid (\w+) value: (.*)", "{1} 不是有效的{type}"),
    (r"expected one argument", "需要给出一个值"),
    (r"expected at least one argument", "至少需要给出一个值"),
    (r"expected (\d+) arguments?", "需要给出 {0} 个值"),
    (r"ignored explicit argument (.*)", "多余的值 {0}"),
    (r"not allowed with argument (.*)", "不能与参数 {0} 同时使用"),
    (r"ambiguous option: (.*) could match (.*)", "选项 {0} 不明确，可能是：{1}"),
]


def translate(message: str) -> str:
    """argparse's English error message in Chinese (unknown ones are kept as they are)."""
    for pattern, text in ERRORS:
        match = re.fullmatch(pattern, message, flags=re.DOTALL)
        if match:
            parts = [translate(g) if i else g for i, g in enumerate(match.groups())]
            kind = TYPE_NAMES.get(match.group(1), match.group(1)) if "{type}" in text else ""
            return text.format(*parts, type=kind)
    return message


def _wide(text: str) -> int:
    """How many more columns than characters ``text`` takes (CJK takes two columns)."""
    return sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")


class ChineseFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def _format_action(self, action):
        # argparse pads by characters; a Chinese placeholder takes two columns each, so
        # take the extra columns out of the padding to keep the help texts aligned.
        text = super()._format_action(action)
        invocation = self._format_action_invocation(action)
        extra = _wide(invocation)
        first, _, rest = text.partition("\n")
        head, found, tail = first.partition(invocation)
        if extra and found and tail.startswith(" " * (extra + 2)):
            first = head + invocation + tail[extra:]
        return first + "\n" + rest

    def _get_default_metavar_for_optional(self, action):
        return METAVARS.get(action.dest, "值")

    def _get_default_metavar_for_positional(self, action):
        return METAVARS.get(action.dest, action.dest)


class ChineseParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose help and errors are Chinese; sub-command parsers are
    made of the same class."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", ChineseFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help="显示此帮助信息并退出",
            )

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate(message)}\n")
