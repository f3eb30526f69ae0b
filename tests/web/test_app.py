"""The web page over HTTP: limits, headers, what a result page holds, nothing kept after the response."""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEXT_REPORT = "某某局2024年政府信息公开工作年度报告\n一、总体情况\n本年度共收到申请0件。\n".encode()


def blob(page: str, ident: str) -> bytes:
    match = re.search(rf'<script type="application/octet-stream" id="{ident}">([A-Za-z0-9+/=]*)</script>', page)
    assert match, f"no download {ident} in the page"
    return base64.b64decode(match.group(1))


def test_upload_page_is_self_contained(server):
    status, headers, page = server.get("/")
    assert status == 200
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "form-action 'self'" in csp
    assert headers["cache-control"] == "no-store"
    # nothing from elsewhere: no address with a host anywhere, every link and form stays on this server
    assert "http://" not in page and "https://" not in page and "//" not in re.sub(r"<script>.*?</script>", "", page,
                                                                                  flags=re.S)
    assert all(v.startswith(("/", "#", "?")) for v in re.findall(r'(?:src|href|action)="([^"]*)"', page))
    accept = re.search(r'accept="([^"]+)"', page).group(1).split(",")
    assert {".docx", ".pdf", ".html", ".txt"} <= set(accept)
    assert "把年度报告文件拖到这里" in page and 'lang="zh-CN"' in page


def test_english_page(server):
    _status, _headers, page = server.get("/?lang=en")
    assert 'lang="en"' in page and "Drop report files here" in page


def test_results_of_a_word_draft_and_a_text_file(server, planted):
    status, headers, page = server.post([("年报.docx", planted.read_bytes()), ("说明.txt", TEXT_REPORT)],
                                        {"lang": "zh"})
    assert status == 200, page
    assert "default-src 'none'" in headers["content-security-policy"]
    # several files: the audit table names both, in the order given
    table = re.search(r'<table class="audit">.*?</table>', page, re.S).group(0)
    assert table.index("年报.docx") < table.index("说明.txt")
    # findings grouped by section, each with its code
    codes = re.findall(r'<li id="f1-\d+" class="[a-z]+" data-code="([A-Z]\d{3})"', page)
    assert {"B302", "T207", "F401", "C702", "M601"} <= set(codes)
    # the blank 总计 is one finding: its blank cell (T202) and what it keeps from being checked follow from it
    assert "T202" not in codes and re.search(r"由此引起：.*T202 .*B309 ", page)
    groups = re.findall(r'<h3 class="group" data-group="([a-z]+)"', page.split('id="file-2"')[0])
    assert groups.index("front") < groups.index("applications") < groups.index("other")
    # 表三's faulty cells are marked, with the finding beside the row
    cell = re.search(r'<td class="([^"]*)" data-pointer="/tables/applications/results/total/0"', page)
    assert cell and "bad" in cell.group(1).split() and "error" in cell.group(1).split()
    assert re.search(r'<td class="num blank bad [a-z]+" data-pointer="/tables/applications/carried_forward/6"', page)
    # the downloads: the annotated Word copy and the Contract 2 JSON, under the clerk's own file name
    word = blob(page, "blob-word-1")
    with zipfile.ZipFile(io.BytesIO(word)) as archive:
        assert "B302" in archive.read("word/comments.xml").decode("utf-8")
    data = json.loads(blob(page, "blob-json-1"))
    assert data["tool"]["name"] == "xxgk-lint" and data["files"][0]["path"] == "年报.docx"
    assert {f["code"] for f in data["files"][0]["findings"]} >= {"B302", "F401"}
    everything = json.loads(blob(page, "blob-json-all"))
    assert [f["path"] for f in everything["files"]] == ["年报.docx", "说明.txt"]
    assert 'download="年报.批注.docx"' in page
    # a text file has no annotated copy, and says so
    assert "blob-word-2" not in page and "这不是 Word 文件" in page
    # nothing of the upload is left, and the private folder never shows in the page
    assert server.upload_folders() == []
    assert "xxgk-web-" not in unescape(page)


def test_english_results(server, planted):
    status, _headers, page = server.post([("draft.docx", planted.read_bytes())], {"lang": "en"},
                                         path="/check?lang=en")
    assert status == 200
    assert "Download the annotated Word file" in page and "Table 3" in page
    assert '<span class="sev error">error</span><span class="code">B302</span>' in page
    word = blob(page, "blob-word-1")
    with zipfile.ZipFile(io.BytesIO(word)) as archive:
        assert "[error] B302" in archive.read("word/comments.xml").decode("utf-8")


def test_no_file_chosen(server):
    status, _headers, page = server.post([], {"lang": "zh"})
    assert status == 400 and "请先选择要检查的文件" in page


def test_not_a_form(server):
    import urllib.error
    import urllib.request

    request = urllib.request.Request(server.url + "/check", data=b"x=1", method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        urllib.request.urlopen(request, timeout=30)
        raise AssertionError("accepted a body that is no upload")
    except urllib.error.HTTPError as exc:
        assert exc.code == 400


def test_size_and_count_limits(make_server, planted):
    small = make_server("--max-upload-mb", "0.01", "--max-files", "2")
    # a file over the limit is not kept and is reported as the command line reports a file too large
    status, _headers, page = small.post([("年报.docx", planted.read_bytes()), ("说明.txt", TEXT_REPORT)])
    assert status == 200
    assert "E005" in page and "文件超过 10 KB" in page
    assert "blob-word-1" not in page and 'data-code="B302"' not in page
    # more files than allowed, or a body larger than all allowed files together, is refused
    status, _headers, page = small.post([("a.txt", TEXT_REPORT)] * 3)
    assert status == 413 and "一次最多检查 2 个文件" in page
    status, _headers, page = small.post([("a.txt", b"x" * (3 * 1024 * 1024))])
    assert status == 413
    assert small.upload_folders() == []


def test_time_limit_of_the_command_line(make_server, planted):
    hurried = make_server("--timeout", "0.001")
    status, _headers, page = hurried.post([("年报.docx", planted.read_bytes())])
    assert status == 200
    assert 'data-code="E012"' in page
    # a file stopped for time is not read again for its tables or its annotated copy
    assert "blob-word-1" not in page and 'data-table="applications"' not in page
    assert hurried.upload_folders() == []


#: the copy search over the upload fails, naming the uploaded file with markup glued to its name
BROKEN_COPY_STAGE = """
import errno
import lint.run.copies as copies

def broken(entries, load, *args, **kwargs):
    path = load(next(iter(entries))[0]).path
    raise OSError(errno.EIO, "no", path + "<img src=x onerror=alert(1)>")

copies.run_stage = broken
"""


def test_what_the_run_says_of_the_whole_upload_is_on_the_page_escaped(make_server, planted):
    broken = make_server(inject=BROKEN_COPY_STAGE)
    status, _headers, page = broken.post([("年报.docx", planted.read_bytes())], {"lang": "zh"})
    assert status == 200
    said = re.search(r'<div class="problem run-problems" id="run-problems" role="alert">(.*?)</div>', page, re.S)
    assert said, "the run's problem is not on the page"
    text = said.group(1)
    assert "本次检查未能全部完成" in text and "雷同段落查找出错" in text and "输入输出错误" in text
    assert "年报.docx&lt;img src=x onerror=alert(1)&gt;" in text and "<img" not in text  # escaped, the clerk's name
    assert "xxgk-web-" not in unescape(page)
    assert page.index('id="run-problems"') < page.index('id="file-1"')  # above the files, which are all there
    assert re.search(r'<li id="f1-\d+" class="[a-z]+" data-code="B302"', page)
    status, _headers, page = broken.post([("draft.docx", planted.read_bytes())], {"lang": "en"}, path="/check?lang=en")
    assert status == 200 and "the search for copied passages failed" in page and "input/output error" in page
    assert "本次检查" not in page and broken.upload_folders() == []


def test_a_run_without_problems_shows_no_problem_block(server, planted):
    _status, _headers, page = server.post([("年报.docx", planted.read_bytes())], {"lang": "zh"})
    assert 'id="file-1"' in page and "run-problems" not in page
