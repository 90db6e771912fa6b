"""Write ``data/holidays/official.json`` from ``chinese_calendar`` (run once per library update).

The program reads only the table, never the library: a year the library does not know is
entered by the office in the settings, and the table stays the one source at run time.

    .venv/bin/python scripts/make_holiday_table.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from chinese_calendar import constants

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "data" / "holidays" / "official.json"

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _name(value) -> str:
    text = getattr(value, "value", value)
    if isinstance(text, tuple):  # Holiday members are (english, chinese, days)
        text = text[0]
    return NAMES.get(str(text), str(text))


def build() -> dict:
    import chinese_calendar

    years: dict[str, dict] = {}
    for table, key in ((constants.holidays, "holidays"), (constants.workdays, "workdays")):
        for day, holiday in sorted(table.items()):
            year = years.setdefault(str(day.year), {"holidays": {}, "workdays": {}})
            year[key][day.isoformat()] = _name(holiday)
    return {
        "_comment": (
            "法定节假日（holidays，含调休形成的连休日）与调休上班日（workdays）。"
            "由 scripts/make_holiday_table.py 从 chinese_calendar 生成，程序运行时只读本表；"
            "本表之后的年份由信用办在“设置 → 节假日”中录入。"
        ),
        "source": f"chinese_calendar {chinese_calendar.__version__}",
        "years": dict(sorted(years.items())),
    }


def main() -> int:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{TARGET}: {len(build()['years'])} 年")
    return 0


if __name__ == "__main__":
    sys.exit(main())
