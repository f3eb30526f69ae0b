"""Parse a web page's text into an element tree, within the parser's resource limits and never silently short.

libxml2 stops at its resource limits and, recovering, returns what it had: a page with one text,
script or attribute over 10 MB (an embedded data: image, an inline data blob) or nested more than
256 deep (hundreds of unclosed tags) lost everything after that point, and was then "no report".
A page is at most :data:`lint.ingest.html.MAX_BYTES`, so a long node is read with the limits
lifted; nesting deeper than the walker can follow is refused with a message that says so.
"""

from __future__ import annotations

import re
from typing import Any

from lint.errors import HOSTILE, NOT_A_REPORT, InputError

#: the deepest nesting read (libxml2's own limit without XML_PARSE_HUGE); browsers show deeper pages
MAX_DEPTH = 255
_XML_DECLARATION = re.compile(r"^(\ufeff?\s*)<\?xml[^>]*\?>")


def parse_page(path: str, text: str) -> Any:
    """The element tree of ``text`` (the page at ``path``), or InputError when it cannot be read whole."""
    # lxml refuses text that still declares a byte encoding (XHTML pages); the text is decoded already.
    text = _XML_DECLARATION.sub(r"\1", text, count=1)  # keeps the line count: sourceline stays true
    root, limits = _parse(path, text, huge=False)
    if limits and not any("depth" in message for message, _line in limits):
        root, limits = _parse(path, text, huge=True)  # a long node: read it whole
        if _depth(root) > MAX_DEPTH:
            limits = [("depth", None)]
    if limits:
        line = limits[0][1]
        where, where_en = (f"第 {line} 行起", f" from line {line}") if line else ("", "")
        raise InputError(HOSTILE, f"文件“{path}”中的网页元素{where}嵌套超过 {MAX_DEPTH} 层（多半是大量未闭合的标签），"
                         "无法完整读取。请修正网页源码或另存为 Word、PDF 后再检查。",
                         f"{path}: elements nested more than {MAX_DEPTH} deep{where_en} (unclosed tags?); "
                         "the page cannot be read whole", line=line)
    return root


def _parse(path: str, text: str, huge: bool) -> tuple[Any, list[tuple[str, int | None]]]:
    from lxml import etree

    # no_network: a page must never make us fetch anything; HTML parsing expands no custom entities.
    # lxml.etree's own parser, not lxml.html's: the walk visits every element, and lxml.html's element
    # classes are chosen by a Python callback for each element each time it is reached.
    parser = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True, huge_tree=huge)
    try:
        root = etree.fromstring(text, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(NOT_A_REPORT, f"文件“{path}”不是可读的网页，找不到年度报告正文。",
                         f"{path}: not a readable HTML page ({exc})") from None
    if root is None:
        raise InputError(NOT_A_REPORT, f"文件“{path}”不是可读的网页，找不到年度报告正文。",
                         f"{path}: not a readable HTML page")
    limits = [(entry.message.lower(), entry.line or None) for entry in parser.error_log
              if entry.type_name == "ERR_RESOURCE_LIMIT"]
    return root, limits


def _depth(root: Any) -> int:
    """How deep the tree nests, without recursion."""
    deepest = 0
    stack = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in el)
    return deepest
