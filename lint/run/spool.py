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

    def __init__(self, limit: int | None = None) -> None:
        self._file: Any = io.BytesIO()
        self._limit = IN_MEMORY if limit is None else limit  # (read when made: a test lowers it)

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

    def reopen(self) -> None:
        """Read from now on through a file description of this process's own (a forked process reads the
        parent's temporary file without moving the parent's place in it); in memory, the copy is its own."""
        if not isinstance(self._file, io.BytesIO):
            self._file = open(f"/proc/self/fd/{self._file.fileno()}", "rb")  # noqa: SIM115 — kept open, as the file was

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
    objects they are, never pickled.

    Each summary added is an *entry*, numbered from 0 in the order added; the stages over the
    batch name summaries by these numbers.  The index keeps of each a few numbers and its agency's
    name (one string for all the years of one agency); its path is the run's own (``paths``, by the
    file's place in the run), so a run of 100,000 reports holds no second copy of every path.
    """

    #: summaries made in this process that are kept as objects
    HELD = 8

    def __init__(self, paths: list[str] | None = None) -> None:
        self._held: list[Any] = []
        # memory or a private temporary file of our own making: nothing else can have written it
        self._file = _Buffer()
        self._paths = paths if paths is not None else []
        #: per entry: where its pickle starts (below zero: the held objects), the file's place in the
        #: run (-1: none, such as an earlier report named by ``history``), its year (NO_YEAR: none read),
        #: how much of it could not be read, whether it is an earlier report only paired with
        self._offsets = array("q")
        self._files = array("q")
        self._years = array("q")
        self._unread = array("q")
        self._history = bytearray()
        self._agencies: list[str | None] = []
        self._names: dict[str, str] = {}
        #: the paths of entries that have no place in the run's paths
        self._own_paths: dict[int, str] = {}
        # the passages' shingle hashes, apart, so the copy stage reads them without unpickling summaries
        self._hashes = _Buffer()
        self._hash_offsets = array("q")

    #: the year of an entry whose report gave none
    NO_YEAR = -(2 ** 62)

    def __len__(self) -> int:
        return len(self._offsets)

    def add(self, summary: Any, index: int = -1) -> None:
        """A summary made in this process, of the file at ``index`` of the run's paths (-1: none)."""
        if summary is None:
            return
        if len(self._held) < self.HELD:  # offsets below zero: the held objects
            self._held.append(summary)
            self._index(-len(self._held), summary.pairing_key(), index)
            self._add_hashes([p.hashes for p in getattr(summary, "passages", None) or ()])
            return
        self.add_stored(stored(summary), index)

    def add_stored(self, item: "Stored", index: int = -1) -> None:
        """A summary as :func:`stored` made it (in a worker): written as it came, never unpickled here."""
        blob, key, hashes = item
        self._file.seek(0, os.SEEK_END)
        offset = self._file.tell()
        self._file.write(blob)
        self._index(offset, key, index)
        self._add_hashes(hashes)

    def _index(self, offset: int, key: tuple, index: int) -> None:
        agency, year, path, unread, history = key
        number = len(self._offsets)
        self._offsets.append(offset)
        if index < 0 or index >= len(self._paths) or self._paths[index] != path:
            index = -1
            self._own_paths[number] = path
        self._files.append(index)
        self._years.append(self.NO_YEAR if year is None else year)
        self._unread.append(unread)
        self._history.append(bool(history))
        self._agencies.append(None if agency is None else self._names.setdefault(agency, agency))

    def key(self, number: int) -> tuple:
        """The pairing key of entry ``number``: (agency, year, path, unread, history), as the summary gave it."""
        year = self._years[number]
        index = self._files[number]
        path = self._paths[index] if index >= 0 else self._own_paths[number]
        return (self._agencies[number], None if year == self.NO_YEAR else year, path,
                self._unread[number], bool(self._history[number]))

    @property
    def entries(self) -> Iterator[tuple[int, tuple]]:
        """(number, pairing key) of every entry, in the order added."""
        return ((number, self.key(number)) for number in range(len(self._offsets)))

    def file_index(self, number: int) -> int:
        """The place in the run's paths of the file entry ``number`` summarises (-1: none)."""
        return self._files[number]

    def _add_hashes(self, hashes: list[bytes]) -> None:
        self._hashes.seek(0, os.SEEK_END)
        self._hash_offsets.append(self._hashes.tell())
        lengths = array("I", (len(h) for h in hashes))
        self._hashes.write(array("I", [len(hashes)]).tobytes() + lengths.tobytes() + b"".join(hashes))

    def passage_hashes(self, number: int) -> list[bytes]:
        """The shingle hashes of each passage of entry ``number``."""
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

    def load(self, number: int) -> Any:
        """The summary of entry ``number``."""
        offset = self._offsets[number]
        if offset < 0:
            return self._held[-offset - 1]
        import pickle

        self._file.seek(offset)
        return pickle.load(self._file.raw())

    def reopen(self) -> None:
        """This process's own reading of the summaries (see :meth:`_Buffer.reopen`)."""
        self._file.reopen()
        self._hashes.reopen()

    def close(self) -> None:
        self._file.close()
        self._hashes.close()
        self._held.clear()


class Late:
    """The findings the stages over the batch (cross-year, copies) add to files, on disk by the file's
    place in the run until its result is written: a run of 100,000 reports keeps none in memory."""

    def __init__(self, size: int) -> None:
        self._file = _Buffer()
        #: per file: where the last batch of findings added to it starts (-1: none); each batch names the
        #: one added before it
        self._last = array("q", [-1]) * size

    def add(self, index: int, findings: list[Any]) -> None:
        """``findings`` for the file at ``index`` of the run's paths."""
        if index < 0:
            raise ValueError(f"no file at place {index} of the run")
        if not findings:
            return
        import pickle

        self._file.seek(0, os.SEEK_END)
        offset = self._file.tell()
        self._file.write(pickle.dumps((self._last[index], findings)))
        self._last[index] = offset

    def get(self, index: int) -> list[Any]:
        """The findings added to the file at ``index``, in the order they were added."""
        at = self._last[index]
        if at < 0:
            return []
        import pickle

        batches = []
        while at >= 0:
            self._file.seek(at)
            at, findings = pickle.load(self._file.raw())
            batches.append(findings)
        return [finding for batch in reversed(batches) for finding in batch]

    def close(self) -> None:
        self._file.close()
