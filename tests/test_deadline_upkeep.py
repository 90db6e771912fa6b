"""The deadlines' start-up upkeep writes all it has to, or nothing."""

import pytest

from xinyi_desktop.services import audit
from xinyi_desktop.services.deadline_sync import upkeep
from xinyi_desktop.store.deadline_models import Deadline


def test_a_failing_audit_write_in_upkeep_leaves_no_deadline_row(actor, monkeypatch):
    assert Deadline.select().count() == 0

    def refuse(*args, **kwargs):
        raise RuntimeError("审计日志写入失败（测试）")

    monkeypatch.setattr(audit, "record", refuse)
    with pytest.raises(RuntimeError):
        upkeep(actor)
    assert Deadline.select().count() == 0  # no month's row without its audit entry
    monkeypatch.undo()
    upkeep(actor)
    assert Deadline.select().count() > 0
