"""Telephone numbers (联系电话): the office's, in the settings, and each person's."""

import datetime as dt

import pytest

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.phones import clean_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0516-88921234", "0516-88921234"),
        ("13812345678", "13812345678"),
        ("88921234转123", "88921234转123"),
        ("0516-88921234-8012", "0516-88921234-8012"),
        ("（0516）88921234", "(0516)88921234"),
        ("０５１６－８８９２１２３４", "0516-88921234"),
        (" 0516 8892 1234 ", "051688921234"),
        ("138-1234-5678", "138-1234-5678"),
        ("0516-88921234、13812345678", "0516-88921234、13812345678"),
        ("0516-88921234；138 1234 5678", "0516-88921234、13812345678"),
        ("88921234/88921235", "88921234、88921235"),
        ("0516-88921234、abc", None),
        ("138-12345-678", None),
        ("", ""),
        ("abc", None),
        ("123", None),
        ("0516-abc", None),
        ("1381234567", None),  # a mobile number one digit short
        ("23812345678", None),
        ("88921234转", None),
        ("电话：88921234", None),
    ],
)
def test_a_phone_number_is_digits_with_area_code_and_extension(typed, stored):
    if stored is not None:
        assert clean_phone(typed, label="联系电话") == stored
        return
    with pytest.raises(ValidationError) as caught:
        clean_phone(typed, label="联系电话", field="office.phone")
    assert f"联系电话“{typed.strip()}”不是有效的电话号码" in str(caught.value)
    assert caught.value.field == "office.phone"


def test_the_offices_telephone_setting_refuses_letters_and_writes_nothing(actor):
    from xinyi_desktop.settings import get_setting, set_settings
    from xinyi_desktop.store.models import AuditEntry, Setting

    before = AuditEntry.select().count()
    with pytest.raises(ValidationError) as caught:
        set_settings(actor, {"office.contact": "王明", "office.phone": "abc"})
    assert "“联系电话”“abc”不是有效的电话号码" in str(caught.value)
    assert caught.value.field == "office.phone"
    assert Setting.select().count() == 0 and AuditEntry.select().count() == before
    set_settings(actor, {"office.phone": "0516-88921234转123"})
    assert get_setting("office.phone") == "0516-88921234转123"


def test_a_persons_phone_is_checked_naming_the_person(actor, make_agency):
    from xinyi_desktop.services.agencies import PersonInput, add_person
    from xinyi_desktop.store.models import Person

    agency = make_agency()
    with pytest.raises(ValidationError) as caught:
        add_person(actor, agency.id, PersonInput(name="张三", role="legal_rep", phone="abc"))
    assert "张三的联系电话“abc”不是有效的电话号码" in str(caught.value)
    assert caught.value.field == "phone" and Person.select().count() == 0
    saved = add_person(
        actor, agency.id, PersonInput(name="张三", role="legal_rep", phone="13812345678")
    )
    assert saved.record.phone == "13812345678"


def test_a_stored_number_is_not_checked_again_when_other_settings_are_saved(actor):
    from xinyi_desktop.settings import get_setting, set_settings
    from xinyi_desktop.store.models import Setting

    # A number kept from before the rule (or typed in another program) stays as it is.
    Setting.create(key="office.phone", value="88921234（办公室）")
    set_settings(actor, {"office.phone": "88921234（办公室）", "office.contact": "王明"})
    assert get_setting("office.contact") == "王明"
    assert get_setting("office.phone") == "88921234（办公室）"
    with pytest.raises(ValidationError):  # changing it is checked
        set_settings(actor, {"office.phone": "88921235（办公室）"})


def test_editing_a_person_keeps_an_old_number_nobody_touched(actor, make_agency):
    from xinyi_desktop.services.agencies import PersonInput, add_person, update_person
    from xinyi_desktop.store.models import Person

    agency = make_agency()
    saved = add_person(actor, agency.id, PersonInput(name="李四", role="legal_rep"))
    Person.update(phone="88921234 找李主任").where(Person.id == saved.record.id).execute()

    data = PersonInput(
        name="李四", role="legal_rep", phone="88921234 找李主任", end_on=dt.date(2026, 11, 30)
    )
    update_person(actor, saved.record.id, data)
    person = Person.get_by_id(saved.record.id)
    assert person.end_on == dt.date(2026, 11, 30) and person.phone == "88921234 找李主任"
    with pytest.raises(ValidationError) as caught:
        changed = PersonInput(name="李四", role="legal_rep", phone="找李主任")
        update_person(actor, saved.record.id, changed)
    assert "李四的联系电话" in str(caught.value)
