"""Load a structured report (YAML or JSON) with the line and column of every value.

The round-trip loader of ruamel.yaml keeps positions but is several times too
slow for a pre-commit hook.  Instead we read the event stream of the C parser
and build plain Python values ourselves, recording each value's position in a
SourceMap.  Building the values ourselves also lets us refuse hostile input in
bounded time and memory: alias expansion, nesting depth and number size are
capped while we go, before anything is materialised.
"""

from __future__ import annotations

import re
from typing import Any

from lint import errors
from lint.errors import InputError
from lint.model import SourceMap

MAX_DEPTH = 64  # a report nests about 6 levels; anything far deeper is an attack or an accident
MAX_NODES = 200_000  # values after alias expansion; a real report has a few thousand
MAX_INT_DIGITS = 15  # no count in a report comes near 10**15
MAX_BYTES = 20 * 1024 * 1024

_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)$")
_INT_OTHER = re.compile(r"[-+]?0x[0-9a-fA-F_]+$|[-+]?0o[0-7_]+$")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(inf|Inf|INF)$|\.(nan|NaN|NAN)$")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")


def _escape(key: Any) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


class _Builder:
    """Turns parser events into Python values, recording positions as it goes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.source_map = SourceMap()
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, node count)
        self.nodes = 0

    def refuse(self, zh: str, en: str, mark: Any) -> InputError:
        return InputError(errors.HOSTILE, zh, en, line=mark.line + 1, column=mark.column + 1)

    def count(self, n: int, mark: Any) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise self.refuse(
                f"文件展开后的值超过 {MAX_NODES} 个（可能是锚点/别名炸弹），已拒绝读取",
                f"more than {MAX_NODES} values after alias expansion (an alias bomb?); refused",
                mark)

    def record(self, pointer: str, mark: Any) -> None:
        self.source_map.add_position(pointer, mark.line + 1, mark.column + 1)

    def scalar(self, event: Any) -> Any:
        text = event.value
        tag = event.tag
        if not tag and not event.style and text.isascii() and text.isdigit() and (text[0] != "0" or len(text) == 1):
            # a plain count, most scalars of a report: what _INT and integer() would make of it
            if len(text) > MAX_INT_DIGITS + 2:
                raise self.too_large(event)
            return int(text)
        if event.style or (tag and tag not in ("!", "tag:yaml.org,2002:int", "tag:yaml.org,2002:str")):
            # quoted or explicitly tagged: keep the text as printed
            if tag == "tag:yaml.org,2002:int":
                return self.integer(text, event)
            return text
        if tag == "tag:yaml.org,2002:str":
            return text
        if tag == "tag:yaml.org,2002:int":
            return self.integer(text, event)
        if text in _NULL:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if _INT.match(text) or _INT_OTHER.match(text):
            return self.integer(text, event)
        if _FLOAT.match(text) and any(ch.isdigit() for ch in text):
            digits = sum(ch.isdigit() for ch in text)
            if digits > 40:
                raise self.too_large(event)
            return float(text.replace("_", ""))
        if _SPECIAL_FLOAT.match(text):
            return text  # .inf / .nan are no counts; keep the text so the rules name it
        if _DATE.match(text):
            return text  # dates stay ISO strings, as the schema expects
        return text

    def too_large(self, event: Any) -> InputError:
        mark = event.start_mark
        return InputError(
            errors.HOSTILE,
            f"数值过大（{len(event.value)} 位），不可能是件数或金额，已拒绝读取",
            f"a number with {len(event.value)} digits is no count or amount; refused",
            line=mark.line + 1, column=mark.column + 1)

    def integer(self, text: str, event: Any) -> int:
        digits = text.replace("_", "").lstrip("+-")
        if len(digits) > MAX_INT_DIGITS + 2:
            raise self.too_large(event)
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return int(text.replace("_", ""))

    def build(self, events: Any) -> Any:
        """Build the single document of the stream.

        Three events in four are scalars: they are attached here inline, with the
        fewest Python operations per event; containers and aliases take :func:`attach`.
        """
        from ruamel.yaml import events as ev

        scalar_event, alias_event = ev.ScalarEvent, ev.AliasEvent
        mapping_start, sequence_start = ev.MappingStartEvent, ev.SequenceStartEvent
        ends = (ev.MappingEndEvent, ev.SequenceEndEvent)
        document_start = ev.DocumentStartEvent
        entries = self.source_map._entries  # pointer → (line, column), as SourceMap.add_position stores them
        scalar = self.scalar
        anchors = self.anchors
        no_key = _NO_KEY
        stack: list[list[Any]] = []  # [container, pointer, pending key (mapping), is a list]
        top: list[Any] | None = None
        root: Any = None
        documents = 0
        pending_anchor: list[tuple[str, int, Any]] = []  # (anchor, node count at start, container)

        def attach(value: Any, mark: Any) -> None:
            nonlocal root
            if top is None:
                root = value
                entries[""] = (mark.line + 1, mark.column + 1)
                return
            container = top[0]
            if top[3]:
                entries[f"{top[1]}/{len(container)}"] = (mark.line + 1, mark.column + 1)
                container.append(value)
                return
            key = top[2]
            if key is no_key:
                # this value is a mapping key
                if isinstance(value, (dict, list)):
                    raise InputError(errors.SYNTAX, "映射的键不能是列表或映射", "a mapping key cannot be a list or mapping",
                                     line=mark.line + 1, column=mark.column + 1)
                if value in container:
                    raise InputError(errors.SYNTAX, f"键“{value}”重复出现", f"duplicate key {value!r}",
                                     line=mark.line + 1, column=mark.column + 1)
                top[2] = value
                return
            container[key] = value
            entries[f"{top[1]}/{_escape(key)}"] = (mark.line + 1, mark.column + 1)
            top[2] = no_key

        for event in events:
            kind = type(event)
            if kind is scalar_event:
                mark = event.start_mark
                self.nodes += 1
                if self.nodes > MAX_NODES:
                    self.count(0, mark)
                value = scalar(event)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                if top is None or not top[3]:
                    if top is not None and top[2] is no_key:  # a mapping key: the commonest case but one
                        if value in top[0]:
                            raise InputError(errors.SYNTAX, f"键“{value}”重复出现", f"duplicate key {value!r}",
                                             line=mark.line + 1, column=mark.column + 1)
                        top[2] = value
                        continue
                    attach(value, mark)
                    continue
                container = top[0]
                entries[f"{top[1]}/{len(container)}"] = (mark.line + 1, mark.column + 1)
                container.append(value)
                continue
            if kind is document_start:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise InputError(errors.NOT_A_REPORT, "一个文件只能包含一份报告（发现多个 YAML 文档）",
                                     "a file holds one report; found several YAML documents",
                                     line=mark.line + 1, column=mark.column + 1)
                continue
            if kind in ends:
                stack.pop()
                top = stack[-1] if stack else None
                anchor, start, container = pending_anchor.pop()
                if anchor:
                    anchors[anchor] = (container, self.nodes - start + 1)
                continue
            if kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                self.count(1, mark)
                if len(stack) >= MAX_DEPTH:
                    raise self.refuse(f"嵌套超过 {MAX_DEPTH} 层，不是年度报告的结构，已拒绝读取",
                                      f"nesting deeper than {MAX_DEPTH} levels; refused", mark)
                is_list = kind is sequence_start
                container: Any = [] if is_list else {}
                if top is None:
                    pointer = ""
                elif top[3]:
                    pointer = f"{top[1]}/{len(top[0])}"
                else:
                    if top[2] is no_key:
                        raise InputError(errors.SYNTAX, "映射的键不能是列表或映射", "a mapping key cannot be a list or mapping",
                                         line=mark.line + 1, column=mark.column + 1)
                    pointer = f"{top[1]}/{_escape(top[2])}"
                attach(container, mark)
                top = [container, pointer, no_key, is_list]
                stack.append(top)
                pending_anchor.append((event.anchor, self.nodes, container))
                continue
            if kind is alias_event:
                mark = event.start_mark
                if event.anchor not in anchors:
                    raise InputError(errors.SYNTAX, f"未定义的别名 *{event.anchor}", f"undefined alias *{event.anchor}",
                                     line=mark.line + 1, column=mark.column + 1)
                value, size = anchors[event.anchor]
                self.count(size, mark)
                attach(_deep_copy(value), mark)
                continue
            # stream start and end, document end: nothing to build
        return root


_NO_KEY = object()


def _deep_copy(value: Any) -> Any:
    # Aliases share structure in YAML; copying keeps rules from seeing one object twice.
    # Size is bounded by MAX_NODES, counted before the copy is made.
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


def decode(data: bytes) -> str:
    if not data.strip():
        raise InputError(errors.EMPTY, "文件为空", "the file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(errors.UNDECODABLE, "文件含有二进制内容，不是文本格式的报告",
                         "the file holds binary bytes, not a text report")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(errors.UNDECODABLE,
                         f"第 {line} 行含有无法按 UTF-8 解码的字节；结构化报告请保存为 UTF-8 编码",
                         f"bytes at line {line} are not UTF-8; save structured reports as UTF-8",
                         line=line) from None


def _parser(text: str) -> Any:
    """ruamel's C parser over ``text`` (its pure-Python one where the C extension is missing).

    Only the parser's events are read, so the C parser is made as it is, without the loader class
    that ``YAML.get_constructor_parser`` builds around it for every stream (and ``YAML()``'s search
    of the plug-in folder): a tenth of loading a report."""
    from ruamel.yaml.main import CParser

    if CParser is not None:
        return CParser(text)
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).get_constructor_parser(text)[1]


def load_structured(path: str, data: bytes) -> tuple[Any, SourceMap]:
    """Parse YAML or JSON bytes into a Python value and a SourceMap; raise InputError if unreadable."""
    if len(data) > MAX_BYTES:
        raise InputError(errors.HOSTILE, f"文件超过 {MAX_BYTES // 1024 // 1024} MB，不像一份年度报告，已拒绝读取",
                         f"file larger than {MAX_BYTES // 1024 // 1024} MB; refused")
    text = decode(data)
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    builder = _Builder(path)
    try:
        parser = _parser(text)
        try:
            # the C parser's events directly, without YAML.parse()'s generator around each one
            value = builder.build(iter(parser.get_event, None))
        finally:
            parser.dispose()
    except InputError:
        raise
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "syntax error").strip()
        raise InputError(errors.SYNTAX, f"YAML/JSON 语法错误：{problem}", f"YAML/JSON syntax error: {problem}",
                         line=mark.line + 1 if mark else None,
                         column=mark.column + 1 if mark else None) from None
    except (YAMLError, ValueError, RecursionError) as exc:
        raise InputError(errors.SYNTAX, f"YAML/JSON 语法错误：{exc}", f"YAML/JSON syntax error: {exc}") from None
    builder.source_map.text = text
    return value, builder.source_map
