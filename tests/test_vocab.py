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


def _plain_normalise(value: str) -> str:
    """What the normaliser means, written the slow way."""
    import unicodedata

    from lint.vocab.text import _TABLE

    return unicodedata.normalize("NFKC", value.translate(_TABLE))


# characters where NFKC does its work: full-width forms, combining marks before and after ideographs,
# Hangul jamo that compose, compatibility ideographs that decompose, radicals, invisible characters
_TRICKY = "中国年月（），：；。１２Ａａ\u0301\u0308\u0323e\u00e9\u1100\u1161\u11a8\uac00\uf900\ufa10⾏⻔\u200b\ufeff\u00ad 1a"


def test_the_fast_normaliser_is_nfkc_of_the_table_on_every_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from lint.vocab.text import _normalise

    @settings(max_examples=2000, deadline=None)
    @given(st.text(alphabet=st.one_of(st.sampled_from(_TRICKY), st.characters()), max_size=40))
    def same(value: str) -> None:
        assert _normalise(value) == _plain_normalise(value)

    same()


def test_no_cjk_ideograph_decomposes_or_composes_with_a_neighbour():
    # what lets the normaliser leave runs of ideographs alone: none decomposes, none is either part
    # of a canonical pair (Hangul composes by rule, among jamo only); compatibility ideographs decompose
    # to them one to one, which is no pair
    import unicodedata

    ideographs = [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000)]
    assert all(not unicodedata.decomposition(chr(c)) and unicodedata.combining(chr(c)) == 0 for c in ideographs)
    in_pairs = set()
    for point in range(0x110000):
        decomposition = unicodedata.decomposition(chr(point))
        if decomposition and not decomposition.startswith("<") and len(decomposition.split()) == 2:
            in_pairs.update(int(part, 16) for part in decomposition.split())
    assert in_pairs.isdisjoint(ideographs)
    for c in (0x3400, 0x4E00, 0x4E2D, 0x9FFF):
        for mark in ("\u0301", "\u0308", "\u3099", "\u1161"):
            text = chr(c) + mark
            assert unicodedata.normalize("NFKC", text) == text
