"""Suppressions and baselines: findings the user has accepted, and only new ones reported.

In a YAML/JSON report a comment on the line of a value suppresses one code there,
with a required reason::

    carried_forward: [1, 0, 0, 0, 0, 0, null]  # xxgk-lint: ignore[T202] 已向主管部门说明

``# xxgk-lint: ignore-file[T202] 理由`` suppresses a code in the whole file.  In
documents, suppressions live in the configuration, keyed by JSON pointer.  A
suppression that matches nothing is itself reported (E013); one without a reason
suppresses nothing and is reported (E014).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Iterable

from lint.run.config import Suppression
from lint.model import Finding

_COMMENT = re.compile(r"#\s*xxgk-lint:\s*(?P<kind>ignore-file|ignore)\s*\[(?P<codes>[^\]]*)\]\s*(?P<reason>.*)$")
_CODE = re.compile(r"^[A-Z][0-9]{3}$")

UNUSED = "E013"
NO_REASON = "E014"


def comment_suppressions(path: str, text: str) -> tuple[list[Suppression], list[tuple[int, int, str, str]]]:
    """Suppressions written in comments, and problems with them as (line, column, zh, en)."""
    found: list[Suppression] = []
    problems: list[tuple[int, int, str, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if "xxgk-lint" not in line:
            continue
        match = _COMMENT.search(line)
        if not match:
            continue
        column = match.start() + 1
        codes = [c.strip() for c in match.group("codes").split(",") if c.strip()]
        reason = match.group("reason").strip()
        bad = [c for c in codes if not _CODE.match(c)]
        if not codes or bad:
            problems.append((number, column, f"抑制注释中的规则代码无效：{'、'.join(bad) or '（空）'}",
                             f"invalid rule code in suppression: {', '.join(bad) or '(none)'}"))
            continue
        if len(reason) < 2:
            problems.append((number, column, f"抑制 {'、'.join(codes)} 必须写明理由，例如“# xxgk-lint: ignore[{codes[0]}] 已向主管部门说明”",
                             f"suppressing {', '.join(codes)} needs a reason after the brackets"))
            continue
        for code in codes:
            found.append(Suppression(code=code, reason=reason, line=number,
                                     file_level=match.group("kind") == "ignore-file", origin=f"{path}:{number}"))
    return found, problems


def _matches(suppression: Suppression, finding: Finding) -> bool:
    if finding.code != suppression.code:
        return False
    if suppression.file_level:
        return True
    if suppression.line is not None:
        return finding.location.line == suppression.line
    pointer = finding.location.pointer
    return pointer == suppression.pointer or pointer.startswith(suppression.pointer.rstrip("/") + "/")


def apply(findings: list[Finding], suppressions: Iterable[Suppression]) -> tuple[list[Finding], list[Suppression]]:
    """(findings left, suppressions that matched nothing)."""
    suppressions = list(suppressions)
    used: set[int] = set()
    kept = []
    for finding in findings:
        hit = next((i for i, s in enumerate(suppressions) if _matches(s, finding)), None)
        if hit is None:
            kept.append(finding)
        else:
            used.add(hit)
    return kept, [s for i, s in enumerate(suppressions) if i not in used]


def unused_error(s: Suppression):
    """The E013 input error of a suppression that matched nothing."""
    from lint.errors import InputError

    where = f"（{s.origin}）" if s.origin and not s.line else ""
    target = f"“{s.pointer}”" if s.pointer else ""
    return InputError(
        UNUSED, f"对 {s.code} 的抑制{target}没有匹配任何问题，可以删除{where}",
        f"the suppression of {s.code}{' at ' + s.pointer if s.pointer else ''} matches nothing; remove it"
        f"{' (' + s.origin + ')' if where else ''}",
        line=s.line, column=1 if s.line else None, pointer=s.pointer)


# ---------------------------------------------------------------- baseline

BASELINE_VERSION = 1


def _key(path: str, finding: Finding, base: str) -> tuple[str, str, str]:
    # paths relative to the baseline's own folder, so the baseline works from any working directory
    return (Path(os.path.relpath(os.path.abspath(path), base)).as_posix(), finding.code, finding.location.pointer)


def write_baseline(results, target: str, force: bool) -> int:
    from lint.run.files import write_atomic

    base = os.path.dirname(os.path.abspath(target))
    counts: Counter = Counter(_key(r.path, f, base) for r in results for f in r.findings)
    entries = [{"path": p, "code": c, "pointer": ptr, "count": n} for (p, c, ptr), n in sorted(counts.items())]
    write_atomic(target, json.dumps({"xxgk-lint-baseline": BASELINE_VERSION, "findings": entries},
                                    ensure_ascii=False, indent=2) + "\n", force=force)
    return len(entries)


class Baseline:
    """Recorded findings: (path relative to the baseline's folder, code, pointer) → how many."""

    def __init__(self, entries: Counter, base: str) -> None:
        self.entries = entries
        self.base = base

    def filter(self, path: str, findings: list[Finding]) -> list[Finding]:
        """Drop findings the baseline knows (by file, code and JSON pointer — not by line)."""
        left = []
        for finding in findings:
            key = _key(path, finding, self.base)
            if self.entries.get(key, 0) > 0:
                self.entries[key] -= 1
            else:
                left.append(finding)
        return left


def read_baseline(source: str) -> Baseline:
    from lint.errors import ConfigError

    from lint.resources import read_limited

    data = read_limited(source, MAX_BASELINE_BYTES, "the baseline")
    try:
        doc = json.loads(data.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("xxgk-lint-baseline") != BASELINE_VERSION:
            raise ValueError("not an xxgk-lint baseline of version 1")
        entries: Counter = Counter()
        for number, e in enumerate(doc["findings"]):
            count = e.get("count", 1)
            if isinstance(count, bool) or not isinstance(count, int) or not 0 < count <= MAX_COUNT:
                raise ValueError(f"findings[{number}]: count {count!r} is not a whole number from 1 to {MAX_COUNT}")
            key = (e["path"], e["code"], e["pointer"])
            if not all(isinstance(part, str) for part in key):
                raise ValueError(f"findings[{number}]: path, code and pointer must be strings")
            entries[key] = count
        return Baseline(entries, os.path.dirname(os.path.abspath(source)))
    except RecursionError:
        raise ConfigError(f"{source}: cannot use as a baseline: nested too deeply") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{source}: cannot use as a baseline: {exc}") from None


#: a baseline of a national year (10^5 reports) is tens of MB; past this it is refused unread
MAX_BASELINE_BYTES = 512 * 1024 * 1024
#: no one place holds more findings of one code than this
MAX_COUNT = 1_000_000


