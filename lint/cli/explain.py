"""``xxgk-lint explain CODE``: what a rule checks, why, an example that passes and one that fails, how to fix."""

from __future__ import annotations

import argparse
from typing import TextIO

from lint.cli import EXIT_OK, default_engine, fail, lang_option, pack_options, tr


def add_parser(sub) -> None:
    explain = sub.add_parser("explain", help=tr("规则说明：检查什么、依据、例子和修改方法",
                                                "what a rule checks, why, examples and how to fix it"),
                             description=tr("说明一条规则：检查什么、依据什么、通过和不通过的例子，以及怎样修改。",
                                            "Explain a rule: what it checks, what it rests on, an example that "
                                            "passes and one that fails, and how to fix it."))
    explain.add_argument("code", metavar="CODE", help=tr("规则代码，如 T202", "rule code, e.g. T202"))
    lang_option(explain, "说明的", "explanation", default="zh")
    pack_options(explain)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from lint.engine.docs import explain
    from lint.engine.packs import load_pack

    engine = default_engine(args)
    rule = engine.rules.get(args.code.upper())
    if rule is None:
        return fail(f"所用规则包中没有规则“{args.code}”（用 xxgk-lint rules 查看全部规则）",
                    f"no rule {args.code!r} in the active packs (see `xxgk-lint rules`)")
    # the examples run with the packs the command line names, as shipped (no one's selection)
    packs = [load_pack(ref) for ref in args.pack] if args.pack else None
    out.write(explain(rule, args.lang, packs))
    return EXIT_OK
