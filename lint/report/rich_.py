"""Terminal output with rich: per file, per part of the report in document order, each finding with its
place, its code and severity, the message (wrapped under itself), the report's text at that place with
the named words marked, what follows from it, and the fix."""

from __future__ import annotations

import re
from typing import Any, Iterable, TextIO

from lint.model import FileResult, Finding, Severity
from lint.report import Context
from lint.vocab.printed import carets, cells, printable, window, wrap
from lint.report.outline import by_part, part_title
from lint.report.text import place, severity_label, where_in_table

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_WORDS = {
    "zh": {"fix": "修改建议：", "clean": "✓ 未发现问题", "reading": "需人工核对", "format": "{} 格式",
           "score": "得分 {score}（{grade}）", "partial": "部分内容未能读取，得分只计已读部分",
           "not-graded": "不评分"},
    "en": {"fix": "fix: ", "clean": "✓ no findings", "reading": "to verify", "format": "{} format",
           "score": "score {score} ({grade})", "partial": "some parts could not be read; the score covers the rest",
           "not-graded": "not graded"},
}

#: output for programs: never mixed with human text
MACHINE = False


def _text(value: str, width: int, style: str = "", indent: int = 0, head: tuple[int, str] | None = None):
    """``value`` wrapped to ``width`` cells, lines after the first indented by ``indent``; ``head`` styles
    the first characters (a code and severity before a message)."""
    from rich.text import Text

    lines = wrap(printable(value), width, indent)
    text = Text(("\n" + " " * indent).join(lines), style=style)
    if head is not None:
        text.stylize(head[1], 0, head[0])
    return text


def _label(finding: Finding, lang: str) -> str:
    label = severity_label(finding, lang)
    if finding.origin == "reading":
        label += "·" + _WORDS[lang]["reading"]
    return label


def _excerpt(excerpt: dict[str, Any] | None, width: int):
    """The excerpt and, under it, carets at its marks; None when there is nothing to show."""
    from rich.text import Text



    if not excerpt or not excerpt.get("text"):
        return None
    marks = [tuple(m) for m in excerpt.get("marks") or [] if len(m) == 2]
    text, marks = window(excerpt["text"], marks, max(width - 2, 20))
    line = Text()
    line.append("│ ", style="dim")
    line.append(text)
    for start, end in marks:
        line.stylize("bold", 2 + start, 2 + end)
    out = Text("\n").join([line])
    if marks:
        caret_line = Text()
        caret_line.append("│ ", style="dim")
        caret_line.append(carets(text, marks), style="bold magenta")
        out = Text("\n").join([line, caret_line])
    out.no_wrap = True
    out.overflow = "crop"
    return out


def _body(finding: Finding, lang: str, width: int):
    from rich.console import Group

    parts: list[Any] = [_text(finding.message, width)]
    table = where_in_table(finding)
    if table and finding.location.line is None and not finding.excerpt:
        parts.append(_text(table, width, "dim"))
    excerpt = _excerpt(finding.excerpt, width)
    if excerpt is not None:
        parts.append(excerpt)
    for consequence in finding.consequences:
        head = f"↳ {consequence.code} {_label(consequence, lang)} "
        line = _text(head + consequence.message, width, "dim", indent=2, head=(len(head), _STYLE[consequence.severity]))
        parts.append(line)
    if finding.hint:
        parts.append(_text(_WORDS[lang]["fix"] + finding.hint, width, "green"))
    return Group(*parts)


def _where(result: FileResult, finding: Finding) -> str:
    return place(result.path, finding)[len(result.path):].lstrip(":")


def _header(result: FileResult, lang: str, width: int):
    """The file's name and what was read of it; what does not fit beside the name goes under it."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    header = Text(printable(result.path), style="bold underline")
    meta = [str(x) for x in (result.agency, result.year) if x]
    if result.format:
        meta.append(_WORDS[lang]["format"].format(result.format))
    if result.score is not None:
        meta.append(_WORDS[lang]["score"].format(score=result.score, grade=result.grade))
    if result.status in ("partial", "not-graded"):
        meta.append(_WORDS[lang][result.status])
    if not meta:
        return header
    said = printable(" · ".join(meta))
    if cells(header.plain) + 2 + cells(said) <= width:
        header.append("  " + said, style="dim")
        return header
    return Group(header, Padding(Text(said, style="dim"), (0, 0, 0, 2)))


def _file(console, result: FileResult, lang: str) -> None:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    console.print(_header(result, lang, console.width))
    if not result.findings:
        console.print(Padding(Text(_WORDS[lang]["clean"], style="green"), (0, 0, 0, 2), expand=False))
    wheres = {id(f): _where(result, f) for f in result.findings}
    loc_width = max([cells(w) for w in wheres.values()] + [1])
    code_width = max([cells(f"{f.code} {_label(f, lang)}") for f in result.findings] + [1])
    body_width = max(console.width - 4 - loc_width - code_width - 2, 24)
    for key, findings in by_part(result.findings):
        console.print()
        console.print(Padding(Text(part_title(key, lang), style="bold"), (0, 0, 0, 2), expand=False))
        grid = Table.grid(padding=(0, 1), pad_edge=False)
        grid.add_column(justify="right", no_wrap=True, width=loc_width, style="dim")
        grid.add_column(no_wrap=True, width=code_width)
        grid.add_column(max_width=body_width, overflow="fold")
        for finding in findings:
            grid.add_row(printable(wheres[id(finding)]),
                         Text(f"{finding.code} {_label(finding, lang)}", style=_STYLE[finding.severity]),
                         _body(finding, lang, body_width))
        console.print(Padding(grid, (0, 0, 0, 4), expand=False))
    console.print()


def write(results: Iterable[FileResult], out: TextIO, context: Context) -> None:
    lang = "en" if context.lang == "en" else "zh"
    from rich.console import Console

    console = Console(file=_Trimmed(out), highlight=False, emoji=False, markup=False)
    totals = {s: 0 for s in Severity}
    files = 0
    for result in results:
        files += 1
        for finding in result.findings:
            totals[finding.severity] += 1
        _file(console, result, lang)
    summary = _summary(files, totals, lang)
    console.print(summary)
    from rich.text import Text

    from lint.report.blocks import lines

    # the run's own blocks (roster, copied passages, pairing) after the findings
    styles = {"title": "bold", "error": "bold red", "warning": "yellow", "info": "cyan"}
    for style, line in lines(context):
        console.print(Text(printable(line), style=styles.get(style, "")))


class _Trimmed:
    """The output stream with the spaces rich pads table cells with dropped at the ends of lines."""

    _PAD = re.compile(r" +(?=\n)")

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.encoding = getattr(out, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        self.out.write(self._PAD.sub("", text))
        return len(text)

    def flush(self) -> None:
        self.out.flush()

    def isatty(self) -> bool:
        return self.out.isatty()

    def fileno(self) -> int:
        return self.out.fileno()


def _summary(files: int, totals: dict[Severity, int], lang: str):
    from rich.text import Text

    out = Text()
    if lang == "zh":
        out.append(f"共检查 {files} 个文件：")
        out.append(f"{totals[Severity.ERROR]} 个错误", style="bold red")
        out.append("，")
        out.append(f"{totals[Severity.WARNING]} 个警告", style="yellow")
        out.append("，")
        out.append(f"{totals[Severity.INFO]} 条提示", style="cyan")
        out.append("。")
    else:
        out.append(f"{files} file(s) checked: ")
        out.append(f"{totals[Severity.ERROR]} error(s)", style="bold red")
        out.append(", ")
        out.append(f"{totals[Severity.WARNING]} warning(s)", style="yellow")
        out.append(", ")
        out.append(f"{totals[Severity.INFO]} info", style="cyan")
        out.append(".")
    return out
