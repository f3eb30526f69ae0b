"""A Word draft of the 2021 template with mistakes planted where a clerk would make them.

* 表三 （七）总计 says 9 where its items add up to 8 (自然人 and 总计 columns);
* 表三 四、结转下年度继续办理 leaves its 总计 cell blank although the row holds 1;
* 六 has no sentence on 信息处理费;
* the title keeps last year's year (2023) while the 统计期限 is 2024;
* 一 says 12 applications were received where 表三 counts 10.

Built in a test's tmp_path with :func:`tests.ingest.docx_factory.build_report_docx`,
then edited with python-docx where the factory prints fixed text.
"""

from __future__ import annotations

from pathlib import Path

from tests.ingest.docx_factory import build_report_docx

TITLE = "某某县人民政府办公室2023年政府信息公开工作年度报告"
SENTENCE = "本年度本机关共收到政府信息公开申请12件，全部按时答复。"
QUOTE = "收到政府信息公开申请12件"
APPLICATIONS = {
    "new_received": [10, 0, 0, 0, 0, 0, 10],
    "carried_over": [0] * 7,
    "results": {"granted": [6, 0, 0, 0, 0, 0, 6], "partially_granted": [2, 0, 0, 0, 0, 0, 2],
                "total": [9, 0, 0, 0, 0, 0, 9]},
    "carried_forward": [1, 0, 0, 0, 0, 0, None],
}


def planted_docx(path: Path) -> Path:
    import docx

    build_report_docx(path, year=2024, applications=APPLICATIONS)
    document = docx.Document(str(path))
    for paragraph in document.paragraphs:
        if paragraph.text.endswith("年政府信息公开工作年度报告"):
            paragraph.runs[0].text = TITLE
        elif paragraph.text == "总体情况的说明文字。":
            # the quoted words span three runs, the middle one bold, as an edited draft has them
            paragraph.runs[0].text = "本年度本机关共收到政府信息公开"
            paragraph.add_run("申请12").bold = True
            paragraph.add_run("件，全部按时答复。")
    document.save(str(path))
    return path
