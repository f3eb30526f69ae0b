"""The command line: ``xxgk-lint check | annotate | convert | init | explain | rules | serve``, one module per command.

Each command module has ``add_parser(sub)`` and ``run(args, out) -> exit code``.
Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 a usage or configuration error.  A closed pipe (``| head``) ends quietly with 141,
as a program ended by SIGPIPE does; Ctrl-C ends with 130 and SIGTERM with 143,
after stopping the workers and removing any half-written output.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
from importlib import import_module
from typing import Sequence, TextIO

from lint import __version__
from lint.model import Severity

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
#: the reader of the output went away: what a shell reports for a program ended by SIGPIPE
EXIT_PIPE = 141
#: ended by SIGTERM, as a shell reports it (128 + 15)
EXIT_TERMINATED = 143
COMMANDS = ("check", "annotate", "convert", "init", "explain", "rules", "serve")


#: the language of help texts and usage errors: Chinese, or English with ``--lang en`` or an English locale
_HELP = {"lang": "zh"}


def help_lang(argv: Sequence[str], environ: dict[str, str] | None = None) -> str:
    """"en" when the command line says ``--lang en``, or says no language and the locale is English."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "zh"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "zh"
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


def tr(zh: str, en: str) -> str:
    """The help text in the language of this command line."""
    return en if _HELP["lang"] == "en" else zh


#: argparse's own messages, in Chinese (the English ones are argparse's); compiled only for a usage error
_ERRORS_ZH = (
    (r"^the following arguments are required: (.+)$", "缺少必需的参数：{0}"),
    (r"^unrecognized arguments: (.+)$", "无法识别的参数：{0}"),
    (r"^argument (.+?): invalid choice: (.+?) \(choose from (.+)\)$", "参数 {0}：无效的选项 {1}（可选：{2}）"),
    (r"^argument (.+?): expected one argument$", "参数 {0} 后面需要一个值"),
    (r"^argument (.+?): invalid (int|float) value: (.+)$", "参数 {0}：{2} 不是有效的数字"),
    (r"^argument (.+?): ignored explicit argument (.+)$", "参数 {0} 不接受值 {1}"),
    (r"^ambiguous option: (.+?) could match (.+)$", "选项 {0} 有歧义，可能是：{1}"),
    (r"^argument (.+?): (.+)$", "参数 {0}：{1}"),  # a value our own check refused, already in Chinese
)


def _error_text(message: str) -> str:
    if _HELP["lang"] == "en":
        return message
    for pattern, text in _ERRORS_ZH:
        match = re.match(pattern, message)
        if match:
            return text.format(*match.groups())
    return message


class _Formatter(argparse.HelpFormatter):
    """argparse's layout with Chinese headings and lines measured in terminal cells (a Chinese
    character takes two)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        # argparse makes a formatter for every argument added, to check its metavar, and each imports
        # shutil (with bz2 and lzma) for the terminal's width: a cold check needs neither
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)

    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001 — argparse's signature
        return super().add_usage(usage, actions, groups, tr("用法：", "usage: ") if prefix is None else prefix)

    def format_help(self) -> str:
        text = super().format_help()
        # argparse ends a heading with an ASCII colon; a Chinese heading takes the full-width one
        return text if _HELP["lang"] == "en" else re.sub(r"(?m)^( *[^\x00-\x7f][^\n:：]*):$", r"\1：", text)

    def _format_action(self, action):  # noqa: ANN001
        # the commands are listed under their heading, without a line repeating the heading's word
        if isinstance(action, argparse._SubParsersAction):
            return "".join(self._format_action(sub) for sub in action._get_subactions())
        return super()._format_action(action)

    def _split_lines(self, text: str, width: int) -> list[str]:
        from lint.vocab.printed import wrap

        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        from lint.vocab.printed import wrap

        return "\n".join(indent + line for line in wrap(text, width - len(indent)))


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` gives it: $COLUMNS, else the terminal of
    standard output, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = tr("参数", "arguments")
        self._optionals.title = tr("选项", "options")
        self.add_argument("-h", "--help", action="help", help=tr("显示本帮助并退出", "show this help and exit"))

    def error(self, message: str) -> None:  # usage errors exit 2, as the contract says
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"xxgk-lint: {tr('错误：', 'error: ')}{_error_text(message)}\n")


def build_parser(lang: str | None = None, only: str | None = None) -> argparse.ArgumentParser:
    """The command line; its help is in ``lang`` (default: :func:`help_lang` of this process's arguments).

    ``only``: the command this command line names, the one subcommand built (a cold run of
    ``check`` need not build and import the other six)."""
    _HELP["lang"] = lang or help_lang(sys.argv[1:])
    parser = _Parser(prog="xxgk-lint", description=tr(
        "政府信息公开工作年度报告合规检查：对照国家统一格式（国办公开办函〔2021〕30号）检查年度报告，"
        "指出有问题的部分、表格行列和修改方法。",
        "Checks government information-disclosure annual reports (政府信息公开工作年度报告) against the "
        "national format (国办公开办函〔2021〕30号) and says where each problem is and how to fix it."),
        epilog=tr("每个命令的用法：xxgk-lint 命令 -h。规则说明：xxgk-lint explain 代码。",
                  "Help on a command: xxgk-lint COMMAND -h. About a rule: xxgk-lint explain CODE."))
    parser.add_argument("--version", action="version", version=f"xxgk-lint {__version__}",
                        help=tr("显示版本号并退出", "show the version and exit"))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar=tr("命令", "COMMAND"),
                                title=tr("命令", "commands"))
    for name in (only,) if only in COMMANDS else COMMANDS:
        import_module(f"lint.cli.{name}").add_parser(sub)
    return parser


def lang_option(parser: argparse.ArgumentParser, what_zh: str = "输出", what_en: str = "output",
                default: str | None = None) -> None:
    en = f"{what_en} language: zh Chinese (default) or en English; also the language of help".strip()
    parser.add_argument("--lang", choices=["zh", "en"], default=default,
                        help=tr(f"{what_zh}语言：zh 中文（默认）或 en 英文；也决定帮助的语言", en[:1].upper() + en[1:]))


#: the range of ``--timeout``: below a millisecond nothing can be read, above a week is no limit
TIMEOUT_RANGE = (0.001, 7 * 24 * 3600.0)


def seconds(text: str) -> float:
    """``--timeout``: a finite number of seconds in :data:`TIMEOUT_RANGE`."""
    import math

    low, high = TIMEOUT_RANGE
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and low <= value <= high):
        raise argparse.ArgumentTypeError(tr(f"{text} 不是 {low:g} 到 {high:g} 之间的秒数",
                                            f"{text} is not a number of seconds from {low:g} to {high:g}"))
    return value


def pack_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pack", action="append", default=None, metavar="PACK",
                        help=tr("规则包名称或文件路径，可重复（默认：national-2019 和 national-2021）",
                                "rule pack name or path; repeatable (default: national-2019 and national-2021)"))
    parser.add_argument("--disable", action="append", default=[], metavar="CODE",
                        help=tr("关闭规则，按代码或前缀（如 T202 或 T2）；可重复，可用逗号分隔",
                                "switch off rules by code or prefix (e.g. T202 or T2); repeatable, comma-separated"))
    parser.add_argument("--severity", action="append", default=[], metavar="CODE=LEVEL",
                        help=tr("改变规则（或前缀）的级别，如 B309=warning；级别为 error、warning 或 info",
                                "change the severity of a rule (or prefix), e.g. B309=warning"))


def fail(zh: str, en: str) -> int:
    """Say on stderr, in the language of this command line, why the command cannot go on; exit 2."""
    sys.stderr.write(f"xxgk-lint: {tr('错误', 'error')}{tr('：', ': ')}{tr(zh, en)}\n")
    return EXIT_USAGE


def exists(path: str) -> int:
    """The output file is there already and --force was not given."""
    return fail(f"“{path}”已存在；要覆盖请加 --force", f"{path} exists; use --force to overwrite it")


def codes(items: list[str]) -> list[str]:
    return [c.strip() for item in items for c in item.split(",") if c.strip()]


def options(args: argparse.Namespace):
    """The per-file options of a command line (lint.run.checker.Options)."""
    from lint.errors import ConfigError
    from lint.run.checker import Options

    severities: dict[str, str] = {}
    for item in args.severity:
        code, _, level = item.partition("=")
        try:
            Severity.parse(level)
        except ValueError as exc:
            raise ConfigError(f"--severity {item}: {exc}") from None
        severities[code.strip()] = level.strip()
    return Options(packs=args.pack, ignore=codes(args.disable), select=codes(getattr(args, "select", [])),
                   severity=severities, lang=getattr(args, "lang", None), config=getattr(args, "config", None),
                   isolated=getattr(args, "isolated", False), timeout=getattr(args, "timeout", 60.0))


def default_engine(args: argparse.Namespace):
    from lint.run.checker import Checker

    return Checker(options(args)).default_engine()


def write_file(path: str, text: str, force: bool) -> int:
    """Write atomically, never over an existing file without --force; say why when it cannot."""
    from lint.run.files import OutputError, OutputExists, write_atomic

    try:
        write_atomic(path, text, force=force)
    except OutputExists:
        return exists(path)
    except OutputError as exc:
        return fail(exc.zh, exc.en)
    return EXIT_OK


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    from lint.errors import ConfigError

    from lint.run.faults import unexpected

    out = out or sys.stdout
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(help_lang(argv), argv[0] if argv else None).parse_args(argv)
    for stream in (sys.stdout, sys.stderr, out):
        _escape_undecodable(stream)
    from lint.resources import cache_root
    from lint.run import compiled

    compiled.install(cache_root())
    previous = _on_terminate()
    try:
        return import_module(f"lint.cli.{args.command}").run(args, out)
    except Terminated:
        return EXIT_TERMINATED
    except ConfigError as exc:
        sys.stderr.write(f"xxgk-lint: {tr('配置错误：', 'configuration error: ')}{exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (| head): stop quietly, and keep Python from complaining at exit
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_PIPE
    except Exception as exc:  # anything else: one line saying what failed, never a traceback
        return fail(*unexpected(exc))
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        compiled.save()


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: unwound like Ctrl-C, so workers are stopped and half-written output is removed."""


def _terminate(signum, frame) -> None:  # noqa: ANN001 — a signal handler's signature
    raise Terminated()


def _on_terminate():
    """Turn SIGTERM into :class:`Terminated` while a command runs; the handler it replaces, or None."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _terminate)


def _escape_undecodable(stream: TextIO) -> None:
    """A file name that is not valid UTF-8 reaches the output as ``\\udcff``: written as that escape (valid in
    JSON, readable elsewhere) rather than failing the run or putting a stray byte into UTF-8 output."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and (getattr(stream, "encoding", "") or "").lower().replace("-", "") == "utf8":
        try:
            reconfigure(errors="backslashreplace")
        except (ValueError, OSError):
            pass
