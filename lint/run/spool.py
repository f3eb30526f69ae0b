"""Results and cross-report summaries on disk while a run goes on, so memory stays flat.

Results arrive in the order files finish; the spool keeps one offset per file
and gives them back in the order the files were given.  Summaries are kept
the same way, with only (agency, year) → offset in memory.  Both live in
memory while they are small (a pre-commit run of a few files) and move to
private temporary files, which disappear with the run, once they grow.
"""

from __future__ import annotations

import io
import os
from array import array
from typing import Any, Iterator

#: bytes a spool keeps in memory before it moves to a temporary file
IN_MEMORY = 1024 * 1024


class _Buffer:
    """A binary file in memory until it holds ``limit`` bytes, then a private temporary file."""

    def __init__(self, limit: int = IN_MEMORY) -> None:
        self._file: Any = io.BytesIO()
        self._limit = limit

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def write(self, data: bytes) -> int:
        if self._limit and self._file.tell() + len(data) > self._limit:
            import tempfile

            disk = tempfile.TemporaryFile("w+b")
            disk.write(self._file.getbuffer())
            disk.seek(self._file.tell())
            self._file, self._limit = disk, 0
        return self._file.write(data)

    def read(self, size: int = -1) -> bytes:
        return self._file.read(size)

    def readline(self) -> bytes:
        return self._file.readline()

    def raw(self) -> Any:
        """The file itself, for readers that want one (pickle)."""
        return self._file

    def close(self) -> None:
        self._file.close()


class Spool:
    """One result line per file, written in any order, read back in the files' order."""

    def __init__(self, size: int) -> None:
        self._file = _Buffer()
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


#: a summary ready for the spool: (its pickle, its pairing key, its passages' shingle hashes)
Stored = tuple[bytes, Any, list[bytes]]


def stored(summary: Any) -> Stored:
    """What :class:`Summaries` keeps of a summary, made where the summary is made: a worker sends this, so the
    parent forwards the pickle to the spool instead of unpickling and pickling it again."""
    import pickle

    return (pickle.dumps(summary), summary.pairing_key(),
            [p.hashes for p in getattr(summary, "passages", None) or ()])


class Summaries:
    """Cross-report summaries on disk: the pairing index in memory, the summaries themselves not —
    but for the first few made in this process (a pre-commit run of a few files), which stay the
    objects they are, never pickled."""

    #: summaries made in this process that are kept as objects
    HELD = 8

    def __init__(self) -> None:
        self._held: list[Any] = []
        # memory or a private temporary file of our own making: nothing else can have written it
        self._file = _Buffer()
        self.entries: list[tuple[int, Any]] = []  # (offset, key the pairing stage needs)
        # the passages' shingle hashes, apart, so the copy stage reads them without unpickling summaries
        self._hashes = _Buffer()
        self._hash_offsets = array("q")

    def add(self, summary: Any) -> None:
        if summary is None:
            return
        if len(self._held) < self.HELD:  # offsets below zero: the held objects
            self._held.append(summary)
            self.entries.append((-len(self._held), summary.pairing_key()))
            self._add_hashes([p.hashes for p in getattr(summary, "passages", None) or ()])
            return
        self.add_stored(stored(summary))

    def add_stored(self, item: "Stored") -> None:
        """A summary as :func:`stored` made it (in a worker): written as it came, never unpickled here."""
        blob, key, hashes = item
        self._file.seek(0, os.SEEK_END)
        offset = self._file.tell()
        self._file.write(blob)
        self.entries.append((offset, key))
        self._add_hashes(hashes)

    def _add_hashes(self, hashes: list[bytes]) -> None:
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
        if offset < 0:
            return self._held[-offset - 1]
        import pickle

        self._file.seek(offset)
        return pickle.load(self._file.raw())

    def close(self) -> None:
        self._file.close()
        self._hashes.close()
        self._held.clear()
