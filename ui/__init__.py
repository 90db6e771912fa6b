"""The Qt layer: windows, dialogs, widgets and table models on top of the core."""

import sys

if sys.version_info < (3, 12) and sys.implementation.name == "cpython":
    # PySide6 6.12 returns None from every void method without taking a reference to it
    # (from Python 3.12 on None is immortal and needs none): on Python 3.11 each such call
    # drops one reference, and after some ten thousand calls — a few printed lists — Python
    # aborts with "deallocating None". Give None more references than any session can drop.
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
