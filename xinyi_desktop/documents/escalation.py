"""The lists behind the escalation documents: the 请示 with the overdue list, the 联合惩戒措施
告知函 to each department, the 政务失信记录移送函 to the personnel department.

Data contract for the sanctions feature (issue 6), which will know better than this module
which bodies are overdue, which the city government approved and which department owns
which measure: if ``xinyi_desktop.services.sanctions`` exists and offers

* ``overdue_bodies(today: date) -> list[ListedBody]`` — bodies to put on the 请示's list;
* ``approved_bodies(today: date) -> list[ListedBody]`` — bodies the city government
  approved (核定), for the 告知函 and the 移送函;
* ``department_measures() -> list[DepartmentMeasures]`` — each department and the measures
  it carries out against the approved bodies,

those are used. Until then the lists come from the data that exists: agencies with a case
in stage 失信, less those whose 限期整改 deadline (from a recorded 限期整改通知书) has not
passed; the seven local measures and their departments from
``data/documents/local_measures.json``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import json
from dataclasses import dataclass, field

from xinyi_desktop import paths
from xinyi_desktop.documents.context import person_names, persons_in_post
from xinyi_desktop.rules.dates import format_date
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.store.document_models import Document, DocumentCase
from xinyi_desktop.store.models import Agency, Case, CaseParty

SANCTIONS_MODULE = "xinyi_desktop.services.sanctions"


@dataclass
class ListedBody:
    """One row of an escalation list: a listed (失信) agency and its people."""

    agency_id: int
    name: str
    credit_code: str = ""
    case_ids: list[int] = field(default_factory=list)
    case_nos: list[str] = field(default_factory=list)
    listed_on: dt.date | None = None
    amount: str = ""
    legal_rep: str = ""
    principal: str = ""
    direct: str = ""
    rectify_by: dt.date | None = None  # 整改期限 from the latest 限期整改通知书, if one was sent

    def row(self, index: int) -> dict[str, str]:
        """The ``名单`` columns declared in templates.json."""
        return {
            "序号": str(index),
            "单位名称": self.name,
            "信用代码": self.credit_code,
            "案号": "、".join(self.case_nos),
            "列入日期": format_date(self.listed_on),
            "标的金额": self.amount,
            "法定代表人": self.legal_rep,
            "主要负责人": self.principal,
            "直接负责人": self.direct,
            "整改期限": format_date(self.rectify_by) or "未下达",
        }


@dataclass
class DepartmentMeasures:
    """A 联合惩戒单位 and the measures it carries out."""

    department: str
    measures: list[str]  # each the sentence printed in the letter, "限制融资：通报…"


def _sanctions():
    if importlib.util.find_spec(SANCTIONS_MODULE) is None:
        return None
    return importlib.import_module(SANCTIONS_MODULE)


def listed_bodies(today: dt.date) -> list[ListedBody]:
    """Every agency that is a defendant in a case in stage 失信, with its people in post."""
    query = (
        CaseParty.select(CaseParty, Case, Agency)
        .join(Case)
        .switch(CaseParty)
        .join(Agency)
        .where((CaseParty.role == "defendant") & (Case.stage == Stage.DISHONEST.value))
        .order_by(Agency.name, Case.year, Case.serial)
    )
    bodies: dict[int, ListedBody] = {}
    for party in query:
        agency, case = party.agency, party.case
        body = bodies.get(agency.id)
        if body is None:
            persons = persons_in_post(agency.id, today)
            body = bodies[agency.id] = ListedBody(
                agency_id=agency.id,
                name=agency.name,
                credit_code=agency.credit_code or "",
                legal_rep=person_names(persons, "legal_rep"),
                principal=person_names(persons, "principal"),
                direct=person_names(persons, "direct"),
            )
        body.case_ids.append(case.id)
        body.case_nos.append(case.case_no)
        if case.listed_on and (body.listed_on is None or case.listed_on < body.listed_on):
            body.listed_on = case.listed_on
    _add_rectification_deadlines(bodies)
    return list(bodies.values())


def _add_rectification_deadlines(bodies: dict[int, ListedBody]) -> None:
    query = (
        Document.select(Document.agency, Document.inputs)
        .where(
            (Document.kind == "rectification")
            & (Document.status == "issued")
            & (Document.agency.in_(list(bodies)))
        )
        .order_by(Document.issued_on, Document.id)
    )
    for doc in query:
        due = (doc.inputs or {}).get("整改期限")
        if due:
            bodies[doc.agency_id].rectify_by = dt.date.fromisoformat(due)


def overdue_bodies(today: dt.date) -> list[ListedBody]:
    """Bodies for the 请示: listed, and not still within a rectification period."""
    module = _sanctions()
    if module is not None and hasattr(module, "overdue_bodies"):
        return module.overdue_bodies(today)
    return [b for b in listed_bodies(today) if b.rectify_by is None or b.rectify_by < today]


def approved_bodies(today: dt.date) -> list[ListedBody]:
    """Bodies the city government approved. Until the sanctions feature records approval,
    the bodies of the latest 请示 that is not void, else every overdue body."""
    module = _sanctions()
    if module is not None and hasattr(module, "approved_bodies"):
        return module.approved_bodies(today)
    latest = (
        Document.select()
        .where((Document.kind == "request") & (Document.status == "issued"))
        .order_by(Document.issued_on.desc(), Document.id.desc())
        .first()
    )
    bodies = overdue_bodies(today)
    if latest is not None:
        wanted = set((latest.inputs or {}).get("agency_ids", []))
        if wanted:
            everyone = {b.agency_id: b for b in listed_bodies(today)}
            bodies = [
                everyone[i]
                for i in sorted(wanted, key=lambda i: everyone.get(i, ListedBody(i, "")).name)
                if i in everyone
            ]
    return bodies


def department_measures() -> list[DepartmentMeasures]:
    module = _sanctions()
    if module is not None and hasattr(module, "department_measures"):
        return module.department_measures()
    path = paths.data_dir() / "documents" / "local_measures.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    found: dict[str, DepartmentMeasures] = {}
    for item in data["measures"]:
        entry = found.setdefault(item["department"], DepartmentMeasures(item["department"], []))
        entry.measures.append(f"{item['name']}：{item['text']}")
    return list(found.values())


def cases_of(bodies: list[ListedBody]) -> list[int]:
    return sorted({case_id for body in bodies for case_id in body.case_ids})


def documents_of_case(case_id: int) -> list[Document]:
    query = (
        Document.select()
        .join(DocumentCase)
        .where(DocumentCase.case == case_id)
        .order_by(Document.issued_on.desc(), Document.id.desc())
    )
    return list(query)
