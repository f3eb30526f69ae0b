"""Configuration: ``.xxgk-lint.yaml`` or ``[tool.xxgk-lint]`` in pyproject.toml, found by walking up.

As in Ruff, the configuration nearest to a file governs it; ``--config`` names one
for every file and ``--isolated`` ignores them all.  Command-line options beat
the file.  An unknown key or rule code is a configuration error (exit 2) naming it.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import field
from pathlib import Path
from typing import Any

from lint.errors import ConfigError
from lint.records import record
from lint.resources import read_limited

CONFIG_NAMES = (".xxgk-lint.yaml", ".xxgk-lint.yml", "pyproject.toml")


@record(frozen=True)
class Suppression:
    """A finding the user has accepted, with the reason: in a file comment or in the configuration."""

    code: str
    reason: str
    path: str = ""  # glob for configuration suppressions
    pointer: str = ""  # configuration suppressions (documents have no comments to carry them)
    line: int | None = None  # comment suppressions
    file_level: bool = False
    origin: str = ""  # where it was written, for the unused-suppression finding


@record
class Config:
    path: str | None = None  # the file it came from; None for defaults
    root: str = "."  # paths in the configuration are relative to this folder
    packs: list[str] | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    lang: str | None = None
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    suppressions: list[Suppression] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    plugins: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)

    def history_files(self) -> list[str]:
        """The earlier reports ``history`` names, as paths."""
        import glob

        found: list[str] = []
        for pattern in self.history:
            found.extend(sorted(glob.glob(os.path.join(self.root, pattern), recursive=True)))
        return [path for path in dict.fromkeys(found) if os.path.isfile(path)]

    def excludes(self, path: str) -> bool:
        rel = _relative(path, self.root)
        return any(fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(os.path.basename(path), pattern)
                   for pattern in self.exclude)

    def ignored_for(self, path: str) -> list[str]:
        rel = _relative(path, self.root)
        return [code for pattern, codes in self.per_file_ignores.items()
                if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(os.path.basename(path), pattern)
                for code in codes]

    def suppressions_for(self, path: str) -> list[Suppression]:
        rel = _relative(path, self.root)
        return [s for s in self.suppressions
                if fnmatch.fnmatch(rel, s.path) or fnmatch.fnmatch(os.path.basename(path), s.path)]


def _relative(path: str, root: str) -> str:
    """``path`` relative to ``root`` with forward slashes, as globs are written; as given when it is not
    under ``root``.  Plain string work: ``pathlib`` interns every part it parses, so a run over 100,000
    files would keep every file name for good."""
    full, base = os.path.abspath(path), os.path.abspath(root)
    if full == base:
        return "."
    prefix = base.rstrip(os.sep) + os.sep
    if full.startswith(prefix):
        return full[len(prefix):].replace(os.sep, "/")
    return Path(path).as_posix()


#: a configuration file is a few lines; beyond this it is refused unread
MAX_CONFIG_BYTES = 1024 * 1024


def _read(path: Path) -> dict | None:
    """The settings a file holds, or None if it holds none (a pyproject.toml without our table)."""
    if path.name == "pyproject.toml":
        try:
            if b"xxgk-lint" not in path.read_bytes():
                return None  # another tool's file: no need to parse its TOML (tomllib costs a cold run ~6 ms)
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef]

        try:
            data = tomllib.loads(read_limited(path, MAX_CONFIG_BYTES, "the configuration").decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read: {exc}") from None
        except RecursionError:
            raise ConfigError(f"{path}: cannot read: nested too deeply") from None
        return data.get("tool", {}).get("xxgk-lint")
    from lint.errors import InputError
    from lint.ingest.structured import load_structured

    try:
        data, source_map = load_structured(str(path), read_limited(path, MAX_CONFIG_BYTES, "the configuration"))
    except InputError as exc:
        place = f":{exc.line}:{exc.column}" if exc.line else ""
        raise ConfigError(f"{path}{place}: {exc.en}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return data if data is not None else {}


def load_config(path: str | os.PathLike) -> Config:
    path = Path(path)
    data = _read(path)
    if data is None:
        raise ConfigError(f"{path}: no [tool.xxgk-lint] table")
    return parse(data, str(path), str(path.parent))


def parse(data: Any, where: str, root: str) -> Config:
    from lint.engine.validators import errors as schema_errors
    from lint.engine.validators import fast

    from lint.resources import schema

    if not isinstance(data, dict):
        raise ConfigError(f"{where}: the configuration is a mapping of settings")
    errors = schema_errors(data, lambda: schema("config.schema.json"), fast("config.schema.json"))
    if errors:
        err = errors[0]
        key = "/".join(str(p) for p in err.absolute_path) or "(top level)"
        if err.validator == "additionalProperties":
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            raise ConfigError(f"{where}: unknown setting {', '.join(repr(e) for e in extra)} "
                              f"under {key}; known: {', '.join(sorted(err.schema.get('properties', {})))}")
        raise ConfigError(f"{where}: setting {key}: {err.message}")
    suppressions = [Suppression(code=s["code"], reason=s["reason"], path=s["path"], pointer=s.get("pointer", ""),
                                file_level="pointer" not in s, origin=where)
                    for s in data.get("suppressions", [])]
    return Config(path=where, root=root, packs=data.get("packs"), select=data.get("select", []),
                  ignore=data.get("ignore", []), severity=data.get("severity", {}), fail_on=data.get("fail-on"),
                  lang=data.get("lang"), per_file_ignores=data.get("per-file-ignores", {}),
                  suppressions=suppressions, exclude=data.get("exclude", []), plugins=data.get("plugins", []),
                  history=data.get("history", []))


def _mentions_us(path: Path) -> bool:
    """Whether a pyproject.toml that is not to be used has our table: looked for, never parsed (it may be
    hostile: huge, nested past any depth)."""
    try:
        with open(path, "rb") as handle:
            return b"xxgk-lint" in handle.read(MAX_CONFIG_BYTES)
    except OSError:
        return False


class ConfigFinder:
    """The configuration governing each file, found once per folder.

    ``untrusted`` names folders whose own configuration files are not used (an
    auditor's ``--no-local-config``: a report folder must not switch off the
    auditor's rules); :attr:`ignored` lists the files left unused that way.
    """

    def __init__(self, explicit: str | None = None, isolated: bool = False, untrusted: tuple[str, ...] = ()) -> None:
        self.isolated = isolated
        self.explicit = load_config(explicit) if explicit else None
        self.untrusted = tuple(os.path.realpath(p) for p in untrusted)
        self.ignored: list[str] = []
        self._by_dir: dict[str, Config] = {}

    def for_path(self, path: str) -> Config:
        if self.explicit is not None:
            return self.explicit
        if self.isolated:
            return Config()
        folder = os.path.dirname(os.path.abspath(path)) if not os.path.isdir(path) else os.path.abspath(path)
        return self._search(folder)

    def _search(self, folder: str) -> Config:
        if folder in self._by_dir:
            return self._by_dir[folder]
        found: Config | None = None
        distrusted = any(os.path.realpath(folder) == root or os.path.realpath(folder).startswith(root + os.sep)
                         for root in self.untrusted)
        for name in CONFIG_NAMES:
            candidate = Path(folder) / name
            if candidate.is_file() and distrusted:
                if name != "pyproject.toml" or _mentions_us(candidate):
                    self.ignored.append(str(candidate))
                continue
            if candidate.is_file():
                data = _read(candidate)
                if data is not None:
                    found = parse(data, str(candidate), folder)
                    break
        if found is None:
            parent = os.path.dirname(folder)
            found = self._search(parent) if parent != folder else Config()
        self._by_dir[folder] = found
        return found
