"""Benchmark: 200 letters generated, numbered and recorded, against python-docx building the
same 200 documents with no template logic.

Ours is the whole job as the clerk starts it: plan 200 reminder letters from the cases,
load and check the template, fill each, save it, allocate its number and record it (the
register row, its case link, the timeline event, the audit entry, the deadline it
satisfies) in one transaction. The baseline writes the same text into a new python-docx
document per letter — A4, GB margins, East Asian fonts, the same paragraphs — and saves it:
the least any generator writing .docx with python-docx must do. Run alone:
``python -m bench.letters``.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

LETTERS = 200
GOAL = 1.3


def _make_cases(count: int) -> list[int]:
    from xinyi_desktop.services.cases import CaseInput, create_case
    from xinyi_desktop.store.connection import default_user
    from xinyi_desktop.store.models import db

    actor = default_user()
    ids = []
    with db.atomic():
        for i in range(1, count + 1):
            case = create_case(
                actor,
                CaseInput(
                    case_no=f"（2026）苏0381行初{i}号",
                    defendants=[f"新沂市第{i % 20 + 1}测试局"],
                    plaintiffs=[f"原告{i}"],
                    cause="行政处罚",
                    filed_on=dt.date(2026, 3, 1),
                ),
                today=dt.date(2026, 11, 24),
            )
            ids.append(case.id)
    return ids


def _ours(case_ids: list[int]) -> float:
    from xinyi_desktop.services import letters
    from xinyi_desktop.store.connection import default_user

    actor = default_user()
    started = time.perf_counter()
    plans, _ = letters.plan_case_batch("reminder", case_ids, issued_on=dt.date(2026, 11, 24))
    letters.run(letters.generate(actor, plans))
    return time.perf_counter() - started


def _baseline_texts(case_ids: list[int]) -> list[list[str]]:
    """The paragraphs of each letter, read as our letters read them (not timed)."""
    from xinyi_desktop.store.models import Case

    texts = []
    for number, case in enumerate(Case.select().where(Case.id.in_(case_ids)), 1):
        texts.append(
            [
                f"新信用函〔2026〕{number}号",
                f"关于做好{case.case_no}案件和解及应诉工作的提醒函",
                f"{case.defendants_text}：",
                f"新沂市人民法院通报，{case.plaintiffs_text}诉你单位{case.cause}一案（案号："
                f"{case.case_no}）已于2026年3月1日立案。根据《关于建立健全政府机构失信治理长效机制"
                "实施意见》（新信用发〔2018〕6号）要求，现就有关事项提醒如下：",
                "一、请你单位高度重视，主动与原告沟通协调，在依法依规的前提下积极寻求和解。",
                "二、不能和解的，请在收到起诉状副本之日起十五日内，向人民法院提交答辩状以及作出"
                "行政行为的证据和所依据的规范性文件，认真做好应诉准备。",
                "三、请将和解或应诉情况及时书面反馈我办。",
                "联系人：王明；联系电话：0516-88921234。",
                "新沂市信用办",
                "2026年11月24日",
                "抄送：新沂市人民法院。",
            ]
        )
    return texts


def _baseline(texts: list[list[str]], folder: Path) -> float:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    started = time.perf_counter()
    for i, paragraphs in enumerate(texts):
        doc = Document()
        section = doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        for j, text in enumerate(paragraphs):
            run = doc.add_paragraph().add_run(text)
            run.font.size = Pt(22 if j == 1 else 16)
            run._r.get_or_add_rPr().get_or_add_rFonts().set(
                qn("w:eastAsia"), "方正小标宋简体" if j == 1 else "仿宋_GB2312"
            )
        doc.save(str(folder / f"{i}.docx"))
    return time.perf_counter() - started


def _one_round() -> tuple[float, float]:
    from xinyi_desktop.store.connection import close_db, init_db

    with tempfile.TemporaryDirectory(prefix="xinyi-bench-letters-") as folder:
        root = Path(folder)
        os.environ["XINYI_HOME"] = str(root / "home")
        init_db(root / "xinyi.db")
        try:
            ids = _make_cases(LETTERS)
            texts = _baseline_texts(ids)
            (root / "plain").mkdir()
            baseline = _baseline(texts, root / "plain")
            ours = _ours(ids)
        finally:
            close_db()
    return ours, baseline


def measure(db_path: Path, repeat: int) -> list[dict]:
    """``db_path`` (the 100,000-case database) is not touched: letters are written into a
    fresh database of 200 cases, so the benchmark database stays as generated."""
    saved_home = os.environ.get("XINYI_HOME")
    try:
        _one_round()  # warm-up: imports, template cache
        rounds = [_one_round() for _ in range(repeat)]
    finally:
        if saved_home is None:
            os.environ.pop("XINYI_HOME", None)
        else:
            os.environ["XINYI_HOME"] = saved_home
    ours = statistics.median(r[0] for r in rounds)
    baseline = statistics.median(r[1] for r in rounds)
    ratio = ours / baseline
    return [
        {
            "metric": f"生成并登记 {LETTERS} 份提醒函（.docx）",
            "result": f"{ours:.2f} s（每份 {ours / LETTERS * 1000:.1f} ms）",
            "baseline": f"{baseline:.2f} s（python-docx 直接生成同样的 {LETTERS} 份文档）",
            "ratio": ratio,
            "goal": f"≤ {GOAL}×",
            "note": "函件：按模板填充、编号、写入登记簿与时间线、满足期限，整批一个事务；"
            "基线为 python-docx 逐份新建同样内容和版式的文档并保存，不含模板与登记。",
        }
    ]


if __name__ == "__main__":
    for row in measure(Path(), 3):
        print(f"{row['metric']}: {row['result']}; 基线 {row['baseline']}; 比值 {row['ratio']:.2f}")
