"""Which reports the cross-year rules compare: one agency's reports of consecutive years.

Agencies print their names with and without the region above them, with
人民政府 or 政府 (:mod:`lint.vocab.agency`); reports of one agency meet under a
shared name key.  When several files hold one agency's report of one year
(the page and its text, the PDF and the Word original), the best-read one is
kept and the others are named as duplicates.  Every file that could not be
paired says why, so an auditor sees what was compared and what was not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from lint.vocab.agency import name_keys


@dataclass
class Pairing:
    #: (offset of the earlier summary, offset of the later one)
    pairs: list[tuple[int, int]] = field(default_factory=list)
    #: one record per file: what became of it in the pairing, for every output to show
    records: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        paired = [r for r in self.records if r["status"] == "paired"]
        return {"pairs": [{"previous": r["previous"], "current": r["path"], "agency": r["agency"],
                           "year": r["year"]} for r in paired],
                "duplicates": [r for r in self.records if r["status"] == "duplicate"],
                "unpaired": [r for r in self.records if r["status"] == "unpaired"]}


def _quality(entry: tuple[int, tuple]) -> tuple:
    _offset, (agency, year, path, unread, history) = entry
    structured = path.lower().endswith((".yaml", ".yml", ".json"))
    return (unread, history, not structured, path)


def pair(entries: Iterable[tuple[int, tuple]]) -> Pairing:
    """Pair summaries given as (offset, (agency, year, path, unread, history)) entries."""
    result = Pairing()
    entries = list(entries)
    # agencies: names that share a key are one agency (union-find over the keys)
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    usable: list[tuple[int, tuple, str]] = []
    for offset, key in entries:
        agency, year, path, _unread, history = key
        if not agency or year is None:
            if not history:
                why = "没有读出机关名称" if not agency else "没有读出报告年度"
                why_en = "no agency name was read" if not agency else "no reporting year was read"
                result.records.append({"path": path, "status": "unpaired", "agency": agency, "year": year,
                                       "why": why, "why_en": why_en})
            continue
        keys = sorted(name_keys(agency))
        if not keys:
            continue
        for other in keys[1:]:
            parent[find(other)] = find(keys[0])
        usable.append((offset, key, keys[0]))

    groups: dict[tuple[str, int], list[tuple[int, tuple]]] = {}
    for offset, key, name in usable:
        groups.setdefault((find(name), key[1]), []).append((offset, key))
    best: dict[str, dict[int, tuple[int, tuple]]] = {}
    for (agency, year), members in groups.items():
        members.sort(key=_quality)
        kept = members[0]
        best.setdefault(agency, {})[year] = kept
        for offset, key in members[1:]:
            if key[4]:
                continue  # an earlier report named by the configuration: nothing to say about it
            result.records.append({"path": key[2], "status": "duplicate", "agency": key[0], "year": year,
                                   "kept": kept[1][2],
                                   "why": f"与“{kept[1][2]}”是同一机关同一年度的报告，跨年度核对用后者（读取得更完整）",
                                   "why_en": f"the same agency's report of the same year as {kept[1][2]}, which "
                                             "was read better and is used for the cross-year checks"})
    for agency, years in best.items():
        for year in sorted(years):
            offset, key = years[year]
            if key[4]:
                continue
            if year - 1 in years:
                previous_offset, previous_key = years[year - 1]
                result.pairs.append((previous_offset, offset))
                result.records.append({"path": key[2], "status": "paired", "agency": key[0], "year": year,
                                       "previous": previous_key[2]})
            else:
                result.records.append({"path": key[2], "status": "unpaired", "agency": key[0], "year": year,
                                       "why": f"没有同一机关{year - 1}年度的报告可供对比",
                                       "why_en": f"no report of the same agency for {year - 1} was given"})
    result.records.sort(key=lambda r: r["path"])
    return result
