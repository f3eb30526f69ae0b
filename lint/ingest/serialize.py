"""Structured reports back to text: YAML that a person can read and edit, or JSON."""

from __future__ import annotations

import io
import json
from typing import Any

KEY_ORDER = ("format", "agency", "year", "level", "published", "title", "intro", "sections", "tables",
             "labels", "unreadable")


def _ordered(report: dict) -> dict:
    out = {k: report[k] for k in KEY_ORDER if k in report}
    out.update({k: v for k, v in report.items() if k not in out})
    return out


def to_json(report: dict) -> str:
    return json.dumps(_ordered(report), ensure_ascii=False, indent=2) + "\n"


def to_yaml(report: dict) -> str:
    """YAML with every table row on one line ([自然人 … 总计]) and narrative as literal blocks."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    def convert(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            node = CommentedMap()
            for k, v in value.items():
                node[k] = convert(v, str(k))
            return node
        if isinstance(value, list):
            seq = CommentedSeq(convert(v) for v in value)
            if all(not isinstance(v, (dict, list)) for v in value):
                seq.fa.set_flow_style()
            return seq
        if isinstance(value, str):
            if "\n" in value:
                return LiteralScalarString(value)
            if key == "format" or _looks_like_other_type(value):
                return DoubleQuotedScalarString(value)
        return value

    yaml = YAML()
    # a blank cell is written `null`, never as nothing: a reader must see it was left blank
    yaml.representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(convert(_ordered(report)), buffer)
    return buffer.getvalue()


def _looks_like_other_type(text: str) -> bool:
    # a printed cell such as "12" or "null" must come back as the same string, not a number
    from lint.ingest.structured import _DATE, _FLOAT, _INT, _NULL, _TRUE, _FALSE

    return bool(text in _NULL or text in _TRUE or text in _FALSE or _INT.match(text) or _FLOAT.match(text)
                or _DATE.match(text) or text[:1] in "&*!|>'\"%@`#,[]{}-?:" or text != text.strip())
