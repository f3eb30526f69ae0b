"""What a rule rests on, in words: a pack's ``source:`` as a person reads it.

Packs cite their sources tersely, for their authors: the statute and notices by
name, and the team's domain reference by its section numbers ("domain-rules
8.2"), the defect list by number ("常见缺陷 D17") and how firm a requirement is
by a tag ("[P]").  ``xxgk-lint explain`` shows none of those internal names:
each becomes the words it stands for, in Chinese or English.
"""

from __future__ import annotations

import re

#: the domain reference's sections and rules that packs cite, in words (zh, en)
_REFERENCE = {
    "8.2": ("空白、“/”和连写的数字都不是 0，不参加任何计算", "blank cells, \"/\" and run-together digits are not 0 "
            "and take part in no sum"),
    "T3-005": ("统计表各格应填写非负整数，没有发生的填 0", "each cell of the tables holds a whole number, 0 where "
               "nothing happened"),
    "T3-006": ("一行有数字时，总计栏不能空白", "a row with figures has its total filled"),
    "T3-012": ("统计表的栏目名称应与统一格式一致", "the tables' labels are those of the national format"),
    "T2-006": ("正文中的规章、规范性文件、行政许可和处罚件数应与表二一致", "counts of regulations, normative "
               "documents, licences and penalties in the text agree with Table 2"),
    "FMT-001": ("按表格的栏目名称识别报告用的是 2021 年格式还是 2019 年试行格式", "the tables' labels show whether "
                "a report uses the 2021 format or the 2019 trial format"),
    "FMT-005": ("统一格式的表格没有小计行或小计栏，多出的行不参加核对", "the national tables have no subtotal rows "
                "or columns; extra rows take no part in the checks"),
    "4.3": ("信息处理费与表二（八）的行政事业性收费是两回事", "information processing fees are not the "
            "administrative fees of Table 2 (8)"),
    "7.1": ("实际报告中的部分标题写法", "section titles as real reports word them"),
}

#: the defects auditors report (the domain reference's list), as their notices word them (zh, en)
_DEFECTS = {
    "D1": ("不按时发布", "published late"), "D2": ("发布内容不准确、数据失准", "wrong figures"),
    "D3": ("发布内容不全面、缺少某部分", "missing parts or items"), "D4": ("内容雷同", "copied from other years "
                                                                          "or agencies"),
    "D5": ("敷衍塞责、应付了事", "perfunctory reports"), "D6": ("未按照规定格式编写", "not in the unified format"),
    "D7": ("题目错误", "wrong title"), "D13": ("表格空白、未填“0”、用“/”", "blank cells, no 0, \"/\""),
    "D14": ("正文数据与表格数据不一致", "text and tables disagree"), "D15": ("使用旧格式、混用旧栏目", "the old "
                                                                            "format or its labels"),
    "D16": ("未说明信息处理费", "silent on information processing fees"),
    "D17": ("统计期限错误、年份错误", "wrong statistical period or year"), "D18": ("联系方式缺失", "no contact"),
}

#: how firm a requirement is (the reference's tags), when the words around it do not already say
_TAGS = {
    "P": ("实际报告的通行做法", "what real reports do", ("实践", "实际报告", "种子报告")),
    "R": ("条文尚未与原文逐字核对", "wording not yet checked against the original", ()),
    "D": ("由表格结构或条文推导", "derived from the tables or the text", ("推导",)),
    "T": ("参考已有检查工具的做法，并非规定", "as existing checkers do; not a requirement", ()),
}

#: names in sources that are internal to this project, in words (zh, en); longest first
_WORDS = [
    ("结构化报告约定（Contract 1）", "结构化报告（YAML/JSON）的格式约定", "the format of structured (YAML/JSON) reports"),
    ("两份种子报告均引用", "实际报告均引用", "real reports cite it"),
    ("据实践与种子报告重建", "据实际报告重建", "reconstructed from real reports"),
    ("种子报告 001", "实际报告", "a real report"),
    ("据实践重建", "据实际报告重建", "reconstructed from practice"),
    ("读取说明", "本工具读取报告的原则", "how the tool reads reports"),
    ("启发式", "经验判断，仅供参考", "a rule of thumb, for guidance"),
    ("表格语义", "统计表各栏的含义", "what the tables' cells mean"),
]

#: citations, in English (zh → en); the Chinese name stays beside the English one
_EN = sorted([
    ("《政府信息公开条例》（国务院令第711号，2019年5月15日施行）", "the Regulations on Open Government Information "
     "(《政府信息公开条例》, State Council Order 711, in force 15 May 2019)"),
    ("《政府信息公开条例》", "the Regulations on Open Government Information (《政府信息公开条例》)"),
    ("《政府信息公开信息处理费管理办法》", "the Measures on information processing fees (《政府信息公开信息处理费管理办法》)"),
    ("国办公开办函〔2021〕30号", "the national format notice 国办公开办函〔2021〕30号"),
    ("国办公开办函〔2019〕60号", "the 2019 trial format notice 国办公开办函〔2019〕60号"),
    ("取代 2019 年试行格式", "replacing the 2019 trial format"), ("2019 年试行格式", "the 2019 trial format"),
    ("一、报告内容", "part 1, what a report contains"), ("二、有序衔接", "part 2, the transition"),
    ("（一）总体情况", "(1) overview"), ("（四）明确责任", "(4) responsibilities"),
    ("六、其他需要报告的事项", "section 6, other matters"), ("第六部分的七个事项", "the seven items of section 6"),
    ("表三注", "the note under Table 3"), ("附表", "attached tables"), ("表二", "Table 2"), ("表三", "Table 3"),
    ("表四", "Table 4"), ("实践做法", "practice"), ("实际报告中的常见缺陷", "a common defect in real reports"),
    ("实际报告中的变体", "variants in real reports"), ("实际报告", "real reports"), ("推导", "derived"),
    ("总计", "total"), ("栏", " column"), ("混合格式", "mixed formats"), ("件数", "counts"),
    ("所有抽样报告均有", "every sampled report has it"), ("各地审核通知要求", "local review notices require"),
    ("统计期限为全年", "the statistical period is the whole year"),
    ("相邻两年表三的衔接", "Table 3 of consecutive years carrying over"),
    ("连写数字的唯一拆分", "the one split of run-together digits"), ("上一年度报告", "the previous year's report"),
    ("空白、连写的数字不等于 0", "blank cells and run-together digits are not 0"), ("空白不等于 0", "blank is not 0"),
    ("2019 年上海市政府办公厅报告", "the 2019 report of the Shanghai government general office"),
    ("四川 DB51/T", "Sichuan standard DB51/T"), ("莆田 2010 通报：", "a 2010 notice of Putian: "),
    ("写成", " written as "), ("表格全 0 而实际有申请和复议", "all-zero tables although there were applications "
                                                   "and reconsiderations"), ("鹿邑 2025", "Luyi, 2025"),
    ("（第", " (item "), ("；", "; "), ("（", " ("), ("）", ")"), ("，", ", "), ("、", ", "),
], key=lambda pair: -len(pair[0]))
_MEANING = re.compile(r"^(.+?)的含义")
_ITEM = re.compile(r"（第(\d+)项")
_SECTION_SIX = re.compile(r"(?<=\s)六(?=\s*[（(；;]|$)")
_QUOTE = re.compile(r"(“[^”]*”)")
_EN_MAP = dict(_EN)
_GLOSSARY = re.compile("|".join(re.escape(zh) for zh, _ in _EN))

_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_REF = re.compile(r"domain-rules\s+([A-Z]+\d?-\d{3}|\d+(?:\.\d+)?)")
#: the bracketed gloss right after a reference the words replace: "domain-rules 4.3（不要把……）"
_REF_GLOSS = re.compile(r"^\s*（[^）]*(?:（[^）]*）[^）]*)*）\s*$")
_DEFECT = re.compile(r"常见缺陷\s*(D\d+(?:/D\d+)*)(（[^（）]*(?:（[^（）]*）[^（）]*)*）)?")
_TAG = re.compile(r"\s*\[(V|P|R|D|T|P/R)\]")
_ARTICLE = re.compile(r"(?:《政府信息公开条例》|条例)第([一二三四五六七八九十]+)条(?:第（([一二三四五六七八九十]+)）项)?")


def _number(numeral: str) -> int:
    if numeral == "十":
        return 10
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return _NUMERALS.get(tens, 1) * 10 + _NUMERALS.get(ones, 0)
    return _NUMERALS.get(numeral, 0)


def _parts(source: str) -> list[str]:
    """``source`` split at its top-level "；" (not those inside brackets)."""
    parts, depth, current = [], 0, ""
    for ch in source:
        depth += ch in "（(“「《" and 1 or 0
        depth -= ch in "）)”」》" and 1 or 0
        if ch == "；" and depth <= 0:
            parts.append(current)
            current = ""
            continue
        current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def _tidy(text: str) -> str:
    text = re.sub(r"（[；;，,\s]*）|\(\s*\)", "", text)
    text = re.sub(r"[；;，,]\s*）", "）", text)
    text = re.sub(r"（[；;，,]\s*", "（", text)
    return re.sub(r"\s{2,}", " ", text).strip(" ；;，,")


def source_words(source: str, lang: str = "zh") -> str:
    """``source`` with the project's internal references turned into what they stand for."""
    en = lang == "en"
    if source.strip() == "xxgk-lint":
        return ("what the tool needs to read a file (not a requirement on the report itself)" if en
                else "本工具读取文件的要求（不是对报告本身的规定）")
    out: list[str] = []
    for part in _parts(source):
        tags = [t for found in _TAG.findall(part) for t in found.split("/")]
        part = _TAG.sub("", part)
        words: list[str] = []
        for ref in _REF.findall(part):
            if ref in _REFERENCE:
                words.append(_REFERENCE[ref][1 if en else 0])
        part = _REF.sub("", part)
        part = _REF_GLOSS.sub("", part) if words else part
        said_zh = part

        def defect(match: re.Match) -> str:
            named = [_DEFECTS[c] for c in match.group(1).split("/") if c in _DEFECTS]
            gloss = match.group(2) or ""
            if gloss and all(word in "".join(z for z, _ in named) for word in gloss[1:-1].split("、")):
                gloss = ""  # it only repeats the defects' names
            if not named:
                return gloss
            if en:
                return "a defect auditors report: " + "; ".join(e for _, e in named) + gloss
            return "审核通报中常见的问题：" + "、".join(f"“{z}”" for z, _ in named) + gloss

        part = _DEFECT.sub(defect, part)
        for term, zh, english in _WORDS:
            part = part.replace(term, english if en else zh)
        part = _tidy(part)
        # a part that was only a reference (or only a bracketed gloss of one) is said by the words
        if words and (not part or (part.startswith("（") and part.endswith("）"))):
            part = ""
        if en:
            part = _english(part)
        text = "; ".join(x for x in [part, *words] if x) if en else "；".join(x for x in [part, *words] if x)
        for tag in dict.fromkeys(tags):
            if tag in _TAGS:
                zh, english, said = _TAGS[tag]
                if not any(s in said_zh for s in said):
                    text += f" ({english})" if en else f"（{zh}）"
        if text:
            out.append(text)
    return ("; " if en else "；").join(out)


def _english(text: str) -> str:
    """A citation in English; words quoted from the documents (“…”) stay as printed."""
    def article(match: re.Match) -> str:
        item = f", item ({_number(match.group(2))})" if match.group(2) else ""
        return f"Article {_number(match.group(1))}{item} of the Regulations on Open Government Information"

    text = _MEANING.sub(lambda m: "the meaning of " + m.group(1), text)
    text = _ITEM.sub(lambda m: f" (item {m.group(1)}", text)
    out = []
    for piece in _QUOTE.split(text):
        if piece.startswith("“"):
            out.append(piece)
            continue
        piece = _ARTICLE.sub(article, piece)
        piece = _SECTION_SIX.sub("section 6", piece)
        piece = _GLOSSARY.sub(lambda m: _EN_MAP[m.group(0)], piece)  # one pass: no English is replaced again
        out.append(piece)
    text = "".join(out)
    text = re.sub(r"(?<=\S)“", " “", text)
    text = re.sub(r"”(?=[A-Za-z(])", "” ", text)
    return re.sub(r"\s{2,}", " ", text).replace(" )", ")").strip()
