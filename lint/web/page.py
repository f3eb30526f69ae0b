"""The pages: the upload form, and the results of one upload (audit table, findings by section, tables).

Everything taken from a report or a file name goes through ``html.escape``.
Downloads (the annotated Word copy, the JSON) travel inside the page as base64
and are turned into files by the page's script: nothing is kept on the server
after the response.
"""

from __future__ import annotations

import base64
import re
from html import escape
from typing import Any

from lint import __version__
from lint.model import Finding, Severity
from lint.report.outline import ORDER, part_of, part_title
from lint.web.assets import SCRIPT, STYLE
from lint.web.tables import render as render_tables
from lint.web.tables import severity_class

T = {
    "zh": {
        "title": "政府信息公开工作年度报告检查", "drop": "把年度报告文件拖到这里，或点击选择文件（可一次选多个）",
        "send": "检查", "busy": "正在检查……", "again": "检查其他文件",
        "limits": "支持 Word、PDF、网页、文本等格式；每个文件不超过 {size}，一次最多 {files} 个文件。"
                  "文件只在检查期间存放在本机的临时文件夹中，检查完毕即删除，不会发送到任何其他地方。",
        "audit": "检查结果一览", "file": "文件", "agency": "机关", "year": "年度", "status": "状态",
        "score": "得分", "grade": "等级", "error": "错误", "warning": "警告", "info": "提示",
        "reading": "需人工核对", "download_word": "下载批注版 Word", "download_json": "下载 JSON",
        "download_all": "下载全部结果（JSON）", "findings": "检查意见", "tables": "报告中的表格",
        "none": "没有发现问题。", "hint": "修改建议：", "consequences": "由此引起：", "explain": "规则说明",
        "whole": "全文", "front": "标题与前言", "cell": "位置：",
        "complete": "完整检查", "partial": "部分内容未能读取（得分只计已读部分）", "not-graded": "不评分",
        "reading_note": "（检查工具未能读取或核对，请人工查看；不扣分）",
        "no_word": "这不是 Word 文件，没有批注版；可下载 JSON。", "word_problem": "未能生成批注版 Word：",
        "footer": "xxgk-lint {version} · 本页面不加载任何外部资源",
        "run_problems": "本次检查未能全部完成，下列结果缺失（各文件的检查意见完整）：",
    },
    "en": {
        "title": "Annual report check (政府信息公开工作年度报告)",
        "drop": "Drop report files here, or click to choose (several at once)",
        "send": "Check", "busy": "Checking…", "again": "Check other files",
        "limits": "Word, PDF, web pages, text and more; at most {size} per file, {files} files at once. "
                  "Files stay in a private temporary folder on this computer only while they are checked, "
                  "are deleted right after, and are sent nowhere else.",
        "audit": "Results at a glance", "file": "File", "agency": "Agency", "year": "Year", "status": "Status",
        "score": "Score", "grade": "Grade", "error": "errors", "warning": "warnings", "info": "info",
        "reading": "check by hand", "download_word": "Download the annotated Word file",
        "download_json": "Download JSON", "download_all": "Download all results (JSON)", "findings": "Findings",
        "tables": "The report's tables", "none": "No problems found.", "hint": "Fix: ",
        "consequences": "Follows from it: ", "explain": "About this rule", "whole": "Whole report",
        "front": "Title and introduction", "cell": "Where: ",
        "complete": "complete", "partial": "partly read (the score covers what was read)",
        "not-graded": "not graded",
        "reading_note": "(the tool could not read or verify this; please look; costs no points)",
        "no_word": "Not a Word file: no annotated copy; the JSON can be downloaded.",
        "word_problem": "No annotated Word copy: ", "footer": "xxgk-lint {version} · this page loads nothing from outside",
        "run_problems": "Part of this check could not be completed; these results are missing (each file's findings "
                        "are complete):",
    },
}
_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
#: the badge of one finding
_BADGE = {"zh": {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"},
          "en": {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _shell(lang: str, body: str, here: str = "/") -> str:
    t = T[lang]
    current = ' aria-current="page"'
    switch = "".join(f'<a href="{here}?lang={code}"{current if code == lang else ""}>{name}</a>'
                     for code, name in (("zh", "中文"), ("en", "English")))
    return (f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(t["title"])}</title>'
            f'<style>{STYLE}</style></head><body><header><h1>{escape(t["title"])}</h1><nav>{switch}</nav></header>'
            f'<main>{body}</main><p class="note">{escape(t["footer"].format(version=__version__))}</p>'
            f"<script>{SCRIPT}</script></body></html>")


def upload_form(lang: str, *, max_bytes: int, max_files: int, accept: str) -> str:
    t = T[lang]
    size = f"{max_bytes / 1024 / 1024:g} MB"
    return (f'<form class="upload" id="upload" method="post" action="/check?lang={lang}" enctype="multipart/form-data">'
            f'<input type="hidden" name="lang" value="{lang}">'
            f'<label class="drop" id="drop">{escape(t["drop"])}'
            f'<input type="file" id="files" name="files" multiple accept="{escape(accept)}"></label>'
            f'<ul class="chosen" id="chosen"></ul><div class="actions">'
            f'<button type="submit" id="send" data-busy="{escape(t["busy"])}">{escape(t["send"])}</button></div>'
            f'<p class="note">{escape(t["limits"].format(size=size, files=max_files))}</p></form>')


def index_page(lang: str, **limits: Any) -> str:
    return _shell(lang, upload_form(lang, **limits))


def problem_page(lang: str, message: str, **limits: Any) -> str:
    return _shell(lang, f'<p class="problem" role="alert">{escape(message)}</p>' + upload_form(lang, **limits))


# ---------------------------------------------------------------- findings


def group_of(finding: Finding) -> str:
    """The part of the report a finding is about: a section key, "front" or "whole" (as the terminal groups them)."""
    return part_of(finding)


def _group_title(key: str, lang: str) -> str:
    return part_title(key, lang)


def ordered(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings by part of the report, parts in document order, errors first within each, then by place."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(group_of(finding), []).append(finding)
    return [(key, sorted(groups[key], key=lambda f: (f.origin == "reading", -f.severity, f.sort_key())))
            for key in ORDER if key in groups]


def _where(finding: Finding) -> str:
    loc = finding.location
    parts = [p for p in (loc.table, loc.row and f"「{loc.row}」", loc.col and f"「{loc.col}」") if p]
    if loc.page is not None:
        parts.insert(0, f"p.{loc.page}")
    if loc.line is not None:
        parts.append(f"{loc.line}:{loc.column or 1}")
    return " ".join(parts)


def _finding(finding: Finding, anchor: str, lang: str, explained: set[str], rules: dict[str, Any]) -> str:
    t = T[lang]
    kind = severity_class(finding)
    label = t["reading"] if kind == "reading" else _BADGE[lang][finding.severity]
    out = [f'<li id="{anchor}" class="{kind}" data-code="{escape(finding.code)}"><span class="sev {kind}">'
           f'{escape(label)}</span><span class="code">{escape(finding.code)}</span> {escape(finding.message)}']
    where = _where(finding)
    if where:
        out.append(f'<span class="loc">{escape(t["cell"] + where)}</span>')
    if finding.hint:
        out.append(f'<span class="hint">{escape(t["hint"] + finding.hint)}</span>')
    if kind == "reading":
        out.append(f'<span class="more">{escape(t["reading_note"])}</span>')
    if finding.consequences:
        out.append(f'<span class="more">{escape(t["consequences"])}'
                   + "；".join(escape(f"{c.code} {c.message}") for c in finding.consequences) + "</span>")
    rule = rules.get(finding.code)
    if rule is not None and finding.code not in explained:
        explained.add(finding.code)
        from lint.engine.docs import explain_html

        out.append(f'<details class="rule"><summary>{escape(t["explain"])}</summary>'
                   f"{explain_html(rule, lang)}</details>")
    return "".join(out) + "</li>"


# ---------------------------------------------------------------- one file, several files


def _blob(ident: str, data: bytes) -> str:
    return f'<script type="application/octet-stream" id="{ident}">{base64.b64encode(data).decode("ascii")}</script>'


def _downloads(view: Any, index: int, lang: str) -> str:
    t = T[lang]
    json_name = re.sub(r"\.[^.]*$", "", view.name) + ".xxgk-lint.json"
    links = []
    if view.word is not None:
        links.append(f'<a class="button" href="#" id="word-{index}" data-blob="blob-word-{index}" '
                     f'data-type="{DOCX_TYPE}" download="{escape(view.word_name)}">{escape(t["download_word"])}</a>')
    links.append(f'<a class="button plain" href="#" id="json-{index}" data-blob="blob-json-{index}" '
                 f'data-type="application/json" download="{escape(json_name)}">{escape(t["download_json"])}</a>')
    note = ""
    if view.word is None:
        note = (t["word_problem"] + view.word_problem) if view.word_problem else ("" if view.is_word else t["no_word"])
    blobs = (_blob(f"blob-word-{index}", view.word) if view.word is not None else "") + \
        _blob(f"blob-json-{index}", view.json.encode("utf-8"))
    return (f'<div class="actions">{"".join(links)}</div>'
            + (f'<p class="note">{escape(note)}</p>' if note else "") + blobs)


def _facts(view: Any, lang: str) -> str:
    t = T[lang]
    result = view.result
    counts = result.counts()
    items = [f'<li class="status-{escape(result.status)}">{escape(t["status"])}：<b>{escape(t[result.status])}</b></li>'
             if lang == "zh" else
             f'<li class="status-{escape(result.status)}">{escape(t["status"])}: <b>{escape(t[result.status])}</b></li>']
    if result.score is not None:
        items.append(f'<li>{escape(t["score"])} <b class="score">{result.score}</b> · {escape(t["grade"])} '
                     f'<b class="grade">{escape(result.grade or "")}</b></li>')
    items.append("<li>" + " · ".join(f'{escape(t[k])} <b class="count-{k}">{counts[k]}</b>'
                                      for k in ("error", "warning", "info")) + "</li>")
    who = " ".join(str(v) for v in (result.agency, result.year) if v)
    if who:
        items.append(f"<li>{escape(who)}</li>")
    return f'<ul class="facts">{"".join(items)}</ul>'


def file_section(view: Any, index: int, lang: str, rules: dict[str, Any]) -> str:
    t = T[lang]
    findings = view.result.findings
    numbers: dict[int, tuple[str, int]] = {}
    explained: set[str] = set()
    parts = [f'<section class="file" id="file-{index}"><h2>{escape(view.name)}</h2>', _facts(view, lang),
             _downloads(view, index, lang), f'<h3>{escape(t["findings"])}</h3>']
    if not findings:
        parts.append(f'<p class="clean">{escape(t["none"])}</p>')
    counter = 0
    body = []
    for key, members in ordered(findings):
        items = []
        for finding in members:
            counter += 1
            numbers[id(finding)] = (f"f{index}-{counter}", counter)
            items.append(_finding(finding, f"f{index}-{counter}", lang, explained, rules))
        body.append(f'<h3 class="group" data-group="{key}">{escape(_group_title(key, lang))}</h3>'
                    f'<ol class="findings" start="{counter - len(members) + 1}">{"".join(items)}</ol>')
    parts.extend(body)
    tables = render_tables(view.report, findings, numbers, lang)
    if tables:
        parts.append(f'<h3>{escape(t["tables"])}</h3>{tables}')
    return "".join(parts) + "</section>"


def audit_table(audit: Any, lang: str) -> str:
    t = T[lang]
    numeric = ' class="num"'
    head = "".join(f"<th{numeric if k in ('score', 'error', 'warning', 'info') else ''}>{escape(t[k])}</th>"
                   for k in ("file", "agency", "year", "status", "score", "grade", "error", "warning", "info"))
    rows = []
    for index, view in enumerate(audit.files, 1):
        r = view.result
        c = r.counts()
        rows.append(f'<tr><td><a href="#file-{index}">{escape(view.name)}</a></td><td>{escape(r.agency or "")}</td>'
                    f'<td>{escape(str(r.year or ""))}</td><td class="status-{escape(r.status)}">{escape(t[r.status])}</td>'
                    f'<td class="num">{"" if r.score is None else r.score}</td><td>{escape(r.grade or "")}</td>'
                    f'<td class="num">{c["error"]}</td><td class="num">{c["warning"]}</td><td class="num">{c["info"]}</td></tr>')
    download = (f'<div class="actions"><a class="button plain" href="#" id="json-all" data-blob="blob-json-all" '
                f'data-type="application/json" download="xxgk-lint.json">{escape(t["download_all"])}</a></div>'
                + _blob("blob-json-all", audit.json.encode("utf-8")))
    return (f'<h2>{escape(t["audit"])}</h2><table class="audit"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>{download}')


def run_problems(audit: Any, lang: str) -> str:
    """What the run says of the upload as a whole (a stage over the batch failed), above the files; "" if nothing."""
    problems = getattr(audit, "problems", None) or []
    if not problems:
        return ""
    items = "".join(f"<li>{escape(zh if lang == 'zh' else en)}</li>" for zh, en in problems)
    return (f'<div class="problem run-problems" id="run-problems" role="alert"><p>{escape(T[lang]["run_problems"])}</p>'
            f"<ul>{items}</ul></div>")


def results_page(audit: Any, lang: str, **limits: Any) -> str:
    parts = [upload_form(lang, **limits), run_problems(audit, lang)]
    if len(audit.files) > 1:
        parts.append(audit_table(audit, lang))
    parts.extend(file_section(view, index, lang, audit.rules) for index, view in enumerate(audit.files, 1))
    return _shell(lang, "".join(parts))
