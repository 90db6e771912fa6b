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


def _add_columns(database: pw.Database, table: str, columns: list[str]) -> None:
    """Plain ``ADD COLUMN``s. Not peewee's SQLite migrator: to make a column NOT NULL it
    rebuilds the table, which the foreign keys pointing at that table do not allow."""
    for column in columns:
        database.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN {column}')


def _v2_search_text(database: pw.Database) -> None:
    """Version 2: one folded search column, so the register's search box is one scan,
    and an index for sorting by case number."""
    _add_columns(database, "case", ["search_text TEXT NOT NULL DEFAULT ''"])
    database.execute_sql(
        'CREATE INDEX IF NOT EXISTS "case_year_court_code_case_type_serial" '
        'ON "case" ("year", "court_code", "case_type", "serial")'
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
    from xinyi_desktop.services.audit import seal
    from xinyi_desktop.store.models import AuditEntry, AuditHead

    _add_columns(
        database,
        "audit_entry",
        [
            "prev_hash VARCHAR(255) NOT NULL DEFAULT ''",
            "entry_hash VARCHAR(255) NOT NULL DEFAULT ''",
        ],
    )
    database.create_tables([AuditHead], safe=True)
    previous, count, entry = "0" * 64, 0, None
    for entry in AuditEntry.select().order_by(AuditEntry.id).iterator():
        entry.prev_hash = previous
        entry.entry_hash = previous = seal(entry)
        entry.save(only=[AuditEntry.prev_hash, AuditEntry.entry_hash])
        count += 1
    AuditHead.create(id=1, last_id=entry.id if entry else 0, last_hash=previous, count=count)


def _v4_deadlines(database: pw.Database) -> None:
    """Version 4: deadlines, the office's holiday years and rule edits; the deadlines of
    the cases already registered are computed once (bulk insert, no audit entries)."""
    from xinyi_desktop.services.deadline_sync import backfill
    from xinyi_desktop.store.deadline_models import DEADLINE_MODELS

    database.create_tables(DEADLINE_MODELS, safe=True)
    backfill()


def _v8_accounts(database: pw.Database) -> None:
    """Version 8: log-in accounts (password hash, lock-out, active)."""
    postgres = isinstance(database, pw.PostgresqlDatabase)
    timestamp = "TIMESTAMP" if postgres else "DATETIME"
    _add_columns(
        database,
        "user",
        [
            "password_hash VARCHAR(255)",
            f"active BOOLEAN NOT NULL DEFAULT {'TRUE' if postgres else '1'}",
            "failed_logins INTEGER NOT NULL DEFAULT 0",
            f"locked_until {timestamp}",
            f"last_login_at {timestamp}",
        ],
    )


def _v5_court_imports(database: pw.Database) -> None:
    """Version 5: court-list imports — history with undo data, confirmed column mappings,
    execution cases waiting for their judgment to be registered."""
    from xinyi_desktop.store.import_models import IMPORT_MODELS

    database.create_tables(IMPORT_MODELS, safe=True)


def _v6_documents(database: pw.Database) -> None:
    """Version 6: the register of documents sent (文书登记) and their cases."""
    from xinyi_desktop.store.document_models import DOCUMENT_MODELS

    database.create_tables(DOCUMENT_MODELS, safe=True)


def _v9_sanctions(database: pw.Database) -> None:
    """Version 9: joint punishment — the measures catalogue's edits, listings and their
    checklists, rectification, accountability, dishonesty records, inspections; the
    cases already on the list get their checklists (no audit entries, as in version 4)."""
    from xinyi_desktop.services.sanctions import ensure_checklists
    from xinyi_desktop.store.models import Case
    from xinyi_desktop.store.sanction_models import SANCTION_MODELS

    database.create_tables(SANCTION_MODELS, safe=True)
    listed = [c.id for c in Case.select(Case.id).where(Case.stage == "dishonest")]
    ensure_checklists(None, listed)


def _v10_reports(database: pw.Database) -> None:
    """Version 10: the monthly report's distribution list and the record of each report."""
    from xinyi_desktop.store.report_models import REPORT_MODELS

    database.create_tables(REPORT_MODELS, safe=True)


def _v11_search_index(database: pw.Database) -> None:
    """Version 11: the register's text search scans a narrow index, not the wide rows."""
    database.execute_sql(
        'CREATE INDEX IF NOT EXISTS "case_search_text_filed_on" '
        'ON "case" ("search_text", "filed_on")'
    )


# The shipped catalogue before version 12 (fields as they were): a database's edit of a
# shipped measure that still holds one of these values had not changed that field, and
# takes the corrected value.
_V12_SUPERSEDED: dict[str, dict] = {
    "talk": {
        "department": "新沂市人民政府办公室",
        "legal_basis": "新信用发〔2018〕6号 四（一）",
        "content": "由同级人民政府约谈失信政府机构主要负责人，督促其限期整改。",
        "reaches_agency": True,
        "person_roles": [],
    },
    "financing": {
        "department": "新沂市地方金融监督管理局",
        "legal_basis": "新信用发〔2018〕6号 四（二）",
        "content": "通报各商业银行，对失信政府机构审慎发放贷款。",
    },
    "awards": {
        "legal_basis": "新信用发〔2018〕6号 四（三）",
        "content": "下调失信政府机构年度绩效考核和信用工作考核分值，取消其评优评先资格。",
    },
    "record": {
        "department": "新沂市发展和改革委员会",
        "legal_basis": "新信用发〔2018〕6号 四（四）",
        "content": "追查失信原因，将失信政府机构及相关责任人员的失信情况记入公共信用信息系统"
        "政务失信记录。",
    },
    "investment": {
        "legal_basis": "新信用发〔2018〕6号 四（五）",
        "content": "对失信政府机构申报的投资项目不予审批。",
    },
    "subsidy": {
        "legal_basis": "新信用发〔2018〕6号 四（六）",
        "content": "停止安排失信政府机构的各类政府补助资金。",
    },
    "consumption": {
        "legal_basis": "新信用发〔2018〕6号 四（七）；《最高人民法院关于限制被执行人高消费及有关"
        "消费的若干规定》（2015年修正）",
        "content": "依照最高人民法院关于限制被执行人高消费的规定，限制失信政府机构法定代表人、"
        "主要负责人、直接负责人和财务负责人高消费。",
    },
}


def _v12_sanction_corrections(database: pw.Database) -> None:
    """Version 12: each listed body of a case gets its own rectification period (read
    back from the orders already recorded); the measures catalogue as 新信用发〔2018〕6号
    二（五） names owners and scope, in the office's edits too where it had not changed a
    field; checklists follow it: 失信约谈 moves to the principal head, one person holding
    two posts keeps one item. No audit entries, as in versions 4 and 9."""
    from xinyi_desktop.services import sanction_upgrade

    # A database older than version 9 got the table from today's model (version 9 creates
    # it): those columns are there already.
    have = {c.name for c in database.get_columns("listing")}
    wanted = {"rectify_assigned_on": "DATE", "rectify_due_on": "DATE"}
    _add_columns(database, "listing", [f"{n} {t}" for n, t in wanted.items() if n not in have])
    sanction_upgrade.backfill_rectification()
    sanction_upgrade.correct_catalogue(_V12_SUPERSEDED)
    sanction_upgrade.follow_catalogue()


def _v18_audit_head(database: pw.Database) -> None:
    """Version 18: the audit chain's head moves from its own table (``audit_head``, whose
    row could be deleted with the entries cut off the log's end) into the schema version
    row. Copied as it stands: a head already missing stays missing, and shows."""
    have = {c.name for c in database.get_columns("schema_version")}
    wanted = {
        "audit_last_id": "INTEGER NOT NULL DEFAULT 0",
        "audit_last_hash": "VARCHAR(255) NOT NULL DEFAULT ''",
        "audit_count": "INTEGER NOT NULL DEFAULT 0",
    }
    _add_columns(
        database, "schema_version", [f"{n} {t}" for n, t in wanted.items() if n not in have]
    )
    if not database.table_exists("audit_head"):
        return
    head = database.execute_sql("SELECT last_id, last_hash, count FROM audit_head WHERE id = 1")
    head = head.fetchone()
    if head is not None:
        SchemaVersion.update(
            audit_last_id=head[0], audit_last_hash=head[1], audit_count=head[2]
        ).execute()
    database.execute_sql("DROP TABLE audit_head")


STEPS: dict[int, Callable[[pw.Database], None]] = {
    2: _v2_search_text,
    3: _v3_settings,
    4: _v4_deadlines,
    5: _v5_court_imports,
    6: _v6_documents,
    7: _v7_audit_chain,
    8: _v8_accounts,
    9: _v9_sanctions,
    10: _v10_reports,
    11: _v11_search_index,
    12: _v12_sanction_corrections,
    18: _v18_audit_head,
}
CURRENT_VERSION = max(STEPS)

# What each version brought, as the clerk is told after an upgrade.
CHANGES: dict[int, str] = {
    2: "案件搜索更快：案号、单位、原告和案由合并检索；按案号排序更快",
    3: "新增“设置”：本单位名称、联系人等可在程序中修改",
    4: "新增期限管理：工作台、期限日历，按法定节假日计算期限",
    5: "新增法院数据导入：导入记录可查、可撤销",
    6: "新增文书：函件和交办单按公文格式生成、编号、登记",
    7: "审计日志加装防篡改校验",
    8: "新增登录账号和角色权限",
    9: "新增联合惩戒、整改与问责、专项督查：惩戒清单、逾期名单、政务失信记录、退出名单",
    10: "新增报表：台账一键导出 Excel，月度通报（Word 和 Excel）生成、分送登记",
    11: "按单位、原告、案由搜索案件更快",
    12: "惩戒措施目录按新信用发〔2018〕6号二（五）更正实施部门、依据和适用对象"
    "（失信约谈及于主要负责人）；同一案件的每个失信单位分别计算整改期限；"
    "一人兼任多职时每项措施只列一项",
    18: "审计日志的校验记录与数据库版本记录存放在一起，删去日志末尾的记录也能被发现",
}


def changes_between(old: int, new: int) -> list[str]:
    return [CHANGES[v] for v in sorted(CHANGES) if old < v <= new]


def upgrade(database: pw.Database, from_version: int) -> None:
    for version in sorted(v for v in STEPS if v > from_version):
        with database.atomic():
            log.info("migrating database to schema version %d", version)
            STEPS[version](database)
            SchemaVersion.update(version=version).execute()
