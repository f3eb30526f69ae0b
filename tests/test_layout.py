"""The layout shows the architecture: layers import only downwards, modules stay small, and what
several places need to know about forms comes from one table."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lint"

#: low to high; a module may import its own layer and the ones below it
LAYERS = [
    {"lint", "lint.model", "lint.errors", "lint.resources", "lint.vocab"},
    {"lint.ingest"},
    {"lint.checks"},
    {"lint.engine"},
    {"lint.report"},
    {"lint.run"},
    {"lint.cli", "lint.web", "lint.__main__"},
]
GENERATED = {"lint/engine/validators/report.py", "lint/engine/validators/config.py",
             "lint/engine/validators/pack.py", "lint/engine/validators/kinds.py", "lint/vocab/_radicals.py"}
MAX_LINES = 420


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    best = None
    for number, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > best[1]):
                best = (number, len(prefix))
    assert best is not None, module
    return best[0]


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):  # lazy imports inside functions count too
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("lint"):
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{a.name}") for a in node.names
                         if (PACKAGE.parent / f"{node.module}.{a.name}".replace(".", "/")).with_suffix(".py").exists())
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names if a.name.startswith("lint"))
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}:{node.lineno}: relative import; modules name their imports absolutely")
    return found


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_imports_from_a_layer_above(path):
    own = _layer(_module(path))
    upward = [f"{path.relative_to(ROOT)}:{line}: imports {name}" for line, name in _imports(path)
              if _layer(name) > own]
    assert upward == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_about_four_hundred_lines(path):
    if str(path.relative_to(ROOT)) in GENERATED:
        return
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it along its seams"


def test_the_pre_commit_hook_checks_the_forms_of_the_forms_table():
    from lint.ingest.forms import hook_pattern

    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert f"files: '{hook_pattern()}'" in hooks


def test_the_unsupported_file_message_lists_every_form_of_the_table(tmp_path):
    from lint.errors import InputError
    from lint.ingest import load_report
    from lint.ingest.forms import FORMS

    path = tmp_path / "report.xyz"
    path.write_bytes(b"\x00\x01binary")
    with pytest.raises(InputError) as raised:
        load_report(str(path))
    assert raised.value.code == "E003"
    for form in FORMS:
        assert all(ext in raised.value.zh and ext in raised.value.en for ext in form.extensions), form.name


def test_a_folder_walk_takes_exactly_the_extensions_of_the_forms_table(tmp_path):
    from lint.ingest.forms import FORMS
    from lint.run.walk import expand_paths

    names = [f"r{ext}" for form in FORMS for ext in form.extensions] + ["notes.xlsx", "a.tsv"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    walked = {Path(p).name for p in expand_paths([str(tmp_path)])}
    assert walked == {f"r{ext}" for form in FORMS for ext in form.extensions}


def test_the_wheel_ships_every_package_of_the_source_tree():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    on_disk = {_module(init) for init in PACKAGE.rglob("__init__.py") if "__pycache__" not in init.parts}
    assert on_disk - declared == set()


def test_a_form_added_to_the_table_is_read(tmp_path, monkeypatch):
    """Adding an input form is one entry in the table and one importer module."""
    import sys
    import types

    from lint.ingest import forms
    from lint.ingest import load_report
    from lint.ingest.document import Document, Paragraph, Place

    toy = types.ModuleType("lint.ingest.toy")

    def extract(path: str, data: bytes) -> Document:  # a form whose lines are separated by "|"
        lines = data.decode("utf-8").split("|")
        return Document(path, [Paragraph(text, Place(line=n)) for n, text in enumerate(lines, 1)], kind="toy")

    toy.extract = extract
    monkeypatch.setitem(sys.modules, "lint.ingest.toy", toy)
    form = forms.Form("toy", (".toy",), "toy", "示例格式", "toy form")
    monkeypatch.setattr(forms, "FORMS", forms.FORMS + (form,))
    monkeypatch.setitem(forms.BY_NAME, "toy", form)
    monkeypatch.setitem(forms.BY_EXTENSION, ".toy", form)
    path = tmp_path / "2024.toy"
    path.write_text("某局2024年政府信息公开工作年度报告|一、总体情况|本局推进公开。|六、其他需要报告的事项|无。", "utf-8")
    report, _ = load_report(str(path))
    assert report["title"] == "某局2024年政府信息公开工作年度报告" and set(report["sections"]) == {"overview", "other"}
    assert "|toy|" in forms.hook_pattern() and ".toy" in forms.hint("en")
