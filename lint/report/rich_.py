"""Terminal output with rich: findings grouped per file, colour by severity, the fix under each."""

from __future__ import annotations

from typing import Iterable, TextIO

from lint.report import Context
from lint.model import FileResult, Severity
from lint.report.text import place, severity_label, where_in_table

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


#: output for programs: never mixed with human text
MACHINE = False


def write(results: Iterable[FileResult], out: TextIO, context: Context) -> None:
    lang = context.lang
    from rich.console import Console
    from rich.markup import escape

    console = Console(file=out, highlight=False, soft_wrap=True)
    totals = {s: 0 for s in Severity}
    files = 0
    for result in results:
        files += 1
        header = result.path
        meta = " · ".join(str(x) for x in (result.agency, result.year, result.format and f"{result.format} 格式"
                                          if lang == "zh" else result.format and f"{result.format} format") if x)
        console.print(f"[bold underline]{escape(header)}[/]" + (f"  [dim]{escape(meta)}[/]" if meta else ""))
        if not result.findings:
            console.print("  [green]✓ " + ("未发现问题" if lang == "zh" else "no findings") + "[/]")
        for finding in result.findings:
            totals[finding.severity] += 1
            style = _STYLE[finding.severity]
            loc = place(result.path, finding)[len(result.path):].lstrip(":") or "-"
            table = where_in_table(finding)
            console.print(f"  [dim]{escape(loc):>8}[/] [{style}]{finding.code} {severity_label(finding, lang)}[/] "
                          f"{escape(finding.message)}")
            if table and finding.location.line is None:
                console.print(f"           [dim]{escape(table)}[/]")
            for consequence in finding.consequences:
                console.print(f"           [dim]↳ {consequence.code} {escape(consequence.message)}[/]")
            if finding.hint:
                console.print(f"           [green]{'修改建议' if lang == 'zh' else 'fix'}：{escape(finding.hint)}[/]"
                              if lang == "zh" else f"           [green]fix: {escape(finding.hint)}[/]")
        console.print()
    if lang == "zh":
        console.print(f"共检查 {files} 个文件：[bold red]{totals[Severity.ERROR]} 个错误[/]，"
                      f"[yellow]{totals[Severity.WARNING]} 个警告[/]，[cyan]{totals[Severity.INFO]} 条提示[/]。")
    else:
        console.print(f"{files} file(s) checked: [bold red]{totals[Severity.ERROR]} error(s)[/], "
                      f"[yellow]{totals[Severity.WARNING]} warning(s)[/], [cyan]{totals[Severity.INFO]} info[/].")
    from lint.report.blocks import lines

    styles = {"title": "bold", "error": "bold red", "warning": "yellow", "info": "cyan"}
    for style, line in lines(context):
        console.print(f"[{styles[style]}]{escape(line)}[/]" if style in styles else escape(line))
