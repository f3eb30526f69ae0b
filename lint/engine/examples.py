"""A rule's documented examples as a clerk would see them: the report's rows and sentences, and the finding.

Each rule's ``examples:`` in its pack are JSON merge patches over the sample
report (lint.engine.sample).  Here they are run, and shown the way the report
prints them: the table rows and section text the patches touch and the failing
finding names, then the finding itself.  No patch, no key of the structured
report, is shown.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from lint.model import Finding, SourceMap
from lint.records import record
from lint.vocab.printed import carets, quoted, table_row, window
from lint.vocab import tables as L
from lint.vocab.sections import SECTION_KEYS, TITLES, TITLES_EN

_WIDTH = 88
_WORDS = {
    "zh": {"title": "标题", "intro": "前言", "agency": "机关", "year": "报告年度", "published": "发布日期",
           "level": "机关类型", "no_table": "（报告中没有{table}）", "no_row": "（{table}没有「{row}」这一行）",
           "no_section": "（报告中没有“{title}”这一部分）", "no_tables": "（报告中没有统计表）",
           "no_sections": "（报告中没有正文各部分）", "empty": "（空）", "unread": "（这一行没有读出：{reason}）",
           "recovered": "（其中 {n} 个数字是从连写在一起的数字中拆出来的）",
           "assumed": "（{rows}的总计是按各栏之和推定的）", "extension": "文件名后缀 {ext}，内容是 {content}",
           "extra_row": "{table}多出一行：「{label}」", "labels": "表格栏目名称：{labels}",
           "previous": "上一年度报告：", "sample": "示例报告（各部分齐全，表格数字平衡）",
           "government": "人民政府", "department": "政府部门", "other": "其他机关"},
    "en": {"title": "Title", "intro": "Introduction", "agency": "Agency", "year": "Report year",
           "published": "Published", "level": "Kind of agency", "no_table": "(the report has no {table})",
           "no_row": "({table} has no row 「{row}」)", "no_section": "(the report has no part “{title}”)",
           "no_tables": "(the report has no tables)", "no_sections": "(the report has no sections)",
           "empty": "(empty)", "unread": "(this row could not be read: {reason})",
           "recovered": "({n} of these figures were split out of digits that ran together)",
           "assumed": "(the total of {rows} was taken to be the sum of its cells)",
           "extension": "file name ending {ext}, content {content}", "extra_row": "{table} has an extra row 「{label}」",
           "labels": "table labels: {labels}", "previous": "The previous year's report:",
           "sample": "The sample report (every part present, tables balanced)",
           "government": "people's government", "department": "government department", "other": "other agency"},
}
_FRONT = ("title", "agency", "year", "published", "level", "intro")


@record
class Example:
    """One documented example, run: what the report shows and what the check says of it."""

    shows: list[str]
    #: the rule's findings (top-level or following from another)
    findings: list[Finding] = field(default_factory=list)
    #: the top-level findings that are the rule's or have one of the rule's findings following from them
    hosts: list[Finding] = field(default_factory=list)
    #: findings of other rules this example gives and the sample report does not (a pass example's point)
    others: list[Finding] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)


def leaves(patch: Any, prefix: str = "") -> list[str]:
    """The pointers a merge patch sets or deletes."""
    if isinstance(patch, dict) and patch:
        out: list[str] = []
        for key, value in patch.items():
            out.extend(leaves(value, f"{prefix}/{key}"))
        return out
    return [prefix] if prefix else []


def _all(findings: list[Finding]):
    for finding in findings:
        yield finding
        yield from finding.consequences


def _named(finding: Finding) -> list[str]:
    """The pointers a finding names: its place, its cells and where its sentence stands."""
    evidence = finding.evidence if isinstance(finding.evidence, dict) else {}
    out = [finding.location.pointer, *finding.cells]
    if isinstance(evidence.get("narrative_pointer"), str):
        out.append(evidence["narrative_pointer"])
    return [p for p in out if p]


def _row_key(pointer: str) -> str:
    """The pointer that stands for the row (or section, or front field) ``pointer`` is in."""
    parts = pointer.strip("/").split("/")
    if parts[0] == "labels" and len(parts) > 1:
        return _row_key("/" + "/".join(parts[2:] if parts[1] == "" else parts[1:]))
    if parts[0] == "unreadable" and len(parts) > 1:
        return _row_key("/" + "/".join(parts[2:] if parts[1] == "" else parts[1:]))
    if parts[0] == "tables":
        if len(parts) <= 2:
            return "/" + "/".join(parts)
        if parts[1] == "applications":
            for row in L.applications_rows("2021") + L.applications_rows("2019"):
                suffix = row.pointer_suffix
                if ("/" + "/".join(parts[2:])).startswith(suffix) and \
                        (len(parts) - 2 == len(row.path) or parts[2 + len(row.path)].isdigit()):
                    return "/tables/applications" + suffix
            return "/" + "/".join(parts[:4]) if len(parts) > 3 and not parts[3].isdigit() else "/" + "/".join(parts[:3])
        return "/" + "/".join(parts[:3])
    if parts[0] == "sections":
        return "/" + "/".join(parts[:2])
    return "/" + parts[0]


def _rows_quoted(findings: list[Finding]) -> list[str]:
    """The table rows whose labels the findings' messages quote (“四、结转下年度继续办理”)."""
    labels: dict[str, str] = {}
    for row in L.applications_rows("2021"):
        labels.setdefault(row.label, "/tables/applications" + row.pointer_suffix)
        labels.setdefault(L.short_row_label(row), "/tables/applications" + row.pointer_suffix)
    for block in L.proactive_blocks("2021"):
        for key, label in block.rows:
            labels.setdefault(label, f"/tables/proactive/{key}")
    for key, label, _en in L.APPEAL_GROUPS:
        labels.setdefault(label, f"/tables/appeals/{key}")
    return [labels[q] for f in _all(list(findings)) for q in quoted(f.message) if q in labels]


def relevant(*patches: Any, findings: list[Finding] = ()) -> list[str]:
    """The rows, sections and front fields the patches touch and the findings name, in printed order."""
    keys = [_row_key(p) for patch in patches for p in leaves(patch)]
    keys += [_row_key(p) for f in findings for p in _named(f)] + _rows_quoted(list(findings))
    keys = [k for k in dict.fromkeys(keys) if k not in ("/", "/format", "/sections", "/sections/", "/tables", "/tables/")]
    # a row under a table or section listed as a whole is shown by it
    keys = [k for k in keys if not any(k != o and k.startswith(o + "/") and o.count("/") >= 2 and
                                       o.startswith("/sections") for o in keys)]
    return sorted(keys, key=_order)


def _order(key: str) -> tuple:
    parts = key.strip("/").split("/")
    if parts[0] in _FRONT:
        return (0, _FRONT.index(parts[0]), "")
    if parts[0] == "sections":
        return (1, SECTION_KEYS.index(parts[1]) if len(parts) > 1 and parts[1] in SECTION_KEYS else 9, "")
    if parts[0] == "tables":
        table = L.TABLE_KEYS.index(parts[1]) if len(parts) > 1 and parts[1] in L.TABLE_KEYS else 9
        return (2, table, _row_index(key))
    return (3, 0, key)


def _row_index(key: str) -> str:
    rows = ["/tables/applications" + r.pointer_suffix for r in L.applications_rows("2021")]
    if key in rows:
        return f"{rows.index(key):03}"
    for n, block in enumerate(L.proactive_blocks("2021") + L.proactive_blocks("2019")):
        for m, (row, _label) in enumerate(block.rows):
            if key.endswith("/" + row):
                return f"{n:02}{m:02}"
    for n, (group, _label, _en) in enumerate(L.APPEAL_GROUPS):
        if key.endswith("/" + group):
            return f"{n:03}"
    return key


def _short(text: str, width: int = _WIDTH) -> str:
    return window(" ".join(text.split()), [], width)[0]


def show(report: dict, keys: list[str], lang: str, marked: list[Finding] = ()) -> list[str]:
    """The lines a clerk would read at ``keys`` of ``report``: table rows as printed (the cells the
    ``marked`` findings name underlined with carets), section headings and text, front fields."""
    w = _WORDS[lang]
    named: set[str] = set()
    for f in marked:
        suspect = f.evidence.get("suspect_cell") if isinstance(f.evidence, dict) else None
        if isinstance(suspect, str):
            named.add(suspect)  # one wrong cell explains it all: mark that cell alone
        else:
            named.update(p for g in _all([f]) for p in _named(g))
    quotes = [q for f in _all(list(marked)) for q in quoted(f.message)]
    lines: list[str] = []
    for key in keys:
        parts = key.strip("/").split("/")
        if parts[0] == "tables":
            lines.extend(_table_lines(report, key, named, lang))
        elif parts[0] == "sections":
            lines.extend(_section_lines(report, parts[1] if len(parts) > 1 else "", quotes, lang))
        elif parts[0] in _FRONT:
            value = report.get(parts[0])
            if parts[0] == "level" and isinstance(value, str):
                value = w.get(value, value)
            shown = w["empty"] if value in (None, "") else _short(str(value))
            lines.append(f"{w[parts[0]]}：{shown}" if lang == "zh" else f"{w[parts[0]]}: {shown}")
        elif parts[0] == "source_form" and isinstance(report.get("source_form"), dict):
            from lint.ingest.forms import FORMS

            form = report["source_form"]
            content = next((getattr(f, lang) for f in FORMS if f.name == form.get("content")), form.get("content", ""))
            lines.append(w["extension"].format(ext=form.get("extension", ""), content=content))
        elif parts[0] == "extra_rows":
            for row in report.get("extra_rows") or []:
                if isinstance(row, dict):
                    lines.append(w["extra_row"].format(table=row.get("table", ""), label=row.get("label", "")))
        elif parts[0] == "extra_sections":
            for section in report.get("extra_sections") or []:
                if isinstance(section, dict):
                    lines.append(str(section.get("title", "")))
                    if section.get("text"):
                        lines.append("  " + _short(str(section["text"])))
        elif parts[0] == "format_evidence" and isinstance(report.get("format_evidence"), dict):
            labels = [label for found in report["format_evidence"].values() if isinstance(found, list)
                      for label in found]
            lines.append(w["labels"].format(labels="、".join(f"“{x}”" for x in labels) or w["empty"]))
        elif parts[0] in ("recovered", "assumed_totals"):
            lines.extend(_reading_lines(report, parts[0], lang))
    return lines


def _table_lines(report: dict, key: str, named: set[str], lang: str) -> list[str]:
    w = _WORDS[lang]
    parts = key.strip("/").split("/")
    names = L.TABLE_NAMES if lang == "zh" else L.TABLE_NAMES_EN
    if not isinstance(report.get("tables"), dict):
        return [w["no_tables"]]
    table = parts[1] if len(parts) > 1 else ""
    if len(parts) == 2:
        return [] if isinstance(report["tables"].get(table), dict) else [w["no_table"].format(table=names.get(table, table))]
    if not isinstance(report["tables"].get(table), dict):
        return [w["no_table"].format(table=names.get(table, table))]
    cells_named = [p for p in named if p == key or p.startswith(key + "/")]
    row = table_row(report, key, cells_named or [], lang)
    unread = report.get("unreadable") if isinstance(report.get("unreadable"), dict) else {}
    if row is None:
        label = _label(report, key)
        if key in unread:
            return [f"{names.get(table, table)} 「{label}」 " + w["unread"].format(reason=unread[key])]
        return [w["no_row"].format(table=names.get(table, table), row=label)]
    text = f"{names.get(table, table)} │ {row['text']}"
    shift = len(text) - len(row["text"])
    marks = [(s + shift, e + shift) for s, e in row["marks"]] if cells_named else []
    out = [text]
    if marks:
        out.append(carets(text, marks))
    return out


def _label(report: dict, key: str) -> str:
    for row in L.applications_rows("2021") + L.applications_rows("2019"):
        if key == "/tables/applications" + row.pointer_suffix:
            return L.printed_label(report, key, L.short_row_label(row))
    for block in L.proactive_blocks("2021") + L.proactive_blocks("2019"):
        for row_key, label in block.rows:
            if key == f"/tables/proactive/{row_key}":
                return L.printed_label(report, key, label)
    for group, label, _en in L.APPEAL_GROUPS:
        if key == f"/tables/appeals/{group}":
            return label
    return key.rsplit("/", 1)[-1]


def _section_lines(report: dict, key: str, quotes: list[str], lang: str) -> list[str]:
    w = _WORDS[lang]
    titles = TITLES if lang == "zh" else TITLES_EN
    sections = report.get("sections")
    if not isinstance(sections, dict):
        return [w["no_sections"]]
    section = sections.get(key)
    if not isinstance(section, dict):
        return [w["no_section"].format(title=titles.get(key, key))]
    title = section.get("title") if isinstance(section.get("title"), str) else titles.get(key, key)
    text = section.get("text") if isinstance(section.get("text"), str) else ""
    lines = [title]
    if not text.strip():
        return lines + ["  " + w["empty"]]
    flat = " ".join(text.split())
    quote = next((q for q in quotes if q in flat), None)
    if quote is None:
        return lines + ["  " + _short(flat)]
    at = flat.index(quote)
    shown, marks = window(flat, [(at, at + len(quote))], _WIDTH)
    return lines + ["  " + shown, "  " + carets(shown, marks)]


def _reading_lines(report: dict, what: str, lang: str) -> list[str]:
    w = _WORDS[lang]
    listed = report.get(what) if isinstance(report.get(what), list) else []
    if not listed:
        return []
    if what == "recovered":
        rows = list(dict.fromkeys(_row_key(p) for p in listed if isinstance(p, str)))
        out = [line for key in rows for line in _table_lines(report, key, set(listed), lang)]
        return out + [w["recovered"].format(n=len(listed))]
    labels = "、".join(f"「{_label(report, p)}」" for p in listed if isinstance(p, str))
    return [w["assumed"].format(rows=labels)] if labels else []


def run(engine, rule, example: dict, year: int = 2024) -> tuple[dict, dict | None, list[Finding], list[Finding]]:
    """(report, previous report, every finding, the findings of the rule's code) of one example."""
    from lint.engine.docs import example_reports

    report, previous = example_reports(example, year)
    # the files are named as a clerk names them: findings about the year before name its file
    this, before = (f"{report.get('year')}年报告.docx", f"{report.get('year', year) - 1}年报告.docx") \
        if engine.lang == "zh" else (f"report-{report.get('year')}.docx", f"report-{report.get('year', year) - 1}.docx")
    findings = engine.check(report, SourceMap(), this)
    if previous is not None:
        series = engine.check_series([engine.summarize(previous, SourceMap(), before),
                                      engine.summarize(report, SourceMap(), this)])
        findings += series.get(this, [])
    own = [f for f in _all(findings) if f.code == rule.code]
    return report, previous, findings, own


def examples(engine, rule, lang: str) -> dict[str, Example]:
    """The pass and fail examples of ``rule``, run with ``engine`` and shown as the report prints them."""
    from lint.engine.docs import example_reports

    ran = {key: run(engine, rule, rule.examples[key]) for key in ("pass", "fail") if key in rule.examples}
    base_report, _ = example_reports({"year": rule.examples.get("fail", {}).get("year", 2024)})
    base = {f.code for f in _all(engine.check(base_report, SourceMap(), "example.yaml"))}
    patches = [rule.examples[k].get("patch", {}) for k in ran] + [rule.examples[k].get("previous", {}) for k in ran]
    failing = ran["fail"][2] if "fail" in ran else []
    keys = relevant(*patches, findings=[f for f in failing if f.code == rule.code
                                        or any(c.code == rule.code for c in f.consequences)])
    out: dict[str, Example] = {}
    for key, (report, previous, findings, own) in ran.items():
        hosts = [f for f in findings if f.code == rule.code or any(c.code == rule.code for c in f.consequences)]
        shown = show(report, keys, lang, hosts if key == "fail" else [])
        before = show(previous, keys, lang) if previous is not None else []
        others = [f for f in findings if f.code != rule.code and f.code not in base
                  and not any(c.code == rule.code for c in f.consequences)]
        out[key] = Example(shown or [_WORDS[lang]["sample"]], own, hosts, others, before)
    return out
