"""The national table layouts: keys of the structured report and their printed labels.

One place knows which rows and columns 表二, 表三 and 表四 have, how the
structured report names them (Contract 1) and how the official tables print
them.  Checks use it to name a cell as the agency sees it; importers use it to
match printed labels; ``init`` uses it to write a blank report.
"""

from __future__ import annotations


# the sections live in lint.vocab.sections; these names are the same objects, for code that names tables and sections
from lint.records import record
from lint.vocab.sections import SECTION_KEYS, TITLES as SECTION_TITLES, TITLES_EN as SECTION_TITLES_EN
from lint.vocab.text import label_key as normalize_label

TABLE_KEYS = ("proactive", "applications", "appeals")
TABLE_NAMES = {"proactive": "表二", "applications": "表三", "appeals": "表四"}
TABLE_NAMES_EN = {"proactive": "Table 2", "applications": "Table 3", "appeals": "Table 4"}

# ---------------------------------------------------------------- 表三

#: The seven value columns of 表三, in Contract 1 order.
APPLICANT_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
APPLICANT_COLUMNS_EN = (
    "natural persons", "businesses", "research institutions", "public-interest organisations",
    "legal service providers", "other organisations", "total",
)
TOTAL_COLUMN = 6


@record(frozen=True)
class Row:
    """One data row of a table: its path under the table and its printed labels."""

    path: tuple[str, ...]
    label: str  # the official label, as printed in the national template
    parent: str | None = None  # the merged category label above it, if any
    en: str = ""

    @property
    def pointer_suffix(self) -> str:
        return "/" + "/".join(self.path)


def _rows(prefix: tuple[str, ...], parent: str, items: list[tuple[str, str, str]]) -> list[Row]:
    return [Row(prefix + (key,), label, parent, en) for key, label, en in items]


_WITHHELD = _rows(("results", "withheld"), "（三）不予公开", [
    ("state_secret", "1.属于国家秘密", "withheld: state secret"),
    ("prohibited_by_law", "2.其他法律行政法规禁止公开", "withheld: prohibited by law"),
    ("three_safety_one_stability", "3.危及“三安全一稳定”", "withheld: security and stability"),
    ("third_party_rights", "4.保护第三方合法权益", "withheld: third-party rights"),
    ("internal_affairs", "5.属于三类内部事务信息", "withheld: internal affairs"),
    ("process_information", "6.属于四类过程性信息", "withheld: process information"),
    ("enforcement_files", "7.属于行政执法案卷", "withheld: enforcement files"),
    ("query_matters", "8.属于行政查询事项", "withheld: administrative query matters"),
])
_UNAVAILABLE = _rows(("results", "unavailable"), "（四）无法提供", [
    ("not_held", "1.本机关不掌握相关政府信息", "unavailable: not held"),
    ("needs_creation", "2.没有现成信息需要另行制作", "unavailable: would need creating"),
    ("unclear_after_correction", "3.补正后申请内容仍不明确", "unavailable: unclear after correction"),
])
_NOT_PROCESSED = _rows(("results", "not_processed"), "（五）不予处理", [
    ("petition_complaint", "1.信访举报投诉类申请", "not processed: petitions and complaints"),
    ("duplicate", "2.重复申请", "not processed: duplicate"),
    ("publication", "3.要求提供公开出版物", "not processed: publications"),
    ("excessive", "4.无正当理由大量反复申请", "not processed: excessive"),
    ("confirmation", "5.要求行政机关确认或重新出具已获取信息", "not processed: confirmation"),
])
_OTHER_2021 = _rows(("results", "other"), "（六）其他处理", [
    ("no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
     "other: no correction in time"),
    ("unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     "other: fee not paid"),
    ("other", "3.其他", "other: other"),
])
_OTHER_2019 = [Row(("results", "other"), "（六）其他处理", None, "other handling")]

NEW_RECEIVED = Row(("new_received",), "一、本年新收政府信息公开申请数量", None, "I. new applications")
CARRIED_OVER = Row(("carried_over",), "二、上年结转政府信息公开申请数量", None, "II. carried over from last year")
GRANTED = Row(("results", "granted"), "（一）予以公开", "三、本年度办理结果", "granted")
PARTIAL = Row(("results", "partially_granted"), "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
              "三、本年度办理结果", "partially granted")
RESULTS_TOTAL = Row(("results", "total"), "（七）总计", "三、本年度办理结果", "(7) total handled")
CARRIED_FORWARD = Row(("carried_forward",), "四、结转下年度继续办理", None, "IV. carried forward")


def applications_rows(fmt: str) -> list[Row]:
    """Every data row of 表三 in printed order (26 rows in 2021, 24 in 2019)."""
    other = _OTHER_2019 if fmt == "2019" else _OTHER_2021
    return [NEW_RECEIVED, CARRIED_OVER, GRANTED, PARTIAL, *_WITHHELD, *_UNAVAILABLE,
            *_NOT_PROCESSED, *other, RESULTS_TOTAL, CARRIED_FORWARD]


def result_item_rows(fmt: str) -> list[Row]:
    """The 办理结果 rows that add up to （七）总计."""
    rows = applications_rows(fmt)
    return rows[2:-2]


#: Labels used only in messages for a row of 表三.
def short_row_label(row: Row) -> str:
    return row.label.split("（区分处理")[0]


# ---------------------------------------------------------------- 表四

APPEAL_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
APPEAL_COLUMNS_EN = ("upheld", "corrected", "other outcome", "pending", "total")
APPEAL_GROUPS = (
    ("reconsideration", "行政复议", "administrative reconsideration"),
    ("litigation_direct", "行政诉讼·未经复议直接起诉", "litigation without prior reconsideration"),
    ("litigation_after_reconsideration", "行政诉讼·复议后起诉", "litigation after reconsideration"),
)

# ---------------------------------------------------------------- 表二


@record(frozen=True)
class Block:
    """One block of 表二: its caption, its rows and its value columns."""

    caption: str
    rows: tuple[tuple[str, str], ...]  # (key, printed label)
    columns: tuple[tuple[str, str], ...]  # (key, printed label)


PROACTIVE_2021 = (
    Block("第二十条第（一）项", (("regulations", "规章"), ("normative_documents", "行政规范性文件")),
          (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数"))),
    Block("第二十条第（五）项", (("licensing", "行政许可"),),
          (("decisions", "本年处理决定数量"),)),
    Block("第二十条第（六）项", (("punishment", "行政处罚"), ("coercion", "行政强制")),
          (("decisions", "本年处理决定数量"),)),
    Block("第二十条第（八）项", (("fees", "行政事业性收费"),),
          (("amount", "本年收费金额（单位：万元）"),)),
)

PROACTIVE_2019 = (
    Block("第二十条第（一）项", (("regulations", "规章"), ("normative_documents", "规范性文件")),
          (("made", "本年新制作数量"), ("published", "本年新公开数量"), ("total_public", "对外公开总数量"))),
    Block("第二十条第（五）项", (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
          (("previous_year", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量"))),
    Block("第二十条第（六）项", (("punishment", "行政处罚"), ("coercion", "行政强制")),
          (("previous_year", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量"))),
    Block("第二十条第（八）项", (("fees", "行政事业性收费"),),
          (("previous_year", "上一年项目数量"), ("change", "本年增/减"))),
    Block("第二十条第（九）项", (("procurement", "政府集中采购"),),
          (("projects", "采购项目数量"), ("amount", "采购总金额"))),
)

#: Cells of 表二 that may hold a fraction or a sign.
PROACTIVE_DECIMAL = {("fees", "amount"), ("procurement", "amount")}
PROACTIVE_SIGNED = {"change"}


def proactive_blocks(fmt: str) -> tuple[Block, ...]:
    return PROACTIVE_2019 if fmt == "2019" else PROACTIVE_2021


# ---------------------------------------------------------------- labels as printed

def printed_label(report: dict, pointer: str, default: str) -> str:
    """The label the report printed for ``pointer``, falling back to the national one.

    Importers record labels that differ from the national template under the
    report's ``labels`` key (JSON pointer → label as printed).
    """
    labels = report.get("labels")
    if isinstance(labels, dict):
        value = labels.get(pointer)
        if isinstance(value, str) and value.strip():
            return value
    return default


# ---------------------------------------------------------------- English glosses of printed labels

_PROACTIVE_EN = {"规章": "regulations", "行政规范性文件": "normative documents", "规范性文件": "normative documents",
                 "行政许可": "licensing", "行政处罚": "penalties", "行政强制": "coercive measures",
                 "行政事业性收费": "administrative fees", "其他对外管理服务事项": "other services",
                 "政府集中采购": "government procurement", "本年制发件数": "issued this year",
                 "本年废止件数": "repealed this year", "现行有效件数": "in force",
                 "本年处理决定数量": "decisions this year", "处理决定数量": "decisions",
                 "本年收费金额（单位：万元）": "fees collected (10,000 yuan)", "本年新制作数量": "newly made",
                 "本年新公开数量": "newly published", "对外公开总数量": "published in all",
                 "上一年项目数量": "items last year", "本年增/减": "change this year", "采购项目数量": "projects",
                 "采购总金额": "total amount"}


def _glosses() -> dict[str, str]:
    out = {normalize_label(zh): en for zh, en in zip(APPLICANT_COLUMNS, APPLICANT_COLUMNS_EN)}
    out.update({normalize_label(zh): en for zh, en in zip(APPEAL_COLUMNS, APPEAL_COLUMNS_EN)})
    out.update({normalize_label(label): en for _key, label, en in APPEAL_GROUPS})
    out.update({normalize_label(zh): en for zh, en in _PROACTIVE_EN.items()})
    out.update({normalize_label(row.label): row.en for fmt in ("2021", "2019") for row in applications_rows(fmt)})
    out.update({normalize_label(short_row_label(row)): row.en for row in applications_rows("2021")})
    out[normalize_label("法人或其他组织")] = "legal persons and other organisations"
    out.update({normalize_label(SECTION_TITLES[key]): SECTION_TITLES_EN[key] for key in SECTION_KEYS})
    return out


GLOSSES = _glosses()


def gloss(label: str) -> str | None:
    """The English name of a printed table label, when it is one of the national labels."""
    return GLOSSES.get(normalize_label(label))
