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


def _v7_audit_chain(database: pw.Database) -> None:
    """Version 7: seal the audit log into a hash chain, the entries already there too."""
    from playhouse.migrate import migrate

    from xinyi_desktop.services.audit import seal
    from xinyi_desktop.store.models import AuditEntry, AuditHead

    migrator = _migrator(database)
    migrate(
        migrator.add_column("audit_entry", "prev_hash", pw.CharField(default="")),
        migrator.add_column("audit_entry", "entry_hash", pw.CharField(default="")),
    )
    database.create_tables([AuditHead], safe=True)
    previous, count, entry = "0" * 64, 0, None
    for entry in AuditEntry.select().order_by(AuditEntry.id).iterator():
        entry.prev_hash = previous
        entry.entry_hash = previous = seal(entry)
        entry.save(only=[AuditEntry.prev_hash, AuditEntry.entry_hash])
        count += 1
    AuditHead.create(id=1, last_id=entry.id if entry else 0, last_hash=previous, count=count)


STEPS: dict[int, Callable[[pw.Database], None]] = {
    2: _v2_search_text,
    3: _v3_settings,
    7: _v7_audit_chain,
}
CURRENT_VERSION = max(STEPS)


def upgrade(database: pw.Database, from_version: int) -> None:
    for version in sorted(v for v in STEPS if v > from_version):
        with database.atomic():
            log.info("migrating database to schema version %d", version)
            STEPS[version](database)
            SchemaVersion.update(version=version).execute()
