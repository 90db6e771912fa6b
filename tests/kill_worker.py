"""A child process for tests/test_kill.py: imports court files and makes batches of letters
one after another until it is killed. Each operation prints a line when it has committed.

    python tests/kill_worker.py DB FOLDER
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BATCH = 30  # cases per court file, and letters per batch


def court_file(folder: Path, n: int) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([f"新沂市人民法院起诉政府案件通报（第{n}批）"])
    sheet.append(["序号", "案号", "原告", "被告", "案由", "立案日期"])
    for i in range(BATCH):
        sheet.append(
            [
                i + 1,
                f"(2026)苏0381行初{n * 100 + i + 1}号",
                "王伟",
                "新沂市财政局",
                f"第{n}批",
                "2026-03-05",
            ]
        )
    path = folder / f"batch{n}.xlsx"
    book.save(path)
    return path


def main() -> None:
    from xinyi_desktop.services import letters
    from xinyi_desktop.services.court_import import preview
    from xinyi_desktop.services.court_import_write import apply_plan
    from xinyi_desktop.store.connection import default_user, init_db
    from xinyi_desktop.store.models import Case

    db_file, folder = Path(sys.argv[1]), Path(sys.argv[2])
    init_db(db_file)
    actor = default_user()
    print("READY", flush=True)
    n = 0
    while True:
        n += 1
        plan = preview(court_file(folder, n), kind="suits", today=dt.date(2026, 11, 25))
        letters.run(apply_plan(actor, plan, today=dt.date(2026, 11, 25)))
        print("IMPORTED", n, flush=True)
        ids = [c.id for c in Case.select(Case.id).where(Case.cause == f"第{n}批")]
        plans = [
            p
            for i in ids
            for p in letters.plan_case_letter("reminder", i, issued_on=dt.date(2026, 11, 25))
        ]
        letters.run(letters.generate(actor, plans))
        print("LETTERS", n, flush=True)


if __name__ == "__main__":
    main()
