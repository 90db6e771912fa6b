"""Several parties in one cell of a court list (importing.cells.names_of and
agency_names_of): as courts' systems and clerks run them together."""

from __future__ import annotations

import pytest

from xinyi_desktop.importing.cells import agency_names_of, names_of

GOV, FIN = "新沂市人民政府", "新沂市财政局"


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        (f"{GOV}、{FIN}", [GOV, FIN]),
        (f"{GOV}；{FIN};新沂市水务局", [GOV, FIN, "新沂市水务局"]),
        (f"{GOV}\n{FIN}", [GOV, FIN]),
        (f"{GOV}、", [GOV]),
        (f"{GOV}、{GOV}", [GOV]),
        # run together with a space, or with 及 / 和 / 与
        (f"{GOV} {FIN}", [GOV, FIN]),
        (f"{GOV}\u3000{FIN}", [GOV, FIN]),
        (f"{GOV}及{FIN}", [GOV, FIN]),
        (f"{GOV}和新沂市住房和城乡建设局", [GOV, "新沂市住房和城乡建设局"]),
        (f"新沂市发展和改革委员会与{FIN}", ["新沂市发展和改革委员会", FIN]),
        # one name with a space or a 和 of its own stays whole
        ("新沂市 人民政府", [GOV]),
        ("新沂市住房和城乡建设局", ["新沂市住房和城乡建设局"]),
        ("新沂市人力资源和社会保障局", ["新沂市人力资源和社会保障局"]),
        ("新沂市人民政府（新沂市人民政府办公室）", ["新沂市人民政府（新沂市人民政府办公室）"]),
        (f"{GOV}与张三", [f"{GOV}与张三"]),
        ("天津市公安局和平分局", ["天津市公安局和平分局"]),  # the bureau of 和平区
        ("新沂市公安局和平派出所", ["新沂市公安局和平派出所"]),
        # a body under another, typed with a space: one name, not two
        ("国家税务总局 新沂市税务局", ["国家税务总局新沂市税务局"]),
        ("新沂市人民政府 新安街道办事处", ["新沂市人民政府新安街道办事处"]),
        ("新沂市公安局 交通警察大队", ["新沂市公安局交通警察大队"]),
        ("徐州市生态环境局 新沂分局", ["徐州市生态环境局新沂分局"]),
        (f"中共新沂市委组织部和{FIN}", ["中共新沂市委组织部", FIN]),
        (f"新沂市市场监督管理局 {FIN}", ["新沂市市场监督管理局", FIN]),
        # a list's numbering and its 等
        (f"1.{GOV} 2.{FIN}", [GOV, FIN]),
        (f"1、{GOV}；2、{FIN}", [GOV, FIN]),
        (f"（1）{GOV}（2）{FIN}", [GOV, FIN]),
        (f"①{GOV}②{FIN}", [GOV, FIN]),
        (f"1、{GOV} 2、{FIN}", [GOV, FIN]),
        (f"一、{GOV} 二、{FIN}", [GOV, FIN]),
        (f"1.{GOV}2.{FIN}", [GOV, FIN]),
        (f"1、{GOV}2、{FIN}", [GOV, FIN]),
        (f"{GOV}等", [GOV]),
        (f"{GOV} {FIN}等", [GOV, FIN]),
        ("新沂市第二人民医院", ["新沂市第二人民医院"]),
        ("", []),
    ],
)
def test_the_bodies_a_cell_names(cell, names):
    assert agency_names_of(cell) == names


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("张三、李四", ["张三", "李四"]),
        ("1、张三；2、李四", ["张三", "李四"]),
        ("(1)张三", ["张三"]),
        ("1.张三 2.李四", ["张三", "李四"]),
        ("1、张三 2、李四", ["张三", "李四"]),
        ("1、张三2、李四", ["张三", "李四"]),
        ("58.com信息技术有限公司", ["58.com信息技术有限公司"]),
        ("李十一", ["李十一"]),
        ("张 三", ["张三"]),  # people's names are not split at a space
        ("张三等", ["张三等"]),
    ],
)
def test_the_people_a_cell_names(cell, names):
    assert names_of(cell) == names


def test_a_cell_of_many_joined_names_is_read_at_once():
    # each joiner is tried once: trying every way of splitting would never end here
    names = [f"新沂市第{i}人民医院" for i in range(200)]
    assert agency_names_of("和".join(names)) == names
    tail = "和".join(names) + "和张三"
    assert agency_names_of(tail) == [tail]
