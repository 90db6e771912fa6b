"""Folders the office names for the program to write in (备份文件夹): checked where they
are set and again before each use, the reason said in Chinese, never as the system's
English error text."""

from __future__ import annotations

import errno
import tempfile
from pathlib import Path

OS_ERRORS = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "磁盘是只读的",
    errno.ENOSPC: "磁盘空间已满",
    errno.ENOENT: "路径不存在",
    errno.ENOTDIR: "路径中有一段是文件，不是文件夹",
    errno.EEXIST: "已有同名的文件",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENAMETOOLONG: "路径太长",
    errno.EINVAL: "路径中有不允许使用的字符",
    errno.EBUSY: "正被其他程序占用",
    errno.EIO: "磁盘读写出错（U 盘或网络盘是否已断开？）",
}


def os_error_text(error: OSError) -> str:
    """What went wrong, in Chinese (the system's own text is English on many PCs)."""
    if error.errno in OS_ERRORS:
        return OS_ERRORS[error.errno]
    code = getattr(error, "winerror", None) or error.errno
    return f"系统错误（代码 {code}）" if code else "系统错误"


def folder_problem(folder: Path | str) -> str | None:
    """None when ``folder`` is a folder this PC can write in, or one it can make (a
    folder not made yet); otherwise why not, in Chinese."""
    folder = Path(folder)
    if not folder.is_absolute():
        return "请填写完整的路径（如 D:\\信用办备份），而不只是文件夹的名称"
    if folder.exists():
        return "这是一个文件，不是文件夹" if not folder.is_dir() else write_problem(folder)
    parent = next((p for p in folder.parents if p.exists()), None)
    if parent is None:  # not even the drive: E:\ of a USB key that is not plugged in
        return "所在的磁盘不存在（U 盘或移动硬盘是否已插好？）"
    if not parent.is_dir():
        return f"路径中的“{parent}”是一个文件，不是文件夹"
    problem = write_problem(parent)
    return f"无法在“{parent}”中新建文件夹：{problem}" if problem else None


def write_problem(folder: Path) -> str | None:
    """None when a file can be made in the existing ``folder``; otherwise why not."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        return os_error_text(error)
    return None
