"""Passages copied between reports of different agencies (X806), found at the scale of a national year.

Each report's narrative is cut into passages (a paragraph, or a few sentences of a
long one).  A passage is compared by the 6-character shingles of its words: digits,
whitespace, punctuation and the agency's own name are left out, because a copy
changes exactly those.  What every report must say anyway is not a copy:

* the wording the national format prescribes (section titles and their variants,
  table labels, the items of 六), taken from :mod:`lint.vocab`;
* whatever very many reports of the batch share (a shingle found in more than
  ``template_share`` of the reports, and at least ``template_min`` of them): the
  boilerplate of a province's template, the sentences every report borrows.

What is left of a passage gets a MinHash signature and goes into an LSH index of
band keys kept as small arrays (:mod:`lint.checks.minhash`).  Passages that share a band are candidates; a
candidate pair is kept when the exact Jaccard similarity of the two passages'
distinctive shingles reaches ``threshold``.  No pair of reports is compared unless
the index put them together, so the work grows with the reports, not with their pairs.

This module holds what needs no disk: the passages of one report (computed in the
worker that reads it) and the detector, fed report by report.  The run stage that
streams a batch's summaries through it lives in :mod:`lint.run.copies`.
"""

from __future__ import annotations

import re
import zlib
from array import array
from dataclasses import field
from functools import lru_cache
from typing import Any, Iterable, Iterator

from lint.records import record
from lint.vocab import sections as S
from lint.vocab import tables as L
from lint.vocab.agency import name_keys, normal_name
from lint.vocab.text import normalise


def __getattr__(name: str) -> Any:
    """The index (:mod:`lint.checks.minhash`), re-exported, imported when asked for: a check of one
    report cuts passages but never compares them."""
    if name in ("Copy", "Detector", "Params", "available"):
        from lint.checks import minhash

        return getattr(minhash, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

SHINGLE = 6
#: a paragraph longer than this is cut into passages at sentence ends
LONGEST = 240
_STRIP = re.compile(r"[\d\s，。；、：:,.;!?！？“”\"'‘’（）()《》<>〈〉【】\[\]%％·•—\-_/／…]+")
_SENTENCE_END = re.compile(r"(?<=[。！？；;])")

#: the items of 六 as the format words them (domain-rules §2.2), and sentences every report's intro repeats
FORMAT_PHRASES = (
    "本行政机关依据《政府信息公开信息处理费管理办法》收取信息处理费的情况", "信息处理费收费情况",
    "本行政机关落实上级年度政务公开工作要点情况", "本行政机关人大代表建议和政协提案办理结果公开情况",
    "本行政机关年度政务公开工作创新情况", "本行政机关政府信息公开工作年度报告数据统计需要说明的事项",
    "本行政机关认为需要报告的其他事项", "其他有关文件专门要求通过政府信息公开工作年度报告予以报告的事项",
    "本报告中所列数据的统计期限自年月日起至年月日止", "政府信息公开工作年度报告",
    "中华人民共和国政府信息公开条例", "主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障",
)


@lru_cache(maxsize=64)
def _own_names(agency: str) -> tuple[str, ...]:
    return tuple(n for n in sorted({agency, normal_name(agency), *name_keys(agency)}, key=len, reverse=True)
                 if len(n) >= 3)


def clean(text: str, agency: str | None = None) -> str:
    """The words of ``text``: normalised, the agency's own name, digits and punctuation left out."""
    text = normalise(text or "")
    if agency:
        for name in _own_names(agency):
            text = text.replace(name, "")
    return _STRIP.sub("", text)


def shingles(text: str) -> set[int]:
    """CRC-32 of every 6-character shingle of cleaned text (stable across processes, unlike hash()).

    The text is encoded once (UTF-32: four bytes a character), so a shingle is a slice of bytes."""
    data = text.encode("utf-32-le")
    width = 4 * SHINGLE
    crc = zlib.crc32
    return {crc(data[i:i + width]) for i in range(0, max(0, len(data) - width + 4), 4)}


def template_shingles() -> frozenset[int]:
    """Shingles of the wording the national format itself prescribes: never evidence of copying.

    Worked out once, when the vocabulary changes, not in every run (a cold check of one report spent
    about 1.5 % of its instructions on them): ``python -m lint.checks.template`` writes them to
    :mod:`lint.checks._template`, and a test fails when they are not :func:`computed_template_shingles`."""
    from lint.checks._template import SHINGLES

    return SHINGLES


def computed_template_shingles() -> frozenset[int]:
    """:func:`template_shingles` worked out from the vocabulary."""
    phrases: list[str] = list(FORMAT_PHRASES)
    phrases += list(S.TITLES.values()) + [v for variants in S.VARIANTS.values() for v in variants]
    for fmt in ("2021", "2019"):
        phrases += [row.label for row in L.applications_rows(fmt)]
        phrases += [row.label for row in L.result_item_rows(fmt)]
        for block in L.proactive_blocks(fmt):
            phrases += [block.caption, *(label for _, label in block.rows), *(label for _, label in block.columns)]
    phrases += list(L.APPLICANT_COLUMNS) + list(L.APPEAL_COLUMNS) + [g[1] for g in L.APPEAL_GROUPS]
    out: set[int] = set()
    for phrase in phrases:
        out |= shingles(clean(phrase))
    return frozenset(out)


@record
class Passage:
    """One passage of a report: where it is, its text as printed, its shingles (template wording left out)."""

    section: str
    text: str
    hashes: bytes  # array('I') of sorted shingle hashes

    def hash_array(self) -> array:
        out = array("I")
        out.frombytes(self.hashes)
        return out


def _pieces(paragraph: str) -> Iterator[str]:
    """A paragraph, or runs of its sentences no longer than :data:`LONGEST` characters."""
    if len(paragraph) <= LONGEST:
        yield paragraph
        return
    run = ""
    for sentence in _SENTENCE_END.split(paragraph):
        if run and len(run) + len(sentence) > LONGEST:
            yield run
            run = ""
        run += sentence
    if run:
        yield run


def passages(texts: Iterable[tuple[str, str]], agency: str | None, min_chars: int = 30) -> list[Passage]:
    """The passages of a report's sections ((key, text) pairs) that are long enough to be worth comparing."""
    template = template_shingles()
    out = []
    for key, text in texts:
        for paragraph in (text or "").splitlines():
            for piece in _pieces(paragraph.strip()):
                words = clean(piece, agency)
                if len(words) < min_chars:
                    continue
                hashes = sorted(shingles(words) - template)
                if hashes:
                    out.append(Passage(key, piece, array("I", hashes).tobytes()))
    return out


def find_copies(summaries: list[Any], params: dict) -> list[tuple[Any, Any, Copy]]:
    """Copies among summaries held in memory: (summary a, summary b, copy) for each."""
    from lint.checks.minhash import Detector, Params, available

    held = [s for s in summaries if s is not None and getattr(s, "passages", None)]
    if len(held) < 2 or not available():
        return []
    detector = Detector(Params.from_rule(params), len(held))
    for s in held:
        detector.count(p.hashes for p in s.passages)
    for number, s in enumerate(held):
        detector.add(number, [p.hashes for p in s.passages])
    keys = [name_keys(s.agency or "") for s in held]
    found = detector.copies(lambda n: [p.hashes for p in held[n].passages],
                            lambda x, y: bool(keys[x] & keys[y]))
    return [(held[c.a], held[c.b], c) for c in found]


def quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


@record
class Record:
    """One copied passage as every output shows it."""

    files: list[str]
    agencies: list[str | None]
    years: list[int | None]
    sections: list[str]
    passages: list[str]
    similarity: float
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "agencies": self.agencies, "years": self.years, "sections": self.sections,
                "passages": self.passages, "similarity": self.similarity}


def record(a: Any, b: Any, copy: Copy) -> Record:
    pa, pb = a.passages[copy.passage_a], b.passages[copy.passage_b]
    return Record([a.path, b.path], [a.agency, b.agency], [a.year, b.year], [pa.section, pb.section],
                  [quote(pa.text, 200), quote(pb.text, 200)], copy.similarity)


# ---------------------------------------------------------------------------------------- the rule

from lint.checks.base import Problem  # noqa: E402
from lint.checks.registry import kind  # noqa: E402

PARAMS = {
    "threshold": {"type": "number", "minimum": 0.2, "maximum": 1, "default": 0.6},
    "min_shingles": {"type": "integer", "minimum": 5, "default": 25},
    "template_share": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.02},
    "template_min": {"type": "integer", "minimum": 2, "default": 10},
    "num_perm": {"type": "integer", "minimum": 16, "maximum": 256, "default": 64},
    "max_group": {"type": "integer", "minimum": 2, "default": 40},
}


@kind("copied_passages", params=PARAMS, cross=True)
def copied_passages(prev: Any, cur: Any, params: dict) -> Iterator[Problem]:
    """X806: no passage of the narrative is nearly the same as one in another agency's report.

    Not a comparison of two years: the run compares every report of the batch with every
    other through an LSH index (:func:`find_copies`, :mod:`lint.run.copies`); a pair of one
    agency's consecutive years is X804's.  Here, between the two years, it finds nothing.
    """
    return iter(())


def problems(record: Record, side: int) -> Problem:
    """The finding's Problem for one side of a copied passage (0: the first file, 1: the second)."""
    other = 1 - side
    key = record.sections[side]
    return Problem(f"/sections/{key}/text", {
        "section": S.TITLES.get(key, key), "other_agency": record.agencies[other] or "",
        "other_year": record.years[other] if record.years[other] is not None else "",
        "other_path": record.files[other], "percent": round(record.similarity * 100),
        "passage": quote(record.passages[side])},
        evidence={"other_report": record.files[other], "similarity": record.similarity,
                  "passage": record.passages[side], "other_passage": record.passages[other]})
