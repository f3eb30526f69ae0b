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
.figures.run { margin-top: 12px; }
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
td.status { white-space: nowrap; }
a { color: var(--accent); }
.tabs { display: flex; gap: 4px; margin: 16px 0 0; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
.tabs button { font: inherit; padding: 6px 16px; border: 1px solid var(--line); border-bottom: 0;
  border-radius: 8px 8px 0 0; background: var(--bg-alt); cursor: pointer; }
.tabs button[aria-selected="true"] { background: #fff; font-weight: 600; color: var(--accent);
  margin-bottom: -1px; border-bottom: 1px solid #fff; }
.filters { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: center; margin: 0 0 12px; padding: 10px 12px;
  border: 1px solid var(--line); border-radius: 8px; background: var(--bg-alt); }
.filters select, .filters input { font: inherit; padding: 3px 6px; border: 1px solid #8c959f; border-radius: 6px;
  background: #fff; max-width: 22em; }
.pager { display: flex; gap: 12px; align-items: center; margin: 10px 0; }
.pager button { font: inherit; padding: 4px 12px; border: 1px solid var(--line); border-radius: 6px;
  background: #fff; cursor: pointer; }
.pager button:disabled { color: #8c959f; cursor: default; }
.note { color: var(--muted); }
h3 .count { color: var(--muted); font-weight: 400; margin-left: 6px; }
table.plain td { overflow-wrap: anywhere; }
article.report { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 10px; background: #fff; }
article.report > h3 { padding: 8px 12px; margin: 0; font-size: 1rem; background: #fff3c4;
  border-bottom: 1px solid var(--line); border-radius: 8px 8px 0 0; }
article.report .path { font-weight: 600; overflow-wrap: anywhere; }
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
  .tabs, .filters, .pager, .back { display: none; }
  .table-wrap { max-height: none; overflow: visible; }
  th { position: static; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var root = document.documentElement;
  var table = document.getElementById("reports-table");
  var status = document.getElementById("sort-status");
  if (!table) { return; }
  var tbody = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var collator = new Intl.Collator(root.lang || undefined, {numeric: true});
  var current = {key: null, dir: 1};
  var pageSize = parseInt(table.getAttribute("data-page"), 10) || 100;
  var state = {page: 0, filters: {grade: "", status: "", severity: "", code: "", q: ""}};
  var pageStatus = document.getElementById("page-status");
  var prev = document.getElementById("page-prev"), next = document.getElementById("page-next");
  var total = tbody.rows.length;

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

  function matches(row) {
    var f = state.filters;
    if (f.grade && (row.getAttribute("data-grade") || "-") !== f.grade) { return false; }
    if (f.status && row.getAttribute("data-status") !== f.status) { return false; }
    if (f.severity && row.getAttribute("data-sev").indexOf(f.severity) < 0) { return false; }
    if (f.code && row.getAttribute("data-codes").indexOf(" " + f.code + " ") < 0) { return false; }
    if (f.q) {
      var text = (row.cells[0].textContent + " " + row.cells[3].textContent).toLowerCase();
      if (text.indexOf(f.q.toLowerCase()) < 0) { return false; }
    }
    return true;
  }

  function show() {
    var rows = tbody.rows, matching = 0, first = state.page * pageSize, last = first + pageSize;
    for (var i = 0; i < rows.length; i++) {
      var hit = matches(rows[i]);
      rows[i].hidden = !(hit && matching >= first && matching < last);
      if (hit) { matching++; }
    }
    if (first >= matching && state.page > 0) { state.page = 0; show(); return; }
    table.setAttribute("data-matching", String(matching));
    pageText(matching, first);
  }

  function pageText(matching, first) {
    var to = Math.min(matching, first + pageSize);
    if (pageStatus) {
      pageStatus.textContent = pageStatus.getAttribute("data-template").replace("{total}", total)
        .replace("{match}", matching).replace("{from}", matching ? first + 1 : 0).replace("{to}", to);
    }
    if (prev) { prev.disabled = state.page === 0; }
    if (next) { next.disabled = first + pageSize >= matching; }
  }

  heads.forEach(function (th) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var key = button.getAttribute("data-key");
      sortBy(key, current.key === key ? -current.dir : 1);
      state.page = 0;
      show();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter]"), function (control) {
    control.addEventListener(control.tagName === "INPUT" ? "input" : "change", function () {
      state.filters[control.getAttribute("data-filter")] = control.value;
      state.page = 0;
      show();
    });
  });
  if (prev) { prev.addEventListener("click", function () { state.page = Math.max(0, state.page - 1); show(); }); }
  if (next) { next.addEventListener("click", function () { state.page += 1; show(); }); }

  /* ---- one report's findings, drawn from the data block when it is opened */
  var data = null, view = document.getElementById("finding-view");
  var words = view ? JSON.parse(view.getAttribute("data-labels")) : {};

  function records() {
    if (data === null) { data = JSON.parse(document.getElementById("findings-data").textContent); }
    return data;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null && text !== "") { node.textContent = String(text); }
    return node;
  }

  function findingNode(f, rules) {
    var rule = rules[f[0]] || ["", "", ""];
    var li = el("li", "finding " + f[1]);
    var code = el("span", "code", f[0]);
    code.title = rule[0];
    li.appendChild(code);
    li.appendChild(el("span", "sev " + f[1], words[f[1]]));
    li.appendChild(document.createTextNode(f[2]));
    if (f[3].length || f[4]) {
      var loc = el("div", "loc", f[3].join(" · ") + (f[3].length && f[4] ? " · " : ""));
      if (f[4]) { loc.appendChild(el("code", "", f[4])); }
      li.appendChild(loc);
    }
    if (f.length > 8 && f[8].indexOf("data:image/png;base64,") === 0) {
      var crop = el("div", "crop"), img = el("img");
      img.alt = "";
      img.src = f[8];
      crop.appendChild(img);
      li.appendChild(crop);
    }
    var hint = f[5] || rule[1], source = f[6] || rule[2];
    if (hint) { li.appendChild(el("div", "hint", words.hint + hint)); }
    if (source) { li.appendChild(el("div", "source", words.source + source)); }
    if (f[7].length) {
      li.appendChild(el("div", "loc", words.consequences));
      var list = el("ul", "consequences");
      f[7].forEach(function (c) { list.appendChild(findingNode(c, rules)); });
      li.appendChild(list);
    }
    return li;
  }

  function openReport(id) {
    var n = /^r([0-9]+)$/.exec(id);
    if (!n || !view) { return false; }
    var all = records(), rec = all.reports[parseInt(n[1], 10) - 1];
    if (!rec) { return false; }
    var article = el("article", "report");
    article.id = "view-" + rec[0];
    var head = el("h3");
    head.appendChild(el("span", "path", rec[1]));
    var who = [rec[2], rec[3]].filter(function (v) { return v !== null && v !== ""; }).join(" ");
    if (who) { head.appendChild(document.createTextNode(" — " + who)); }
    if (rec[4] !== null) {
      head.appendChild(document.createTextNode(" — " + words.score + " " + rec[4] + " "));
      if (rec[5]) { head.appendChild(el("b", "grade-" + rec[5], rec[5])); }
    }
    article.appendChild(head);
    if (rec[6].length) {
      var list = el("ol", "findings");
      rec[6].forEach(function (f) { list.appendChild(findingNode(f, all.rules)); });
      article.appendChild(list);
    } else {
      article.appendChild(el("p", "clean", words.clean));
    }
    var back = el("a", "back", words.back);
    back.href = "#reports";
    article.appendChild(back);
    view.textContent = "";
    view.appendChild(article);
    view.setAttribute("data-report", rec[0]);
    selectTab("reports");
    return true;
  }

  /* ---- tabs: the summary and the table are one view; the roster and the copies have their own */
  var tabs = Array.prototype.slice.call(document.querySelectorAll(".tabs [data-tab]"));
  function selectTab(key) {
    var own = key === "roster" || key === "copies";
    Array.prototype.forEach.call(document.querySelectorAll("section.tab"), function (section) {
      section.hidden = own ? section.id !== key : (section.id === "roster" || section.id === "copies");
    });
    tabs.forEach(function (tab) {
      tab.setAttribute("aria-selected", tab.getAttribute("data-tab") === key ? "true" : "false");
    });
  }
  tabs.forEach(function (tab) {
    tab.addEventListener("click", function () {
      var key = tab.getAttribute("data-tab");
      selectTab(key);
      var target = document.getElementById(key);
      if (target && target.scrollIntoView) { target.scrollIntoView(); }
    });
  });

  function fromHash() {
    var hash = window.location.hash.replace(/^#/, ""), changed = false;
    try { hash = decodeURIComponent(hash); } catch (e) { /* keep it as written */ }
    if (/^r[0-9]+$/.test(hash)) {
      if (openReport(hash)) { view.scrollIntoView(); }
      return;
    }
    if (hash === "roster" || hash === "copies" || hash === "summary" || hash === "reports") {
      selectTab(hash);
      return;
    }
    hash.split("&").forEach(function (part) {
      var eq = part.indexOf("="), key = eq < 0 ? part : part.slice(0, eq), val = eq < 0 ? "" : part.slice(eq + 1);
      if (key === "sort" && /^-?[a-z]+$/.test(val)) {
        sortBy(val.replace(/^-/, ""), val.charAt(0) === "-" ? -1 : 1);
        changed = true;
      } else if (Object.prototype.hasOwnProperty.call(state.filters, key)) {
        state.filters[key] = val;
        var control = document.getElementById("filter-" + key);
        if (control) { control.value = val; }
        changed = true;
      } else if (key === "page" && /^[0-9]+$/.test(val)) {
        state.page = Math.max(0, parseInt(val, 10) - 1);
        changed = true;
      }
    });
    if (changed) { show(); }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#r']") : null;
    if (link && openReport(link.getAttribute("href").slice(1))) {
      event.preventDefault();
      view.scrollIntoView();
    }
  });
  window.addEventListener("hashchange", fromHash);

  selectTab("summary");
  pageText(total, 0);
  fromHash();
  void document.body.offsetHeight;  /* the first layout belongs to the time the page took to open */
  root.setAttribute("data-ms", String(Math.round(window.performance ? window.performance.now() : 0)));
  root.setAttribute("data-ready", "1");
}());
"""
