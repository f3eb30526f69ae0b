"""The engine: runs the rules of the active packs on one report and stamps severities.

Rules never decide their own severity; the engine applies the pack's default and
then the user's overrides.  A crash inside one rule becomes an E099 finding for
that file and every other rule still runs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any, Iterable

from lint import errors
from lint.checks import REGISTRY
from lint.checks.base import Context, Problem
from lint.checks.identities import describe_cell
from lint.errors import InputError
from lint.model import Finding, Location, Severity, SourceMap
from lint.engine.packs import Pack, Rule, render
from lint.engine.selection import Selection

REPORT_KEYS = {"format", "year", "agency", "title", "sections", "tables", "intro"}

_ROOT_CAUSE = {
    "zh": "疑似{table}「{row}」行「{col}」列的数字有误：它同时使 {n} 项勾稽核对不平（其余各项列在下面）。{first}",
    "en": "The figure in {table} row 「{row}」, column 「{col}」 looks wrong: it breaks {n} checks at once "
          "(the others are listed below). {first}",
}


class Engine:
    """The rules of some packs, with the user's selection and severities applied."""

    def __init__(self, packs: Iterable[Pack], *, lang: str = "zh", selection: Selection | None = None) -> None:
        self.lang = lang
        self.selection = selection or Selection()

        def user(rule: Rule) -> Rule:
            # the user's choices come last: they beat every pack
            enabled = self.selection.enabled(rule.code, rule.enabled)
            severity = self.selection.severity(rule.code, rule.severity)
            if enabled == rule.enabled and severity == rule.severity:
                return rule
            return replace(rule, enabled=enabled, severity=severity)

        self.packs = [replace(p, rules=[user(r) for r in p.rules]) for p in packs]
        #: every rule of every pack, a later pack's rule replacing an earlier one of the same code
        self.rules: dict[str, Rule] = {r.code: r for p in self.packs for r in p.rules}
        #: how findings become a score: the last pack that says so
        self.scoring = next((p.scoring for p in reversed(self.packs) if p.scoring), None)
        #: an evaluator's indicator list (score sheet): the last pack that defines one
        self.indicators = next((p.indicators for p in reversed(self.packs) if p.indicators), None)
        #: codes whose finding means the file is not graded
        self.not_graded = {code for code, r in self.rules.items() if r.status == "not-graded"}

    # ---------------------------------------------------------------- findings

    def _finding(self, rule: Rule | None, code: str, message: str, location: Location, *,
                 origin: str | None = None, **extra: Any) -> Finding:
        return Finding(
            code=code,
            origin=origin or (rule.origin if rule else "reading"),
            name=rule.name if rule else code.lower(),
            severity=rule.severity if rule else Severity.ERROR,
            message=message,
            location=location,
            hint=rule.hint_text(self.lang) if rule else "",
            source=rule.source if rule else "",
            **extra,
        )

    def input_finding(self, path: str, exc: InputError) -> Finding | None:
        rule = self.rules.get(exc.code)
        if rule is not None and not rule.enabled:
            return None
        detail = exc.zh if self.lang == "zh" else exc.en
        message = render(rule.template(None, self.lang), {"detail": detail, "path": path}) if rule else detail
        return self._finding(rule, exc.code, message,
                             Location(pointer=exc.pointer, line=exc.line, column=exc.column, page=exc.page))

    def from_problem(self, rule: Rule, problem: Problem, source_map: SourceMap, ctx: Context | None = None) -> Finding:
        loc = _sentence_place(problem, source_map, ctx) or source_map.lookup(problem.place or problem.pointer)
        loc = replace(loc, pointer=problem.pointer, table=loc.table or problem.table, row=loc.row or problem.row,
                      col=loc.col or problem.col)
        return self._finding(rule, rule.code, self._message(rule, problem), loc,
                             evidence=problem.evidence, cells=problem.cells, origin=problem.origin)

    def _message(self, rule: Rule, problem: Problem) -> str:
        text = render(rule.template(problem.variant, self.lang), problem.args)
        if self.lang != "en":
            return text
        from lint.engine.english import english

        return english(text)

    # ---------------------------------------------------------------- running

    def applicable_rules(self, report: dict) -> list[Rule]:
        fmt = report.get("format") if report.get("format") in ("2021", "2019") else None
        year = report.get("year") if isinstance(report.get("year"), int) else None
        level = report.get("level") if isinstance(report.get("level"), str) else None
        # the packs that apply to this report; of two active packs defining a code, the later wins
        active = {r.code: r for p in self.packs if p.applies.matches(fmt, year, level) for r in p.rules}
        return [r for r in active.values()
                if r.enabled and REGISTRY[r.kind].run is not None and not REGISTRY[r.kind].cross
                and r.when.matches(fmt, year, level)]

    def schema_findings(self, report: dict, source_map: SourceMap) -> list[Finding]:
        rule = self.rules.get(errors.SCHEMA)
        if rule is not None and not rule.enabled:
            return []
        out = []
        from lint.engine.validators import errors as schema_errors
        from lint.engine.validators import fast

        for err in schema_errors(report, _report_schema, fast("report.schema.json")):
            pointer = "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in err.absolute_path)
            detail = _schema_message(err, self.lang)
            message = render(rule.template(None, self.lang), {"detail": detail, "path": pointer}) if rule else detail
            out.append(self._finding(rule, errors.SCHEMA, message, source_map.lookup(pointer)))
        return out

    @staticmethod
    def is_report(report: Any) -> bool:
        """Whether a loaded value is a structured report at all (a mapping with report keys)."""
        return isinstance(report, dict) and bool(REPORT_KEYS & set(report))

    def check(self, report: Any, source_map: SourceMap, path: str = "") -> list[Finding]:
        if not self.is_report(report):
            what = type(report).__name__ if not isinstance(report, dict) else "mapping without report keys"
            exc = InputError(errors.NOT_A_REPORT,
                             "这不是一份结构化的年度报告（顶层应包含 year、agency、sections、tables 等键）",
                             f"not a structured annual report ({what}; expected keys such as year, agency, "
                             "sections, tables)", line=1, column=1)
            finding = self.input_finding(path, exc)
            return [finding] if finding else []
        findings = self.schema_findings(report, source_map)
        ctx = Context(report, source_map, path)
        # a report out of scope (pre-2019) gets the finding that says so and nothing that would pile on
        out_of_scope = self._run(ctx, self.scope_rules(report), source_map, [])
        if out_of_scope:
            return sorted(findings + out_of_scope, key=Finding.sort_key)
        grouped: list[Finding] = []
        rules = [r for r in self.applicable_rules(report) if r.status != "not-graded"]
        findings.extend(self._run(ctx, rules, source_map, grouped))
        findings.extend(self.group_root_causes(ctx, grouped))
        return self.fold_cell_findings(sorted(findings, key=Finding.sort_key))

    def fold_cell_findings(self, findings: list[Finding]) -> list[Finding]:
        """A blank cell is one finding: what it keeps from being checked goes under it (lint.engine.grouping)."""
        from lint.checks.balance import unevaluable_args
        from lint.engine.grouping import fold_cell_findings
        from lint.vocab.tables import TABLE_NAMES

        def kind_of(code: str) -> str | None:
            rule = self.rules.get(code)
            return rule.kind if rule else None

        def message(finding: Finding, identities: list[dict]) -> str:
            rule = self.rules[finding.code]
            table = TABLE_NAMES.get(finding.location.pointer.strip("/").split("/")[-1], finding.location.table or "")
            return self._message(rule, Problem(finding.location.pointer, unevaluable_args(table, identities)))

        return fold_cell_findings(findings, kind_of, message)

    def scope_rules(self, report: dict) -> list[Rule]:
        """The rules whose finding makes a report not graded (``status: not-graded``).

        They run whatever pack's ``applies`` the report's year matches or misses: a report
        of a year no pack covers (a 2015 report) is exactly what they are there to say.
        """
        fmt = report.get("format") if report.get("format") in ("2021", "2019") else None
        year = report.get("year") if isinstance(report.get("year"), int) else None
        level = report.get("level") if isinstance(report.get("level"), str) else None
        return [r for r in self.rules.values()
                if r.status == "not-graded" and r.enabled and REGISTRY[r.kind].run is not None
                and not REGISTRY[r.kind].cross and r.when.matches(fmt, year, level)]

    def _run(self, ctx: Context, rules: list[Rule], source_map: SourceMap, grouped: list[Finding]) -> list[Finding]:
        """The findings of ``rules``; those of root-cause grouping go to ``grouped`` instead."""
        findings: list[Finding] = []
        for rule in rules:
            try:
                for problem in REGISTRY[rule.kind].run(ctx, rule.params):
                    finding = self.from_problem(rule, problem, source_map, ctx)
                    (grouped if rule.kind == "balance" else findings).append(finding)
            except Exception as exc:  # a rule bug must not cost the user the other findings
                internal = self.rules.get(errors.INTERNAL)
                msg = {"zh": f"规则 {rule.code} 运行出错，已跳过：{type(exc).__name__}: {exc}",
                       "en": f"rule {rule.code} failed and was skipped: {type(exc).__name__}: {exc}"}[self.lang]
                findings.append(self._finding(internal, errors.INTERNAL, msg, Location()))
        return findings

    # ---------------------------------------------------------------- across reports

    def summarize(self, report: Any, source_map: SourceMap, path: str):
        """The little the cross-report stage needs of this report (None if it is no report)."""
        from lint.checks.crossyear import summarize

        if not self.is_report(report):
            return None
        return summarize(Context(report, source_map, path), path)

    def check_series(self, summaries: Iterable[Any]) -> dict[str, list[Finding]]:
        """Cross-report findings of summaries held in memory (the run pipeline keeps them on disk)."""
        from lint.engine.pairing import pair

        held = [s for s in summaries if s is not None]
        pairing = pair((i, s.pairing_key()) for i, s in enumerate(held))
        out = self.check_pairs((held[a], held[b]) for a, b in pairing.pairs)
        rule = self.copy_rule()
        if rule is not None:
            from lint.checks.copies import find_copies, record

            for a, b, copy in find_copies([s for s in held if not s.history], rule.params):
                for path, finding in self.copy_findings(record(a, b, copy), (a, b)):
                    out.setdefault(path, []).append(finding)
        return out

    def copy_rule(self) -> Rule | None:
        """The enabled rule that finds passages copied between agencies (kind ``copied_passages``)."""
        return next((r for r in self.rules.values() if r.enabled and r.kind == "copied_passages"), None)

    def copy_findings(self, record: Any, summaries: tuple[Any, Any]) -> list[tuple[str, Finding]]:
        """One finding in each of the two reports a copied passage joins."""
        from lint.checks.copies import problems

        rule = self.copy_rule()
        if rule is None:
            return []
        return [(summary.path, self.cross_finding(rule, problems(record, side), summary))
                for side, summary in enumerate(summaries) if not summary.history]

    def cross_finding(self, rule: Rule, problem: Problem, summary: Any) -> Finding:
        """A finding of an across-reports rule, placed where ``summary``'s file has the pointer."""
        loc = summary.places.get(problem.pointer) or summary.places.get("/sections") or Location()
        loc = replace(loc, pointer=problem.pointer, table=loc.table or problem.table,
                      row=loc.row or problem.row, col=loc.col or problem.col)
        return self._finding(rule, rule.code, self._message(rule, problem), loc,
                             evidence=problem.evidence, origin=problem.origin)

    def check_pairs(self, pairs: Iterable[tuple[Any, Any]]) -> dict[str, list[Finding]]:
        """Cross-report findings for (previous year, this year) summaries of one agency."""
        rules = [r for r in self.rules.values() if r.enabled and REGISTRY[r.kind].cross]
        out: dict[str, list[Finding]] = {}
        for previous, current in pairs:
            for rule in rules:
                for problem in REGISTRY[rule.kind].run(previous, current, rule.params):
                    out.setdefault(current.path, []).append(self.cross_finding(rule, problem, current))
        return out

    def group_root_causes(self, ctx: Context, findings: list[Finding]) -> list[Finding]:
        """When one cell explains several broken identities, show it once with the rest attached.

        A cell is blamed only when no other cell explains an overlapping set of
        broken identities equally well (two wrong cells can be swapped for two
        others in the same rows and columns); otherwise the findings stay apart.
        """
        remaining = list(findings)
        out: list[Finding] = []
        while True:
            counts = Counter(cell for f in remaining for cell in set(f.cells))
            best = max((n for n in counts.values() if n >= 2), default=0)
            if not best:
                break
            candidates = sorted(c for c, n in counts.items() if n == best)
            cell = candidates[0]
            group = [f for f in remaining if cell in f.cells]
            rivals = [c for c in candidates[1:] if any(c in f.cells for f in group)]
            if rivals:
                # ambiguous: leave every finding these cells touch as it is
                touched = {id(f) for f in remaining for c in [cell, *rivals] if c in f.cells}
                out.extend(f for f in remaining if id(f) in touched)
                remaining = [f for f in remaining if id(f) not in touched]
                continue
            remaining = [f for f in remaining if cell not in f.cells]
            primary = group[0]
            table, row, col = describe_cell(ctx, cell)
            message = render(_ROOT_CAUSE[self.lang], {"table": table, "row": row, "col": col,
                                                       "n": len(group), "first": primary.message})
            if self.lang == "en":
                from lint.engine.english import english

                message = english(render(_ROOT_CAUSE["en"], {"table": table, "row": row, "col": col,
                                                             "n": len(group), "first": ""})) + primary.message
            loc = ctx.source_map.lookup(cell)
            loc = replace(loc, table=loc.table or table, row=loc.row or row, col=loc.col or col)
            evidence = {**primary.evidence, "suspect_cell": cell, "suspect_value": ctx.get(cell)}
            out.append(replace(primary, message=message, location=loc, evidence=evidence,
                               consequences=group[1:]))
        return out + remaining


def _sentence_place(problem: Problem, source_map: SourceMap, ctx: Context | None) -> Location | None:
    """Where the words a narrative finding quotes are printed: the paragraph (or PDF line) holding them."""
    quote = problem.args.get("quote") or problem.args.get("found")
    place = problem.place or problem.pointer
    if ctx is None or not isinstance(quote, str) or not quote.strip() or not place.endswith("/text") and \
            place != "/intro":
        return None
    text = ctx.get(place)
    if not isinstance(text, str):
        return None
    import re

    from lint.vocab.text import normalise

    # the quote is normalised text without line breaks; the printed text may break it anywhere
    pattern = r"\s*".join(re.escape(ch) for ch in normalise(quote) if not ch.isspace())
    found = re.search(pattern, normalise(text)) if pattern else None
    return source_map.lookup_offset(place, found.start()) if found else None


_REPORT_SCHEMA: list[dict] = []


def _report_schema() -> dict:
    if not _REPORT_SCHEMA:
        from lint.resources import schema

        _REPORT_SCHEMA.append(_inline_refs(schema("report.schema.json")))
    return _REPORT_SCHEMA[0]


def _inline_refs(schema: dict) -> dict:
    """The schema with its local ``#/$defs/…`` references replaced by what they name.

    Resolving references is most of jsonschema's time on a report; our schema has no
    recursive definitions, so inlining them once gives the same verdicts faster.
    """
    defs = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
                return walk(defs[ref[len("#/$defs/"):]])
            return {k: walk(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


def _schema_message(err: Any, lang: str) -> str:
    where = "/".join(str(p) for p in err.absolute_path) or "（顶层）"
    if err.validator == "type":
        expected = err.validator_value if isinstance(err.validator_value, str) else "、".join(err.validator_value)
        if lang == "zh":
            return f"“{where}”的值 {err.instance!r} 类型不对，应为 {expected}"
        return f"value {err.instance!r} at {where} has the wrong type; expected {expected}"
    if err.validator == "enum":
        if lang == "zh":
            return f"“{where}”的值 {err.instance!r} 不在允许的取值 {err.validator_value} 之中"
        return f"value {err.instance!r} at {where} is not one of {err.validator_value}"
    if lang == "zh":
        return f"“{where}”不符合报告结构：{err.message}"
    return f"{where}: {err.message}"
