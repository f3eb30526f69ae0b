"""Word 97 (.doc), WPS, RTF and OpenDocument reports through LibreOffice read exactly as the .docx they came from."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from lint import errors
from lint.run.checker import check_one
from lint.errors import InputError
from lint.ingest import docx as docx_import
from lint.ingest import forms, load_report, office

from .docx_factory import build_report_docx
from .test_forms import assert_same_reading

SOFFICE = office.find_soffice()
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

APPLICATIONS = {
    "new_received": [7, 2, 0, 1, 0, 0, 10],
    "carried_over": [1, 0, 0, 0, 0, 0, 1],
    "results": {"granted": [3, 1, 0, 0, 0, 0, 4], "partially_granted": [1, None, 0, 0, 0, 0, 1],
                "unavailable": {"not_held": [2, 1, 0, 1, 0, 0, 4]},
                "total": [6, 2, 0, 1, 0, 0, 9]},
    "carried_forward": [2, 0, 0, 0, 0, 0, 2],
}
APPEALS = {"reconsideration": [1, 0, 0, 1, 2], "litigation_direct": [0, 1, 0, 0, 1],
           "litigation_after_reconsideration": ["/", 0, 0, 0, 0]}


def _convert_with_soffice(source: Path, target_format: str, out: Path) -> Path:
    """What an agency's Word/LibreOffice saves: ``source`` written in another format by LibreOffice itself."""
    profile = out / "profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", target_format, "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    produced = out / (source.stem + "." + target_format.split(":")[0])
    assert produced.is_file(), f"LibreOffice did not write {produced.name}"
    return produced


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("office")
    original = build_report_docx(folder / "report.docx", agency="某市某区人民政府办公室", year=2024,
                                 applications=APPLICATIONS, appeals=APPEALS, proactive={"行政许可": [125]})
    files = {"docx": original}
    for suffix, target in (("doc", "doc:MS Word 97"), ("rtf", "rtf"), ("odt", "odt")):
        files[suffix] = _convert_with_soffice(original, target, folder)
    files["wps"] = folder / "report.wps"
    shutil.copyfile(files["doc"], files["wps"])  # a WPS file saved in the Word-compatible compound format
    return files


@pytest.fixture(scope="module")
def from_docx(made) -> tuple[dict, object]:
    return load_report(str(made["docx"]))


@needs_soffice
@pytest.mark.parametrize("suffix", ["doc", "rtf", "odt", "wps"])
def test_every_cell_and_section_reads_as_from_the_docx(made, from_docx, suffix: str) -> None:
    expected, expected_map = from_docx
    got, source_map = load_report(str(made[suffix]))
    assert_same_reading(got, expected)
    assert got["tables"]["applications"]["new_received"] == [7, 2, 0, 1, 0, 0, 10]
    assert got["tables"]["applications"]["results"]["partially_granted"][1] is None  # blank stays blank
    assert got["tables"]["appeals"]["litigation_after_reconsideration"][0] == "/"
    assert set(got["sections"]) == {"overview", "proactive", "applications", "appeals", "problems", "other"}
    assert "source_form" not in got  # a true .doc/.rtf/.odt/.wps file
    # findings name the table, row and column as printed, as for the .docx
    for pointer in ("/tables/applications/new_received/3", "/tables/appeals/reconsideration/4"):
        place, expected_place = source_map.lookup(pointer), expected_map.lookup(pointer)
        assert (place.table, place.row, place.col) == (expected_place.table, expected_place.row, expected_place.col)
        assert place.table and place.row and place.col


@needs_soffice
def test_doc_named_docx_goes_through_libreoffice(made, from_docx, tmp_path: Path) -> None:
    named = tmp_path / "report.docx"
    shutil.copyfile(made["doc"], named)
    got = load_report(str(named))[0]
    assert_same_reading(got, from_docx[0])
    assert got["source_form"] == {"extension": ".docx", "content": "word97"}


def test_without_libreoffice_one_clear_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine) -> None:
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    doc, rtf = tmp_path / "report.doc", tmp_path / "report.rtf"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 64)
    rtf.write_bytes("{\\rtf1\\ansi 某局2024年政府信息公开工作年度报告}".encode("utf-8"))
    with pytest.raises(InputError) as caught:
        load_report(str(doc))
    assert caught.value.code == office.CONVERTER_MISSING == "E016"
    assert "apt-get install libreoffice-writer-nogui" in caught.value.zh and "LibreOffice" in caught.value.zh
    assert "install LibreOffice" in caught.value.en
    (finding,) = check_one(engine, str(rtf)).result.findings
    assert (finding.code, finding.severity.label, finding.origin) == ("E016", "error", "reading")
    assert "libreoffice-writer-nogui" in finding.message


def test_soffice_found_by_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "my-soffice"
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv(office.ENV_VAR, str(program))
    assert office.find_soffice() == str(program)
    monkeypatch.setenv(office.ENV_VAR, str(tmp_path / "nowhere"))
    assert office.find_soffice() is None


@pytest.mark.skipif(os.name != "posix", reason="process groups are POSIX")
def test_time_limit_kills_the_whole_process_group_and_cleans_up(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    pids = tmp_path / "pids"
    program = tmp_path / "slow-soffice"
    program.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {pids}\nsleep 60\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv(office.ENV_VAR, str(program))
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        office.convert_to_docx(b"{\\rtf1 report}", "report.rtf", timeout=1)
    assert caught.value.code == errors.TIMEOUT
    assert time.monotonic() - started < 20
    child = int(pids.read_text().strip())
    for _ in range(50):  # the child LibreOffice left behind is gone too
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the converter's child process survived the time limit")
    assert list(work.iterdir()) == []  # the private folder and profile are removed


@needs_soffice
def test_damaged_doc_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "damaged.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8 + "WordDocument".encode("utf-16-le"))
    with pytest.raises(InputError) as caught:
        load_report(str(path))
    assert caught.value.code == errors.CORRUPT


def _fib_offset(data: bytes) -> int:
    """Where the WordDocument stream (its FIB: wIdent 0xA5EC) starts in a Word 97 file."""
    for offset in range(512, len(data), 512):
        if data[offset:offset + 2] == b"\xec\xa5":
            return offset
    raise AssertionError("no FIB found")


def test_password_protected_doc_is_encrypted_without_converting(made, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    data = bytearray(made["doc"].read_bytes())
    assert not office.is_encrypted_ole(bytes(data))
    data[_fib_offset(data) + 0x0B] |= 0x01  # fEncrypted, as Word sets it for a password to open
    path = tmp_path / "locked.doc"
    path.write_bytes(bytes(data))
    monkeypatch.setattr(office, "find_soffice", lambda: pytest.fail("an encrypted file is not converted"))
    with pytest.raises(InputError) as caught:
        load_report(str(path))
    assert caught.value.code == errors.ENCRYPTED


def test_encrypted_docx_in_its_compound_file_is_encrypted() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64
    for reader in (office.extract, docx_import.extract):
        with pytest.raises(InputError) as caught:
            reader("locked.docx", ole)
        assert caught.value.code == errors.ENCRYPTED


def test_too_large_is_refused_before_converting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forms, "MAX_DOCUMENT_BYTES", 1024)
    monkeypatch.setattr(office, "find_soffice", lambda: pytest.fail("a refused file is not converted"))
    with pytest.raises(InputError) as caught:
        office.convert_to_docx(b"{\\rtf1 " + b"x" * 2048 + b"}", "big.rtf")
    assert caught.value.code == errors.HOSTILE


def test_empty_file() -> None:
    with pytest.raises(InputError) as caught:
        office.convert_to_docx(b"", "empty.doc")
    assert caught.value.code == errors.EMPTY


def test_importing_does_not_start_or_load_anything() -> None:
    from . import loaded_on_import

    assert loaded_on_import("lint.ingest.office", "docx", "lxml") == [False, False]
