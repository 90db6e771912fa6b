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
        check = None
        if args.command is None and not args.demo:
            # Check the database file while Qt loads: both take a moment on a large office.
            from xinyi_desktop.cli import database_target
            from xinyi_desktop.store.connection import start_preflight

            check = start_preflight(database_target(args))
        from ui.app import main as run_gui

        return run_gui(args, preflight=check)
    from xinyi_desktop.cli import main as run_cli

    args.chart_renderer = chart_renderer  # the core may not import Qt; commands get it here
    return run_cli(args)


def chart_renderer():
    """Charts for command-line reports, drawn with Qt (offscreen when there is no display)."""
    from ui.charts import QtChartRenderer

    return QtChartRenderer()


if __name__ == "__main__":
    sys.exit(main())
