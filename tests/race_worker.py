"""A child process for tests/test_concurrent_edit.py: one clerk saving an edit of a case,
as the edit dialog does, with the version the dialog loaded.

    python tests/race_worker.py DB USERNAME CASE_ID EXPECTED_VERSION NOTE PAUSE MARKER

With PAUSE > 0 the save stops for PAUSE seconds after it has read the case and before it
writes (and touches MARKER when it gets there), so another clerk's save can come between.
Prints one JSON line: {"saved": bool, "error": class name or null, "message": text}.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from xinyi_desktop.errors import XinyiError
    from xinyi_desktop.services import audit
    from xinyi_desktop.services.cases import CaseInput, get_case, parties_of, update_case
    from xinyi_desktop.store.connection import init_db
    from xinyi_desktop.store.models import User

    target, username, case_id, expected, note, pause, marker = sys.argv[1:8]
    case_id, expected, pause = int(case_id), int(expected), float(pause)
    init_db(target, checked=True)
    actor = User.get(User.username == username)
    case = get_case(case_id)
    data = CaseInput(
        case_no=case.case_no,
        defendants=[p.name for p in parties_of(case, "defendant")],
        plaintiffs=[p.name for p in parties_of(case, "plaintiff")],
        cause=case.cause,
        filed_on=case.filed_on,
        note=note,
    )
    if pause > 0:
        original = audit.bump_version

        def paused(instance, expected_version, what):
            Path(marker).touch()  # read done: the other clerk may save now
            time.sleep(pause)
            return original(instance, expected_version, what)

        audit.bump_version = paused
    try:
        update_case(actor, case_id, data, expected_version=expected)
        result = {"saved": True, "error": None, "message": ""}
    except XinyiError as error:
        result = {"saved": False, "error": type(error).__name__, "message": str(error)}
    except Exception as error:  # noqa: BLE001 - reported: the test fails on it
        result = {"saved": False, "error": type(error).__name__, "message": str(error)}
    print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
