"""The command line as a person sees it: findings in the report's order with its text under them, help in
Chinese or English, and pipes, missing paths and empty folders handled as a shell user expects."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lint.cli import build_parser, help_lang, main
from lint.report.excerpt import from_line
from lint.vocab.printed import cells, printable, table_row, wrap

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BLANKS = EXAMPLES / "broken" / "blank-cells.yaml"


def rich(*argv: str, width: int = 100, monkeypatch=None) -> tuple[int, list[str]]:
    monkeypatch.setenv("COLUMNS", str(width))
    out = io.StringIO()
    code = main(["check", *argv, "--format", "rich", "--isolated"], out=out)
    return code, [line.rstrip() for line in out.getvalue().splitlines()]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG", "COLUMNS")}
    return {**env, **extra}


# ---------------------------------------------------------------- the rich output


def test_parts_in_document_order_and_one_line_per_root_cause(monkeypatch):
    # a short name, so that the file's header fits beside it wherever the checkout lives
    monkeypatch.chdir(ROOT)
    _code, lines = rich(str(BLANKS.relative_to(ROOT)), monkeypatch=monkeypatch)
    assert lines[0].startswith("examples/broken/blank-cells.yaml  淄博市投资促进局 · 2024")
    headings = [line.strip() for line in lines if re.match(r"^  \S", line)]
    assert headings == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    tops = [(m.group(1), m.group(2)) for m in (re.match(r"^\s+(\d+):\d+ ([A-Z]\d{3}) ", line) for line in lines) if m]
    # within a part: by line, and the blank cells' consequences are not lines of their own
    assert [code for _, code in tops] == ["M605", "T202", "T203", "T207", "B302", "T204", "N904", "P504", "P504"]
    assert [int(n) for n, _ in tops[1:5]] == sorted(int(n) for n, _ in tops[1:5])
    assert sum(1 for line in lines if "↳ B309" in line) == 4


def test_the_source_line_under_a_finding_has_a_caret_under_the_cell(monkeypatch):
    _code, lines = rich(str(BLANKS), monkeypatch=monkeypatch)
    at = next(i for i, line in enumerate(lines) if "granted:" in line and "│" in line)
    source, carets = lines[at], lines[at + 1]
    assert carets.strip().startswith("│") and set(carets.split("│", 1)[1].strip()) == {"^"}
    start = carets.index("^")
    assert source[start:start + 4] == "null" and carets[start:].strip() == "^^^^"


def test_a_syntax_error_shows_its_line_with_a_caret_where_the_parser_stopped(tmp_path, monkeypatch):
    path = tmp_path / "report.json"
    path.write_text('{"title": "某局2023年报告",\n "year": 2023,,\n}\n', encoding="utf-8")
    code, lines = rich(str(path), monkeypatch=monkeypatch)
    at = next(i for i, line in enumerate(lines) if " E004 " in line)
    assert code == 1 and re.match(r"^\s+2:(\d+) E004 ", lines[at])
    column = int(re.match(r"^\s+2:(\d+)", lines[at]).group(1))
    source, carets = lines[at + 1], lines[at + 2]
    assert source.split("│ ", 1)[1] == ' "year": 2023,,'
    offset = source.index("│ ") + 2
    assert carets[offset:].strip() == "^" and len(carets) - offset == column  # one mark, at the column


def test_no_trailing_spaces_and_the_report_text_is_not_dimmed(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    out = io.StringIO()
    main(["check", str(BLANKS), "--format", "rich", "--isolated"], out=out)
    assert out.getvalue() and not re.search(r" +\n", out.getvalue())
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = io.StringIO()
    main(["check", str(BLANKS), "--format", "rich", "--isolated"], out=out)
    line = next(line for line in out.getvalue().splitlines() if "granted:" in line)
    after = line.split("│", 1)[1]
    assert "\x1b[" in out.getvalue() and after.startswith(" \x1b[0m")  # the bar is dim, the text after it is not


def test_long_messages_wrap_under_themselves_not_to_column_0(monkeypatch):
    _code, lines = rich(str(BLANKS), width=60, monkeypatch=monkeypatch)
    at = next(i for i, line in enumerate(lines) if " T202 " in line)
    message_column = cells(lines[at][:lines[at].index("表三")])
    follow = lines[at + 1]
    assert follow.startswith(" " * message_column) and follow[message_column] != " "
    assert all(cells(line) <= 60 for line in lines)


def test_what_does_not_fit_beside_the_file_name_goes_under_it_indented(monkeypatch):
    monkeypatch.chdir(ROOT)
    name = str(BLANKS.relative_to(ROOT))
    _code, lines = rich(name, width=60, monkeypatch=monkeypatch)
    assert lines[0] == name and lines[1].startswith("  淄博市投资促进局 · 2024")
    _code, lines = rich(name, width=120, monkeypatch=monkeypatch)
    assert lines[0].startswith(name + "  淄博市投资促进局 · 2024 · 2021 格式 · 得分")


def test_a_word_draft_shows_the_table_row_and_the_sentence_as_read(tmp_path, monkeypatch):
    from tests.web.planted import planted_docx

    source = planted_docx(tmp_path / "年报.docx")
    _code, lines = rich(str(source), width=120, monkeypatch=monkeypatch)
    row = next(i for i, line in enumerate(lines) if "│ 四、结转下年度继续办理 │ 1 │" in line)
    assert lines[row].rstrip().endswith("（空白）")
    assert cells(lines[row + 1]) == cells(lines[row]) and lines[row + 1].endswith("^" * 8)
    sentence = next(i for i, line in enumerate(lines) if "│ 本年度本机关共收到政府信息公开申请12件" in line)
    text, marked = lines[sentence], lines[sentence + 1]
    column = cells(marked[:marked.index("^")])
    at = next(p for p in range(len(text) + 1) if cells(text[:p]) == column)
    assert text[at:].startswith("收到政府信息公开申请12件")  # the quoted words are marked where they stand


def test_report_text_cannot_drive_the_terminal(tmp_path, monkeypatch):
    text = (EXAMPLES / "zibo-2024.yaml").read_text(encoding="utf-8")
    title = 'title: "淄博市投资促进局2023年政府信息公开工作年度报告\\e[2J\\u202e"'
    text = re.sub(r"(?m)^title: .*$", lambda _m: title, text, count=1)
    path = tmp_path / "report.yaml"
    path.write_text(text, encoding="utf-8")
    _code, lines = rich(str(path), monkeypatch=monkeypatch)
    out = "\n".join(lines)
    assert "\x1b" not in out and "\u202e" not in out and "\\x1b" in out
    assert printable("a\x1b[31mb\u202ec\td") == "a\\x1b[31mb\\u202ec d"


def test_excerpt_of_a_line_and_of_a_table_row():
    line = '    carried_over:        [0, null, null, "/", 0, 0, 0]   # 二、上年结转'
    excerpt = from_line(line, [30, 36])
    assert [excerpt["text"][s:e] for s, e in excerpt["marks"]] == ["null", "null"]
    key = from_line("    title: 五、存在的主要问题及改进情况   # 五", [5])
    assert [key["text"][s:e] for s, e in key["marks"]] == ["五、存在的主要问题及改进情况"]
    report = {"tables": {"appeals": {"reconsideration": [1, 0, None, 1, 2]}}}
    row = table_row(report, "/tables/appeals/reconsideration/2", ["/tables/appeals/reconsideration/2"])
    assert row["text"] == "行政复议 │ 1 │ 0 │ （空白） │ 1 │ 2"
    assert [row["text"][s:e] for s, e in row["marks"]] == ["（空白）"]
    long = from_line("字" * 300 + "目标" + "字" * 300, [301])
    start, _end = long["marks"][0]
    assert cells(long["text"]) <= 76 and long["text"][start:start + 2] == "目标"
    assert long["text"].startswith("…") and long["text"].endswith("…")


def test_chinese_wraps_between_characters_but_not_before_closing_marks():
    lines = wrap("报告没有说明人大代表建议和政协提案的办理结果公开情况（第六部分应有此项；没有承办任务也应写明）。", 94)
    assert lines[-1] == "明）。" and all(cells(line) <= 94 for line in lines)
    lines = wrap("表格混用了 2019 年试行格式的栏目名称：“本年新制作数量”（应为“本年制发件数”）", 40)
    assert all(not line.endswith(("“", "（")) for line in lines) and all(cells(line) <= 40 for line in lines)


# ---------------------------------------------------------------- --quiet and --max-warnings


def test_quiet_shows_errors_only():
    out = io.StringIO()
    code = main(["check", str(BLANKS), "--format", "json", "--quiet", "--isolated"], out=out)
    import json

    findings = json.loads(out.getvalue())["files"][0]["findings"]
    assert code == 1 and findings and {f["severity"] for f in findings} == {"error"}


def test_max_warnings_fails_a_run_with_more_warnings(capsys):
    clean = str(EXAMPLES / "zibo-2024.yaml")  # one warning (M605), no error
    assert main(["check", clean, "--format", "text", "--isolated"], out=io.StringIO()) == 0
    assert main(["check", clean, "--format", "text", "--isolated", "--max-warnings", "1"], out=io.StringIO()) == 0
    assert main(["check", clean, "--format", "text", "--isolated", "--max-warnings", "0"], out=io.StringIO()) == 1
    assert "超过 --max-warnings 0" in capsys.readouterr().err
    # hidden by --quiet, still counted
    assert main(["check", clean, "--format", "text", "--isolated", "--quiet", "--max-warnings", "0"],
                out=io.StringIO()) == 1


# ---------------------------------------------------------------- through a real shell


def test_piping_into_head_ends_quietly(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for n in range(60):
        shutil.copy(BLANKS, folder / f"r{n:02}.yaml")
    first = subprocess.Popen([sys.executable, "-m", "lint", "check", str(folder), "--format", "json", "-j", "1",
                              "--isolated"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(), cwd=tmp_path)
    head = subprocess.Popen(["head", "-1"], stdin=first.stdout, stdout=subprocess.PIPE)
    first.stdout.close()
    shown, _ = head.communicate(timeout=300)
    err = first.stderr.read().decode("utf-8")
    first.stderr.close()
    assert first.wait(timeout=300) == 141
    assert shown == b"{\n" and err == ""


def test_a_missing_path_and_an_empty_folder_through_the_shell(tmp_path):
    missing = subprocess.run([sys.executable, "-m", "lint", "check", str(tmp_path / "没有这个文件.docx")],
                             capture_output=True, text=True, env=_env())
    assert missing.returncode == 2 and missing.stdout == ""
    assert "“" + str(tmp_path / "没有这个文件.docx") + "”不存在" in missing.stderr and "Traceback" not in missing.stderr
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.xlsx").write_bytes(b"PK\x03\x04")
    empty = subprocess.run([sys.executable, "-m", "lint", "check", str(tmp_path / "empty")],
                           capture_output=True, text=True, env=_env())
    assert empty.returncode == 2 and empty.stdout == ""
    assert "没有找到任何报告文件" in empty.stderr and "Traceback" not in empty.stderr
    english = subprocess.run([sys.executable, "-m", "lint", "check", str(tmp_path / "nothing.docx")],
                             capture_output=True, text=True, env=_env(LANG="en_US.UTF-8"))
    assert english.returncode == 2
    assert english.stderr == f"xxgk-lint: error: {tmp_path / 'nothing.docx'} does not exist\n"


# ---------------------------------------------------------------- help in two languages


def _actions(parser):
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from ((f"{name} {a}", h) for a, h in _actions(child))
        else:
            yield "/".join(action.option_strings) or action.dest, action.help


CJK = re.compile(r"[\u4e00-\u9fff]")
#: names that stay Chinese in English help: they are what the user types or sees
LITERALS = re.compile(r"国办公开办函〔2021〕30号|政府信息公开工作年度报告|NAME\.批注\.docx|某市某局")


def test_every_command_and_option_has_help_in_both_languages():
    zh = dict(_actions(build_parser("zh")))
    en = dict(_actions(build_parser("en")))
    assert zh.keys() == en.keys() and len(zh) > 60
    for name in zh:
        assert zh[name] and en[name], name
        assert CJK.search(zh[name]), f"{name}: {zh[name]}"
        assert not CJK.search(LITERALS.sub("", en[name])), f"{name}: {en[name]}"
    zh_help, en_help = build_parser("zh").format_help(), build_parser("en").format_help()
    assert zh_help.startswith("用法：") and en_help.startswith("usage:")
    # headings as the language writes them, and the commands listed once, under theirs
    assert "\n选项：\n" in zh_help and "\n命令：\n  check " in zh_help and ":\n" not in zh_help
    assert "\noptions:\n" in en_help and "\ncommands:\n  check " in en_help


def test_the_language_of_help_follows_lang_then_the_locale():
    assert help_lang([], {}) == "zh"
    assert help_lang([], {"LANG": "en_US.UTF-8"}) == "en"
    assert help_lang([], {"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}) == "zh"
    assert help_lang(["check", "--lang", "zh"], {"LANG": "en_US.UTF-8"}) == "zh"
    assert help_lang(["check", "--lang=en"], {}) == "en"
    shown = subprocess.run([sys.executable, "-m", "lint", "check", "-h"], capture_output=True, text=True,
                           env=_env(LANG="en_US.UTF-8"))
    assert shown.returncode == 0 and "show errors only" in shown.stdout
    shown = subprocess.run([sys.executable, "-m", "lint", "check", "-h"], capture_output=True, text=True, env=_env())
    assert "只显示错误" in shown.stdout and "选项" in shown.stdout


@pytest.mark.parametrize("lang,says", [("zh", "无效的选项"), ("en", "invalid choice")])
def test_usage_errors_in_the_language_of_help(lang, says, capsys):
    with pytest.raises(SystemExit) as ended:
        main(["check", "x.yaml", "--format", "nope", "--lang", lang])
    assert ended.value.code == 2 and says in capsys.readouterr().err
