"""SARIF 2.1.0 for code-scanning dashboards: one run, one result per finding.

Each result points at the file (``artifactLocation.uri``, relative and with
forward slashes), at the line and column when the input has them, and at
the JSON pointer into the Report as a logical location, so a finding in a Word
or PDF report with no line numbers still says which cell it is about.  The
table, row and column as printed, the page and the evidence ride in the result's
property bag; findings that follow from a root cause become related locations.
"""

from __future__ import annotations


import hashlib
import json
import os
from collections import Counter
from pathlib import Path, PurePath
from typing import Any, Iterable, TextIO
from urllib.parse import quote

from lint import __version__
from lint.report import Context, pairing_dict
from lint.model import FileResult, Finding, Severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

_SOURCE_LABEL = {"zh": "依据：", "en": "Source: "}


def repo_path(path: str) -> str:
    """``path`` relative to the working directory when it lies under it, with forward slashes."""
    pure = Path(path)
    if pure.is_absolute():
        try:
            pure = pure.relative_to(Path.cwd())
        except ValueError:
            return pure.as_posix()
    return PurePath(os.path.normpath(pure)).as_posix()


def artifact_uri(path: str) -> str:
    """A URI reference for ``path``: relative and percent-encoded, or ``file://`` outside the working directory."""
    posix = repo_path(path)
    if Path(posix).is_absolute():
        return Path(posix).as_uri()
    return quote(os.fsencode(posix), safe="/")  # a name that is not UTF-8 keeps its own bytes


def family(code: str) -> str:
    """The letter family of a rule code: ``B301`` → ``B3xx``."""
    return code[:2] + "xx" if len(code) >= 2 else code


def _descriptor(code: str, rule: Any, finding: Finding, lang: str) -> dict[str, Any]:
    """A reportingDescriptor from the pack's rule, or from the finding when no rule is known."""
    if rule is not None:
        name = rule.name
        summary = rule.summary.get(lang) or rule.summary.get("zh") or rule.template(None, lang)
        hint = rule.hint_text(lang)
        source = rule.source
        severity = rule.severity
    else:
        name = summary = finding.name
        hint, source, severity = finding.hint, finding.source, finding.severity
    descriptor: dict[str, Any] = {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": f"{summary}\n{_SOURCE_LABEL.get(lang, 'Source: ')}{source}" if source else summary},
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {"source": source, "family": family(code)},
    }
    if hint:
        descriptor["help"] = {"text": hint}
    if rule is not None and getattr(rule, "pack", ""):
        descriptor["properties"]["pack"] = rule.pack
    return descriptor


def _physical(path: str, finding: Finding) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(path)}}
    loc = finding.location
    if loc.line is not None:
        region = {"startLine": loc.line}
        if loc.column is not None:
            region["startColumn"] = loc.column
        physical["region"] = region
    return physical


def _location(path: str, finding: Finding) -> dict[str, Any]:
    location: dict[str, Any] = {"physicalLocation": _physical(path, finding)}
    if finding.location.pointer:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.location.pointer, "kind": "element"}]
    return location


def _properties(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    # origin: "document" (the report has this problem) or "reading" (the tool could not read or verify it)
    props: dict[str, Any] = {"pointer": loc.pointer, "origin": finding.origin}
    for key, value in (("page", loc.page), ("table", loc.table), ("row", loc.row), ("column_label", loc.col)):
        if value is not None:
            props[key] = value
    if finding.evidence:
        props["evidence"] = finding.evidence
    return props


def _fingerprints(result: FileResult) -> list[str]:
    """One per finding, stable when lines move: file, rule, cell, and which occurrence of those it is."""
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for finding in result.findings:
        key = (finding.code, finding.location.pointer)
        seen[key] += 1
        text = "\0".join((repo_path(result.path), *key, str(seen[key])))
        out.append(hashlib.sha256(text.encode("utf-8")).hexdigest()[:32])
    return out


def _result(path: str, finding: Finding, rule_index: dict[str, int], fingerprint: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index[finding.code],
        "level": LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(path, finding)],
        "partialFingerprints": {"xxgkLint/v1": fingerprint},
        "properties": _properties(finding),
    }
    if finding.consequences:
        related = []
        for number, consequence in enumerate(finding.consequences, start=1):
            entry = _location(path, consequence)
            entry["id"] = number
            entry["message"] = {"text": f"{consequence.code}: {consequence.message}"}
            related.append(entry)
        result["relatedLocations"] = related
        result["properties"]["consequences"] = [c.to_dict() for c in finding.consequences]
    return result


def _file(result: FileResult) -> dict[str, Any]:
    """A checked file's status (complete | partial | not-graded) and, where graded, its score and grade."""
    entry: dict[str, Any] = {"uri": artifact_uri(result.path), "status": result.status}
    if result.score is not None:
        entry.update(score=result.score, grade=result.grade)
    return entry


def document(results: list[FileResult], lang: str, rules: dict | None = None,
             pairing: dict[str, Any] | None = None) -> dict[str, Any]:
    rules = rules or {}
    first_seen: dict[str, Finding] = {}
    for result in results:
        for finding in result.findings:
            for each in (finding, *finding.consequences):
                first_seen.setdefault(each.code, each)
    codes = sorted(first_seen)
    rule_index = {code: index for index, code in enumerate(codes)}
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "xxgk-lint",
                "version": __version__,
                "rules": [_descriptor(code, rules.get(code), first_seen[code], lang) for code in codes],
            }},
            # Columns count characters, as Python and the YAML loader do, not UTF-16 units.
            "columnKind": "unicodeCodePoints",
            "results": [_result(r.path, f, rule_index, fingerprint)
                        for r in results for f, fingerprint in zip(r.findings, _fingerprints(r))],
            # every file checked, with its status; and which reports the cross-year rules compared
            "properties": {"files": [_file(r) for r in results],
                           **({"pairing": pairing} if pairing is not None else {})},
        }],
    }


#: output for programs: never mixed with human text
MACHINE = True


def write(results: Iterable[FileResult], out: TextIO, context: Context) -> None:
    lang, rules = context.lang, context.rules
    results = list(results)  # this format is one document: it needs every result before it starts
    json.dump(document(results, lang, rules, pairing_dict(context.pairing)), out, ensure_ascii=False, indent=2)
    out.write("\n")
