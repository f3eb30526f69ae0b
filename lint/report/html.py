"""One self-contained HTML page for auditors: summary figures, a sortable table, a chart, every finding.

The page opens offline: inline CSS and JS only, no fonts, images or scripts from
anywhere, and a Content-Security-Policy that forbids every fetch and admits only
this module's own script and style (by hash), so text from a hostile report
could not run or call out even if it slipped past escaping.  Every piece of text
from the reports (agency names, paths, messages, table labels) goes through
``html.escape`` in the markup; the findings travel in one inert JSON data block
(``<script type="application/json">``, never run, every ``<``, ``>`` and ``&``
written as a Unicode escape) that the page's own script reads and puts on the page
as text, never as markup.  The script itself has no data written into it.

It stays fast at a national scale: the summary comes first, the table shows one
page of rows at a time (the rest are ``hidden``, so the browser lays out only
those), and a report's findings are drawn when it is opened, not before.  The
table filters by grade, status, severity, rule code and a search text, and sorts
by any column; the URL fragment carries both (``#sort=-score&code=B302&grade=D``),
so a link opens a filtered, sorted view, and ``#r12`` opens report 12.  With a
roster or copied passages the page has their tabs too.

Memory stays flat in the number of reports: each report's table row and its
findings are written to temporary files as results arrive, and only counters
(severity totals, grades, statuses, rule-code counts) are kept for the summary
and the chart, which come first on the page and so are written last.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import tempfile
import unicodedata
from collections import Counter
from typing import Any, Iterable, TextIO

from lint import __version__
from lint.report import Context
from lint.report.html_assets import SCRIPT, STYLE
from lint.report.html_tabs import _BAD_CHARS, LABELS, _filters, esc, run_figures
from lint.model import FileResult, Finding, Severity
from lint.report.text import where_in_table

#: rule codes shown in the chart
TOP_CODES = 15

#: table columns: (key used by #sort= and the buttons, label key, numeric)
COLUMNS = (
    ("agency", "agency", False),
    ("year", "year", True),
    ("format", "format", False),
    ("path", "path", False),
    ("score", "score", True),
    ("grade", "grade", False),
    ("status", "status", False),
    ("errors", "errors", True),
    ("warnings", "warnings", True),
    ("info", "infos", True),
)
#: rows of the table shown at once; the rest wait, hidden, for the pager or a filter
PAGE = 100

SEVERITY_CLASS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
BAR_COLOUR = {Severity.ERROR: "#c62828", Severity.WARNING: "#b26a00", Severity.INFO: "#1565c0"}

def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


#: forbids every fetch (no default source), and runs only this module's own script and style
CSP = (f"default-src 'none'; script-src {_csp_hash(SCRIPT)}; style-src {_csp_hash(STYLE)}; "
       "img-src data:; base-uri 'none'; form-action 'none'")


def _fit(text: str, ems: float) -> str:
    """``text`` cut to about ``ems`` em wide (wide characters 1 em, others about half), with an ellipsis."""
    used = 0.0
    for index, char in enumerate(text):
        used += 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.56
        if used > ems:
            return text[:max(0, index - 1)] + "…"
    return text


def _text(value: Any) -> str:
    """Text for the data block: what the page shows, with the characters no page may hold replaced."""
    return _BAD_CHARS.sub("\ufffd", str(value)) if value is not None else ""


def data_json(value: Any) -> str:
    """JSON that is inert inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` at all."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _location(finding: Finding, labels: dict[str, str]) -> list[str]:
    """Where the finding is, as printed: page, line:col, 表/行/列; the pointer into the report last."""
    loc = finding.location
    parts = []
    if loc.page is not None:
        parts.append(labels["page"].format(n=loc.page))
    if loc.line is not None:
        parts.append(f"{loc.line}:{loc.column or 1}")
    table = where_in_table(finding)
    if table:
        parts.append(table)
    return [_text(p) for p in parts] + [_text(loc.pointer or "")]


def _finding(finding: Finding, lang: str, labels: dict[str, str], rules: dict[str, list[str]]) -> list:
    """A finding for the data block: [code, severity, message, where, pointer, hint, source, consequences(, crop)].

    The name, hint and source a code shares are written once (``rules``); a finding says
    its own only where it differs (an empty string: the code's)."""
    known = rules.setdefault(finding.code, [_text(finding.name), _text(finding.hint), _text(finding.source)])
    *where, pointer = _location(finding, labels)
    return [_text(finding.code), SEVERITY_CLASS[finding.severity], _text(finding.message), where, pointer,
            "" if _text(finding.hint) == known[1] else _text(finding.hint),
            "" if _text(finding.source) == known[2] else _text(finding.source),
            [_finding(c, lang, labels, rules) for c in finding.consequences]] + _crop(finding)


def _crop(finding: Finding) -> list[str]:
    """The scanned cell a reading doubt is about, as a picture (``img-src data:`` is all the page admits)."""
    crop = finding.evidence.get("crop") if isinstance(finding.evidence, dict) else None
    return [crop] if isinstance(crop, str) and crop.startswith("data:image/png;base64,") else []


def _record(anchor: str, result: FileResult, lang: str, labels: dict[str, str], rules: dict) -> str:
    """One report's entry of the data block (a line of its array)."""
    return data_json([anchor, _text(result.path), _text(result.agency), result.year, result.score, result.grade,
                      [_finding(f, lang, labels, rules) for f in result.findings]])


def _row(index: int, anchor: str, result: FileResult, counts: dict[str, int], labels: dict[str, str]) -> str:
    def cell(value: Any, cls: str = "", sort_value: Any = None, shown: str | None = None) -> str:
        attrs = f' class="{cls}"' if cls else ""
        if sort_value is not None or cls.startswith("num"):
            attrs += f' data-v="{esc("" if sort_value is None else sort_value)}"'
        return f"<td{attrs}>{shown if shown is not None else esc(value if value is not None else '—')}</td>"

    grade = result.grade
    status = result.status or ""
    cells = [
        cell(result.agency, "agency", "" if result.agency is None else None),
        cell(result.year, "num", result.year),
        cell(result.format, sort_value="" if result.format is None else None),
        cell(None, "path", result.path, shown=f'<a href="#{anchor}">{esc(result.path)}</a>'),
        cell(result.score, "num", result.score),
        cell(grade, f"grade grade-{esc(grade)}" if grade else "grade", "" if grade is None else None),
        cell(labels.get(status, status), f"status {esc(status)}", status),
        cell(counts["error"], "num errors" + (" has" if counts["error"] else ""), counts["error"]),
        cell(counts["warning"], "num warnings" + (" has" if counts["warning"] else ""), counts["warning"]),
        cell(counts["info"], "num info", counts["info"]),
    ]
    severities = "".join(k[0] for k in ("error", "warning", "info") if counts[k]) or "n"
    codes = " ".join(sorted({f.code for f in result.findings}))
    hidden = " hidden" if index > PAGE else ""
    return (f'<tr data-i="{index}" data-grade="{esc(grade or "")}" data-status="{esc(status)}" '
            f'data-sev="{severities}" data-codes=" {esc(codes)} "{hidden}>{"".join(cells)}</tr>\n')


def _chart(codes: Counter, names: dict[str, str], severities: dict[str, Severity], rules: dict | None,
           lang: str, labels: dict[str, str]) -> str:
    """A horizontal bar chart of the commonest codes, drawn here as SVG (no script)."""
    top = sorted(codes.items(), key=lambda item: (-item[1], item[0]))[:TOP_CODES]
    if not top:
        return f'<p>{esc(labels["no_findings_any"])}</p>'
    bar_x, bar_max, row_h, bar_h, top_pad = 300, 470, 30, 20, 8
    summary_x = bar_x + bar_max + 70
    width, height = 1260, top_pad * 2 + row_h * len(top)
    most = top[0][1]
    title = labels["chart_label"].format(n=len(top))
    out = [f'<svg class="chart" id="code-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'role="img" aria-labelledby="chart-title" preserveAspectRatio="xMinYMin meet">'
           f'<title id="chart-title">{esc(title)}</title>']
    for i, (code, count) in enumerate(top):
        rule = (rules or {}).get(code)
        name = rule.name if rule is not None else names.get(code, "")
        summary = ""
        if rule is not None:
            summary = rule.summary.get(lang) or rule.summary.get("zh") or ""
        severity = severities.get(code) or (rule.severity if rule is not None else Severity.WARNING)
        y = top_pad + i * row_h
        text_y = y + row_h / 2 + 5
        length = max(2.0, bar_max * count / most)
        short = _fit(summary, (width - summary_x) / 13 - 1)
        tip = f"{code} {name}: {count}" + (f" — {summary}" if summary else "")
        out.append(
            f'<g class="bar" data-code="{esc(code)}" data-count="{count}"><title>{esc(tip)}</title>'
            f'<text class="code" x="0" y="{text_y:.1f}" font-size="14">{esc(code)}</text>'
            f'<text class="name" x="58" y="{text_y:.1f}" font-size="13">{esc(_fit(name, (bar_x - 70) / 13))}</text>'
            f'<rect x="{bar_x}" y="{y + (row_h - bar_h) / 2:.1f}" width="{length:.1f}" height="{bar_h}" rx="3" '
            f'fill="{BAR_COLOUR[severity]}"></rect>'
            f'<text class="count" x="{bar_x + length + 8:.1f}" y="{text_y:.1f}" font-size="14" '
            f'font-weight="600">{count}{esc(labels["times"])}</text>'
            f'<text class="summary" x="{summary_x}" y="{text_y:.1f}" font-size="13">{esc(short)}</text></g>')
    out.append("</svg>")
    out.append('<ul class="legend">' + "".join(
        f'<li class="{SEVERITY_CLASS[s]}">{esc(labels[s.label])}</li>'
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)) + "</ul>")
    return "".join(out)


def _figures(files: int, with_errors: int, totals: dict[str, int], score_sum: float, scored: int,
             grades: Counter, labels: dict[str, str]) -> str:
    average = f"{score_sum / scored:.1f}" if scored else labels["unknown"]
    items = [("files", files, ""), ("files_with_errors", with_errors, "error"),
             ("error", totals["error"], "error"), ("warning", totals["warning"], "warning"),
             ("info", totals["info"], "info"), ("average", average, "")]
    out = ['<dl class="figures">']
    for key, value, cls in items:
        attr = f' class="{cls}"' if cls else ""
        out.append(f'<div{attr} data-figure="{key}"><dt>{esc(labels[key])}</dt><dd>{esc(value)}</dd></div>')
    out.append("</dl>")
    out.append(f'<h3 class="visually-hidden">{esc(labels["grades"])}</h3>'
               f'<ul class="grades" aria-label="{esc(labels["grades"])}">')
    for grade in sorted(grades, key=lambda g: (g is None, g or "")):
        shown = grade if grade is not None else labels["no_grade"]
        out.append(f'<li data-grade="{esc(grade or "")}"><b class="grade-{esc(grade or "")}">{esc(shown)}</b>'
                   f"{grades[grade]}</li>")
    out.append("</ul>")
    return "".join(out)


#: output for programs: never mixed with human text
MACHINE = True


def write(results: Iterable[FileResult], out: TextIO, context: Context) -> None:
    from lint.report.html_tabs import copies_tab, roster_tab

    lang, rules = context.lang, context.rules
    labels = LABELS.get(lang, LABELS["zh"])
    lang = "en" if lang == "en" else "zh"
    files = with_errors = 0
    totals = {"error": 0, "warning": 0, "info": 0}
    score_sum, scored = 0.0, 0
    grades: Counter = Counter()
    statuses: Counter = Counter()
    codes: Counter = Counter()
    names: dict[str, str] = {}
    severities: dict[str, Severity] = {}
    shared: dict[str, list[str]] = {}
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as rows, \
            tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as data:
        for result in results:
            files += 1
            anchor = f"r{files}"
            counts = result.counts()
            for key, value in counts.items():
                totals[key] += value
            with_errors += bool(counts["error"])
            if result.score is not None:
                score_sum += result.score
                scored += 1
            grades[result.grade] += 1
            statuses[result.status] += 1
            for finding in result.findings:
                codes[finding.code] += 1
                names.setdefault(finding.code, finding.name)
                severities.setdefault(finding.code, finding.severity)
            rows.write(_row(files, anchor, result, counts, labels))
            data.write(("," if files > 1 else "") + _record(anchor, result, lang, labels, shared) + "\n")

        num_attrs = ' class="num" data-type="num"'
        head_cells = "".join(
            f'<th scope="col"{num_attrs if numeric else ""}>'
            f'<button type="button" data-key="{key}" data-label="{esc(labels[label])}">{esc(labels[label])}'
            f'<span class="arrow" aria-hidden="true"></span></button></th>'
            for key, label, numeric in COLUMNS)
        html_lang = "zh-CN" if lang == "zh" else "en"
        roster = roster_tab(context.extras.get("roster"), lang)
        copied = copies_tab(context.extras.get("copies"), lang)
        tabs = [("summary", labels["tab_summary"]), ("reports", labels["tab_reports"])]
        if roster:
            tabs.append(("roster", labels["tab_roster"]))
        if copied:
            tabs.append(("copies", labels["tab_copies"]))
        nav = "".join(f'<button type="button" role="tab" data-tab="{key}" aria-controls="{key}">{esc(text)}</button>'
                      for key, text in tabs)
        out.write(
            f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="xxgk-lint {esc(__version__)}">\n'
            f"<title>{esc(labels['title'])}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"<header><h1>{esc(labels['title'])}</h1>"
            f'<p class="meta">{esc(labels["generated"].format(version=__version__))}</p>'
            f'<nav class="tabs" role="tablist">{nav}</nav></header>\n'
            f'<main>\n<section id="summary" class="tab" aria-labelledby="summary-h">'
            f'<h2 id="summary-h">{esc(labels["summary"])}</h2>\n'
            f"{_figures(files, with_errors, totals, score_sum, scored, grades, labels)}\n"
            f"{run_figures(context.extras, lang)}"
            f'<h2 id="chart-h">{esc(labels["chart"].format(n=min(TOP_CODES, len(codes)) or TOP_CODES))}</h2>\n'
            f"{_chart(codes, names, severities, rules, lang, labels)}</section>\n"
            f'<section id="reports" class="tab" aria-labelledby="reports-h"><h2 id="reports-h">'
            f'{esc(labels["reports"])}</h2>\n'
            f'<noscript><p class="note">{esc(labels["noscript"])}</p></noscript>\n'
            f"{_filters(grades, statuses, codes, names, labels)}"
            f'<p id="sort-status" class="visually-hidden" aria-live="polite" '
            f'data-template="{esc(labels["sorted"])}" data-asc="{esc(labels["asc"])}" '
            f'data-desc="{esc(labels["desc"])}"></p>\n'
            f'<div class="table-wrap" role="region" aria-labelledby="reports-caption" tabindex="0">\n'
            f'<table id="reports-table" data-page="{PAGE}"><caption id="reports-caption">{esc(labels["caption"])}'
            f"</caption>\n<thead><tr>{head_cells}</tr></thead>\n<tbody>\n")
        rows.seek(0)
        shutil.copyfileobj(rows, out)
        out.write(
            "</tbody></table></div>\n"
            f'<div class="pager"><button type="button" id="page-prev">{esc(labels["prev"])}</button>'
            f'<span id="page-status" aria-live="polite" data-template="{esc(labels["shown"])}"></span>'
            f'<button type="button" id="page-next">{esc(labels["next"])}</button></div>\n'
            f'<section id="findings" aria-labelledby="findings-h"><h2 id="findings-h">{esc(labels["findings"])}</h2>\n'
            f'<div id="finding-view" data-labels="{esc(data_json(_view_labels(labels)))}">'
            f'<p class="note">{esc(labels["pick"])}</p></div></section></section>\n'
            f"{roster}{copied}</main>\n"
            '<script type="application/json" id="findings-data">{"rules":')
        out.write(data_json(shared) + ',"reports":[\n')
        data.seek(0)
        shutil.copyfileobj(data, out)
    out.write(f"]}}</script>\n<script>{SCRIPT}</script>\n</body>\n</html>\n")


def _view_labels(labels: dict[str, str]) -> dict[str, str]:
    return {k: labels[k] for k in ("hint", "source", "consequences", "clean", "score", "back", "error", "warning",
                                   "info")}
