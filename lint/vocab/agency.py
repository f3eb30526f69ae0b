"""Agency names as reports print them, reduced to what identifies the agency.

The same agency prints its name with and without the region above it
(淮安市洪泽区人民政府 / 洪泽区人民政府), with 人民政府 or 政府, with 办公室 or 办公厅,
with or without brackets and spaces.  :func:`name_keys` gives the keys under
which two printings of one agency meet; a key is never reduced so far that it
loses its own region (洪泽区人民政府 stays; 人民政府 alone would join every county).
"""

from __future__ import annotations

import re

from lint.vocab.text import normalise

_NOISE = re.compile(r"[\s()（）【】\[\]<>《》「」“”\"'·•,，、.。:：;；-]")
#: a region name at the start of a name: 江苏省 淮安市 洪泽区 平潭综合实验区 某某县 某某自治州 某某镇 某某街道
_REGION = re.compile(r"^[\u4e00-\u9fff]{1,12}?(?:特别行政区|自治区|自治州|自治县|综合实验区|新区|开发区|高新区|"
                     r"省|市|区|县|州|盟|旗|镇|乡|街道)")
#: a region above the agency's own that a name may print or leave out: a province, a city, a prefecture
_UPPER = re.compile(r"^[\u4e00-\u9fff]{1,12}?(?:特别行政区|自治区|自治州|省|市|州|盟)")
_FORMS = (("人民政府", "政府"), ("办公厅", "办公室"), ("委员会", "委"))


def normal_name(name: str) -> str:
    """The name without spaces, brackets or punctuation, and with one wording of the common forms."""
    text = _NOISE.sub("", normalise(name or ""))
    for long, short in _FORMS:
        text = text.replace(long, short)
    return text


def name_keys(name: str) -> set[str]:
    """Every key of ``name``: itself, and itself without leading regions while a region still leads it."""
    text = normal_name(name)
    keys = {text} if text else set()
    while True:
        match = _UPPER.match(text)
        if not match or match.end() >= len(text):
            break
        rest = text[match.end():]
        own = _REGION.match(rest)
        if not own or own.end() >= len(rest):
            break  # what is left would no longer name a region of its own
        text = rest
        keys.add(text)
    return keys
