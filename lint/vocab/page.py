"""What a web page or an archive prints around a report: metadata blocks, breadcrumbs, share widgets.

Government sites put an article's metadata above it, as "key: value" lines or a
row of them (``索引号：… 发布机构：… 公开日期：… 成文日期：…``), a breadcrumb
(``当前位置：首页 > 政务公开 > …``) and share buttons (微信 微博 打印 关闭).  None of it
is the report; the readers take the publication date and the publishing agency
from the metadata and keep the rest out of the title, the agency and the intro.
"""

from __future__ import annotations

import re

from lint.vocab.text import normalise

#: metadata keys, longest first so that 发布时间 is not read as 时间
META_KEYS = ("信息索引号", "索引号", "标题", "题目", "文章标题", "公开日期", "公开时间", "发布日期", "发布时间",
             "发布于", "成文日期", "发文日期", "生成日期", "更新时间", "时间", "日期", "文号", "发文字号", "发布机构",
             "发文机关", "公开机构", "发布单位", "来源", "信息来源", "栏目", "所属栏目", "原文链接", "本地目录",
             "主题分类", "体裁分类", "组配分类", "服务对象分类", "公开方式", "公开范围", "公开形式", "浏览次数",
             "访问次数", "点击数", "阅读次数", "字号", "作者", "责任编辑", "有效性")
_KEYS = "|".join(sorted(META_KEYS, key=len, reverse=True))
#: a metadata pair; a value ends where the next key begins
META_PAIR = re.compile(rf"(?P<key>{_KEYS})\s*[:：]\s*(?P<value>.*?)(?=\s*(?:{_KEYS})\s*[:：]|$)")
META_LINE = re.compile(rf"^\s*(?:{_KEYS})\s*[:：]")

#: keys of the publication date, in order of preference (成文日期 is the date the text was signed)
PUBLISHED_KEYS = (("公开日期", "公开时间", "发布日期", "发布时间", "发布于"), ("时间", "日期", "更新时间"),
                  ("成文日期", "发文日期", "生成日期"))
AGENCY_KEYS = ("发布机构", "公开机构", "发布单位", "发文机关")
TITLE_KEYS = ("标题", "题目", "文章标题")

BREADCRUMB = re.compile(r"^\s*(?:当前位置|您的位置|您现在的位置|你的位置|你现在的位置|现在位置|所在位置|位置)\s*[:：]\s*")
#: words of a site's navigation: breadcrumb steps and column names
NAVIGATION = ("网站首页", "首页", "主页", "政务公开", "政府信息公开", "信息公开", "政府信息公开目录", "信息公开目录",
              "公开目录", "法定主动公开内容", "主动公开", "政府信息公开年报", "政府信息公开年度报告", "信息公开年报",
              "年度报告", "年报", "最新文件", "部门文件", "政策文件", "通知公告", "工作动态", "政务动态", "政府文件",
              "规范性文件", "部门信息公开", "机构职能", "专题专栏")
_STEP_SEPARATORS = ">›»→/|＞》·-"
SHARE_WORDS = re.compile(r"(?:分享到|分享|微信|微博|QQ空间|QQ|全真版|文字版|文件下载|相关链接|打印本页|打印|关闭窗口|关闭|"
                         r"收藏|字号|【\s*[大中小]\s*】|[大中小](?=\s*[大中小])|-->|<--|扫一扫|手机版)\s*[:：]?")


def strip_breadcrumb(text: str) -> str:
    """``text`` without a leading breadcrumb: the marker, then the navigation steps before the content.

    Separators (``>``) end steps when there are any; archives that dropped them
    leave the steps run together, and known navigation words are taken off one by one.
    """
    match = BREADCRUMB.match(text)
    if not match:
        return text
    rest = text[match.end():]
    cut = max((rest.rfind(s) for s in _STEP_SEPARATORS if rest.rfind(s) >= 0), default=-1)
    if cut >= 0 and not re.search(r"\d{4}\s*年", rest[:cut]):
        rest = rest[cut + 1:]
    while True:
        stripped = rest.lstrip(" \t\u3000" + _STEP_SEPARATORS)
        word = next((w for w in sorted(NAVIGATION, key=len, reverse=True) if normalise(stripped).startswith(w)), None)
        if word is None:
            return stripped
        rest = stripped[len(word):]


def skip_chrome(text: str, start: int = 0) -> int:
    """Where the report text resumes after inline metadata and share buttons from ``start``."""
    position = start
    while True:
        rest = text[position:]
        lead = len(rest) - len(rest.lstrip())
        pair = re.match(rf"(?:{_KEYS})\s*[:：]\s*(?:\d{{4}}[-./年]\d{{1,2}}[-./月]\d{{1,2}}日?(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?|"
                        r"[^\s:：。，]{0,30}(?=\s))?", rest[lead:])
        if pair and pair.end():
            position += lead + pair.end()
            continue
        share = SHARE_WORDS.match(rest[lead:])
        if share and share.end():
            position += lead + share.end()
            continue
        return position + lead
