"""新沂市政府机构失信治理工作台 — start the program or run a command-line task."""

from __future__ import annotations

import os
import sys


def ensure_streams() -> None:
    """A windowed Windows build starts without stdout/stderr: print to the console it was
    started from, if any, and otherwise nowhere — never crash on a missing stream."""
    if sys.platform == "win32" and sys.stdout is None:
        import ctypes

        if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
            sys.stdout = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115
            sys.stderr = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def main(argv: list[str] | None = None) -> int:
    ensure_streams()
    from xinyi_desktop.cli import GUI_COMMANDS, build_parser

    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.command in GUI_COMMANDS:
        from ui.app import main as run_gui

        return run_gui(args)
    from xinyi_desktop.cli import main as run_cli

    return run_cli(args)


if __name__ == "__main__":
    sys.exit(main())
