"""Where the shipped rule packs and schemas are, in a checkout and in an installed wheel."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    # In the wheel, rules/ and schemas/ are installed inside the package (lint/_data/…);
    # in a checkout they sit next to lint/.
    for candidate in (_HERE / "_data" / name, _HERE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"xxgk-lint data folder {name!r} not found; reinstall the package")


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    return json.loads((data_dir("schemas") / name).read_text(encoding="utf-8"))


def pack_path(name: str) -> Path:
    return data_dir("rules") / f"{name}.yaml"


def shipped_packs() -> list[str]:
    return sorted(p.stem for p in data_dir("rules").glob("*.yaml"))
