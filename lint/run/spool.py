"""Results and cross-report summaries on disk while a run goes on, so memory stays flat.

Results arrive in the order files finish; the spool keeps one offset per file
and gives them back in the order the files were given.  Summaries are kept
the same way, with only (agency, year) → offset in memory.  Both live in
private temporary files that disappear with the run.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from array import array
from typing import Any, Iterator


class Spool:
    """One result line per file, written in any order, read back in the files' order."""

    def __init__(self, size: int) -> None:
        self._file = tempfile.TemporaryFile("w+b")
        self._offsets = array("q", [-1]) * size
        self.count = 0

    def put(self, index: int, line: str) -> None:
        self._file.seek(0, os.SEEK_END)
        self._offsets[index] = self._file.tell()
        self._file.write(line.encode("utf-8", "surrogatepass"))
        self.count += 1

    def lines(self) -> Iterator[tuple[int, str]]:
        for index, offset in enumerate(self._offsets):
            if offset < 0:
                continue
            self._file.seek(offset)
            yield index, self._file.readline().decode("utf-8", "surrogatepass")

    def close(self) -> None:
        self._file.close()


class Summaries:
    """Cross-report summaries on disk: the pairing index in memory, the summaries themselves not."""

    def __init__(self) -> None:
        # a private temporary file of our own making: nothing else can have written it
        self._file = tempfile.TemporaryFile("w+b")
        self.entries: list[tuple[int, Any]] = []  # (offset, key the pairing stage needs)
        # the passages' shingle hashes, apart, so the copy stage reads them without unpickling summaries
        self._hashes = tempfile.TemporaryFile("w+b")
        self._hash_offsets = array("q")

    def add(self, summary: Any) -> None:
        if summary is None:
            return
        self._file.seek(0, os.SEEK_END)
        offset = self._file.tell()
        pickle.dump(summary, self._file)
        self.entries.append((offset, summary.pairing_key()))
        hashes = [p.hashes for p in getattr(summary, "passages", None) or ()]
        self._hashes.seek(0, os.SEEK_END)
        self._hash_offsets.append(self._hashes.tell())
        lengths = array("I", (len(h) for h in hashes))
        self._hashes.write(array("I", [len(hashes)]).tobytes() + lengths.tobytes() + b"".join(hashes))

    def passage_hashes(self, number: int) -> list[bytes]:
        """The shingle hashes of each passage of the ``number``-th summary added (as :attr:`entries` holds it)."""
        self._hashes.seek(self._hash_offsets[number])
        count = array("I")
        count.frombytes(self._hashes.read(4))
        lengths = array("I")
        lengths.frombytes(self._hashes.read(4 * count[0]))
        data = self._hashes.read(sum(lengths))
        out, at = [], 0
        for length in lengths:
            out.append(data[at:at + length])
            at += length
        return out

    def load(self, offset: int) -> Any:
        self._file.seek(offset)
        return pickle.load(self._file)

    def close(self) -> None:
        self._file.close()
        self._hashes.close()
