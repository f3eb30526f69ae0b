"""The command line: ``xxgk-lint check | annotate | convert | init | explain | rules | serve``, one module per command.

Each command module has ``add_parser(sub)`` and ``run(args, out) -> exit code``.
Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 a usage or configuration error.  A closed pipe (``| head``) ends quietly with 141,
as a program ended by SIGPIPE does.
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import import_module
from typing import Sequence, TextIO

from lint import __version__
from lint.model import Severity

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
#: the reader of the output went away: what a shell reports for a program ended by SIGPIPE
EXIT_PIPE = 141
COMMANDS = ("check", "annotate", "convert", "init", "explain", "rules", "serve")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2, as the contract says
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"xxgk-lint: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="xxgk-lint", description="政府信息公开工作年度报告合规检查 / compliance linter for "
                     "government information-disclosure annual reports")
    parser.add_argument("--version", action="version", version=f"xxgk-lint {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in COMMANDS:
        import_module(f"lint.cli.{name}").add_parser(sub)
    return parser


def pack_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pack", action="append", default=None, metavar="PACK",
                        help="rule pack name or path; repeatable (default: national-2021)")
    parser.add_argument("--disable", action="append", default=[], metavar="CODE",
                        help="switch off rules by code or prefix (e.g. T202 or T2); repeatable, comma-separated")
    parser.add_argument("--severity", action="append", default=[], metavar="CODE=LEVEL",
                        help="change the severity of a rule (or prefix), e.g. B309=warning")


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
        sys.stderr.write(f"xxgk-lint: error: {path} exists; use --force to overwrite it\n")
        return EXIT_USAGE
    except OutputError as exc:
        sys.stderr.write(f"xxgk-lint: error: {exc}\n")
        return EXIT_USAGE
    return EXIT_OK


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    from lint.errors import ConfigError

    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    try:
        return import_module(f"lint.cli.{args.command}").run(args, out)
    except ConfigError as exc:
        sys.stderr.write(f"xxgk-lint: configuration error: {exc}\n")
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
