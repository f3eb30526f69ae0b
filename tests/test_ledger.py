"""The findings ledger: every warning and error on every real document, judged by a person.

``tests/ledger/<where>__<file>.yaml`` holds, for one real report (../shared/corpus, its
``flattened/`` text dumps and ../shared/seeds), every warning and error finding the document
deserves — code, pointer, severity and one line of why, written after opening the document and
checking the claim — and a sample of its infos, each judged right.  Like a snapshot test
(Ruff keeps its diagnostics the same way), the test fails on:

* a warning or error finding that is not in the ledger (new, or moved to another pointer);
* a ledger entry that is no longer found (a finding lost, or its severity changed);
* a sampled info that is no longer found;
* an entry whose why has not been written (``why: TODO``).

When it fails, the message shows the exact difference.  Read each new finding against the
document: if it is right, record it with its why (``python -m tests.test_ledger --update``
writes the current findings into the ledger with ``why: TODO`` for you to fill in and keeps
every why already written); if it is wrong, fix the rule or the reader — never the ledger.
``tests/ledger/README.md`` counts the entries per code; the test keeps that table current.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.ingest import CORPUS

LEDGER = Path(__file__).parent / "ledger"
SHARED = CORPUS.parent
TODO = "TODO"
pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason=f"corpus not found at {CORPUS}")


def documents() -> list[str]:
    """Every real report the team has, as paths relative to the shared folder."""
    found = []
    for folder in (CORPUS, CORPUS / "flattened", SHARED / "seeds"):
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.name != "truth.json" and path.suffix.lower() != ".tsv":
                found.append(path.relative_to(SHARED).as_posix())
    return found


def ledger_name(document: str) -> str:
    parts = document.split("/")
    where = "seeds" if parts[0] == "seeds" else ("flattened" if parts[1] == "flattened" else "corpus")
    return f"{where}__{parts[-1]}.yaml"


def load(document: str) -> dict:
    from ruamel.yaml import YAML

    path = LEDGER / ledger_name(document)
    if not path.exists():
        return {"document": document, "findings": [], "infos": []}
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    data.setdefault("findings", [])
    data.setdefault("infos", [])
    return data


STATUS: dict[str, str] = {}


def check_all() -> dict[str, list[dict]]:
    """Every finding of every document, checked together (so cross-year rules run), by document;
    each document's status is kept in ``STATUS``."""
    import tempfile

    from lint.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ledger.json"
        folders = [str(f) for f in (CORPUS, SHARED / "seeds") if f.is_dir()]
        main(["check", *folders, "--isolated", "--format", "json", "-o", str(out), "--progress", "off"])
        data = json.loads(out.read_text(encoding="utf-8"))
    by_document: dict[str, list[dict]] = {}
    for result in data["files"]:
        path = Path(result["path"]).resolve()
        try:
            key = path.relative_to(SHARED.resolve()).as_posix()
        except ValueError:
            continue
        flat = []
        for finding in result["findings"]:
            flat.append(finding)
            flat.extend(finding.get("consequences") or [])
        by_document[key] = flat
        STATUS[key] = result.get("status", "")
    return by_document


def _key(entry: dict) -> tuple[str, str, str]:
    return entry["code"], entry.get("pointer") or "", entry["severity"]


def _found(findings: list[dict]) -> Counter:
    return Counter((f["code"], f["location"].get("pointer") or "", f["severity"])
                   for f in findings if f["severity"] in ("warning", "error"))


def _line(key: tuple[str, str, str], findings: list[dict] | None = None) -> str:
    code, pointer, severity = key
    message = ""
    if findings is not None:
        message = next((f["message"] for f in findings if (f["code"], f["location"].get("pointer") or "",
                                                              f["severity"]) == key), "")
    text = f"  - {{code: {code}, pointer: {pointer}, severity: {severity}}}"
    return text + (f"    # {message}" if message else "")


@pytest.fixture(scope="module")
def checked() -> dict[str, list[dict]]:
    return check_all()


def test_every_real_document_has_a_ledger():
    have = {p.name for p in LEDGER.glob("*.yaml")}
    want = {ledger_name(d) for d in documents()}
    assert want - have == set(), "documents without a ledger: run `python -m tests.test_ledger --update`"
    assert have - want == set(), "ledgers of documents that are gone"


@pytest.mark.parametrize("document", documents())
def test_findings_match_the_ledger(document, checked):
    ledger = load(document)
    assert ledger.get("document") == document
    assert STATUS.get(document) == ledger.get("status"), \
        f"{document}: status {STATUS.get(document)!r}, the ledger says {ledger.get('status')!r}"
    findings = checked.get(document, [])
    expected = Counter(_key(e) for e in ledger["findings"])
    got = _found(findings)
    new, lost = got - expected, expected - got
    if new or lost:
        lines = [f"{document}: the warnings and errors differ from {LEDGER.name}/{ledger_name(document)}."]
        if new:
            lines.append("Found, not in the ledger (read each against the document; record it if right, "
                         "fix the rule or reader if wrong):")
            lines += [_line(k, findings) for k in sorted(new.elements())]
        if lost:
            lines.append("In the ledger, no longer found (a finding lost, moved or changed severity):")
            lines += [_line(k) for k in sorted(lost.elements())]
        lines.append("To record the current findings: python -m tests.test_ledger --update (then write every why)")
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.mark.parametrize("document", documents())
def test_every_entry_is_judged_and_sampled_infos_are_still_found(document, checked):
    ledger = load(document)
    unjudged = [e for e in ledger["findings"] + ledger["infos"] if not str(e.get("why", "")).strip()
                or str(e.get("why")).startswith(TODO)]
    assert unjudged == [], "entries without a why: open the document and judge them"
    found = {(f["code"], f["location"].get("pointer") or "") for f in checked.get(document, [])
             if f["severity"] == "info"}
    lost = [e for e in ledger["infos"] if (e["code"], e.get("pointer") or "") not in found]
    assert lost == [], f"{document}: sampled infos no longer found: {lost}"


def _table() -> dict[str, int]:
    counts: Counter = Counter()
    for document in documents():
        for entry in load(document)["findings"]:
            counts[entry["code"]] += 1
    return dict(counts)


def test_readme_counts_the_ledger_per_code():
    readme = (LEDGER / "README.md").read_text(encoding="utf-8")
    written = {m.group(1): int(m.group(2)) for m in re.finditer(r"^\|\s*([A-Z]\d{3})\s*\|\s*(\d+)\s*\|", readme, re.M)}
    assert written == _table(), "tests/ledger/README.md: the per-code counts are stale"


# ---------------------------------------------------------------- updating (by a person, then reviewed)


def _dump(ledger: dict) -> str:
    from io import StringIO

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096
    yaml.allow_unicode = True
    out = StringIO()
    out.write(f"# Findings judged against the document {ledger['document']} — see tests/test_ledger.py.\n")
    yaml.dump(ledger, out)
    return out.getvalue()


def update() -> None:
    """Write the current warnings and errors into the ledger; keep every why already written."""
    checked = check_all()
    LEDGER.mkdir(exist_ok=True)
    for document in documents():
        old = load(document)
        whys: dict[tuple, list[str]] = {}
        for entry in old["findings"]:
            whys.setdefault(_key(entry), []).append(entry.get("why", TODO))
        entries = []
        for finding in checked.get(document, []):
            if finding["severity"] not in ("warning", "error"):
                continue
            key = (finding["code"], finding["location"].get("pointer") or "", finding["severity"])
            why = whys[key].pop(0) if whys.get(key) else f"{TODO}: {finding['message']}"
            entries.append({"code": key[0], "pointer": key[1], "severity": key[2], "why": why})
        ledger = {"document": document, "status": STATUS.get(document, ""), "findings": entries,
                  "infos": old["infos"]}
        (LEDGER / ledger_name(document)).write_text(_dump(ledger), encoding="utf-8")
    print("ledger written: judge every TODO against its document, then update tests/ledger/README.md")
    for code, count in sorted(_table().items()):
        print(f"| {code} | {count} |")


if __name__ == "__main__":
    if "--update" in sys.argv[1:]:
        update()
    else:
        print(__doc__)
