"""The index behind copy detection (X806): MinHash signatures of passages and an LSH index of band keys.

Fed report by report — :meth:`Detector.count` for every report, then :meth:`Detector.add`
for every report — it keeps a fixed table of shingle counts (what very many reports
share is template wording), a signature's band keys per indexed passage (in memory
or in files the caller gives) and two small arrays of owners.  :meth:`Detector.copies`
verifies the candidate pairs the index put together, and no others.

The signature is 64 permutations a·h + b modulo 2³² of MurmurHash3-mixed shingle hashes
— the scheme of datasketch's ``affine32``; a test checks the two agree — computed for all
of a report's passages at once with numpy.  datasketch itself is not used at run time:
importing it loads scipy, which costs seconds, its MinHash costs about half a millisecond
a passage, and its in-memory index kilobytes per passage — too much for a national year.
"""

from __future__ import annotations

from array import array

from functools import lru_cache
from typing import Any, Callable, Iterable

from lint.records import record


@record
class Copy:
    """Two passages of two reports of different agencies that are nearly the same text."""

    a: int  # report numbers as fed to the detector
    b: int
    passage_a: int
    passage_b: int
    similarity: float
    shared: int  # distinctive shingles the two passages share


@record
class Params:
    threshold: float = 0.6
    min_shingles: int = 25
    template_share: float = 0.02
    template_min: int = 10
    num_perm: int = 64
    #: a band bucket holding passages of more reports than this is wording many reports share
    max_group: int = 40

    @classmethod
    def from_rule(cls, params: dict) -> "Params":
        known = {k: params[k] for k in cls.__dataclass_fields__ if k in params}
        return cls(**known)


def available() -> bool:
    """Whether numpy, which batch copy detection needs, is installed."""
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def fmix32(np: Any, h: Any) -> Any:
    """MurmurHash3's 32-bit finaliser, element-wise on a uint32 array (multiplication wraps, as it should)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _integral(f: Callable[[float], float], low: float, high: float, steps: int = 64) -> float:
    """Simpson's rule: enough for the smooth S-curves of LSH banding."""
    if high <= low:
        return 0.0
    width = (high - low) / steps
    total = f(low) + f(high) + sum((4 if i % 2 else 2) * f(low + i * width) for i in range(1, steps))
    return total * width / 3


@lru_cache(maxsize=32)
def optimal_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows per band for a Jaccard ``threshold``: the split of the signature that makes the
    chance of missing a pair above the threshold plus the chance of meeting one below it smallest
    (the S-curve 1 − (1 − sʳ)ᵇ of Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, §3.4)."""
    best, chosen = float("inf"), (1, num_perm)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            meet = lambda s, b=bands, r=rows: 1 - (1 - s ** r) ** b  # noqa: E731
            false_positive = _integral(meet, 0.0, threshold)
            false_negative = _integral(lambda s: 1 - meet(s), threshold, 1.0)
            if false_positive + false_negative < best:
                best, chosen = false_positive + false_negative, (bands, rows)
    return chosen


class Detector:
    """Feed every report twice — :meth:`count` then :meth:`add` — and ask :meth:`copies`.

    ``store`` keeps the band keys of the LSH index (in memory by default; the run
    stage gives temporary files so memory stays flat at a national year).
    """

    def __init__(self, params: Params, reports: int, store: Callable[[int], Any] | None = None) -> None:
        import numpy as np

        self.np = np
        self.params = params
        self.reports = reports
        # one fixed table above a small batch: memory does not grow with the batch.  Collisions only ever
        # make a shingle look commoner, so they can hide a copy, never invent one; a national year
        # (100,000 reports of ~1,500 shingles) adds ~36 to a bucket's count against a template limit of
        # 2,000, a batch of 1,000 in 2²⁰ buckets ~1.4 against 20
        bits = 20 if reports <= 1000 else 22
        self._mask = (1 << bits) - 1
        self._counts = np.zeros(1 << bits, dtype=np.uint16)
        # the permutations h -> a·h + b modulo 2³² (a odd: a bijection), on MurmurHash3-mixed hashes
        rng = np.random.default_rng(1)
        self._a = (rng.integers(0, 1 << 31, size=params.num_perm, dtype=np.uint64) * 2 + 1).astype(np.uint32)
        self._b = rng.integers(0, 1 << 32, size=params.num_perm, dtype=np.uint64).astype(np.uint32)
        self.bands, self.rows = optimal_bands(params.threshold, params.num_perm)
        self._mix = rng.integers(1, 1 << 62, size=self.bands * self.rows, dtype=np.uint64) | np.uint64(1)
        self._keys = store(self.bands) if store else [[] for _ in range(self.bands)]
        self._owner: list[array] = [array("i"), array("i")]  # report number, passage number of each entry
        self._limit: int | None = None
        self._pending: dict[int, list[Any]] = {}  # band keys not yet written, a few thousand rows at most
        self._pending_rows = 0

    @property
    def permutations(self) -> tuple[Any, Any]:
        return self._a, self._b

    # ------------------------------------------------------------------ pass 1: what very many reports share

    def count(self, hashes_of_report: Iterable[bytes]) -> None:
        np = self.np
        chunks = [np.frombuffer(h, dtype=np.uint32) for h in hashes_of_report]
        if not chunks:
            return
        buckets = np.unique(np.concatenate(chunks) & np.uint32(self._mask))
        buckets = buckets[self._counts[buckets] < 65535]
        self._counts[buckets] += 1

    @property
    def limit(self) -> int:
        """A shingle in at least this many reports is template wording."""
        if self._limit is None:
            self._limit = max(self.params.template_min, int(self.params.template_share * self.reports + 0.999))
        return self._limit

    def distinctive(self, hashes: bytes):
        np = self.np
        h = np.frombuffer(hashes, dtype=np.uint32)
        return h[self._counts[h & np.uint32(self._mask)] < self.limit]

    # ------------------------------------------------------------------ pass 2: the LSH index

    def add(self, report: int, hashes_of_report: list[bytes]) -> None:
        """Index the passages of one report that keep enough distinctive shingles."""
        np = self.np
        if not hashes_of_report:
            return
        lengths = np.fromiter((len(h) // 4 for h in hashes_of_report), dtype=np.intp, count=len(hashes_of_report))
        values = np.frombuffer(b"".join(hashes_of_report), dtype=np.uint32)
        keep = self._counts[values & np.uint32(self._mask)] < self.limit
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.intp)
        kept = np.add.reduceat(keep.astype(np.intp), starts) if len(values) else np.zeros(0, dtype=np.intp)
        chosen = kept >= self.params.min_shingles
        if not chosen.any():
            return
        values = values[keep & np.repeat(chosen, lengths)]
        signatures = self._signatures(values, kept[chosen])
        for band in range(self.bands):
            part = signatures[:, band * self.rows:(band + 1) * self.rows]
            mix = self._mix[band * self.rows:(band + 1) * self.rows]
            self._append(band, (part.astype(np.uint64) * mix).sum(axis=1, dtype=np.uint64))
        for index in np.flatnonzero(chosen).tolist():
            self._owner[0].append(report)
            self._owner[1].append(index)

    def signatures(self, sets: list[Any]):
        """MinHash signatures of several shingle sets (uint32 arrays) at once: one row each."""
        np = self.np
        return self._signatures(np.concatenate(sets).astype(np.uint32),
                                np.array([len(x) for x in sets], dtype=np.intp))

    def _signatures(self, values, lengths):
        np = self.np
        permuted = fmix32(np, values)[:, None] * self._a[None, :] + self._b[None, :]
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.intp)
        return np.minimum.reduceat(permuted, starts, axis=0)

    def _append(self, band: int, keys) -> None:
        self._pending.setdefault(band, []).append(keys)
        self._pending_rows += len(keys) if band == 0 else 0
        if self._pending_rows >= 8192 and band == self.bands - 1:
            self._flush()

    def _flush(self) -> None:
        np = self.np
        for band, chunks in self._pending.items():
            keys = np.concatenate(chunks)
            store = self._keys[band]
            if isinstance(store, list):
                store.append(keys)
            else:
                keys.tofile(store)
        self._pending, self._pending_rows = {}, 0

    def _band_keys(self, band: int):
        np = self.np
        if self._pending:
            self._flush()
        store = self._keys[band]
        if isinstance(store, list):
            return np.concatenate(store) if store else np.zeros(0, dtype=np.uint64)
        store.flush()
        store.seek(0)
        return np.fromfile(store, dtype=np.uint64)

    # ------------------------------------------------------------------ candidates

    def candidates(self, same_agency: Callable[[int, int], bool]) -> set[tuple[int, int]]:
        """Entry pairs (i < j) that share a band bucket, of different reports and agencies."""
        np = self.np
        owners = self._owner[0]
        out: set[tuple[int, int]] = set()
        for band in range(self.bands):
            keys = self._band_keys(band)
            if len(keys) < 2:
                continue
            order = np.argsort(keys, kind="stable")
            ordered = keys[order]
            edges = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
            starts = np.concatenate([[0], edges])
            ends = np.concatenate([edges, [len(ordered)]])
            for start, end in zip(starts[ends - starts >= 2].tolist(), ends[ends - starts >= 2].tolist()):
                members = order[start:end].tolist()
                if len({owners[m] for m in members}) > self.params.max_group:
                    continue  # a passage very many reports share is template wording
                for x in range(len(members)):
                    for y in range(x + 1, len(members)):
                        i, j = sorted((members[x], members[y]))
                        if owners[i] != owners[j] and (i, j) not in out and not same_agency(owners[i], owners[j]):
                            out.add((i, j))
        return out

    def copies(self, load: Callable[[int], list[bytes]], same_agency: Callable[[int, int], bool]) -> list[Copy]:
        """The verified copies: candidate pairs whose distinctive shingles overlap by ``threshold`` or more."""
        found: list[Copy] = []
        cache: dict[int, list[bytes]] = {}

        def hashes(report: int) -> list[bytes]:
            if report not in cache:
                if len(cache) > 256:
                    cache.clear()
                cache[report] = load(report)
            return cache[report]

        owners, indices = self._owner
        for i, j in sorted(self.candidates(same_agency)):
            a, b = owners[i], owners[j]
            first = set(self.distinctive(hashes(a)[indices[i]]).tolist())
            second = set(self.distinctive(hashes(b)[indices[j]]).tolist())
            shared = len(first & second)
            union = len(first | second)
            similarity = shared / union if union else 0.0
            if similarity >= self.params.threshold:
                found.append(Copy(a, b, indices[i], indices[j], round(similarity, 3), shared))
        return found


