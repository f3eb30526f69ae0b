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
    "zh": {"checks": "检查内容", "message": "提示文字", "why": "依据", "severity": "默认级别", "pass": "通过的例子", "fail": "不通过的例子",
           "fix": "修改方法", "kind": "检查类型", "params": "参数", "previous": "上一年度报告",
           "patch_note": "（以示例报告为基础的 JSON merge patch；见 lint/sample.py）"},
    "en": {"checks": "What it checks", "message": "Finding reads", "why": "Source", "severity": "Default severity", "pass": "Passes",
           "fail": "Fails", "fix": "How to fix", "kind": "Check kind", "params": "Parameters",
           "previous": "previous year's report", "patch_note": "(a JSON merge patch over the sample report, lint/sample.py)"},
}


def _yaml(value: Any) -> str:
    from lint.ingest.serialize import to_yaml

    return to_yaml(value) if isinstance(value, dict) else f"{value}\n"


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


def explain(rule: Rule, lang: str = "zh") -> str:
    t = _LABELS[lang]
    summary = rule.summary.get(lang) or rule.summary.get("zh") or ""
    lines = [f"{rule.code} {rule.name}", ""]
    if summary:
        lines.append(f"{t['checks']}: {summary}")
    lines.append(f"{t['message']}: {rule.template(None, lang)}")
    for variant, text in rule.variants.items():
        lines.append(f"    [{variant}] {text.get(lang) or text['zh']}")
    lines.append(f"{t['severity']}: {rule.severity.label}    {t['kind']}: {rule.kind}")
    if rule.params:
        import json

        lines.append(f"{t['params']}: {json.dumps(rule.params, ensure_ascii=False)}")
    lines.append(f"{t['why']}: {rule.source}")
    if rule.hint:
        lines.append(f"{t['fix']}: {rule.hint_text(lang)}")
    for key in ("pass", "fail"):
        example = rule.examples.get(key)
        if example is None:
            continue
        lines += ["", f"{t[key]} {t['patch_note']}:"]
        if "year" in example:
            lines.append(f"  year: {example['year']}")
        if "order" in example:
            for pointer, keys in example["order"].items():
                lines.append(f"  # {pointer} → {', '.join(keys)}")
        if "previous" in example:
            lines.append(f"  # {t['previous']}:")
            lines += ["  " + l for l in _yaml(example["previous"]).rstrip("\n").split("\n")]
            lines.append("  # ↓")
        lines += ["  " + l for l in _yaml(example.get("patch", {})).rstrip("\n").split("\n")]
    return "\n".join(lines) + "\n"


def rules_markdown(packs: list[Pack]) -> str:
    out = ["# xxgk-lint rules", "",
           "Generated from the rule packs by `python -m lint.engine.docs > docs/rules.md`; a test fails when it is stale.",
           "Each example is a JSON merge patch over the sample report in `lint/sample.py`, and a test runs it.", ""]
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
            out += [f"#### {rule.code} `{rule.name}` ({rule.severity.label})", "", "```text",
                    explain(rule, "zh").rstrip("\n"), "```", ""]
    return "\n".join(out)


def main() -> None:
    import sys

    from lint.engine.packs import load_pack
    from lint.resources import shipped_packs

    sys.stdout.write(rules_markdown([load_pack(name) for name in shipped_packs()]))


if __name__ == "__main__":
    main()
