"""The shared office server: what only a real PostgreSQL server can show."""

import threading

import pytest

from xinyi_desktop.services.agencies import AgencyInput, create_agency
from xinyi_desktop.services.audit import verify_chain
from xinyi_desktop.store.models import Agency, db

pytestmark = pytest.mark.postgres


def test_two_clerks_writing_at_once_keep_the_audit_chain_whole(actor):
    errors = []

    def clerk(name: str) -> None:
        try:
            for n in range(15):
                create_agency(actor, AgencyInput(name=f"{name}{n}号单位"))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            db.close()  # this thread's own connection

    threads = [threading.Thread(target=clerk, args=(who,)) for who in ("甲", "乙")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Agency.select().count() == 30
    check = verify_chain()
    assert check.intact, check.problem
    assert check.entries == 30
