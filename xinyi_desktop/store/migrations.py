"""Numbered schema steps. Each runs in one transaction and bumps the stored version.

A new database is created at ``CURRENT_VERSION`` directly; an older file runs every step
after its version, in order. Never edit a released step: add the next one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import peewee as pw

from xinyi_desktop.rules.search import build_search_text
from xinyi_desktop.store.models import SchemaVersion

log = logging.getLogger(__name__)


def _migrator(database: pw.Database):
    # Imported here: only an old database needs it, and start-up should not pay for it.
    from playhouse.migrate import PostgresqlMigrator, SqliteMigrator

    if isinstance(database, pw.PostgresqlDatabase):
        return PostgresqlMigrator(database)
    return SqliteMigrator(database)


def _v2_search_text(database: pw.Database) -> None:
    """Version 2: one folded search column, so the register's search box is one scan,
    and an index for sorting by case number."""
    from playhouse.migrate import migrate

    migrator = _migrator(database)
    migrate(
        migrator.add_column("case", "search_text", pw.TextField(default="")),
        migrator.add_index("case", ("year", "court_code", "case_type", "serial"), False),
    )
    rows = database.execute_sql(
        'SELECT id, case_key, cause, plaintiffs_text, defendants_text FROM "case"'
    ).fetchall()
    for case_id, key, cause, plaintiffs, defendants in rows:
        database.execute_sql(
            'UPDATE "case" SET search_text = ? WHERE id = ?'.replace("?", database.param),
            (build_search_text(key, cause, plaintiffs, defendants), case_id),
        )


def _v3_settings(database: pw.Database) -> None:
    """Version 3: office settings."""
    from xinyi_desktop.store.models import Setting

    database.create_tables([Setting])


STEPS: dict[int, Callable[[pw.Database], None]] = {
    2: _v2_search_text,
    3: _v3_settings,
}
CURRENT_VERSION = max(STEPS)


def upgrade(database: pw.Database, from_version: int) -> None:
    for version in range(from_version + 1, CURRENT_VERSION + 1):
        with database.atomic():
            log.info("migrating database to schema version %d", version)
            STEPS[version](database)
            SchemaVersion.update(version=version).execute()
