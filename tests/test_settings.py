"""Settings declared as data, stored and audited."""

import pytest

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.settings import declarations, get_setting, set_setting, set_settings
from xinyi_desktop.store.models import AuditEntry, Setting


def test_every_declaration_has_a_chinese_label_and_a_group():
    for decl in declarations().values():
        assert decl.label and decl.group
        assert not decl.label.isascii()


def test_default_until_set_then_stored_and_audited(actor):
    assert get_setting("office.name") == "新沂市信用办"
    set_setting(actor, "office.phone", " 0516-88920000 ")
    assert get_setting("office.phone") == "0516-88920000"
    entry = AuditEntry.get(AuditEntry.table_name == "setting")
    assert entry.new_values["value"] == "0516-88920000"


def test_unknown_key_is_refused(actor):
    with pytest.raises(Exception, match="没有名为"):
        set_setting(actor, "no.such", 1)


def test_a_bad_value_writes_nothing(actor, monkeypatch):
    from xinyi_desktop import settings

    decl = settings.Declaration(
        key="x.days", type="int", default=3, label="天数", group="期限", minimum=1, maximum=30
    )
    monkeypatch.setitem(declarations(), "x.days", decl)
    with pytest.raises(ValidationError, match="天数"):
        set_settings(actor, {"office.phone": "0516-88920001", "x.days": "三"})
    assert Setting.select().count() == 0
    with pytest.raises(ValidationError, match="不能大于 30"):
        set_setting(actor, "x.days", 31)
    set_setting(actor, "x.days", "5")
    assert get_setting("x.days") == 5
