"""新沂市政府机构失信治理工作台 — start the program or run a command-line task."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from xinyi_desktop.cli import GUI_COMMANDS, build_parser

    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.command in GUI_COMMANDS:
        from ui.app import main as run_gui

        return run_gui(args)
    from xinyi_desktop.cli import main as run_cli

    return run_cli(args)


if __name__ == "__main__":
    sys.exit(main())
