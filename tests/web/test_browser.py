"""The page in a real browser: headless Chromium, driven by Selenium with Debian's chromedriver.

A clerk's way through it: choose the planted Word draft, press 检查, read the
findings, download the annotated copy and the JSON.  The screenshot lands in
``test-artifacts/web-app.png`` (and the marked 表三 in ``web-app-tables.png``)
for a person to look at.
"""

from __future__ import annotations

import json
import os
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,1600")


@pytest.fixture
def browser(tmp_path):
    for program in (CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(program):
            pytest.fail(f"{program} is missing: .ci/run must install Debian's chromium and chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(120)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(path: Path, seconds: float = 30) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.is_file() and path.stat().st_size > 0:
            return path
        time.sleep(0.2)
    raise AssertionError(f"{path.name} was not downloaded: {os.listdir(path.parent)}")


def test_clerk_uploads_reads_and_downloads(server, planted, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server.url + "/")
    assert browser.find_element(By.ID, "send").get_attribute("disabled") is not None  # nothing chosen yet
    browser.find_element(By.ID, "files").send_keys(str(planted))
    chosen = browser.find_elements(By.CSS_SELECTOR, "#chosen li")
    assert len(chosen) == 1 and chosen[0].text.startswith("年报.docx")
    browser.find_element(By.ID, "send").click()
    WebDriverWait(browser, 120).until(ready.presence_of_element_located((By.ID, "file-1")))

    # the findings as the clerk reads them
    items = browser.find_elements(By.CSS_SELECTOR, "#file-1 ol.findings > li")
    by_code = {item.get_attribute("data-code"): item.text for item in items}
    assert "（七）总计" in by_code["B302"] and "修改建议" in by_code["B302"]
    assert "信息处理费" in by_code["F401"]
    assert "12" in by_code["C702"]
    status = browser.find_element(By.CSS_SELECTOR, "#file-1 .facts").text
    assert "完整检查" in status and "得分" in status
    # errors come first within a section
    first = browser.find_elements(By.CSS_SELECTOR, "#file-1 ol.findings")[0]
    severities = [li.get_attribute("class") for li in first.find_elements(By.CSS_SELECTOR, "li")]
    assert severities == sorted(severities, key=["error", "warning", "info", "reading"].index)
    # the faulty cell of 表三 is marked, and the finding stands beside its row
    cell = browser.find_element(By.CSS_SELECTOR, 'td[data-pointer="/tables/applications/results/total/6"]')
    assert "bad" in cell.get_attribute("class") and cell.text.startswith("9")
    beside = cell.find_element(By.XPATH, "./ancestor::tr/td[@class='why']").text
    assert "B302" in beside

    # downloads: the annotated Word copy and the JSON
    browser.find_element(By.ID, "word-1").click()
    word = wait_for(browser.downloads / "年报.批注.docx")
    with zipfile.ZipFile(word) as archive:
        comments = archive.read("word/comments.xml").decode("utf-8")
    assert "B302" in comments and "F401" in comments
    browser.find_element(By.ID, "json-1").click()
    data = json.loads(wait_for(browser.downloads / "年报.xxgk-lint.json").read_text(encoding="utf-8"))
    assert data["files"][0]["path"] == "年报.docx"
    assert "B302" in {f["code"] for f in data["files"][0]["findings"]}

    # the page loaded nothing from elsewhere
    entries = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert [e for e in entries if not e.startswith(server.url)] == []

    ARTIFACTS.mkdir(exist_ok=True)
    browser.set_window_size(1280, 1900)
    browser.save_screenshot(str(ARTIFACTS / "web-app.png"))
    assert (ARTIFACTS / "web-app.png").stat().st_size > 10_000
    browser.execute_script("arguments[0].scrollIntoView()", cell.find_element(By.XPATH, "./ancestor::table"))
    browser.execute_script("window.scrollBy(0, 500)")
    browser.save_screenshot(str(ARTIFACTS / "web-app-tables.png"))
    assert server.upload_folders() == []


def test_switch_to_english(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/")
    browser.find_element(By.LINK_TEXT, "English").click()
    assert "Drop report files here" in browser.find_element(By.ID, "drop").text
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
