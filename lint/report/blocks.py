"""The run-level blocks the text and terminal outputs end with: the roster's verdict and the copied passages.

Plain lines, so the text reporter writes them as they are and the rich reporter
prints them escaped (``lines(context)``); each line is (style, text), the style one of
"title", "error", "warning", "info", "" for the terminal's colours.
"""

from __future__ import annotations

from typing import Any

from lint.report import Context

_T = {
    "zh": {
        "roster": "名册核对（{year} 年度，{units} 个单位，{reports} 份报告）",
        "missing": "没有报告的单位：{n} 个",
        "late": "逾期发布：{n} 个",
        "late_line": "  {unit}：{published} 发布，期限 {deadline}，晚 {days} 天（{file}；日期取自{source}）",
        "undated": "未能确定发布日期：{n} 个",
        "duplicates": "同一单位有多份报告：{n} 个",
        "unknown": "不属于名册中任何单位的报告：{n} 份",
        "unreadable": "未能读出机关名称和年度的文件：{n} 个",
        "other_years": "其他年度的报告 {n} 份未计入",
        "matched_loose": "名称按规则对应：{n} 处",
        "copies": "各报告之间的雷同段落：{n} 处（比对 {compared} 份报告）",
        "copy_line": "  {a}（{fa}）与 {b}（{fb}），重合 {percent}%：“{passage}”",
        "skipped": "未比对雷同段落：{why}",
        "document": "报告", "roster_src": "名册",
    },
    "en": {
        "roster": "Roster ({year}: {units} units, {reports} reports)",
        "missing": "Units without a report: {n}",
        "late": "Published late: {n}",
        "late_line": "  {unit}: published {published}, due {deadline}, {days} day(s) late ({file}; date from {source})",
        "undated": "Publication date unknown: {n}",
        "duplicates": "Units with several reports: {n}",
        "unknown": "Reports of no roster unit: {n}",
        "unreadable": "Files whose agency and year could not be read: {n}",
        "other_years": "{n} report(s) of other years not counted",
        "matched_loose": "Names matched by rule: {n}",
        "copies": "Passages copied between reports: {n} ({compared} reports compared)",
        "copy_line": "  {a} ({fa}) and {b} ({fb}), {percent}% the same: “{passage}”",
        "skipped": "Passages not compared: {why}",
        "document": "the report", "roster_src": "the roster",
    },
}


def lines(context: Context) -> list[tuple[str, str]]:
    """The blocks' lines for the run's extras (nothing when the run had no roster and no copy stage)."""
    lang = "en" if context.lang == "en" else "zh"
    out: list[tuple[str, str]] = []
    roster = context.extras.get("roster")
    if roster:
        out += roster_lines(roster, lang)
    copies = context.extras.get("copies")
    if copies and (copies.get("copies") or copies.get("skipped")):
        out += copies_lines(copies, lang)
    return out


def roster_lines(roster: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    t = _T[lang]
    out = [("", ""), ("title", t["roster"].format(year=roster.get("year"), units=roster["units"],
                                                  reports=roster["reports"]))]

    def names(items: list[dict], key: str = "unit") -> str:
        return "、".join(str(i.get(key) or i.get("path")) for i in items) if lang == "zh" else \
            ", ".join(str(i.get(key) or i.get("path")) for i in items)

    if roster["missing"]:
        out.append(("error", t["missing"].format(n=len(roster["missing"]))))
        out.append(("", "  " + names(roster["missing"])))
    if roster["late"]:
        out.append(("error", t["late"].format(n=len(roster["late"]))))
        for item in roster["late"]:
            out.append(("", t["late_line"].format(unit=item["unit"], published=item["published"],
                                                  deadline=item["deadline"], days=item["days"], file=item["path"],
                                                  source=t["document"] if item["date_from"] == "document"
                                                  else t["roster_src"])))
    if roster["undated"]:
        out.append(("warning", t["undated"].format(n=len(roster["undated"]))))
        out.append(("", "  " + names(roster["undated"])))
    if roster["duplicates"]:
        out.append(("warning", t["duplicates"].format(n=len(roster["duplicates"]))))
        for item in roster["duplicates"]:
            out.append(("", f"  {item['unit']}: " + ", ".join(item["paths"])))
    if roster["unknown"]:
        out.append(("warning", t["unknown"].format(n=len(roster["unknown"]))))
        for item in roster["unknown"]:
            why = item["why"] if lang == "zh" else item["why_en"]
            out.append(("", f"  {item['path']}（{item.get('agency') or '—'}）：{why}" if lang == "zh"
                        else f"  {item['path']} ({item.get('agency') or '—'}): {why}"))
    if roster["unreadable"]:
        out.append(("warning", t["unreadable"].format(n=len(roster["unreadable"]))))
        out.append(("", "  " + ", ".join(roster["unreadable"])))
    loose = [m for m in roster["matched"] if m["agency"] != m["unit"]]
    if loose:
        out.append(("info", t["matched_loose"].format(n=len(loose))))
        for m in loose:
            out.append(("", "  " + (m["how"] if lang == "zh" else m["how_en"])))
    if roster.get("other_years"):
        out.append(("info", t["other_years"].format(n=roster["other_years"])))
    return out


def copies_lines(copies: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    t = _T[lang]
    out = [("", "")]
    if copies.get("skipped"):
        return out + [("warning", t["skipped"].format(why=copies["skipped"][lang]))]
    out.append(("title", t["copies"].format(n=len(copies["copies"]), compared=copies["compared"])))
    for item in copies["copies"]:
        out.append(("", t["copy_line"].format(a=item["agencies"][0] or "—", fa=item["files"][0],
                                              b=item["agencies"][1] or "—", fb=item["files"][1],
                                              percent=round(item["similarity"] * 100),
                                              passage=item["passages"][0][:80])))
    return out
