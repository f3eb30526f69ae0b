"""The page's own style and script, inline: the page loads nothing from anywhere (no CDN, no web fonts).

The Content-Security-Policy sent with every page admits exactly this style and
this script (by hash) and forbids every fetch, so text from an uploaded report
could not run or call out even if it slipped past escaping.  The script never
has data written into it: it reads labels and downloads from the page.
"""

from __future__ import annotations

import base64
import hashlib

STYLE = """
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --alt: #f6f8fa;
  --error: #c62828; --warning: #9a5b00; --info: #1565c0; --reading: #6a4c93; --accent: #0b57d0; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1240px; padding: 20px 28px 64px; color: var(--fg); background: #fff;
  font: 15px/1.6 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
  "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
header { display: flex; align-items: baseline; justify-content: space-between; gap: 16px;
  border-bottom: 2px solid var(--accent); margin-bottom: 16px; }
h1 { font-size: 1.5rem; margin: 0 0 6px; }
h2 { font-size: 1.25rem; margin: 28px 0 10px; overflow-wrap: anywhere; }
h3 { font-size: 1.05rem; margin: 18px 0 6px; }
nav a { margin-left: 10px; } nav a[aria-current] { font-weight: 700; color: var(--fg); text-decoration: none; }
a { color: var(--accent); }
form.upload { border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; background: var(--alt); }
.drop { display: block; border: 2px dashed #8c959f; border-radius: 10px; padding: 26px 16px; text-align: center;
  background: #fff; cursor: pointer; font-size: 1.05rem; }
.drop.over { border-color: var(--accent); background: #e8f0fe; }
.drop input { display: block; margin: 10px auto 0; }
.chosen { margin: 8px 0 0; padding-left: 20px; color: var(--muted); }
.actions { margin-top: 10px; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
button, .button { font: inherit; padding: 6px 16px; border-radius: 6px; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
.button.plain { background: #fff; color: var(--accent); }
button[disabled] { opacity: .6; cursor: progress; }
.note { color: var(--muted); font-size: .9rem; margin: 8px 0 0; }
.problem { border: 1px solid var(--error); color: var(--error); border-radius: 8px; padding: 8px 12px; }
section.file { border-top: 1px solid var(--line); margin-top: 24px; }
.facts { display: flex; flex-wrap: wrap; gap: 10px; margin: 6px 0 10px; padding: 0; list-style: none; }
.facts li { border: 1px solid var(--line); border-radius: 8px; padding: 4px 12px; background: var(--alt); }
.facts b { font-size: 1.15rem; }
.status-complete { color: #1b7f3b; } .status-partial { color: var(--warning); } .status-not-graded { color: var(--muted); }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 6px 0 14px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eef1f4; }
td.num, th.num { text-align: right; white-space: nowrap; }
table.audit { width: 100%; }
.grid td.num { min-width: 3.2em; }
.grid td.blank { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #f0f0f0 4px, #f0f0f0 8px); }
.grid td.bad { outline: 3px solid var(--error); outline-offset: -3px; background: #fdecea; font-weight: 700; }
.grid td.bad.warning { outline-color: var(--warning); background: #fff4e0; }
.grid td.bad.info, .grid td.bad.reading { outline-color: var(--info); background: #e8f0fe; }
.grid th.row.bad { color: var(--error); }
.grid td.why { font-size: .85rem; max-width: 30em; color: var(--fg); background: #fffdf3; }
.grid td.why p { margin: 0 0 4px; }
.grid .unread { color: var(--muted); font-style: italic; }
.wrap { overflow-x: auto; }
ol.findings { margin: 0; padding-left: 28px; }
ol.findings > li { margin: 0 0 10px; }
.code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 600; }
.sev { display: inline-block; font-size: .8rem; border-radius: 4px; padding: 0 6px; margin-right: 6px; color: #fff;
  white-space: nowrap; }
.sev.error { background: var(--error); } .sev.warning { background: #b26a00; } .sev.info { background: var(--info); }
.sev.reading { background: var(--reading); }
.loc, .hint, .more { color: var(--muted); font-size: .9rem; display: block; }
.hint { color: #1b5e20; }
details.rule { margin: 4px 0; } details.rule pre { white-space: pre-wrap; font: inherit; font-size: .9rem;
  background: var(--alt); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; margin: 4px 0; }
dl.rule-explained dt { font-weight: 600; margin-top: 6px; } dl.rule-explained dd { margin: 2px 0 0 1em; }
dl.rule-explained mark { background: #ffe08a; } dl.rule-explained .said p { margin: 2px 0; }
dl.rule-explained .said p.follows { margin-left: 1.2em; color: var(--muted); }
.clean { color: #1b7f3b; }
@media print { form.upload, nav, .actions { display: none; } }
"""

SCRIPT = """
(function () {
  "use strict";
  var form = document.getElementById("upload");
  var input = document.getElementById("files");
  var drop = document.getElementById("drop");
  var chosen = document.getElementById("chosen");
  var send = document.getElementById("send");
  function show() {
    if (!chosen || !input) { return; }
    chosen.textContent = "";
    Array.prototype.forEach.call(input.files, function (file) {
      var li = document.createElement("li");
      li.textContent = file.name + " (" + Math.max(1, Math.round(file.size / 1024)) + " KB)";
      chosen.appendChild(li);
    });
    if (send) { send.disabled = input.files.length === 0; }
  }
  if (drop && input) {
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (event) {
      if (event.dataTransfer && event.dataTransfer.files.length) { input.files = event.dataTransfer.files; show(); }
    });
    input.addEventListener("change", show);
    show();
  }
  if (form && send) {
    form.addEventListener("submit", function () {
      send.disabled = true;
      send.textContent = send.getAttribute("data-busy") || send.textContent;
    });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-blob]") : null;
    if (!link) { return; }
    event.preventDefault();
    var source = document.getElementById(link.getAttribute("data-blob"));
    if (!source) { return; }
    var text = atob(source.textContent.replace(/\\s+/g, ""));
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i += 1) { bytes[i] = text.charCodeAt(i); }
    var url = URL.createObjectURL(new Blob([bytes], {type: link.getAttribute("data-type")}));
    var save = document.createElement("a");
    save.href = url;
    save.download = link.getAttribute("download");
    document.body.appendChild(save);
    save.click();
    setTimeout(function () { URL.revokeObjectURL(url); save.remove(); }, 4000);
  });
}());
"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


#: every fetch forbidden; only this style and script run; forms post back to this server only
CSP = (f"default-src 'none'; script-src {_hash(SCRIPT)}; style-src {_hash(STYLE)}; img-src data:; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
