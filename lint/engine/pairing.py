"""Which reports the cross-year rules compare: one agency's reports of consecutive years.

Agencies print their names with and without the region above them, with
人民政府 or 政府 (:mod:`lint.vocab.agency`); reports of one agency meet under a
shared name key.  When several files hold one agency's report of one year
(the page and its text, the PDF and the Word original), the best-read one is
kept and the others are named as duplicates.  Every file that could not be
paired says why, so an auditor sees what was compared and what was not.
"""

from __future__ import annotations

from array import array
from typing import Any, Callable, Iterable, Iterator

from lint.vocab.agency import name_keys


#: what became of a file in the pairing, as a record's ``status`` says it
PAIRED, DUPLICATE, UNPAIRED = "paired", "duplicate", "unpaired"
#: why an unpaired file is: no agency name read, no year read, no report of the year before given
_NO_AGENCY, _NO_YEAR, _NO_PREVIOUS = 0, 1, 2


class Pairing:
    """Which summaries the cross-year rules compare, and one record per file of what became of it.

    Summaries are named by integer ids (the run's entry numbers).  The records are kept as numbers —
    the entry, what became of it, the other entry it names — and made into the dictionaries the
    outputs show one at a time, as an output writes them: a run of 100,000 reports holds no
    dictionary per file.  ``key_of`` gives an entry's pairing key from its id.
    """

    _STATUSES = (PAIRED, DUPLICATE, UNPAIRED)

    def __init__(self, key_of: Callable[[int], tuple]) -> None:
        self._key_of = key_of
        self._earlier = array("q")
        self._later = array("q")
        # per record: its entry, what became of it (an index into _STATUSES), and the entry it names
        # (the previous year's, the duplicate's kept one) or, for an unpaired file, why
        self._entries = array("q")
        self._codes = bytearray()
        self._others = array("q")

    @property
    def pairs(self) -> Iterator[tuple[int, int]]:
        """(id of the earlier summary, id of the later one) of every pair, agency by agency, year by year."""
        return zip(self._earlier, self._later)

    def _pair(self, earlier: int, later: int) -> None:
        self._earlier.append(earlier)
        self._later.append(later)

    def _add(self, entry: int, status: str, other: int) -> None:
        self._entries.append(entry)
        self._codes.append(self._STATUSES.index(status))
        self._others.append(other)

    def _sort(self) -> None:
        """The records by path."""
        order = sorted(range(len(self._entries)), key=lambda n: self._key_of(self._entries[n])[2])
        self._entries = array("q", (self._entries[n] for n in order))
        self._codes = bytearray(self._codes[n] for n in order)
        self._others = array("q", (self._others[n] for n in order))

    def records(self, status: str | None = None) -> Iterator[dict[str, Any]]:
        """The records, by path; only those of ``status`` when it is given."""
        wanted = None if status is None else self._STATUSES.index(status)
        for entry, code, other in zip(self._entries, self._codes, self._others):
            if wanted is None or code == wanted:
                yield self._record(entry, code, other)

    def _record(self, entry: int, code: int, other: int) -> dict[str, Any]:
        agency, own_year, path, _unread, _history = self._key_of(entry)
        status = self._STATUSES[code]
        if status == PAIRED:
            return {"path": path, "status": status, "agency": agency, "year": own_year,
                    "previous": self._key_of(other)[2]}
        if status == DUPLICATE:
            kept = self._key_of(other)[2]
            return {"path": path, "status": status, "agency": agency, "year": own_year, "kept": kept,
                    "why": f"与“{kept}”是同一机关同一年度的报告，跨年度核对用后者（读取得更完整）",
                    "why_en": f"the same agency's report of the same year as {kept}, which "
                              "was read better and is used for the cross-year checks"}
        if other == _NO_PREVIOUS:
            why = f"没有同一机关{own_year - 1}年度的报告可供对比"
            why_en = f"no report of the same agency for {own_year - 1} was given"
        else:
            why = "没有读出机关名称" if other == _NO_AGENCY else "没有读出报告年度"
            why_en = "no agency name was read" if other == _NO_AGENCY else "no reporting year was read"
        return {"path": path, "status": status, "agency": agency, "year": own_year, "why": why, "why_en": why_en}

    def sections(self) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
        """The output's ``pairing`` object, section by section, each section's items one at a time."""
        yield "pairs", ({"previous": r["previous"], "current": r["path"], "agency": r["agency"], "year": r["year"]}
                        for r in self.records(PAIRED))
        yield "duplicates", self.records(DUPLICATE)
        yield "unpaired", self.records(UNPAIRED)

    def to_dict(self) -> dict[str, Any]:
        return {name: list(items) for name, items in self.sections()}


def pair(entries: Iterable[tuple[int, tuple]], key_of: Callable[[int], tuple] | None = None) -> Pairing:
    """Pair summaries given as (id, (agency, year, path, unread, history)) entries.

    ``key_of(id)`` gives an entry's key again, for the records and for choosing among duplicates;
    without it the keys are kept here.  With it, only ids and the agencies' name keys are held."""
    if key_of is None:
        keys = dict(entries)
        entries, key_of = keys.items(), keys.__getitem__
    result = Pairing(key_of)
    # agencies: names that share a key are one agency (union-find over the keys)
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    # the usable entries, as arrays: their ids, years and (shared) first name keys
    ids, names = array("q"), []
    years: Any = array("q")
    first_key: dict[str, str | None] = {}  # an agency's name, as printed → its first key: once an agency
    for entry, (agency, year, _path, _unread, history) in entries:
        if not agency or year is None:
            if not history:
                result._add(entry, UNPAIRED, _NO_AGENCY if not agency else _NO_YEAR)
            continue
        if agency not in first_key:
            own = sorted(name_keys(agency))
            for other in own[1:]:
                parent[find(other)] = find(own[0])
            first_key[agency] = own[0] if own else None
        name = first_key[agency]
        if name is not None:
            try:
                years.append(year)
            except OverflowError:  # a year no array holds: kept as it is
                years = [*years, year]
            ids.append(entry)
            names.append(name)
    del first_key
    # each usable entry's agency, numbered in the order agencies first appear
    agency_of, numbers = array("q"), {}
    for name in names:
        root = find(name)
        number = numbers.get(root)
        if number is None:
            number = numbers[root] = len(numbers)
        agency_of.append(number)
    del names, numbers, parent

    def quality(entry: int) -> tuple:
        _agency, _year, path, unread, history = key_of(entry)
        return (unread, history, not path.lower().endswith((".yaml", ".yml", ".json")), path)

    # one agency's reports of one year stand together, in the order they came; agencies in the order
    # they first appeared, years in order
    low = min(years, default=0)
    span = max(years, default=0) - low + 1
    order = array("q", sorted(range(len(ids)), key=lambda n: agency_of[n] * span + years[n] - low))
    best: dict[int, int] = {}  # the current agency's kept report of each year

    def pair_years() -> None:
        for year in sorted(best):
            entry = best[year]
            if key_of(entry)[4]:
                continue
            if year - 1 in best:
                result._pair(best[year - 1], entry)
                result._add(entry, PAIRED, best[year - 1])
            else:
                result._add(entry, UNPAIRED, _NO_PREVIOUS)
        best.clear()

    start = 0
    while start < len(order):
        agency, year = agency_of[order[start]], years[order[start]]
        end = start + 1
        while end < len(order) and agency_of[order[end]] == agency and years[order[end]] == year:
            end += 1
        members = [ids[n] for n in order[start:end]]
        if len(members) > 1:
            members.sort(key=quality)
        best[year] = members[0]
        for entry in members[1:]:
            if key_of(entry)[4]:
                continue  # an earlier report named by the configuration: nothing to say about it
            result._add(entry, DUPLICATE, members[0])
        start = end
        if start == len(order) or agency_of[order[start]] != agency:
            pair_years()
    result._sort()
    return result
