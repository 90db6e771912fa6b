"""The lists behind the escalation documents: the 请示 with the overdue list, the 联合惩戒措施
告知函 to each department, the 政务失信记录移送函 to the personnel department.

The rows are ``ListedBody``/``DepartmentMeasures``; which bodies are overdue, which the city
government approved and which department owns which measure is known to the sanctions
feature (``xinyi_desktop.services.sanctions``: listings, their rectification deadlines and
approvals; the measures catalogue ``data/sanctions/measures.json`` with the office's
edits), and these functions ask it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from xinyi_desktop.rules.dates import format_date
from xinyi_desktop.store.document_models import Document, DocumentCase


@dataclass
class ListedBody:
    """One row of an escalation list: a listed (失信) agency and its people."""

    agency_id: int
    name: str
    credit_code: str = ""
    listing_ids: list[int] = field(default_factory=list)  # the listings this row stands for
    case_ids: list[int] = field(default_factory=list)
    case_nos: list[str] = field(default_factory=list)
    listed_on: dt.date | None = None
    amount: str = ""
    legal_rep: str = ""
    principal: str = ""
    direct: str = ""
    finance: str = ""
    rectify_by: dt.date | None = None  # the latest 整改期限 of its listings, if one was given

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
            "财务负责人": self.finance,
            "整改期限": format_date(self.rectify_by) or "未下达",
        }


@dataclass
class DepartmentMeasures:
    """A 联合惩戒单位 and the measures it carries out."""

    department: str
    measures: list[str]  # each the sentence printed in the letter, "限制融资：通报…"


def _sanctions():
    # Imported when asked: the sanctions service builds on this module's dataclasses.
    from xinyi_desktop.services import sanctions

    return sanctions


def overdue_bodies(today: dt.date) -> list[ListedBody]:
    """Bodies for the 请示: listed, rectification overdue, not yet approved."""
    return _sanctions().overdue_bodies(today)


def approved_bodies(today: dt.date) -> list[ListedBody]:
    """Bodies the city government approved (核定), for the 告知函 and the 移送函."""
    return _sanctions().approved_bodies(today)


def bodies_of_listings(listing_ids: list[int], today: dt.date) -> list[ListedBody]:
    """The rows of a list recorded by its listing ids (the 请示's ``listing_ids``), as
    they stand today, whether or not those listings are still overdue or listed."""
    return _sanctions().bodies_of_listings(listing_ids, today)


def department_measures() -> list[DepartmentMeasures]:
    """Each department and the measures it carries out, from the measures catalogue."""
    return _sanctions().department_measures()


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
