"""Whether a PDF file is damaged where a reader has to repair it.

A reader repairs a broken cross-reference table or a stream that does not
decode by guessing, and pdfium and pdfminer guess differently; so pdfium reads
only files that need no repair (lint.ingest.pdf), and pdfplumber reads the
others, as it always has.
"""

from __future__ import annotations

import re
import zlib

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_AT = re.compile(rb"\s*(?:(xref)\b|\d+\s+\d+\s+obj\b)")
_SUBSECTION = re.compile(rb"\s*(\d+)\s+(\d+)\s*[\r\n]+")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
#: streams reading the text never decodes: images
_NOT_READ = re.compile(rb"/Subtype\s*/Image\b")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\d)(?!\s+\d+\s+R)")  # a direct length, not "/Length 12 0 R"
_FLATE_ONLY = re.compile(rb"/Filter\s*(?:/FlateDecode|\[\s*/FlateDecode\s*\])")


def looks_damaged(data: bytes) -> bool:
    """Whether the file is damaged where a reader must repair it: then pdfium and pdfminer part ways.

    The end of the file must lead to its cross-reference table, each entry of a
    classic table must point at its object, and each stream must end where its
    /Length says and, if Flate-compressed, decompress in full (zlib checks its
    own checksum).  A reader repairs what fails here, and each repairs its own
    way; pdfplumber reads such a file, as it always has.
    """
    found = _STARTXREF.search(data[-2048:].rstrip(b"\x00"))
    if found is None:
        return True
    offset = int(found.group(1))
    at = _XREF_AT.match(data, offset) if 0 < offset < len(data) else None
    if at is None or (at.group(1) and not _table_points_at_objects(data, at.end())):
        return True
    return not _streams_whole(data)


def _table_points_at_objects(data: bytes, at: int) -> bool:
    """The classic cross-reference table at ``at``: each object in use stands at its offset."""
    while True:
        section = _SUBSECTION.match(data, at)
        if section is None:
            return data.startswith(b"trailer", at) or data[at:at + 10].lstrip().startswith(b"trailer")
        first, count = int(section.group(1)), int(section.group(2))
        at = section.end()
        for number in range(first, first + count):
            entry = _ENTRY.match(data, at)
            if entry is None:
                return False
            at = entry.end()
            while at < len(data) and data[at] in b" \r\n":
                at += 1
            if entry.group(3) == b"n":
                offset = int(entry.group(1))
                if not re.match(rb"%d\s+%d\s+obj\b" % (number, int(entry.group(2))), data[offset:offset + 40]):
                    return False


def _streams_whole(data: bytes) -> bool:
    for stream in _STREAM.finditer(data):
        start = stream.end()
        header = data[max(0, data.rfind(b" obj", 0, stream.start())):stream.start()]
        length = _LENGTH.search(header)
        end = data.find(b"endstream", start)
        if end < 0:
            return False
        if length is not None:
            stop = start + int(length.group(1))
            if stop > end or data[stop:end].strip(b"\r\n \t\x00"):
                return False
        else:
            stop = end
        if _FLATE_ONLY.search(header) and not _NOT_READ.search(header):
            inflater = zlib.decompressobj()
            try:
                inflater.decompress(data[start:stop])
                inflater.flush()
            except zlib.error:
                return False
            if not inflater.eof:
                return False
    return True
