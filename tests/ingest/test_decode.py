"""decode_text: UTF-8 (with and without BOM), GB18030/GBK, UTF-16, and clear errors for the rest."""

from __future__ import annotations

import codecs
import random

import pytest

from lint import errors
from lint.errors import InputError
from lint.ingest import text as text_importer
from lint.ingest.decode import decode_text

from . import seed_file


def seed_text(prefix: str) -> str:
    return seed_file(prefix).read_text(encoding="utf-8")


def test_plain_utf8_is_returned_unchanged():
    text = "一、总体情况\n本年新收政府信息公开申请 3 件。"
    assert decode_text(text.encode("utf-8"), "a.txt") == text


def test_utf8_bom_is_removed():
    text = seed_text("000")
    decoded = decode_text(text.encode("utf-8-sig"), "seed.txt")
    assert decoded == text
    assert not decoded.startswith("\ufeff")


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_gb18030_seed_decodes_to_the_same_text(prefix):
    text = seed_text(prefix)
    data = text.encode("gb18030")
    assert data != text.encode("utf-8")  # the test really exercises a non-UTF-8 path
    assert decode_text(data, "seed.txt") == text


def test_gbk_seed_decodes():
    text = seed_text("000")
    assert decode_text(text.encode("gbk"), "seed.txt") == text


def test_short_gb_text_is_not_mistaken_for_korean_or_big5():
    # Short GB texts are where detectors most often guess a neighbouring CJK encoding.
    text = "一、总体情况\n二、主动公开政府信息情况"
    assert decode_text(text.encode("gb18030"), "short.txt") == text


def test_utf16_with_bom_is_text_not_binary():
    text = "一、总体情况\n二、主动公开政府信息情况\n"
    assert decode_text(text.encode("utf-16"), "u16.txt") == text


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n \n"])
def test_empty_or_blank_file_is_an_empty_error(data):
    with pytest.raises(InputError) as caught:
        decode_text(data, "/reports/2024年报.txt")
    assert caught.value.code == errors.EMPTY
    assert "2024年报.txt" in caught.value.zh
    assert "2024年报.txt" in caught.value.en


def test_nul_bytes_are_undecodable():
    data = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4
    with pytest.raises(InputError) as caught:
        decode_text(data, "report.txt")
    assert caught.value.code == errors.UNDECODABLE
    assert "report.txt" in caught.value.zh
    assert caught.value.en


def test_random_binary_without_nul_is_undecodable():
    generator = random.Random(20240101)
    data = bytes(generator.randrange(1, 256) for _ in range(4000))
    with pytest.raises(InputError) as caught:
        decode_text(data, "junk.txt")
    assert caught.value.code == errors.UNDECODABLE


def test_control_character_junk_is_undecodable():
    data = bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 200
    with pytest.raises(InputError) as caught:
        decode_text(data, "ctl.txt")
    assert caught.value.code == errors.UNDECODABLE


def test_text_importer_reads_gb18030_like_utf8():
    text = seed_text("000")
    from_utf8 = text_importer.extract("seed.txt", text.encode("utf-8"))
    from_gb = text_importer.extract("seed.txt", text.encode("gb18030"))
    from_bom = text_importer.extract("seed.txt", text.encode("utf-8-sig"))
    assert from_gb.blocks == from_utf8.blocks
    assert from_bom.blocks == from_utf8.blocks
