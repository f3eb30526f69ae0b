"""Importer tests, and helpers they share to compare extracted grids with truth.json.

A value is "in the right grid position" when it stands in the column whose
header cell prints that column's label (自然人 … 总计, 结果维持 … 总计), in
the row whose label cell prints that row's label.  The helpers look labels up
after :func:`lint.vocab.tables.normalize_label`, so line breaks inside a label
("商业\\n企业") and list punctuation do not matter.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterator

import pytest

from lint.ingest.document import Cell, Document, Paragraph, Table
from lint.vocab.tables import APPLICANT_COLUMNS, normalize_label

CORPUS = Path(os.environ.get("XXGK_CORPUS", Path(__file__).resolve().parents[3] / "shared" / "corpus"))
SEEDS = CORPUS.parent / "seeds"

#: A row of 表三 → words its printed label contains (after normalisation).  Words,
#: not whole labels, because real tables carry typos ("2.其他法律行政止公开").
APPLICATION_ROWS: dict[tuple[str, ...], str] = {
    ("new_received",): "本年新收",
    ("carried_over",): "上年结转",
    ("results", "granted"): "予以公开",
    ("results", "partially_granted"): "部分公开",
    ("results", "withheld", "state_secret"): "属于国家秘密",
    ("results", "withheld", "prohibited_by_law"): "其他法律行政",
    ("results", "withheld", "three_safety_one_stability"): "三安全一稳定",
    ("results", "withheld", "third_party_rights"): "保护第三方",
    ("results", "withheld", "internal_affairs"): "三类内部事务",
    ("results", "withheld", "process_information"): "四类过程性",
    ("results", "withheld", "enforcement_files"): "行政执法案卷",
    ("results", "withheld", "query_matters"): "行政查询事项",
    ("results", "unavailable", "not_held"): "不掌握",
    ("results", "unavailable", "needs_creation"): "另行制作",
    ("results", "unavailable", "unclear_after_correction"): "补正后申请内容",
    ("results", "not_processed", "petition_complaint"): "信访举报",
    ("results", "not_processed", "duplicate"): "重复申请",
    ("results", "not_processed", "publication"): "公开出版物",
    ("results", "not_processed", "excessive"): "大量反复",
    ("results", "not_processed", "confirmation"): "重新出具",
    ("results", "other", "no_correction"): "逾期不补正",
    ("results", "other", "unpaid_fee"): "收费通知",
    ("results", "other", "other"): "=3其他",  # '=' : the whole label, not a word in it
    ("results", "other"): "=六其他处理",  # the 2019 single row
    ("results", "total"): "七总计",
    ("carried_forward",): "结转下年度",
}
APPEAL_GROUP_HEADERS = {"reconsideration": "行政复议", "litigation_direct": "未经复议直接起诉",
                        "litigation_after_reconsideration": "复议后起诉"}
APPEAL_COLUMN_HEADERS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def corpus_file(name: str) -> Path:
    """A file of the corpus beside the checkout; the test is skipped, saying where it looked, without it."""
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


def seed_file(prefix: str) -> Path:
    """The seed report whose name starts with ``prefix``; the test is skipped without the seeds."""
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"no seed {prefix}_*.txt in {SEEDS}")
    return found[0]


def truth(name: str) -> dict[str, Any]:
    path = CORPUS / "truth.json"
    if not path.exists():
        pytest.skip(f"{path} not available")
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["files"][name]


def tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def paragraphs(doc: Document) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def key(text: str) -> str:
    return normalize_label(text)


def find_table(doc: Document, *words: str) -> Table:
    found = [t for t in tables(doc)
             if all(any(key(w) in key(c.text) for row in t.rows for c in row) for w in words)]
    assert len(found) == 1, f"expected one table with {words}, found {len(found)}"
    return found[0]


def printed(value: Any) -> str:
    return "" if value is None else str(value)


def leaves(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], list[Any]]]:
    """(path, cells) for every row list in a Contract 1 table dict."""
    if isinstance(node, list):
        yield path, node
    elif isinstance(node, dict):
        for name, child in node.items():
            yield from leaves(child, path + (name,))


def _matches(cell: Cell, word: str) -> bool:
    if word.startswith("="):
        return key(cell.text) == key(word[1:])
    return key(word) in key(cell.text)


def row_with(table: Table, word: str) -> list[Cell]:
    """The row whose own (not merged-in) label cell prints ``word``."""
    rows = [row for row in table.rows if any(not c.merged and _matches(c, word) for c in row)]
    assert len(rows) == 1, f"expected one row labelled {word!r}, found {len(rows)}"
    return rows[0]


def header_column(table: Table, label: str, *, before_row: int, within: range | None = None) -> int:
    """The column of the header cell printing ``label`` (the cell's own position, not a merged copy)."""
    for row in table.rows[:before_row]:
        for index, cell in enumerate(row):
            if not cell.merged and key(cell.text) == key(label) and (within is None or index in within):
                return index
    raise AssertionError(f"no header cell {label!r}")


def application_values(table: Table, path: tuple[str, ...]) -> list[str]:
    """The 7 printed values of one 表三 row, read under the 自然人 … 总计 header cells."""
    first_data = table.rows.index(row_with(table, APPLICATION_ROWS[("new_received",)]))
    columns = [header_column(table, label, before_row=first_data) for label in APPLICANT_COLUMNS]
    row = row_with(table, APPLICATION_ROWS[path])
    return [row[c].text.strip() if c < len(row) else "<missing>" for c in columns]


def appeal_values(table: Table, group: str) -> list[str]:
    """The 5 printed values of one 表四 group, read under its header cells."""
    data_row = max(r for r, row in enumerate(table.rows) if any(c.text.strip().isdigit() for c in row))
    header = APPEAL_GROUP_HEADERS[group]
    start = header_column(table, header, before_row=data_row)
    width = next(len([c for c in row if key(c.text) == key(header)]) for row in table.rows[:data_row]
                 if any(key(c.text) == key(header) for c in row))
    within = range(start, start + width)
    columns = [header_column(table, label, before_row=data_row, within=within) for label in APPEAL_COLUMN_HEADERS]
    row = table.rows[data_row]
    return [row[c].text.strip() for c in columns]


def compare_with_truth(doc: Document, name: str) -> tuple[int, list[str]]:
    """How many 表三/表四 truth cells the document holds in place, and a line per mismatch."""
    expected = truth(name)["tables"]
    applications = find_table(doc, "本年新收")
    appeals = find_table(doc, "复议后起诉")
    matched, problems = 0, []
    for path, cells in leaves(expected["applications"]):
        got = application_values(applications, path)
        for column, (want, have) in enumerate(zip(map(printed, cells), got)):
            if want == have:
                matched += 1
            else:
                problems.append(f"表三 {'/'.join(path)}[{column}]: truth {want!r}, extracted {have!r}")
    for group, cells in expected["appeals"].items():
        got = appeal_values(appeals, group)
        for column, (want, have) in enumerate(zip(map(printed, cells), got)):
            if want == have:
                matched += 1
            else:
                problems.append(f"表四 {group}[{column}]: truth {want!r}, extracted {have!r}")
    return matched, problems


def truth_cell_count(name: str) -> int:
    expected = truth(name)["tables"]
    return sum(len(cells) for _, cells in leaves(expected["applications"])) + \
        sum(len(cells) for cells in expected["appeals"].values())


def texts(row: list[Cell]) -> list[str]:
    return [cell.text for cell in row]


def damage(data: bytes, seed: int) -> bytes:
    """A damaged copy: cut short, a piece cut out, or bytes overwritten — by ``seed``, repeatably."""
    import random

    rng = random.Random(seed)
    damaged = bytearray(data)
    if seed % 3 == 0:
        del damaged[rng.randrange(len(damaged)):]
    elif seed % 3 == 1:
        start = rng.randrange(len(damaged))
        del damaged[start:start + rng.randrange(1, 5000)]
    else:
        for _ in range(rng.randint(1, 50)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    return bytes(damaged)


def raised_code(extract, data: bytes, name: str) -> str:
    """The E0xx code ``extract`` raises for ``data``; every input error says what is wrong in both languages."""
    import pytest

    from lint.errors import InputError

    with pytest.raises(InputError) as caught:
        extract(name, data)
    assert caught.value.zh and caught.value.en
    return caught.value.code


def loaded_on_import(module: str, *names: str) -> list[bool]:
    """Which of ``names`` are in sys.modules after importing ``module`` in a fresh interpreter."""
    import subprocess
    import sys

    code = f"import sys, {module}; print(*[n in sys.modules for n in {names!r}])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    return [word == "True" for word in out.stdout.split()]
