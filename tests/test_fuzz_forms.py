"""A seeded fuzz over every input form: hostile files never break a run, forge a finding or invent a number.

Each case writes a known report (distinct figures in every cell of 表三 and 表四) in one form —
YAML, JSON, Markdown, plain text, a web page, Word, PDF — and decorates it the way hostile or
careless files are: invisible characters inside and beside the figures, hidden, struck, white,
zero-size and raised text glued to them, Word runs of the same kinds, stray bytes, a BOM,
Windows line ends, cut or broken tags, damaged bytes of a PDF.  Every case must

* end without a traceback and without an internal error (E099), within the time limit;
* read every 表三/表四 cell as the figure printed at that place, or leave it unread (blank, text,
  listed as unreadable or as recovered from run-together digits) — never another number.

Where a mutation changes what the document shows at a place (a cut file, a broken tag), a number
read must still be one the document prints in that table (or, in a file cut inside a figure, the
start of the figure printed there).  Randomly overwritten bytes (a damaged zip or PDF) may print
any figure at all: those cases must only end cleanly.

The forms read through LibreOffice (Word 97, WPS, RTF, OpenDocument) cost seconds a file: their cases,
under the same laws, are in :mod:`tests.test_fuzz_office`.

PDFs are written by the tests themselves (:mod:`tests.ingest.pdf_writer`: a text layer in the
predefined STSong-Light font and ruled tables, no program needed); the corpus PDFs are damaged
byte-wise as well.  PDF text no one sees (white, render mode 3, raised marks, overprinted copies)
is no part of a figure (lint.ingest.pdfseen; its own cases in tests/ingest/test_pdf_hidden.py).

The cases are seeded, so a failure names its form and seed and repeats; ``XXGK_FUZZ_CASES``
raises the number of cases per form (default 8) for a longer local run.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from lint import errors
from lint.engine.sample import applications_table, clean_report
from lint.errors import InputError
from lint.ingest.forms import load_report
from lint.run.timelimit import within
from lint.vocab import tables as L
from lint.vocab.printed import value_at

from .ingest.docx_factory import build_report_docx
from .ingest.report_text import to_html, to_markdown, to_text

CASES = int(os.environ.get("XXGK_FUZZ_CASES", "8"))
#: no file of these sizes takes more than a few seconds; past this the reader hangs
TIME_LIMIT = 30.0
CORPUS = Path(os.environ.get("XXGK_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))
INVISIBLE = "\u200b\u200c\u200d\u2060\u00ad\ufeff\u200e\u200f\u202a\u202c\u2066\u2069\u034f"


# ---------------------------------------------------------------- the known report


def known_report() -> dict[str, Any]:
    """The sample report with its own figure in (nearly) every cell, so a shifted or glued cell shows."""
    report = clean_report()
    items = {row.path: [(3 * n + k) % 17 + (k == 0) * 20 for k in range(6)]
             for n, row in enumerate(L.result_item_rows("2021"))}
    report["tables"]["applications"] = applications_table(items, carried_over=[4, 3, 0, 2, 1, 0],
                                                          carried_forward=[5, 1, 0, 0, 2, 1])
    report["tables"]["appeals"] = {"reconsideration": [3, 1, 0, 2, 6], "litigation_direct": [4, 0, 1, 0, 5],
                                   "litigation_after_reconsideration": [7, 2, 0, 1, 10]}
    return report


KNOWN = known_report()


def _cells(node: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _cells(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield f"{pointer}/{index}", value


def printed_cells(report: dict) -> dict[str, Any]:
    """Pointer → printed value of every 表三 and 表四 cell."""
    return {pointer: value for key in ("applications", "appeals")
            for pointer, value in _cells(report["tables"][key], f"/tables/{key}")}


PRINTED = printed_cells(KNOWN)


def _marked() -> tuple[dict, dict[str, str]]:
    """The known report with a marker in place of each 表三/表四 figure, and marker → pointer."""
    import copy

    report = copy.deepcopy(KNOWN)
    markers: dict[str, str] = {}
    for number, pointer in enumerate(PRINTED):
        parts = pointer.strip("/").split("/")
        node: Any = report
        for part in parts[:-1]:
            node = node[int(part)] if isinstance(node, list) else node[part]
        marker = f"QX{number:03d}QX"
        node[int(parts[-1])] = marker
        markers[marker] = pointer
    return report, markers


MARKED, MARKERS = _marked()
_MARKER = re.compile(r"QX\d{3}QX")


# ---------------------------------------------------------------- hostile decorations of one figure


def _digit(rng: random.Random) -> str:
    return str(rng.randrange(10))


def _sprinkle(rng: random.Random, text: str) -> str:
    """Invisible characters before, between and after the characters of ``text``."""
    out = []
    for char in text + "\x00":
        if rng.random() < 0.35:
            out.append(rng.choice(INVISIBLE) * rng.randint(1, 2))
        if char != "\x00":
            out.append(char)
    return "".join(out)


_HTML_HIDDEN = (
    '<span style="display:none">{d}</span>', '<span style="visibility:hidden">{d}</span>', "<span hidden>{d}</span>",
    '<i aria-hidden="true">{d}</i>', "<sup>{d}</sup>", "<sub>{d}</sub>", "<s>{d}</s>", "<del>{d}</del>",
    "<strike>{d}</strike>", '<font color="#ffffff">{d}</font>', '<span style="color:#FFF">{d}</span>',
    '<span style="font-size:0">{d}</span>', '<span style="opacity:0">{d}</span>', "<template>{d}</template>",
    "<noscript>{d}</noscript>", "<!-- {d} -->",
    '<span style="text-decoration: line-through">{d}</span>', "<script>var a={d};</script>",
)
#: what the fuzz page's own style sheet (:data:`_HTML_SHEET`) hides: by id, tag, descendant, child, attribute,
#: !important over the element's own style, a screen-only block; and a print-only rule that hides nothing
_HTML_SHEET = ("<style>.gone { display: none } #hid, td u { display: none } .fz > .fy { visibility: hidden }"
               " [data-gone] { font-size: 0 } span[class~=wh] { color: #fff } .imp { display: none !important }"
               " @media print { .shown { display: none } } @media screen { .scr { color: transparent } }</style>")
_HTML_SHEET_HIDDEN = (
    '<span class="gone">{d}</span>', '<span id="hid">{d}</span>', "<u>{d}</u>",
    '<span class="fz"><b class="fy">{d}</b></span>', "<span data-gone>{d}</span>", '<span class="x wh">{d}</span>',
    '<span class="imp" style="display:inline">{d}</span>', '<span class="scr">{d}</span>',
)


def _html_cell(rng: random.Random, value: Any) -> str:
    """A figure as a hostile page prints it: visible digits with hidden, struck or raised ones among them."""
    text = "" if value is None else html.escape(str(value))
    pieces = [html.escape(c) for c in text]
    for _ in range(rng.randint(0, 3)):
        hidden = rng.choice(_HTML_HIDDEN + _HTML_SHEET_HIDDEN).format(d="".join(_digit(rng)
                                                                                for _ in range(rng.randint(1, 3))))
        pieces.insert(rng.randint(0, len(pieces)), hidden)
    if rng.random() < 0.4:
        pieces = [_sprinkle(rng, p) if not p.startswith("<") else p for p in pieces]
    if rng.random() < 0.2:  # visible wrappers change nothing (a print-only rule hides nothing on a screen)
        pieces = [rng.choice(["<span>", '<span class="shown">']) + "".join(pieces) + "</span>"]
    return "".join(pieces)


def _markdown_cell(rng: random.Random, value: Any) -> str:
    """A figure in a Markdown cell: invisible characters, or inline HTML and ~~struck~~ digits no viewer shows."""
    if rng.random() < 0.5:
        return _plain_cell(rng, value)
    text = "" if value is None else str(value)
    pieces = list(text)
    for _ in range(rng.randint(1, 3)):
        digits = "".join(_digit(rng) for _ in range(rng.randint(1, 3)))
        hidden = rng.choice([*_HTML_HIDDEN, "~~{d}~~"]).format(d=digits)
        pieces.insert(rng.randint(0, len(pieces)), hidden)
    return "".join(pieces)


def _plain_cell(rng: random.Random, value: Any) -> str:
    text = "" if value is None else str(value)
    return _sprinkle(rng, text) if rng.random() < 0.7 else text


# ---------------------------------------------------------------- whole-file mutations


def _stray_bytes(rng: random.Random, data: bytes, markup: bool) -> bytes:
    """``data`` with a few bytes no encoding of it allows; in a page only between tags, where they
    damage text and not markup (a byte inside ``style="…"`` would change what a browser shows)."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(out))
        if markup:
            while at < len(out) and out.rfind(b"<", 0, at) > out.rfind(b">", 0, at):
                at += 1
        out.insert(at, rng.choice(b"\xff\xfe\xc0\x80\xf5"))
    return bytes(out)


def _text_variants(rng: random.Random, data: bytes, markup: bool = False) -> tuple[bytes, bool]:
    """(bytes, whether what the document shows at a place may have changed)."""
    roll = rng.random()
    if roll < 0.25:
        return _stray_bytes(rng, data, markup), False
    if roll < 0.35:
        return b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"), False
    if roll < 0.45:
        return data[: rng.randrange(len(data) // 2, len(data))], True
    return data, False


def _broken_tags(rng: random.Random, page: str) -> str:
    """A page with tags cut short or left unclosed, as hand-edited pages have them: in the body, outside
    the tables (inside a cell, or in the page's style sheet, a broken tag changes what a browser shows
    in the cells, which no oracle here can tell)."""
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        body = page.find("<body>")
        tables = [(m.start(), page.find("</table>", m.start())) for m in re.finditer(r"<table", page)]
        starts = [m.start() for m in re.finditer(r"<(?!/?(?:td|tr|table)\b)", page)
                  if m.start() > body and not any(a <= m.start() <= b for a, b in tables)] or [len(page)]
        at = rng.choice(starts)
        if roll < 0.3:
            page = page[:at] + rng.choice(["<embed src='a.swf'>", "<div>", "<p", "<span style='x", "<b>",
                                           "<object data='x'>", "<video>", "<img src=x", "<div>" * 300,
                                           "<span>" * 40]) + page[at:]
        elif roll < 0.6:
            end = page.find(">", at)
            page = page[:end] + page[end + 1:] if end > 0 else page
        else:
            page = page[:at] + "</" + rng.choice(["td", "tr", "table", "div", "p"]) + ">" + page[at:]
    return page


# ---------------------------------------------------------------- writing each form


def _yaml(rng: random.Random, path: Path) -> bool:
    from io import StringIO

    from ruamel.yaml import YAML

    out = StringIO()
    YAML().dump(KNOWN, out)
    text = out.getvalue()
    data, changed = _text_variants(rng, text.encode("utf-8"))
    path.write_bytes(data)
    return changed or data != text.encode("utf-8")


def _json(rng: random.Random, path: Path) -> bool:
    text = json.dumps(KNOWN, ensure_ascii=False, indent=rng.choice([None, 1, 2]))
    data, changed = _text_variants(rng, text.encode("utf-8"))
    path.write_bytes(data)
    return changed or data != text.encode("utf-8")


def _fill(text: str, render: Callable[[Any], str]) -> str:
    return _MARKER.sub(lambda m: render(PRINTED[MARKERS[m.group()]]), text)


def _markdown(rng: random.Random, path: Path) -> bool:
    text = _fill(to_markdown(MARKED), lambda v: _markdown_cell(rng, v))
    data, changed = _text_variants(rng, text.encode("utf-8"), markup=True)  # inline HTML is markup too
    path.write_bytes(data)
    return changed


def _text(rng: random.Random, path: Path) -> bool:
    text = _fill(to_text(MARKED), lambda v: _plain_cell(rng, v))
    data, changed = _text_variants(rng, text.encode("utf-8"))
    path.write_bytes(data)
    return changed


def _html(rng: random.Random, path: Path) -> bool:
    page = _fill(to_html(MARKED), lambda v: _html_cell(rng, v))
    page = page.replace("</head>", _HTML_SHEET + "</head>")
    changed = False
    if rng.random() < 0.3:
        page, changed = _broken_tags(rng, page), True
    if rng.random() < 0.3:  # no declared charset: the bytes decide
        page = page.replace("<meta charset='utf-8'>", "")
    data, cut = _text_variants(rng, page.encode("utf-8"), markup=True)
    path.write_bytes(data)
    return changed or cut


def hostile_docx(rng: random.Random, path: Path) -> None:
    """The known report as Word saves it, with hidden, struck, raised, white and 1-point digits glued to the
    figures and invisible characters among them (the Word 97/WPS/RTF/OpenDocument cases start from it too)."""
    import docx
    from docx.shared import Pt, RGBColor

    base = path.with_name("base.docx")
    tables = MARKED["tables"]
    build_report_docx(base, year=2024, applications=tables["applications"], appeals=tables["appeals"])
    document = docx.Document(str(base))
    hostile = [("hidden", True), ("strike", True), ("double_strike", True), ("superscript", True),
               ("subscript", True), ("color", RGBColor(0xFF, 0xFF, 0xFF)), ("size", Pt(1))]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    found = _MARKER.fullmatch(paragraph.text)
                    if not found:
                        continue
                    value = PRINTED[MARKERS[found.group()]]
                    for run in list(paragraph.runs):
                        run._r.getparent().remove(run._r)
                    pieces: list[tuple[str, Any]] = [(c, None) for c in ("" if value is None else str(value))]
                    for _ in range(rng.randint(0, 2)):
                        pieces.insert(rng.randint(0, len(pieces)), (_digit(rng), rng.choice(hostile)))
                    for text, style in pieces:
                        run = paragraph.add_run(_plain_cell(rng, text) if style is None else text)
                        if style is not None:
                            name, setting = style
                            if name == "color":
                                run.font.color.rgb = setting
                            else:
                                setattr(run.font, name, setting)
    document.save(str(path))


def _docx(rng: random.Random, path: Path) -> bool | None:
    hostile_docx(rng, path)
    data = path.read_bytes()
    if rng.random() < 0.2:  # a damaged package: refused as damaged, never read as something else
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        path.write_bytes(bytes(damaged))
        return None  # random bytes may print anything: no oracle, only no failure
    return False


def _pdf_figure(rng: random.Random, text: str, x: float, y: float) -> bytes | None:
    """A figure as PDF producers draw it: whole, one glyph at a time, kerned in a TJ array, after a comment,
    with a 0.5-point or off-page digit beside it (which a reader may leave the table unread for)."""
    from .ingest.pdf_writer import CELL_SIZE, _hex, _width, show

    if not text.isdigit():
        return None
    roll = rng.random()
    if roll < 0.25:
        out, at = b"", x
        for char in text:
            out += show(at, y, char, CELL_SIZE)
            at += _width(char, CELL_SIZE)
        return out
    if roll < 0.5:
        kerned = b" ".join(b"<%s> %d" % (_hex(char), rng.randint(-40, 0)) for char in text)
        return b"BT /F1 %g Tf %g %g Td [%s] TJ ET\n" % (CELL_SIZE, x, y, kerned)
    if roll < 0.6:
        return b"%% %d\n" % rng.randrange(1000) + show(x, y, text, CELL_SIZE)
    if roll < 0.65:
        return show(x, y, text, CELL_SIZE) + show(x + _width(text, CELL_SIZE), y, _digit(rng), 0.5)
    if roll < 0.7:
        return show(x, y, text, CELL_SIZE) + show(x + 5000, y, _digit(rng), CELL_SIZE)
    return None


def _pdf(rng: random.Random, path: Path) -> bool | None:
    from .ingest.pdf_writer import to_pdf

    data = to_pdf(KNOWN, lambda text, x, y: _pdf_figure(rng, text, x, y))
    roll = rng.random()
    if roll < 0.2:  # junk after the end, as some uploads have it
        data += bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
    elif roll < 0.35:
        from .ingest import damage

        path.write_bytes(damage(data, rng.randrange(1000)))
        return None  # random bytes may print anything: no oracle, only no failure
    path.write_bytes(data)
    return False


#: form → (suffix, writer); a writer returns False when the file shows every figure where it was printed,
#: True when its damage may change what shows at a place, None when random bytes may print anything
WRITERS: dict[str, tuple[str, Callable[[random.Random, Path], bool | None]]] = {
    "yaml": (".yaml", _yaml), "json": (".json", _json), "markdown": (".md", _markdown), "text": (".txt", _text),
    "html": (".html", _html), "docx": (".docx", _docx), "pdf": (".pdf", _pdf),
}


# ---------------------------------------------------------------- the laws


def _read_and_check(engine, path: Path) -> dict | None:
    """The report read from ``path`` after a full check, or None when the file is refused as input."""
    def work() -> dict | None:
        try:
            report, source_map = load_report(str(path))
        except InputError as exc:
            assert exc.code != errors.INTERNAL, exc.en
            assert exc.zh and exc.en
            return None
        findings = engine.check(report, source_map, str(path))
        assert not [f for f in findings if f.code == errors.INTERNAL], [f.message for f in findings]
        return report

    def hung() -> dict | None:
        pytest.fail(f"{path.name}: reading and checking took longer than {TIME_LIMIT:g} s")

    return within(TIME_LIMIT, work, hung)


def _wrong_numbers(report: dict, printed: dict[str, Any], exact: bool) -> list[str]:
    """Cells read as a number the document does not print there (or, when not ``exact``, in that table)."""
    flagged = set(report.get("recovered") or [])
    unreadable = report.get("unreadable") or {}
    wrong = []
    for pointer, value in printed.items():
        got = value_at(report, pointer)
        if got is None or isinstance(got, str) or pointer in flagged:
            continue
        if any(pointer == p or pointer.startswith(p + "/") for p in unreadable):
            continue
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            continue  # a wrong type is the schema's finding
        if got == value:
            continue
        table = pointer.split("/")[2]
        if not exact and (got in {v for p, v in printed.items() if p.split("/")[2] == table}
                          or str(value).startswith(str(got))):  # a file cut inside the figure shows its start
            continue
        wrong.append(f"{pointer}: read {got}, printed {value}")
    return wrong


@pytest.mark.parametrize("seed", range(CASES))
@pytest.mark.parametrize("form", list(WRITERS))
def test_hostile_files_of_every_form_read_only_printed_numbers(engine, tmp_path, form, seed):
    rng = random.Random(f"{form}-{seed}")
    suffix, write = WRITERS[form]
    path = tmp_path / f"report{suffix}"
    changed = write(rng, path)
    report = _read_and_check(engine, path)
    if report is None or changed is None or not isinstance(report.get("tables"), dict):
        return
    assert _wrong_numbers(report, PRINTED, exact=not changed) == [], f"{form} seed {seed}"


# ---------------------------------------------------------------- PDF: damaged real reports


def _pdf_truth() -> dict[str, dict[str, Any]]:
    path = CORPUS / "truth.json"
    if not path.exists():
        return {}
    files = json.loads(path.read_text(encoding="utf-8")).get("files", {})
    return {name: entry for name, entry in files.items() if name.endswith(".pdf") and (CORPUS / name).exists()}


@pytest.mark.parametrize("seed", range(max(1, CASES // 4)))
def test_damaged_pdfs_never_break_a_run_or_invent_a_number(engine, tmp_path, seed):
    from .ingest import damage

    truths = _pdf_truth()
    if not truths:
        pytest.skip(f"no corpus PDFs with recorded truth in {CORPUS}")
    name = sorted(truths)[seed % len(truths)]
    path = tmp_path / "report.pdf"
    path.write_bytes(damage((CORPUS / name).read_bytes(), seed))
    report = _read_and_check(engine, path)
    if report is None or not isinstance(report.get("tables"), dict):
        return
    # a damaged stream may print any figure (a byte of a digit overwritten): the law is the run's own,
    # no traceback, no internal error, no hang, and a report whose tables are still Contract 1 cells
    for key in ("applications", "appeals"):
        for pointer, value in _cells(report["tables"].get(key) or {}, f"/tables/{key}"):
            assert value is None or isinstance(value, (int, float, str)), f"{name} seed {seed}: {pointer} {value!r}"


# ---------------------------------------------------------------- PDF text a person does not see


def _pdf_hidden_cases() -> dict[str, Callable[[float, float], bytes]]:
    from .ingest.pdf_writer import CELL_SIZE, show

    return {
        "white digit": lambda x, y: show(x, y, "9", CELL_SIZE, b"1 1 1 rg"),
        "invisible digit (render mode 3, as OCR text layers)": lambda x, y: show(x, y, "9", CELL_SIZE, b"3 Tr"),
        "raised small digit (a footnote mark)": lambda x, y: show(x, y + 3, "1", 4),
        "digit in a spot colour at tint 0 (no ink)": lambda x, y: show(x, y, "9", CELL_SIZE, b"/Spot cs 0 scn"),
        "digit in two inks at 0 (DeviceN)": lambda x, y: show(x, y, "9", CELL_SIZE, b"/Inks cs 0 0 scn"),
        "white digit in an ICC-based space": lambda x, y: show(x, y, "9", CELL_SIZE, b"/Icc3 cs 1 1 1 scn"),
    }


@pytest.mark.parametrize("case", list(_pdf_hidden_cases()))
def test_pdf_text_no_one_sees_is_no_part_of_a_figure(tmp_path, case):
    from .ingest.pdf_writer import CELL_SIZE, _width, show, to_pdf

    extra = _pdf_hidden_cases()[case]

    def figure(text: str, x: float, y: float) -> bytes | None:
        if not text.isdigit():
            return None
        return show(x, y, text, CELL_SIZE) + extra(x + _width(text, CELL_SIZE), y)

    path = tmp_path / "report.pdf"
    path.write_bytes(to_pdf(KNOWN, figure))
    report, _ = load_report(str(path))
    assert _wrong_numbers(report, PRINTED, exact=True) == []


def test_an_overprinted_pdf_figure_is_read_once(tmp_path):
    from .ingest.pdf_writer import CELL_SIZE, show, to_pdf

    def bold(text: str, x: float, y: float) -> bytes | None:
        return show(x, y, text, CELL_SIZE) + show(x + 0.3, y, text, CELL_SIZE) if text.isdigit() else None

    path = tmp_path / "report.pdf"
    path.write_bytes(to_pdf(KNOWN, bold))
    report, _ = load_report(str(path))
    assert _wrong_numbers(report, PRINTED, exact=True) == []


def test_the_pdf_writer_of_these_tests_prints_a_report_the_reader_reads_whole(tmp_path):
    from .ingest.pdf_writer import to_pdf

    path = tmp_path / "report.pdf"
    path.write_bytes(to_pdf(KNOWN))
    report, _ = load_report(str(path))
    assert report["tables"] == KNOWN["tables"] and list(report["sections"]) == list(KNOWN["sections"])
