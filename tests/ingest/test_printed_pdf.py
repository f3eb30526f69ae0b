"""PDFs as agencies make them: a web page printed by Chromium, Word and HTML exported by LibreOffice.

Each test writes the report itself (HTML or Word, with label columns narrow
enough that labels wrap over several lines and rows break across pages),
turns it into a PDF with the real program, and reads the PDF back: every cell
of 表二/三/四 and every section must come out as printed, or, where the
program's layout leaves no way to tell, be declared unreadable — never a
different number.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any, Iterator

import pytest

from lint.ingest.forms import load_report
from lint.vocab import tables as L
from lint.vocab.text import normalise

from .docx_factory import build_report_docx
from .html_factory import build_report_html

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-pdf-header-footer"]
SECTIONS = ["overview", "proactive", "applications", "appeals", "problems", "other"]


def _values() -> dict[str, Any]:
    """Every row of 表三 with its own figures, so a row read in the wrong place shows."""
    applications: dict[str, Any] = {}
    for n, row in enumerate(L.applications_rows("2021")):
        node = applications
        for part in row.path[:-1]:
            node = node.setdefault(part, {})
        first = n % 9
        node[row.path[-1]] = [first, n % 2, 0, n % 3, 0, 1, first + n % 2 + n % 3 + 1]
    applications["new_received"] = [120, 3, 0, 0, 1, 0, 124]
    appeals = {"reconsideration": [1, 0, 2, 1, 4], "litigation_direct": [0, 1, 0, 0, 1],
               "litigation_after_reconsideration": [3, 0, 0, 2, 5]}
    proactive = {"regulations": {"issued": 1, "repealed": 0, "in_force": 5},
                 "normative_documents": {"issued": 12, "repealed": 3, "in_force": 40},
                 "licensing": {"decisions": 97}, "punishment": {"decisions": 6}, "coercion": {"decisions": 2},
                 "fees": {"amount": 0}}
    return {"applications": applications, "appeals": appeals, "proactive": proactive}


VALUES = _values()


def _by_label(proactive: dict[str, dict[str, Any]]) -> dict[str, list[Any]]:
    out = {}
    for block in L.proactive_blocks("2021"):
        for key, label in block.rows:
            out[label] = [proactive[key][column] for column, _ in block.columns]
    return out


def _cells(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _cells(value, path + (key,))
    else:
        yield path, node


def _get(report: dict, path: tuple[str, ...]) -> Any:
    node: Any = report.get("tables", {})
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _run(command: list[str], cwd: Path) -> None:
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        _out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"did not finish in 120 s: {' '.join(command)}")
    assert process.returncode == 0, err[-2000:]


def _chromium_pdf(html: Path, tmp: Path) -> Path:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
    out = tmp / "printed.pdf"
    _run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'profile'}", f"--print-to-pdf={out}", html.as_uri()], tmp)
    return out


def _libreoffice_pdf(source: Path, tmp: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is missing: .ci/run must install Debian's libreoffice-writer-nogui")
    out = tmp / "exported"
    _run([soffice, f"-env:UserInstallation={(tmp / 'lo-profile').as_uri()}", "--headless", "--convert-to", "pdf",
          "--outdir", str(out), str(source)], tmp)
    return out / (source.stem + ".pdf")


def _wrong_cells(report: dict) -> list[str]:
    return [f"{'/'.join(path)}: read {_get(report, path)}, printed {value}"
            for path, value in _cells(VALUES) if _get(report, path) != value]


def _assert_everything_read(pdf: Path) -> None:
    report, smap = load_report(str(pdf))
    assert _wrong_cells(report) == []
    assert "unreadable" not in report, report["unreadable"]
    assert list(report["sections"]) == SECTIONS
    # Chromium's PDF text prints 行 as the Kangxi radical ⾏: the title is kept as printed
    assert normalise(report["sections"]["appeals"]["title"]) == "四、政府信息公开行政复议、行政诉讼情况"
    # a wrapped label is one row, named as printed (its line breaks taken out)
    location = smap.lookup("/tables/applications/results/other/unpaid_fee/6")
    assert normalise(location.row) == L.applications_rows("2021")[-4].label and location.page is not None


@pytest.fixture(scope="module")
def html_report(tmp_path_factory) -> Path:
    tables = {**VALUES, "proactive_by_label": _by_label(VALUES["proactive"])}
    return build_report_html(tmp_path_factory.mktemp("html") / "report.html", tables=tables, label_em=4.0)


def test_a_web_page_printed_by_chromium_with_wrapped_labels(html_report, tmp_path):
    _assert_everything_read(_chromium_pdf(html_report, tmp_path))


def test_a_word_report_with_narrow_label_columns_exported_by_libreoffice(tmp_path):
    source = build_report_docx(tmp_path / "report.docx", year=2023, applications=VALUES["applications"],
                               appeals=VALUES["appeals"], proactive=_by_label(VALUES["proactive"]), label_cm=1.4)
    _assert_everything_read(_libreoffice_pdf(source, tmp_path))


def test_a_web_page_exported_by_libreoffice_never_gives_a_wrong_number(tmp_path):
    # LibreOffice lays the page's tables out with label columns a character or two wide (labels wrap over
    # many lines, rows break across pages) and numbers of two digits stacked in one cell; where it cut a
    # table at the page edge or a number cannot be told from two, the row or table is declared unreadable.
    tables = {**VALUES, "proactive_by_label": _by_label(VALUES["proactive"])}
    html = build_report_html(tmp_path / "page.html", tables=tables, label_em=4.0, landscape=True)
    report, _ = load_report(str(_libreoffice_pdf(html, tmp_path)))
    unreadable = report.get("unreadable", {})
    for path, value in _cells(VALUES):
        got = _get(report, path)
        pointer = "/tables/" + "/".join(path)
        table_pointer = "/tables/" + path[0]
        assert got == value or (got is None and (
            table_pointer in unreadable or any(pointer.startswith(p + "/") or p == pointer
                                               for p in unreadable))), f"{pointer}: read {got}, printed {value}"
    assert list(report["sections"]) == SECTIONS
    # the rows whose figures LibreOffice printed on one line each are all read
    assert _get(report, ("applications", "results", "other", "no_correction")) == \
        VALUES["applications"]["results"]["other"]["no_correction"]
    assert report["tables"]["proactive"] == VALUES["proactive"]
