"""Regular expressions served from the compiled-program cache (lint.run.compiled) match exactly as
``re`` compiles them, and a damaged, forged or foreign cache file costs a compile, never a wrong match."""

from __future__ import annotations

import marshal
import re
from array import array
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from lint.run import compiled

PATTERNS = [
    (r"(\d{4})年1月1日[^。\d]{0,12}?(至|到|—|-|～|~)", 0),
    (r"(?P<part>[一二三四五六七八九十]{1,3})、(?P<title>\S+)", 0),
    (r"(?<![自从于到至])(\d{4})年(度)?", 0),
    (r"(?:收取[^。;!?]{0,24}?元)|(?:收费[^。;!?]{0,24}?元)", 0),
    (r"^\s*#{1,6}\s*(.+)$", re.MULTILINE),
    (r"[\u4e00-\u9fff]+|[A-Za-z]+", 0),
    (r"abc", re.IGNORECASE),
    (r"(a)(?(1)b|c)", 0),
    (r"\bword\b.", re.DOTALL | re.ASCII),
]
TEXT = st.text(alphabet="0123456789年月日至到—-~自从于一二三四五、收取费元。;!? \nabcABCword#中文", max_size=60)


@pytest.fixture
def cache(tmp_path):
    """The cache installed over ``tmp_path``, and removed again (whatever an earlier test installed)."""
    compiled.uninstall()
    if not compiled.install(str(tmp_path)):
        pytest.skip("this Python's re is built otherwise: the cache is not installed")
    yield tmp_path
    compiled.uninstall()


def _plain(pattern: str, flags: int):
    """The pattern as re compiles it by itself."""
    from re import _compiler

    return (compiled._ORIGINAL or _compiler.compile)(pattern, flags)


def _same(a, b, text: str) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]
    assert [m.groups() for m in a.finditer(text)] == [m.groups() for m in b.finditer(text)]


@settings(max_examples=60, deadline=None)
@given(text=TEXT)
def test_served_from_the_file_matches_as_re_compiles(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("rx")
    compiled.uninstall()
    try:
        assert compiled.install(str(root))
        fresh = [compiled._compile(p, f) for p, f in PATTERNS]
        compiled.save()
        compiled.uninstall()
        assert compiled.install(str(root))
        served = [compiled._compile(p, f) for p, f in PATTERNS]
        assert not compiled._STATE["new"], "every pattern came from the file"
        for (pattern, flags), a, b in zip(PATTERNS, served, fresh):
            _same(a, _plain(pattern, flags), text)
            _same(b, _plain(pattern, flags), text)
    finally:
        compiled.uninstall()


def test_a_second_run_compiles_nothing_and_writes_nothing(cache):
    for pattern, flags in PATTERNS:
        compiled._compile(pattern, flags)
    compiled.save()
    [file] = list(cache.glob("regex-*.marshal"))
    before = file.stat().st_mtime_ns
    compiled.uninstall()
    compiled.install(str(cache))
    for pattern, flags in PATTERNS:
        compiled._compile(pattern, flags)
    compiled.save()
    assert file.stat().st_mtime_ns == before


def test_a_forged_program_is_refused_by_the_engine_and_compiled_afresh(cache):
    pattern = r"(\d+)件"
    compiled._compile(pattern, 0)
    compiled.save()
    [file] = list(cache.glob("regex-*.marshal"))
    tag, stored = marshal.loads(file.read_bytes())
    flags, code, groups, groupindex, indexgroup = stored[(pattern, 0)]
    forged = array(compiled._WORD, [99999] * (len(code) // array(compiled._WORD).itemsize)).tobytes()
    assert len(forged) == len(code)
    stored[(pattern, 0)] = (flags, forged, groups, groupindex, indexgroup)  # well formed, but no valid program
    file.write_bytes(marshal.dumps((tag, stored)))
    compiled.uninstall()
    compiled.install(str(cache))
    served = compiled._compile(pattern, 0)
    assert served.findall("共12件，3件") == ["12", "3"]
    assert compiled._STATE["new"], "the refused program was compiled again"


@pytest.mark.parametrize("content", [b"", b"\x00garbage", marshal.dumps(("another python", {})),
                                     marshal.dumps([1, 2, 3]), marshal.dumps(("x", {("a", "b"): 1}))])
def test_a_damaged_or_foreign_file_is_ignored(cache, content):
    compiled._compile("probe", 0)
    compiled.save()
    [file] = list(cache.glob("regex-*.marshal"))
    file.write_bytes(content)
    compiled.uninstall()
    compiled.install(str(cache))
    assert compiled._STORED == {} or all(isinstance(k[0], str) for k in compiled._STORED)
    assert compiled._compile(r"(\d+)元", 0).findall("收取10元") == ["10"]


def test_a_malformed_expression_raises_as_re_does(cache):
    with pytest.raises(re.error):
        compiled._compile(r"(unclosed", 0)


def test_no_cache_folder_installs_nothing():
    compiled.uninstall()
    assert compiled.install(None) is False
    assert compiled._ORIGINAL is None


def test_the_command_line_keeps_its_expressions_between_runs(tmp_path):
    """A check writes the compiled expressions once; the next run finds them and writes nothing."""
    report = Path(__file__).resolve().parents[1] / "examples" / "zibo-2024.yaml"
    env = {"XXGK_LINT_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"}
    run = [sys.executable, "-m", "lint", "check", str(report), "--format", "json"]
    first = subprocess.run(run, env=env, capture_output=True, text=True)
    files = list(tmp_path.glob("regex-*.marshal"))
    assert len(files) == 1, first.stderr
    stored = marshal.loads(files[0].read_bytes())[1]
    assert len(stored) > 50  # the packs' phrases, the narrative rules, the vocabulary
    before = files[0].stat().st_mtime_ns
    second = subprocess.run(run, env=env, capture_output=True, text=True)
    assert files[0].stat().st_mtime_ns == before
    assert second.stdout == first.stdout and second.returncode == first.returncode
