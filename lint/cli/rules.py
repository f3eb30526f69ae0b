"""``xxgk-lint rules``: the rules of the active packs, one line each."""

from __future__ import annotations

import argparse
from typing import TextIO

from lint.cli import EXIT_OK, default_engine, pack_options


def add_parser(sub) -> None:
    rules = sub.add_parser("rules", help="list the rules of the active packs / 列出规则")
    rules.add_argument("--lang", choices=["zh", "en"], default="zh")
    pack_options(rules)


def run(args: argparse.Namespace, out: TextIO) -> int:
    engine = default_engine(args)
    for code, rule in sorted(engine.rules.items()):
        state = "" if rule.enabled else (" (关闭)" if args.lang == "zh" else " (off)")
        summary = rule.summary.get(args.lang) or rule.summary.get("zh") or rule.template(None, args.lang)
        out.write(f"{code}  {rule.severity.label:<7} {rule.name:<30} {summary}{state}\n")
    return EXIT_OK
