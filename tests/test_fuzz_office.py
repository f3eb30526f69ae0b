"""The seeded fuzz of :mod:`tests.test_fuzz_forms` over the forms read through LibreOffice.

Word 97 (.doc), WPS (.wps), RTF and OpenDocument (.odt) reports are converted to .docx by
LibreOffice (:mod:`lint.ingest.office`) and then read as Word.  The known report, with its
hostile runs (hidden, struck, raised, white and 1-point digits glued to the figures, invisible
characters among them: :func:`tests.test_fuzz_forms.hostile_docx`), is saved once per session
in each form by LibreOffice itself — a .wps is the .doc's bytes under a .wps name, as WPS saves
its Word-compatible files and as LibreOffice cannot write WPS — and each case then damages the
bytes the way uploads are damaged:

* ``as saved``: every figure read where it is printed, or left unread — never another number;
* ``cut``: the file ends early.  RTF is text, so a number read is still one printed in its table
  (or the start of the figure the cut fell in); a cut compound file or zip may hold anything;
* ``stray bytes``: bytes no encoding allows, between RTF's control words (text-level, as in the
  text forms), anywhere in a compound file or zip.  NUL is not among them: after some damage
  LibreOffice itself shows a NUL in RTF text as a ``0``, a figure the document then prints;
* ``damaged header`` / ``damaged body``: random bytes over an OLE header, directory and FAT, or
  over the body of the file (and over a zip).

Random bytes may print any figure at all, so those cases must only end cleanly: no traceback, no
internal error (E099), within the time limit.  Each case costs one LibreOffice conversion
(about 1.5 s); ``XXGK_FUZZ_OFFICE_CASES`` raises the seeds per case (default 1).  The cases
are skipped, saying so, only where LibreOffice is not installed (.ci/run installs it).
"""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path
from typing import Callable

import pytest

from lint.ingest import load_report
from lint.ingest.office import find_soffice

from .test_fuzz_forms import PRINTED, _read_and_check, _wrong_numbers, hostile_docx

SOFFICE = find_soffice()
CASES = int(os.environ.get("XXGK_FUZZ_OFFICE_CASES", "1"))
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                                                        "apt-get install libreoffice-writer-nogui")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.fixture(scope="session")
def saved(tmp_path_factory) -> dict[str, bytes]:
    """The hostile known report as LibreOffice saves it in each form: form → bytes."""
    folder = tmp_path_factory.mktemp("office-fuzz")
    source = folder / "report.docx"
    hostile_docx(random.Random("office"), source)
    out: dict[str, bytes] = {}
    for suffix, target in (("doc", "doc:MS Word 97"), ("rtf", "rtf"), ("odt", "odt")):
        profile = folder / f"profile-{suffix}"
        subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                        "--convert-to", target, "--outdir", str(folder), str(source)],
                       check=True, capture_output=True, timeout=180)
        out[suffix] = (folder / f"report.{suffix}").read_bytes()
    out["wps"] = out["doc"]
    out["docx"] = source.read_bytes()
    assert out["doc"].startswith(_OLE) and out["rtf"].startswith(b"{\\rtf") and out["odt"].startswith(b"PK")
    return out


# ---------------------------------------------------------------- damage; each returns (bytes, law)
# law: False — every figure where printed; True — a number read is printed in its table; None — no oracle


def _as_saved(rng: random.Random, data: bytes, form: str) -> tuple[bytes, bool | None]:
    return data, False


def _cut(rng: random.Random, data: bytes, form: str) -> tuple[bytes, bool | None]:
    return data[: rng.randrange(len(data) // 3, len(data) - 1)], True if form == "rtf" else None


def _stray_bytes(rng: random.Random, data: bytes, form: str) -> tuple[bytes, bool | None]:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(out))
        if form == "rtf":  # before a control word: between tokens, where text goes
            at = out.find(b"\\", at)
            at = at if at > 0 else len(out) - 1
        out.insert(at, rng.choice(b"\xff\xfe\xc0\x80\xf5"))
    return bytes(out), True if form == "rtf" else None


def _overwrite(rng: random.Random, data: bytes, start: int, end: int, count: int) -> bytes:
    out = bytearray(data)
    for _ in range(count):
        out[rng.randrange(start, min(end, len(out)))] = rng.randrange(256)
    return bytes(out)


def _damaged_header(rng: random.Random, data: bytes, form: str) -> tuple[bytes, bool | None]:
    """Random bytes over the compound file's header and its first sectors (FAT, directory), or a zip's head."""
    return _overwrite(rng, data, 8, 4096, rng.randint(4, 40)), None


def _damaged_body(rng: random.Random, data: bytes, form: str) -> tuple[bytes, bool | None]:
    return _overwrite(rng, data, len(data) // 8, len(data), rng.randint(1, 60)), None


DAMAGE: dict[str, Callable[[random.Random, bytes, str], tuple[bytes, bool | None]]] = {
    "as saved": _as_saved, "cut": _cut, "stray bytes": _stray_bytes, "damaged header": _damaged_header,
    "damaged body": _damaged_body,
}
#: a handful of cases per form: each costs a LibreOffice conversion
CASE_LIST = [("doc", "as saved"), ("doc", "cut"), ("doc", "stray bytes"), ("doc", "damaged header"),
             ("doc", "damaged body"), ("wps", "as saved"), ("wps", "damaged body"),
             ("rtf", "as saved"), ("rtf", "cut"), ("rtf", "stray bytes"),
             ("odt", "as saved"), ("odt", "cut"), ("odt", "damaged body")]


@pytest.mark.parametrize("seed", range(CASES))
@pytest.mark.parametrize("form, damage", CASE_LIST, ids=[f"{f}-{d.replace(' ', '-')}" for f, d in CASE_LIST])
def test_hostile_office_files_read_only_printed_numbers(engine, tmp_path, saved, form, damage, seed):
    rng = random.Random(f"{form}-{damage}-{seed}")
    data, law = DAMAGE[damage](rng, saved[form], form)
    path = tmp_path / f"report.{form}"
    path.write_bytes(data)
    report = _read_and_check(engine, path)
    if damage == "as saved":  # the undamaged file is read as the .docx it was saved from is read
        source = tmp_path / "source.docx"
        source.write_bytes(saved["docx"])
        expected, _ = load_report(str(source))
        assert report is not None and report.get("tables") == expected["tables"], f"{form}: not read as the .docx"
    if report is None or law is None or not isinstance(report.get("tables"), dict):
        return
    assert _wrong_numbers(report, PRINTED, exact=not law) == [], f"{form} {damage} seed {seed}"
