"""A report's status and score measure the report, not the form it was read from.

The corpus's 平潭 2021 and 2025 reports are web pages.  Read as the page, as the text a person
gets by copying the page (lxml's text_content, one line per block, cells separated by tabs),
and as the structured YAML ``convert`` writes, each must get the same status and, where all
were read completely, the same score and the same findings about the document.
"""

from __future__ import annotations

import json

import pytest

from lint.cli import main
from tests.ingest import CORPUS

REPORTS = ["2021_pingtan.html", "2025_pingtan.html"]
_BLOCKS = {"p", "div", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "table", "section", "article", "title"}


def _text_of(page, out) -> None:
    """The page's text as a copy from the browser gives it: blocks on their own lines, cells tab-separated."""
    import lxml.html

    root = lxml.html.parse(str(page)).getroot()
    for element in list(root.iter("script", "style")):
        element.drop_tree()
    for element in root.iter():
        if element.tag in ("td", "th"):
            element.tail = "\t" + (element.tail or "")
        elif element.tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    out.write_text(root.text_content(), encoding="utf-8")


def _checked(path, tmp_path) -> dict:
    out = tmp_path / (path.name + ".json")
    main(["check", str(path), "--isolated", "--format", "json", "-o", str(out), "--progress", "off"])
    return json.loads(out.read_text(encoding="utf-8"))["files"][0]


@pytest.mark.parametrize("name", REPORTS)
def test_page_text_and_yaml_get_the_same_status_and_score(name, tmp_path):
    page = CORPUS / name
    if not page.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    text = tmp_path / (name + ".txt")
    _text_of(page, text)
    yaml = tmp_path / (name + ".yaml")
    assert main(["convert", str(page), "-o", str(yaml)]) == 0
    files = {form: _checked(path, tmp_path) for form, path in (("html", page), ("text", text), ("yaml", yaml))}
    assert {form: f["status"] for form, f in files.items()} == {form: files["html"]["status"] for form in files}
    if all(f["status"] == "complete" for f in files.values()):
        assert {form: f["score"] for form, f in files.items()} == {form: files["html"]["score"] for form in files}
        assert files["html"]["score"] is not None

    def about_the_document(f):
        return sorted((x["code"], x["location"]["pointer"]) for x in f["findings"] if x["origin"] == "document")
    assert about_the_document(files["text"]) == about_the_document(files["html"])
    assert about_the_document(files["yaml"]) == about_the_document(files["html"])
