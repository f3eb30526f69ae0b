"""``xxgk-lint rules``: the rules of the active packs, one line each."""

from __future__ import annotations

import argparse
from typing import TextIO

from lint.cli import EXIT_OK, default_engine, lang_option, pack_options, tr


def add_parser(sub) -> None:
    rules = sub.add_parser("rules", help=tr("列出规则", "list the rules of the active packs"),
                           description=tr("列出所用规则包中的全部规则：代码、默认级别、名称和检查内容。",
                                          "List every rule of the active packs: code, default severity, name and "
                                          "what it checks."))
    lang_option(rules, "", "", default="zh")
    pack_options(rules)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from lint.engine.docs import severity_word
    from lint.vocab.printed import cells

    engine = default_engine(args)
    lang = "en" if args.lang == "en" else "zh"
    words = {code: severity_word(rule.severity, lang) for code, rule in engine.rules.items()}
    width = max([cells(w) for w in words.values()] + [1])
    for code, rule in sorted(engine.rules.items()):
        state = "" if rule.enabled else ("（默认关闭）" if lang == "zh" else " (off by default)")
        summary = rule.summary.get(lang) or rule.summary.get("zh") or rule.name
        word = words[code] + " " * (width - cells(words[code]))
        out.write(f"{code}  {word} {rule.name:<30} {summary}{state}\n")
    return EXIT_OK
