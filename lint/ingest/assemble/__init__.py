"""Read any extracted Document into the structured report (Contract 1) and its SourceMap.

Every input form (text, Markdown, HTML, Word, PDF) ends here, so the reading
of the report is written once:

* the title, agency, year and intro come from the text before section 一;
* sections are found by topic, not by number, so re-numbered, indented or
  full-width headings still map, and headings that fit no topic are left out;
* 表二/三/四 are read against the national templates in :mod:`lint.vocab.tables`:
  rows are recognised by keywords of their printed labels, value rows cut off
  from their labels (PDF→Markdown fragments) are put back only when the
  template leaves exactly one way to do so, and a table whose cells cannot be
  read for sure is left out and listed under ``unreadable`` — a wrong number
  is worse than none.

Extra keys beyond Contract 1: ``labels`` (JSON pointer → label as printed,
where it differs from the national one), ``unreadable`` (pointer → reason),
``extra_rows`` (rows no template row matches), ``extra_sections`` (numbered
headings no section topic matches), ``format_evidence`` (the 2019/2021 labels
seen), ``published`` (from a page's metadata: 公开日期/发布日期 before 成文日期), ``level`` (from the
agency's name: 人民政府 → government, 局/委/办… → department), ``year_evidence`` (the year each piece of
evidence points to, :mod:`lint.ingest.assemble.evidence`) and ``pre_2019_evidence`` (signs of the
2008 regime's template).  Narrative, titles and labels keep the characters as printed (radicals
included); what is derived from them — agency, year, dates, cells — is read from the normalised text.
"""

from __future__ import annotations

import os
from typing import Any

from lint.errors import NOT_A_REPORT, InputError
from lint.ingest.assemble.appeals import read_appeals
from lint.ingest.assemble.applications import read_applications
from lint.ingest.assemble.flat import flat_rows
from lint.ingest.assemble.front import read_front
from lint.ingest.assemble.proactive import read_proactive
from lint.ingest.assemble.regions import blob_reason, collect_regions, detect_format, split_table_text
from lint.ingest.assemble.rows import Region, RegionRow, Staging, Unreadable, make_location
from lint.ingest.assemble.sections import choose_sections, find_headings, split_inline_headings, write_sections
from lint.ingest.assemble.unfound import note_unfound
from lint.ingest.assemble.text import is_glued, parse_value  # noqa: F401  (tests: parse_value)
from lint.ingest.document import Cell, Document, Place, Table
from lint.model import SourceMap
from lint.vocab import tables as L
from lint.vocab.values import overlong_digits


class Assembly:
    """One document being read: the report and source map it fills, what was set aside as table text."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.report: dict[str, Any] = {}
        self.smap = SourceMap()
        self.labels: dict[str, str] = {}
        self.unreadable: dict[str, str] = {}
        self.extra_rows: list[dict[str, Any]] = []
        self.recovered: list[str] = []  # cells read from digits that ran together
        self.assumed: list[str] = []  # rows whose total the reading of their digits assumed
        self.table_text: set[int] = set()  # ids of paragraphs that belong to a table, not narrative
        # cells read by OCR, by the id of their place (the staging of a table looks its cells up here)
        self.recognised: dict[int, Cell] = {id(cell.place): cell for block in doc.blocks if isinstance(block, Table)
                                            for row in block.rows for cell in row if cell.confidence is not None}
        self.ocr: dict[str, float] = {}
        self.ocr_crops: dict[str, str] = {}

    # ------------------------------------------------------------------ top level

    def run(self) -> tuple[dict[str, Any], SourceMap]:
        # titles printed inside a line (a report run together on a few lines, a heading after a sentence)
        blocks = split_table_text(split_inline_headings(list(self.doc.blocks)))
        headings = find_headings(blocks)
        chosen = choose_sections(headings)
        first = headings[0].index if headings else len(blocks)
        read_front(self, blocks[:first], blocks)
        regions = collect_regions(self, blocks, {h.index: h for h in headings})
        write_sections(self, blocks, headings, chosen)
        fmt, evidence = detect_format(regions)
        if not fmt:
            # no table labels to go by: the format in force for the reporting year
            year = self.report.get("year")
            fmt = "2019" if isinstance(year, int) and year <= 2020 else "2021"
        self.report["format"] = fmt
        if evidence["2019"] or evidence["2021"]:
            self.report["format_evidence"] = evidence
        self.report["tables"] = self._read_tables(regions, fmt)
        self._overlong_cells(self.report["tables"], "/tables")
        note_unfound(self, blocks, headings, chosen, regions)
        self._finish()
        if not (self.report["sections"] or self.report["tables"] or self.unreadable or "title" in self.report):
            raise InputError(
                NOT_A_REPORT,
                f"“{os.path.basename(self.doc.path)}”中没有找到年度报告的标题、“一、总体情况”等部分或统计表，看起来不是政府信息公开工作年度报告。",
                f"{os.path.basename(self.doc.path)}: no report title, no section such as 一、总体情况 and no statistics table; "
                "this does not look like an annual disclosure report.")
        return self.report, self.smap

    def _finish(self) -> None:
        for key, value in (("labels", self.labels), ("unreadable", self.unreadable),
                           ("extra_rows", self.extra_rows), ("recovered", self.recovered),
                           ("assumed_totals", self.assumed), ("ocr", self.ocr), ("ocr_crops", self.ocr_crops)):
            if value:
                self.report[key] = value
        if self.doc.notes:
            self.report["notes"] = list(self.doc.notes)
        for n, part in enumerate(self.doc.not_read):  # said (E018): what was not read was not checked
            self.report.setdefault("not_read", []).append({"what": part.zh, "what_en": part.en, "page": part.page})
            self.add(f"/not_read/{n}", Place(page=part.page))
        if self.doc.replaced:  # bytes the encoding does not accept, read as U+FFFD: a person should look there
            first = self.doc.replaced[0]
            self.report["replaced_bytes"] = {"count": len(self.doc.replaced), "line": first.line,
                                             "column": first.column}
            self.add("/replaced_bytes", first)



    # ------------------------------------------------------------------ tables

    def _read_tables(self, regions: dict[str, Region], fmt: str) -> dict[str, Any]:
        readers = {"proactive": read_proactive, "applications": read_applications, "appeals": read_appeals}
        tables: dict[str, Any] = {}
        for key in L.TABLE_KEYS:
            region = regions[key]
            pointer = f"/tables/{key}"
            name = L.TABLE_NAMES[key]
            if not region.rows:
                if region.blobs:
                    self.unreadable[pointer] = blob_reason(name, region.blobs[0])
                    self.add(pointer, region.blobs[0].place, table=name)
                continue
            staged = Staging(self, pointer, name)
            try:
                region.rows = self._expand(region.rows, key, fmt)
                table = readers[key](self, region, fmt, staged)
            except Unreadable as problem:
                self.unreadable[pointer] = str(problem)
                self.add(pointer, region.place, table=name)
                continue
            if table:
                tables[key] = table
                staged.commit()
                self.add(pointer, region.place, table=name)
            elif region.blobs:
                self.unreadable[pointer] = blob_reason(name, region.blobs[0])
                self.add(pointer, region.blobs[0].place, table=name)
        return tables

    def _overlong_cells(self, node: Any, pointer: str) -> None:
        """Cells no count can be — more digits than any count has, or several numbers in one cell —
        are unreadable cells, never values, never text in the agency's name."""
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            if isinstance(value, (dict, list)):
                self._overlong_cells(value, f"{pointer}/{key}")
            elif not isinstance(value, str):
                continue  # a count, or blank
            elif (digits := overlong_digits(value)) is not None:
                self.unreadable[f"{pointer}/{key}"] = (f"该格印有 {digits} 位连在一起的数字（“{value[:12]}…”），"
                                                       "不是一个件数，无法读取")
            elif is_glued(value):
                printed = " ".join(value.split())
                self.unreadable[f"{pointer}/{key}"] = f"该格印有几个数（“{printed[:40]}”），无法确定是一个数还是几个数"

    @staticmethod
    def _expand(rows: list[RegionRow], key: str, fmt: str) -> list[RegionRow]:
        """Rows with paragraphs of run-together table text read into the rows they print."""
        out: list[RegionRow] = []
        for row in rows:
            out.extend(flat_rows(row.blob, key, fmt) if row.blob is not None else [row])
        return out

    def extra_row(self, table: str, label: str, cell: Cell | None) -> None:
        entry: dict[str, Any] = {"table": table, "label": label}
        if cell is not None and cell.place.line is not None:
            entry["line"] = cell.place.line
        if cell is not None and cell.place.page is not None:
            entry["page"] = cell.place.page
        self.extra_rows.append(entry)

    def add(self, pointer: str, place: Place | None, **labels: str | None) -> None:
        self.smap.add(pointer, make_location(pointer, place, **labels))


def assemble(doc: Document) -> tuple[dict[str, Any], SourceMap]:
    """Read ``doc`` into a Contract 1 report and the SourceMap of its pointers."""
    return Assembly(doc).run()
