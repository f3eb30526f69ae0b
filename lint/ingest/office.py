"""Word 97–2003 (.doc), WPS, RTF and OpenDocument reports, read through LibreOffice.

These forms have no Python reader worth trusting, and LibreOffice opens all of
them.  :func:`convert_to_docx` runs ``soffice --headless --convert-to docx`` in
a private temporary folder with a profile of its own (so parallel workers and a
user's open LibreOffice never meet), without restoring anything, with update
checks and macros switched off in that profile, under a time limit that kills
the whole process group, and removes the folder afterwards whatever happened.
LibreOffice does not go online to convert a file.  The .docx it writes is then
read by :mod:`lint.ingest.docx`, so findings name the table row and column as
printed, exactly as for a report saved as .docx.

Without LibreOffice the file gets one E016 finding that says what to install.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

from lint import errors
from lint.errors import InputError
from lint.ingest.document import Document

#: the E0xx code of a machine without LibreOffice
CONVERTER_MISSING = "E016"
ENV_VAR = "XXGK_SOFFICE"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_INSTALL_ZH = ("读取旧版 Word（.doc）、WPS、RTF 和 OpenDocument（.odt）文件需要 LibreOffice："
               "Debian/Ubuntu 上运行 apt-get install libreoffice-writer-nogui，Windows 或 macOS 上安装 LibreOffice"
               f"（或用环境变量 {ENV_VAR} 指明 soffice 的位置）；也可以在 Word 或 WPS 中另存为 .docx 后再检查。")
_INSTALL_EN = ("reading Word 97-2003 (.doc), WPS, RTF and OpenDocument (.odt) files needs LibreOffice: on "
               "Debian/Ubuntu run apt-get install libreoffice-writer-nogui, on Windows or macOS install LibreOffice "
               f"(or point the {ENV_VAR} environment variable at soffice); or save the file as .docx in Word or WPS.")

#: where LibreOffice is installed when it is not on PATH
_USUAL_PLACES = (
    "/usr/lib/libreoffice/program/soffice",
    "/usr/lib64/libreoffice/program/soffice",
    "/usr/local/lib/libreoffice/program/soffice",
    "/opt/libreoffice*/program/soffice",
    "/snap/bin/libreoffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)

# The profile LibreOffice starts with: no update check, no macros, no recovery, no first-start dialogs.
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Jobs/Jobs/org.openoffice.Office.Jobs:Job['UpdateCheck']/Arguments">
<prop oor:name="AutoCheckEnabled" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
<prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Recovery/AutoSave">
<prop oor:name="Enabled" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc">
<prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


def find_soffice() -> str | None:
    """The LibreOffice program: ``XXGK_SOFFICE``, then PATH, then the usual install locations."""
    named = os.environ.get(ENV_VAR)
    if named:
        return named if os.path.isfile(named) else shutil.which(named)
    for name in ("soffice", "libreoffice", "lowriter"):
        found = shutil.which(name)
        if found:
            return found
    for pattern in _USUAL_PLACES:
        for candidate in sorted(glob.glob(pattern)) if "*" in pattern else [pattern]:
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
    return None


def extract(path: str, data: bytes) -> Document:
    """The report in a .doc/.wps/.rtf/.odt file, as the .docx LibreOffice makes of it reads."""
    from lint.ingest import docx

    converted = convert_to_docx(data, os.path.basename(path))
    document = docx.extract(path, converted)
    document.kind = "word97"
    return document


def convert_to_docx(data: bytes, name: str, timeout: float = 60) -> bytes:
    """The bytes of ``data`` (a .doc, .wps, .rtf or .odt file called ``name``) converted to .docx.

    Raises InputError: E011 empty, E005 too large, E009 password-protected, E008 not convertible,
    E012 over ``timeout`` seconds, E016 without LibreOffice.
    """
    from lint.ingest.forms import MAX_DOCUMENT_BYTES

    shown = os.path.basename(name) or "document"
    if not data.strip(b"\x00 \t\r\n"):
        raise InputError(errors.EMPTY, f"文件“{shown}”是空的，没有任何内容。", f"{shown}: the file is empty")
    if len(data) > MAX_DOCUMENT_BYTES:
        limit = MAX_DOCUMENT_BYTES // 1024 // 1024
        raise InputError(errors.HOSTILE, f"文件超过 {limit} MB，已拒绝读取", f"file larger than {limit} MB; refused")
    if data.startswith(_OLE) and is_encrypted_ole(data):
        raise InputError(errors.ENCRYPTED, f"文件“{shown}”设置了打开密码，无法读取。请取消密码后另存为 .docx 再检查。",
                         f"{shown}: the document is password-protected")
    program = find_soffice()
    if program is None:
        raise InputError(CONVERTER_MISSING, _INSTALL_ZH, _INSTALL_EN)
    with tempfile.TemporaryDirectory(prefix="xxgk-office-") as work:
        root = Path(work)
        source = root / "in" / ("report" + _suffix(data, shown))
        out = root / "out"
        profile = root / "profile"
        for folder in (source.parent, out, profile / "user"):
            folder.mkdir(parents=True)
        source.write_bytes(data)
        (profile / "user" / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
        command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
                   "--norestore", "--nologo", "--nodefault", "--nolockcheck", "--nofirststartwizard"]
        if source.suffix in _FILTERS:  # never let a damaged file fall back to being read as plain text
            command.append(f"--infilter={_FILTERS[source.suffix]}")
        command += ["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)]
        _run(command, root, timeout, shown)
        produced = out / (source.stem + ".docx")
        if not produced.is_file() or produced.stat().st_size == 0:
            raise InputError(errors.CORRUPT,
                             f"文件“{shown}”已损坏或不是 Word/WPS/RTF/OpenDocument 文档，LibreOffice 无法打开。"
                             "请用 Word 或 WPS 打开确认后另存为 .docx 再检查。",
                             f"{shown}: damaged or not a Word/WPS/RTF/OpenDocument document; LibreOffice cannot open it")
        return produced.read_bytes()


def _run(command: list[str], home: Path, timeout: float, shown: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UNO_", "URE_"))}
    env["HOME"] = str(home)  # nothing of the user's own LibreOffice is touched
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    posix = os.name == "posix"
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, cwd=str(home), env=env, start_new_session=posix)
    except OSError as exc:
        raise InputError(CONVERTER_MISSING, f"无法启动 LibreOffice（{command[0]}）：{exc.strerror}。{_INSTALL_ZH}",
                         f"cannot start LibreOffice ({command[0]}): {exc.strerror}. {_INSTALL_EN}") from None
    try:
        process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process, posix)
        raise InputError(errors.TIMEOUT, f"用 LibreOffice 转换“{shown}”超过 {timeout:g} 秒，已停止。",
                         f"converting {shown} with LibreOffice took over {timeout:g} s; stopped") from None
    finally:
        if process.poll() is None:
            _kill(process, posix)
    if posix:  # helpers LibreOffice left behind in its session
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass


def _kill(process: subprocess.Popen, posix: bool) -> None:
    try:
        if posix:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        process.communicate(timeout=10)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        pass


_FILTERS = {".doc": "MS Word 97", ".rtf": "Rich Text Format", ".odt": "writer8"}


def _suffix(data: bytes, name: str) -> str:
    """The extension LibreOffice is shown, by the content (a .doc renamed .wps is still a .doc)."""
    if data.startswith(_OLE):
        return ".doc"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return ".rtf"
    if data.startswith(b"PK\x03\x04"):
        return ".odt" if b"opendocument.text" in data[:200] else ".docx"
    suffix = Path(name).suffix.lower()
    return suffix if suffix and len(suffix) <= 6 and suffix[1:].isalnum() else ".doc"


# ---------------------------------------------------------------- password-protected compound files


def is_encrypted_ole(data: bytes) -> bool:
    """Whether an OLE2 file is password-protected: an encrypted .docx (``EncryptionInfo`` stream)
    or a Word 97 file whose FIB says ``fEncrypted``."""
    if "EncryptionInfo".encode("utf-16-le") in data[:1 << 20]:
        return True
    fib = _stream_head(data, "WordDocument")
    if fib is None or len(fib) < 12 or fib[:2] != b"\xec\xa5":
        return False
    flags = struct.unpack_from("<H", fib, 0x0A)[0]
    return bool(flags & 0x0100)


def _stream_head(data: bytes, wanted: str) -> bytes | None:
    """The first sector of a stream of a compound file (enough for a FIB), or None."""
    try:
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        size = 1 << shift
        if size not in (512, 4096):
            return None
        first_dir = struct.unpack_from("<I", data, 0x30)[0]
        fat_sectors = struct.unpack_from("<109I", data, 0x4C)
        fat: list[int] = []
        for sector in fat_sectors:
            if sector >= 0xFFFFFFFA:
                break
            start = (sector + 1) * size
            fat.extend(struct.unpack_from(f"<{size // 4}I", data, start))
        sector, seen = first_dir, 0
        while sector < 0xFFFFFFFA and seen < 10_000:
            start = (sector + 1) * size
            for offset in range(start, start + size, 128):
                length = struct.unpack_from("<H", data, offset + 64)[0]
                entry = data[offset:offset + max(0, min(length, 64) - 2)].decode("utf-16-le", "ignore")
                if entry == wanted:
                    begin = struct.unpack_from("<I", data, offset + 116)[0]
                    at = (begin + 1) * size
                    return data[at:at + size]
            sector = fat[sector] if sector < len(fat) else 0xFFFFFFFE
            seen += 1
    except (struct.error, IndexError):
        return None
    return None


if sys.platform == "win32":  # pragma: no cover - the process group is a POSIX notion
    _USUAL_PLACES = _USUAL_PLACES[-2:] + _USUAL_PLACES[:-2]
