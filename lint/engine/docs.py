"""Rule documentation from one source: the packs.  ``xxgk-lint explain`` and docs/rules.md use it."""

from __future__ import annotations

from typing import Any

from lint.engine.packs import Pack, Rule
from lint.engine.sample import clean_report, merge_patch

FAMILIES = {
    "E": ("输入文件", "the input itself"), "S": ("结构", "structure"), "T": ("表格单元格", "table cells"),
    "B": ("勾稽关系", "arithmetic balance"), "F": ("信息处理费", "fee disclosure"),
    "P": ("第六部分事项", "section 6 items"), "M": ("元数据与格式版本", "metadata and format version"),
    "C": ("正文与表格一致", "narrative against tables"), "X": ("跨年度", "across reports"),
    "N": ("正文实质内容", "narrative substance"),
}

_LABELS = {
    "zh": {"severity": "默认级别", "checks": "检查什么", "why": "依据", "applies": "适用", "pass": "通过的例子",
           "fail": "不通过的例子", "fix": "怎样修改", "says": "检查意见", "not_said": "不报告 {code}。",
           "instead": "它的问题由其他规则报告：", "previous": "上一年度报告：", "this": "本年度报告：",
           "reading": "这条规则说的是本工具没能读出或核对的内容：不扣分，请人工核对。",
           "all": "所有报告", "from": "{y} 年起的报告", "to": "{y} 年及以前的报告", "between": "{a}–{b} 年的报告",
           "levels": "，{levels}", "level": {"government": "人民政府", "department": "政府部门", "other": "其他机关"},
           "format": "，{formats} 年格式的报告", "off": "（默认关闭）",
           "authors": "规则包作者：检查类型 `{kind}`", "params": "，参数 `{params}`"},
    "en": {"severity": "Default severity", "checks": "What it checks", "why": "Rests on", "applies": "Applies to",
           "pass": "An example that passes", "fail": "An example that fails", "fix": "How to fix", "says": "Finding",
           "not_said": "No {code} finding.", "instead": "Other rules report what is wrong with it:",
           "previous": "The previous year's report:", "this": "This year's report:",
           "reading": "This rule reports what the tool could not read or verify: it costs no points; a person "
                      "should look.",
           "all": "every report", "from": "reports from {y} on", "to": "reports up to {y}", "between": "reports of {a}–{b}",
           "levels": ", {levels}", "level": {"government": "people's governments", "department": "departments",
                                             "other": "other agencies"},
           "format": ", reports in the {formats} format", "off": " (off by default)",
           "authors": "For pack authors: check kind `{kind}`", "params": ", parameters `{params}`"},
}
_SEVERITY = {"zh": {"error": "错误", "warning": "警告", "info": "提示"}, "en": {"error": "error", "warning": "warning",
                                                                      "info": "info"}}
_ENGINES: dict[tuple, Any] = {}


def severity_word(severity, lang: str = "zh") -> str:
    """A severity as a person reads it: 错误/警告/提示, or error/warning/info."""
    return _SEVERITY["en" if lang == "en" else "zh"][severity.label]


def example_reports(example: dict, year: int = 2024) -> tuple[dict, dict | None]:
    """(report, previous-year report or None) that a documented example stands for."""
    report = merge_patch(clean_report(example.get("year", year)), example.get("patch", {}))
    # a merge patch cannot reorder keys; ``order`` gives the printed order of a mapping's keys
    for pointer, keys in (example.get("order") or {}).items():
        parent = report
        for part in pointer.strip("/").split("/"):
            parent = parent[part]
        reordered = {k: parent[k] for k in keys if k in parent}
        reordered.update({k: v for k, v in parent.items() if k not in reordered})
        parent.clear()
        parent.update(reordered)
    previous = None
    if "previous" in example:
        previous = merge_patch(clean_report(example.get("year", year) - 1), example["previous"])
    return report, previous


def _engine(rule: Rule, lang: str, packs: list[Pack] | None):
    """An engine of the default packs (and the rule's own), without anyone's selection: examples run as shipped."""
    from lint.engine import Engine
    from lint.engine.packs import DEFAULT_PACKS, load_pack

    if packs is None:
        names = [*DEFAULT_PACKS, *([rule.pack] if rule.pack and rule.pack not in DEFAULT_PACKS else [])]
        key: tuple = (tuple(names), lang)
        if key not in _ENGINES:
            loaded = []
            for name in names:
                try:
                    loaded.append(load_pack(name))
                except Exception:  # a pack given by path is not found by name: its rule still has its examples
                    continue
            _ENGINES[key] = Engine(loaded, lang=lang)
        return _ENGINES[key]
    key = (tuple(id(p) for p in packs), lang)
    if key not in _ENGINES:
        _ENGINES[key] = Engine(packs, lang=lang)
    return _ENGINES[key]


def _applies(rule: Rule, lang: str) -> str:
    t = _LABELS[lang]
    when = rule.when
    if when.year_min and when.year_max:
        text = t["between"].format(a=when.year_min, b=when.year_max)
    elif when.year_min:
        text = t["from"].format(y=when.year_min)
    elif when.year_max:
        text = t["to"].format(y=when.year_max)
    else:
        text = t["all"]
    if when.formats:
        text += t["format"].format(formats="/".join(when.formats))
    if when.levels:
        text += t["levels"].format(levels=("、" if lang == "zh" else ", ").join(t["level"].get(x, x) for x in when.levels))
    return text + ("" if rule.enabled else t["off"])


def _said(finding) -> dict:
    return {"code": finding.code, "severity": finding.severity.label, "message": finding.message,
            "consequences": [_said(c) for c in finding.consequences]}


def explanation(rule: Rule, lang: str = "zh", packs: list[Pack] | None = None) -> dict[str, Any]:
    """What ``xxgk-lint explain``, the web page and the audit page show of a rule, as data.

    Keys: code, name, summary, severity (label in ``lang``), applies, why, fix, reading (a note when
    the rule is about what could not be read), and pass / fail, each {"shows": lines of the report
    as printed, "previous": lines of the year before, "findings": the rule's findings (with the
    finding they follow from), "others": what else the example gives}.
    """
    from lint.engine.examples import examples
    from lint.engine.sources import source_words

    lang = "en" if lang == "en" else "zh"
    summary = rule.summary.get(lang) or rule.summary.get("zh") or ""
    out: dict[str, Any] = {
        "code": rule.code, "name": rule.name, "summary": summary,
        "severity": _SEVERITY[lang][rule.severity.label], "applies": _applies(rule, lang),
        "why": source_words(rule.source, lang) if rule.source else "", "fix": rule.hint_text(lang),
        "reading": _LABELS[lang]["reading"] if rule.origin == "reading" else "",
    }
    if rule.examples:
        for key, example in examples(_engine(rule, lang, packs), rule, lang).items():
            hosts = [f for f in example.hosts]
            out[key] = {"shows": example.shows, "previous": example.previous,
                        "findings": [_said(f) for f in hosts], "others": [_said(f) for f in example.others[:3]]}
    return out


def _finding_lines(said: dict, lang: str, indent: str) -> list[str]:
    lines = [f"{indent}{said['code']} {_SEVERITY[lang][said['severity']]} {said['message']}"]
    for consequence in said["consequences"]:
        lines.append(f"{indent}  ↳ {consequence['code']} {_SEVERITY[lang][consequence['severity']]} "
                     f"{consequence['message']}")
    return lines


def explain(rule: Rule, lang: str = "zh", packs: list[Pack] | None = None) -> str:
    """The explanation of a rule as text, for a terminal and for docs/rules.md."""
    lang = "en" if lang == "en" else "zh"
    t = _LABELS[lang]
    data = explanation(rule, lang, packs)
    colon = "：" if lang == "zh" else ": "
    ends = "：" if lang == "zh" else ":"
    lines = [f"{rule.code} {rule.name}",
             f"{t['severity']}{colon}{data['severity']}    {t['applies']}{colon}{data['applies']}", ""]
    if data["summary"]:
        lines.append(f"{t['checks']}{colon}{data['summary']}")
    if data["why"]:
        lines.append(f"{t['why']}{colon}{data['why']}")
    if data["reading"]:
        lines.append(data["reading"])
    for key in ("fail", "pass"):
        if key not in data:
            continue
        example = data[key]
        lines += ["", f"{t[key]}{ends}"]
        if example["previous"]:
            lines += [f"    {t['previous']}", *("      " + x for x in example["previous"]), f"    {t['this']}"]
            lines += ["      " + x for x in example["shows"]]
        else:
            lines += ["    " + x for x in example["shows"]]
        if example["findings"]:
            lines.append(f"    {t['says']}{ends}")
            for said in example["findings"]:
                lines += _finding_lines(said, lang, "      ")
        else:
            lines.append("    " + t["not_said"].format(code=rule.code))
            if example["others"] and key == "pass":
                lines.append("    " + t["instead"])
                for said in example["others"]:
                    lines += _finding_lines(said, lang, "      ")
    if data["fix"]:
        lines += ["", f"{t['fix']}{colon}{data['fix']}"]
    return "\n".join(lines) + "\n"


def _marked(lines: list[str]) -> str:
    """Lines as HTML, a line of carets under a line turned into <mark> around the characters above them."""
    from html import escape

    from lint.vocab.printed import cells

    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        carets = lines[i + 1] if i + 1 < len(lines) else ""
        if carets.strip() and set(carets.strip()) == {"^"}:
            html, column, on = "", 0, False
            for ch in line:
                marked = column < len(carets) and carets[column] == "^"
                if marked != on:
                    html += "<mark>" if marked else "</mark>"
                    on = marked
                html += escape(ch)
                column += cells(ch)
            out.append(html + ("</mark>" if on else ""))
            i += 2
            continue
        out.append(escape(line))
        i += 1
    return "\n".join(out)


def explain_html(rule: Rule, lang: str = "zh", packs: list[Pack] | None = None) -> str:
    """The explanation of a rule as an HTML fragment (no scripts, no styles; the page styles it)."""
    from html import escape

    lang = "en" if lang == "en" else "zh"
    t = _LABELS[lang]
    data = explanation(rule, lang, packs)

    def findings(items: list[dict]) -> str:
        rows = []
        for said in items:
            rows.append(f"<p><b>{escape(said['code'])}</b> {escape(_SEVERITY[lang][said['severity']])} "
                        f"{escape(said['message'])}</p>")
            rows.extend(f"<p class=\"follows\">↳ {escape(c['code'])} {escape(_SEVERITY[lang][c['severity']])} "
                        f"{escape(c['message'])}</p>" for c in said["consequences"])
        return f"<div class=\"said\">{''.join(rows)}</div>"

    parts = [f"<dl class=\"rule-explained\"><dt>{escape(t['severity'])}</dt><dd>{escape(data['severity'])}</dd>",
             f"<dt>{escape(t['applies'])}</dt><dd>{escape(data['applies'])}</dd>"]
    for key in ("summary", "why"):
        if data[key]:
            label = t["checks"] if key == "summary" else t["why"]
            parts.append(f"<dt>{escape(label)}</dt><dd>{escape(data[key])}</dd>")
    if data["reading"]:
        parts.append(f"<dd class=\"reading\">{escape(data['reading'])}</dd>")
    for key in ("fail", "pass"):
        if key not in data:
            continue
        example = data[key]
        body = ""
        if example["previous"]:
            body += f"<p>{escape(t['previous'])}</p><pre>{_marked(example['previous'])}</pre>" \
                    f"<p>{escape(t['this'])}</p>"
        body += f"<pre>{_marked(example['shows'])}</pre>"
        if example["findings"]:
            body += f"<p>{escape(t['says'])}</p>" + findings(example["findings"])
        else:
            body += f"<p>{escape(t['not_said'].format(code=rule.code))}</p>"
            if example["others"] and key == "pass":
                body += f"<p>{escape(t['instead'])}</p>" + findings(example["others"])
        parts.append(f"<dt>{escape(t[key])}</dt><dd>{body}</dd>")
    if data["fix"]:
        parts.append(f"<dt>{escape(t['fix'])}</dt><dd>{escape(data['fix'])}</dd>")
    return "".join(parts) + "</dl>"


def rules_markdown(packs: list[Pack]) -> str:
    out = ["# xxgk-lint rules", "",
           "Generated from the rule packs by `python -m lint.engine.docs > docs/rules.md`; a test fails when it is stale.",
           "The examples are the packs' own: each is run on the sample report (`lint/engine/sample.py`) and shown as "
           "the report prints it, with the finding it gives.", ""]
    for pack in packs:
        out += [f"## Pack `{pack.name}`", ""]
        if pack.extends:
            out += [f"Extends `{pack.extends}`. Changes:", ""]
            for code, change in sorted(pack.overrides.items()):
                what = ", ".join(f"{k}: {v}" for k, v in change.items())
                out.append(f"- {code}: {what}")
            out.append("")
        family = None
        for rule in sorted((r for r in pack.rules if r.code in pack.own), key=lambda r: r.code):
            if rule.code[0] != family:
                family = rule.code[0]
                zh, en = FAMILIES.get(family, (family, family))
                out += [f"### {family}xxx — {zh} / {en}", ""]
            t = _LABELS["zh"]
            authors = t["authors"].format(kind=rule.kind)
            if rule.params:
                import json

                authors += t["params"].format(params=json.dumps(rule.params, ensure_ascii=False))
            out += [f"#### {rule.code} `{rule.name}` ({rule.severity.label})", "", "```text",
                    explain(rule, "zh").rstrip("\n"), "```", "", f"{authors}。", ""]
    return "\n".join(out)


def main() -> None:
    import sys

    from lint.engine.packs import load_pack
    from lint.resources import shipped_packs

    sys.stdout.write(rules_markdown([load_pack(name) for name in shipped_packs()]))


if __name__ == "__main__":
    main()
