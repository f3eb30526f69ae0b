"""One vocabulary: the importers and the checks read the national formats from the same objects."""

from __future__ import annotations

from lint.checks import content, metadata
from lint.checks import base as check_base
from lint.ingest.assemble import regions, sections, text
from lint.ingest.assemble.text import parse_value
from lint.vocab import formats as F
from lint.vocab import sections as S
from lint.vocab import values as V
from lint.vocab.text import compact, label_key, normalise


def test_importers_and_checks_share_the_vocabulary_objects():
    # the section scheme, the format signals, cell semantics and the normaliser exist once
    assert content.S is S and sections.S is S
    assert metadata.F is F and regions.F is F
    assert metadata.LEGACY_LABELS is F.LEGACY_LABELS
    assert text.NA_TOKENS is V.NA_TOKENS
    assert text.normalise is normalise
    assert check_base.classify is V.classify and check_base.numeric is V.numeric and check_base.compact is compact
    assert text.parse_value is V.parse_value


def test_a_title_variant_the_importer_accepts_is_a_known_variant_to_the_checks():
    from lint.checks.content import section_titles
    from lint.checks.base import Context

    printed = "四、因政府信息公开申请行政复议、提起行政诉讼的情况"
    assert S.classify_title(printed) == ("appeals", 2)
    ctx = Context({"sections": {"appeals": {"title": printed, "text": ""}}})
    assert [p.pointer for p in section_titles(ctx, {"report": "variant"})] == ["/sections/appeals/title"]
    assert list(section_titles(ctx, {"report": "unknown"})) == []


def test_a_double_dash_is_not_applicable_to_both_the_importer_and_the_checks():
    assert parse_value("--") == "--"
    assert V.classify("--") == V.NA and V.classify("——") == V.NA and V.classify("／") == V.NA


def test_two_numbers_in_one_cell_are_never_joined():
    assert parse_value("1 2") == "1 2" and V.classify("1 2") == V.TEXT and V.numeric("1 2") is None
    assert V.numeric("12件") == 12 and V.numeric("1,234") == 1234


def test_the_normaliser_maps_radicals_and_drops_invisible_characters():
    assert normalise("⾏政复议") == "行政复议"  # Kangxi radical, which NFKC maps
    assert normalise("⻔户网站") == "门户网站"  # CJK Radicals Supplement, which NFKC leaves alone
    assert normalise("12\u200b3") == "123" and normalise("\ufeff总计\u00ad") == "总计"
    assert label_key("３．危及“三安全一稳定”") == label_key("3.危及\"三安全一稳定\"")


def test_section_numbering_is_one_table():
    for printed in ("一、总体情况", " 一. 总体情况：", "（一）总体情况", "第一部分 总体情况", "## 一、总体情况"):
        assert S.title_key(printed) == "总体情况", printed
