"""The audit page's own style and script: inline, so the page loads nothing from anywhere."""

STYLE = """
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg-alt: #f6f8fa;
  --error: #c62828; --warning: #9a5b00; --info: #1565c0; --accent: #0b57d0; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1320px; padding: 24px 28px 64px; color: var(--fg); background: #fff;
  font: 15px/1.6 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
  "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.meta { color: var(--muted); margin: 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px; margin: 0; }
.figures div { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: var(--bg-alt); }
.figures dt { color: var(--muted); font-size: .85rem; }
.figures dd { margin: 0; font-size: 1.6rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.figures .error dd { color: var(--error); } .figures .warning dd { color: var(--warning); }
.figures .info dd { color: var(--info); }
.grades { list-style: none; padding: 0; margin: 12px 0 0; display: flex; flex-wrap: wrap; gap: 8px; }
.grades li { border: 1px solid var(--line); border-radius: 999px; padding: 2px 12px; }
.grades b { margin-right: 6px; }
.chart { width: 100%; height: auto; max-width: 1260px; display: block; }
.chart text { font-family: inherit; fill: var(--fg); }
.chart .code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 600; }
.chart .name, .chart .summary { fill: var(--muted); }
.legend { display: flex; gap: 18px; color: var(--muted); font-size: .9rem; margin: 4px 0 0; padding: 0;
  list-style: none; }
.legend li::before { content: ""; display: inline-block; width: .8em; height: .8em; margin-right: 6px;
  border-radius: 2px; vertical-align: -1px; background: currentColor; }
.legend .error { color: #c62828; } .legend .warning { color: #b26a00; } .legend .info { color: #1565c0; }
.table-wrap { overflow: auto; max-height: 80vh; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
caption { text-align: left; padding: 8px 12px; color: var(--muted); caption-side: top; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { position: sticky; top: 0; background: #eef1f4; z-index: 1; white-space: nowrap; }
th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 2px 4px;
  cursor: pointer; }
th button:hover { color: var(--accent); }
th button:focus-visible, a:focus-visible, summary:focus-visible, .tools button:focus-visible {
  outline: 2px solid var(--accent); outline-offset: 2px; }
th .arrow::after { content: "\\2195"; color: #8c959f; margin-left: 4px; }
th[aria-sort="ascending"] .arrow::after { content: "\\25B2"; color: var(--accent); }
th[aria-sort="descending"] .arrow::after { content: "\\25BC"; color: var(--accent); }
td.num, th.num { text-align: right; white-space: nowrap; }
td.agency { width: 24%; overflow-wrap: anywhere; }
td.path { width: 36%; overflow-wrap: anywhere; }
tbody tr:nth-child(even) { background: var(--bg-alt); }
tbody tr:hover { background: #e8f0fe; }
td.has.errors { color: var(--error); font-weight: 600; }
td.has.warnings { color: var(--warning); font-weight: 600; }
.grade-A { color: #1b7f3b; } .grade-B { color: #2f6f9f; } .grade-C { color: #9a5b00; } .grade-D { color: #c62828; }
td.grade { font-weight: 700; }
a { color: var(--accent); }
.tools { margin: 0 0 12px; display: flex; gap: 8px; }
.tools button { font: inherit; padding: 4px 12px; border: 1px solid var(--line); border-radius: 6px;
  background: #fff; cursor: pointer; }
details.report { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 10px; background: #fff; }
details.report > summary { padding: 8px 12px; cursor: pointer; background: var(--bg-alt); border-radius: 8px; }
details.report[open] > summary { border-bottom: 1px solid var(--line); border-radius: 8px 8px 0 0; }
details.report:target > summary { background: #fff3c4; }
summary .path { font-weight: 600; overflow-wrap: anywhere; }
summary .counts { color: var(--muted); margin-left: 8px; white-space: nowrap; }
ol.findings { margin: 0; padding: 8px 12px 8px 36px; }
ol.findings > li { margin: 0 0 10px; }
ul.consequences { margin: 4px 0 0; padding-left: 20px; }
.code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 600; }
.sev { display: inline-block; font-size: .8rem; border-radius: 4px; padding: 0 6px; margin: 0 6px; color: #fff; }
.sev.error { background: var(--error); } .sev.warning { background: #b26a00; } .sev.info { background: var(--info); }
.loc, .hint, .source { color: var(--muted); font-size: .9rem; }
.hint { color: #1b5e20; }
.crop img { max-width: 240px; border: 1px solid #ccc; margin: .2rem 0; }
.loc code { font-size: .85rem; }
.clean { padding: 8px 12px; margin: 0; color: #1b7f3b; }
.back { display: block; padding: 0 12px 8px; font-size: .85rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
@media print {
  .tools, .back { display: none; }
  .table-wrap { max-height: none; overflow: visible; }
  th { position: static; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var table = document.getElementById("reports-table");
  var status = document.getElementById("sort-status");
  if (!table) { return; }
  var tbody = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var collator = new Intl.Collator(document.documentElement.lang || undefined, {numeric: true});
  var current = {key: null, dir: 1};

  function value(row, index, numeric) {
    var cell = row.cells[index];
    var text = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent;
    if (text === "") { return null; }
    if (!numeric) { return text; }
    var number = parseFloat(text);
    return isNaN(number) ? null : number;
  }

  function sortBy(key, dir) {
    var index = -1, numeric = false, label = "";
    heads.forEach(function (th, i) {
      var button = th.querySelector("button");
      if (button && button.getAttribute("data-key") === key) {
        index = i;
        numeric = th.getAttribute("data-type") === "num";
        label = button.getAttribute("data-label");
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
    if (index < 0) { return; }
    var rows = Array.prototype.slice.call(tbody.rows).map(function (row) {
      return {row: row, v: value(row, index, numeric), n: parseInt(row.getAttribute("data-i"), 10)};
    });
    rows.sort(function (a, b) {
      if (a.v === null || b.v === null) {  /* blanks last in either direction */
        if (a.v === b.v) { return a.n - b.n; }
        return a.v === null ? 1 : -1;
      }
      var c = numeric ? a.v - b.v : collator.compare(a.v, b.v);
      return c !== 0 ? c * dir : a.n - b.n;
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (item) { fragment.appendChild(item.row); });
    tbody.appendChild(fragment);
    current.key = key;
    current.dir = dir;
    table.setAttribute("data-sort", (dir === 1 ? "" : "-") + key);
    if (status) {
      status.textContent = status.getAttribute("data-template").replace("{col}", label)
        .replace("{dir}", status.getAttribute(dir === 1 ? "data-asc" : "data-desc"));
    }
  }

  heads.forEach(function (th) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var key = button.getAttribute("data-key");
      sortBy(key, current.key === key ? -current.dir : 1);
    });
  });

  function openTarget(id) {
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") { target.open = true; }
  }

  function fromHash() {
    var hash = window.location.hash.replace(/^#/, "");
    var match = /(?:^|&)sort=(-?)([a-z]+)/.exec(hash);
    if (match) {
      sortBy(match[2], match[1] === "-" ? -1 : 1);
    } else {
      try { openTarget(decodeURIComponent(hash)); } catch (e) { /* not an id */ }
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (link) { openTarget(link.getAttribute("href").slice(1)); }
  });
  window.addEventListener("hashchange", fromHash);

  function setAll(open) {
    Array.prototype.forEach.call(document.querySelectorAll("details.report"), function (d) { d.open = open; });
  }
  var expand = document.getElementById("expand-all");
  var collapse = document.getElementById("collapse-all");
  if (expand) { expand.addEventListener("click", function () { setAll(true); }); }
  if (collapse) { collapse.addEventListener("click", function () { setAll(false); }); }

  fromHash();
  document.documentElement.setAttribute("data-ready", "1");
}());
"""
