from __future__ import annotations

import pytest

from lint.engine import Engine
from lint.model import SourceMap
from lint.engine.packs import DEFAULT_PACKS, load_pack


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
