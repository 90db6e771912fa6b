"""The one way to run long work off the GUI thread, with progress and cancel.

A job is a core generator function called with a ``cancel`` callable; it yields
``(done, total, text)`` and returns its result (``StopIteration.value``). ``run_job`` runs
it on the global ``QThreadPool`` in a ``QRunnable`` whose signals live on a separate
``QObject`` (a class inheriting both crashes), shows a ``QProgressDialog`` whose 取消 sets
the flag the job checks, and waits in a local event loop, so the caller reads the outcome
as a plain return value.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

Job = Callable[[Callable[[], bool]], Iterator[tuple[int, int, str]]]


@dataclass
class Outcome:
    result: object = None
    error: BaseException | None = None
    details: str = ""  # the traceback of an unexpected error
    cancelled: bool = False


class JobSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object, str)


class JobRunner(QRunnable):
    def __init__(self, job: Job, signals: JobSignals, flag: threading.Event) -> None:
        super().__init__()
        self.job, self.signals, self.flag = job, signals, flag
        # Python keeps the runner until run() has wholly returned (see run_job): a runnable
        # the pool deletes itself can go while its wrapper is still in use, and crash.
        self.setAutoDelete(False)
        self.done = threading.Event()

    def run(self) -> None:
        try:
            from xinyi_desktop.store.models import db

            gate = getattr(db.obj, "write_gate", None)
            if gate is not None:
                gate.wait()  # the file's start-up check must pass before a job writes
            iterator = self.job(self.flag.is_set)
            while True:
                try:
                    done, total, text = next(iterator)
                except StopIteration as stop:
                    self.signals.finished.emit(stop.value)
                    return
                self.signals.progress.emit(done, total, text)
        except BaseException as error:  # noqa: BLE001 - handed to the GUI thread
            self.signals.failed.emit(error, traceback.format_exc())
        finally:
            from xinyi_desktop.store.models import db

            if db.obj is not None and not db.is_closed():
                db.close()  # this pool thread's own connection
            self.done.set()


def run_job(parent: QWidget | None, title: str, job: Job, *, label: str = "") -> Outcome:
    """Run ``job`` with a progress dialog; returns when it finished, failed or was cancelled."""
    flag = threading.Event()
    signals = JobSignals()
    outcome = Outcome()
    loop = QEventLoop()
    dialog = QProgressDialog(label or title, "取消", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(flag.set)

    def on_progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)
        dialog.setLabelText(text)

    def on_finished(result) -> None:
        outcome.result = result
        loop.quit()

    def on_failed(error, details: str) -> None:
        outcome.error, outcome.details = error, details
        loop.quit()

    signals.progress.connect(on_progress)
    signals.finished.connect(on_finished)
    signals.failed.connect(on_failed)
    runner = JobRunner(job, signals, flag)
    QThreadPool.globalInstance().start(runner)
    loop.exec()
    runner.done.wait()  # the worker has closed its connection and left run()
    outcome.cancelled = flag.is_set()
    dialog.close()
    dialog.deleteLater()
    return outcome


def run_to_end(parent: QWidget | None, title: str, job: Job, *, label: str = "") -> object:
    """``run_job``, then say why it did not finish: a refusal in its own words, anything
    else as an error naming ``title`` with copyable details. The job's result, or None
    when it was cancelled (nothing to say) or failed."""
    from ui import ask
    from xinyi_desktop.errors import XinyiError

    outcome = run_job(parent, title, job, label=label)
    if outcome.cancelled:
        return None
    if isinstance(outcome.error, XinyiError):
        ask.warning(parent, str(outcome.error))
    elif outcome.error is not None:
        ask.error(parent, f"{title}时出错。", outcome.details)
    return outcome.result if outcome.error is None else None
