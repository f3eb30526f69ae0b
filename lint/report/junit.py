"""JUnit XML for CI test dashboards: a test suite per file, a test case per rule code that fired.

A code with error or warning findings is a failing case whose ``<failure>`` lists
every finding of that code (place, message, table cell, consequences, fix); a
code with only info findings passes and lists them in ``<system-out>``.  A file
with no findings is one passing case, so every checked file shows up.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import PurePath
from typing import Iterable, TextIO

from lint.report import Context
from lint.model import FileResult, Finding, Severity
from lint.report.text import place, severity_label, where_in_table

#: the test case a file with no findings passes
CLEAN_CASE = "xxgk-lint"

# Characters XML 1.0 cannot carry even as references; ElementTree would write them raw.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _classname(path: str) -> str:
    # As eslint does: the path without its suffix, so Jenkins does not read ".yaml" as a class.
    pure = PurePath(path)
    return pure.with_suffix("").as_posix() if pure.suffix else pure.as_posix()


def _describe(path: str, finding: Finding, lang: str) -> str:
    lines = [f"{place(path, finding)}: {finding.code} {severity_label(finding, lang)}: {finding.message}"]
    table = where_in_table(finding)
    if table or finding.location.pointer:
        lines.append("    " + " ".join(p for p in (table, finding.location.pointer and f"[{finding.location.pointer}]")
                                       if p))
    for consequence in finding.consequences:
        lines.append(f"    ↳ {consequence.code}: {consequence.message}")
    if finding.hint:
        lines.append(f"    {'修改建议：' if lang == 'zh' else 'fix: '}{finding.hint}")
    return "\n".join(lines)


def _summary(findings: list[Finding], lang: str) -> str:
    if len(findings) == 1:
        return findings[0].message
    if lang == "zh":
        return f"共 {len(findings)} 处，第一处：{findings[0].message}"
    return f"{len(findings)} findings; first: {findings[0].message}"


def _suite(result: FileResult, lang: str, rules: dict) -> tuple[ET.Element, int, int]:
    by_code: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_code.setdefault(finding.code, []).append(finding)
    suite = ET.Element("testsuite", name=_clean(result.path))
    props = [(key, value) for key, value in (("agency", result.agency), ("year", result.year),
                                             ("format", result.format)) if value is not None]
    if props:
        properties = ET.SubElement(suite, "properties")
        for key, value in props:
            ET.SubElement(properties, "property", name=key, value=_clean(str(value)))
    classname = _clean(_classname(result.path))
    failures = 0
    for code, findings in sorted(by_code.items()):
        rule = rules.get(code)
        name = rule.name if rule is not None else findings[0].name
        case = ET.SubElement(suite, "testcase", classname=classname, name=_clean(f"{code} {name}"))
        body = _clean("\n".join(_describe(result.path, f, lang) for f in findings))
        worst = max(f.severity for f in findings)
        if worst >= Severity.WARNING:
            failures += 1
            failure = ET.SubElement(case, "failure", message=_clean(_summary(findings, lang)), type=worst.label)
            failure.text = body
        else:
            ET.SubElement(case, "system-out").text = body
    if not by_code:
        ET.SubElement(suite, "testcase", classname=classname, name=CLEAN_CASE)
    tests = max(len(by_code), 1)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    return suite, tests, failures


#: output for programs: never mixed with human text
MACHINE = True


def write(results: Iterable[FileResult], out: TextIO, context: Context) -> None:
    lang, rules = context.lang, context.rules
    results = list(results)  # this format is one document: it needs every result before it starts
    root = ET.Element("testsuites", name="xxgk-lint")
    tests = failures = 0
    for result in results:
        suite, suite_tests, suite_failures = _suite(result, lang, rules or {})
        root.append(suite)
        tests += suite_tests
        failures += suite_failures
    root.set("tests", str(tests))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
