"""``xxgk-lint explain CODE``: what a rule checks, why, an example that passes and one that fails, how to fix."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from lint.cli import EXIT_OK, EXIT_USAGE, default_engine, pack_options


def add_parser(sub) -> None:
    explain = sub.add_parser("explain", help="what a rule checks, why, and how to fix it / 规则说明")
    explain.add_argument("code", metavar="CODE")
    explain.add_argument("--lang", choices=["zh", "en"], default="zh")
    pack_options(explain)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from lint.engine.docs import explain

    engine = default_engine(args)
    rule = engine.rules.get(args.code.upper())
    if rule is None:
        sys.stderr.write(f"xxgk-lint: error: no rule {args.code!r} in the active packs (see `xxgk-lint rules`)\n")
        return EXIT_USAGE
    out.write(explain(rule, args.lang))
    return EXIT_OK
