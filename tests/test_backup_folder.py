"""The backup folder (备份文件夹) must be a folder this PC can write in, or can make: what
is wrong is said in Chinese, naming the path, where the folder is set and where it is used."""

import errno
import re

import pytest

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.folders import folder_problem, os_error_text
from xinyi_desktop.settings import get_setting, set_setting, set_settings
from xinyi_desktop.store.models import Setting


def english_words(text: str, *paths) -> list[str]:
    """English words left in ``text`` once the paths it names are taken out."""
    for path in paths:
        text = text.replace(str(path), "")
    return re.findall(r"[A-Za-z]{3,}", text)


@pytest.fixture
def places(tmp_path):
    a_file = tmp_path / "passwd"
    a_file.write_text("root:x:0:0")
    return {"file": a_file, "folder": tmp_path, "new": tmp_path / "usb" / "备份"}


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("file", "这是一个文件，不是文件夹"),
        ("under_file", "是一个文件，不是文件夹"),
        ("relative", "请填写完整的路径"),
        ("folder", None),
        ("new", None),  # not there yet, but it can be made
    ],
)
def test_what_is_wrong_with_a_folder(places, where, expected):
    path = {
        "under_file": places["file"] / "backups",
        "relative": "backups",
    }.get(where) or places[where]
    problem = folder_problem(path)
    if expected is None:
        assert problem is None
    else:
        assert expected in problem
        assert not english_words(problem, places["file"])


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (errno.EACCES, "没有写入权限"),
        (errno.ENOSPC, "磁盘空间已满"),
        (errno.EROFS, "磁盘是只读的"),
        (errno.ENOTDIR, "路径中有一段是文件，不是文件夹"),
        (errno.EEXIST, "已有同名的文件"),
        (9999, "系统错误（代码 9999）"),
    ],
)
def test_system_errors_are_said_in_chinese(code, expected):
    assert os_error_text(OSError(code, "English text from the system")) == expected


@pytest.mark.parametrize("where", ["file", "under_file"])
def test_a_file_as_the_backup_folder_is_refused_naming_it_and_nothing_is_saved(
    actor, places, where
):
    path = places["file"] if where == "file" else places["file"] / "backups"
    with pytest.raises(ValidationError) as refused:
        set_setting(actor, "backup.folder", str(path))
    text = str(refused.value)
    assert text.startswith(f"“备份文件夹”不能用“{path}”：")
    assert refused.value.field == "backup.folder"
    assert not english_words(text, path, places["file"])
    assert get_setting("backup.folder") == ""
    assert not Setting.select().where(Setting.key == "backup.folder").exists()


def test_a_folder_that_can_be_made_is_accepted(actor, places):
    set_setting(actor, "backup.folder", str(places["new"]))
    assert get_setting("backup.folder") == str(places["new"])


def test_a_saved_folder_that_is_away_does_not_block_saving_other_settings(actor, places):
    usb = places["new"]
    set_setting(actor, "backup.folder", str(usb))
    usb.parent.write_text("the USB key is out; a file stands where it was")
    set_settings(actor, {"backup.folder": str(usb), "office.name": "新沂市信用办"})
    assert get_setting("office.name") == "新沂市信用办"


@pytest.mark.sqlite_only
def test_a_backup_into_an_unusable_folder_is_refused_in_chinese(actor, places, user_home):
    from xinyi_desktop.services import backups
    from xinyi_desktop.store import backup

    usb = places["new"]
    set_setting(actor, "backup.folder", str(usb))
    usb.parent.write_text("not a folder any more")
    problem = backups.folder_unusable()
    assert problem.startswith(f"备份文件夹“{usb}”不能使用：")
    with pytest.raises(backup.BackupError) as refused:
        backups.take_backup_now(actor)
    assert "未备份" in str(refused.value)
    assert not english_words(str(refused.value), usb, usb.parent)
    # The day's copy is still taken, in the user's own folder, and that is not remembered
    # as where this database's copies go.
    taken = backups.take_daily_backup()
    assert taken.parent == user_home / "backups"
    from xinyi_desktop import local_config
    from xinyi_desktop.store.models import db

    assert local_config.remembered_backup_folder(db.obj.database) != user_home / "backups"
    # A copy that fails on the way is said in Chinese too.
    with pytest.raises(backup.BackupError) as failed:
        backup.backup_sqlite(db.obj, places["file"], reason="manual")
    assert "无法写入文件夹" in str(failed.value)
    assert not english_words(str(failed.value), places["file"])
