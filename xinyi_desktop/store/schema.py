"""Every model the database holds: the core's and each feature's.

A feature with tables of its own keeps them in a module of ``xinyi_desktop/store/`` and
adds them here, and adds a migration step that creates them for older databases.
"""

from __future__ import annotations

from xinyi_desktop.store.deadline_models import DEADLINE_MODELS
from xinyi_desktop.store.document_models import DOCUMENT_MODELS
from xinyi_desktop.store.import_models import IMPORT_MODELS
from xinyi_desktop.store.models import (
    Agency,
    AuditEntry,
    BaseModel,
    Case,
    CaseLink,
    CaseParty,
    Event,
    Person,
    SchemaVersion,
    Setting,
    User,
)
from xinyi_desktop.store.report_models import REPORT_MODELS
from xinyi_desktop.store.sanction_models import SANCTION_MODELS

ALL_MODELS: list[type[BaseModel]] = [
    SchemaVersion,
    User,
    Agency,
    Person,
    Case,
    CaseParty,
    CaseLink,
    Event,
    AuditEntry,
    Setting,
    *DEADLINE_MODELS,
    *DOCUMENT_MODELS,
    *IMPORT_MODELS,
    *SANCTION_MODELS,
    *REPORT_MODELS,
]
