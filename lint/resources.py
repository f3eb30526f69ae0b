"""Where the shipped rule packs and schemas are, in a checkout and in an installed wheel; how the files a user
names besides the reports (configurations, rule packs, baselines) are read."""

from __future__ import annotations

import json
import os
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


def cache_root() -> str | None:
    """The folder of the caches kept between runs (the packs as read, compiled regular expressions):
    ``XXGK_LINT_CACHE``, else the user's cache folder; None when it is set to ``off``, ``0`` or empty."""
    root = os.environ.get("XXGK_LINT_CACHE")
    if root is None:
        root = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
                            "xxgk-lint")
    return None if root in ("", "0", "off") else root


def write_cache(file: str, blob: bytes) -> None:
    """Put ``blob`` in the cache file ``file`` atomically (a concurrent run reads the old file or the new
    one, never half); a read-only or full cache folder only costs the next run its work again."""
    temp = f"{file}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(file), exist_ok=True)
        with open(temp, "wb") as f:
            f.write(blob)
        os.replace(temp, file)
    except OSError:
        try:
            os.unlink(temp)
        except OSError:
            pass


def read_limited(path: str | os.PathLike, limit: int, what: str) -> bytes:
    """The bytes of a file the user names (a configuration, a rule pack, a baseline), its size checked before
    a byte is read; a ConfigError naming the file when it is too large or cannot be read."""
    from lint.errors import ConfigError

    try:
        size = os.stat(path).st_size
        if size > limit:
            raise ConfigError(f"{path}: {what} is {size / 1024 / 1024:.0f} MB, more than the {limit // 1024 // 1024} MB "
                              f"accepted; refused")
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    if len(data) > limit:  # it grew while being read
        raise ConfigError(f"{path}: {what} is more than the {limit // 1024 // 1024} MB accepted; refused")
    return data
