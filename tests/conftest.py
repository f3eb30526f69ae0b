from __future__ import annotations

import os

import pytest

from lint.engine import Engine
from lint.model import SourceMap
from lint.engine.packs import DEFAULT_PACKS, load_pack


@pytest.fixture(autouse=True)
def _no_locale(monkeypatch):
    """Help and usage messages follow the locale (LANG/LC_ALL); tests start from a neutral UTF-8 one, i.e.
    Chinese (UTF-8, as programs the tests start need it for file names such as 年报.docx)."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(autouse=True)
def _pdf_engines_agree(monkeypatch):
    """Every PDF a test reads is read by pdfium and by pdfplumber, and the two readings must be identical
    (XXGK_PDF_ENGINE=compare; lint.ingest.pdf).  Set XXGK_PDF_ENGINE to run the tests with one engine."""
    if not os.environ.get("XXGK_PDF_ENGINE"):
        monkeypatch.setenv("XXGK_PDF_ENGINE", "compare")


@pytest.fixture(autouse=True, scope="session")
def _own_pack_cache(tmp_path_factory):
    """The tests' pack cache is a folder of their own, never the user's ~/.cache (programs they start inherit it)."""
    before = os.environ.get("XXGK_LINT_CACHE")
    os.environ["XXGK_LINT_CACHE"] = str(tmp_path_factory.mktemp("pack-cache"))
    yield
    if before is None:
        os.environ.pop("XXGK_LINT_CACHE", None)
    else:
        os.environ["XXGK_LINT_CACHE"] = before


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine([load_pack(name) for name in DEFAULT_PACKS])


@pytest.fixture(scope="session")
def engine_en() -> Engine:
    return Engine([load_pack(name) for name in DEFAULT_PACKS], lang="en")


@pytest.fixture(scope="session")
def lint_report(engine):
    def run(report: dict):
        return engine.check(report, SourceMap(), "report.yaml")
    return run
