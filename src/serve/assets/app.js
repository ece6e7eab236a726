// The workbench page: renders the view the server sends (/api/state, then one server-sent event
// per new evaluation) and sends dropped files to /api/drop. Text is always set as text, never as
// HTML: names and texts from the pack cannot become markup. Every request carries the one-time
// token, which came in the link's fragment and is kept in this tab's session storage (this
// origin's alone, port included); files and reports are fetched with it and handed to the
// browser, so no cookie is ever needed.
"use strict";

const TOKEN = (() => {
  const given = new URLSearchParams(location.hash.slice(1)).get("token");
  if (given) {
    sessionStorage.setItem("changai-token", given);
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem("changai-token") || "";
})();

function api(url, init) {
  const options = Object.assign({}, init || {});
  options.headers = Object.assign({}, options.headers || {}, { "X-Changai-Token": TOKEN });
  return fetch(url, options);
}

const WORDS = {
  zh: {
    other: "English", otherLang: "en",
    appTitle: "changai 台账工作台",
    summary: "总体情况", missing: "先补这些（失分最多的条目）", rectification: "整改清单", checklist: "标准清单（逐项）",
    total: "得分", of: "满分", grade: "等级",
    report: "下载报告", sheet: "下载评分表",
    live: "已更新", connecting: "正在连接…", offline: "与工作台的连接已断开，正在重连…",
    no: "序号", item: "条目", status: "状态", lost: "失分", todo: "还缺什么、怎么补", owner: "责任人", deadline: "完成时限",
    nothingMissing: "没有未完成的条目。",
    shortfall: "缺：", found: "找到了什么", checks: "要求（逐项检查）", guidance: "台账指引", files: "证明文件", noFiles: "（还没有）",
    dropHere: "把文件拖到这里，或", choose: "选择文件", folder: "放入的是文件夹：请打开文件夹，选中其中的文件再拖入。",
    sending: "正在上传：", netFail: "上传失败：连接中断。", tooBig: "文件太大，上限是 ",
    unreadable: "无法读取这个文件：若是文件夹，请打开它，选中其中的文件再拖入；若文件已移走或删除，请重新选择。",
    askDate: "请填写这个文件的日期：", save: "用这个日期保存", cancel: "取消",
    folderIs: "放入的文件存入文件夹：",
    noToken: "缺少访问令牌：请用 changai serve 在终端上显示的链接打开工作台。",
    openFail: "无法打开：",
  },
  en: {
    other: "中文", otherLang: "zh",
    appTitle: "changai workbench",
    summary: "Overview", missing: "Fix these first (most points lost)", rectification: "Rectification list", checklist: "The standard, item by item",
    total: "Score", of: "out of", grade: "Grade",
    report: "Download report", sheet: "Download score sheet",
    live: "Updated", connecting: "Connecting…", offline: "Lost the connection to the workbench; reconnecting…",
    no: "No.", item: "Item", status: "Status", lost: "Lost", todo: "What is missing and what to do", owner: "Owner", deadline: "Deadline",
    nothingMissing: "No item is left to do.",
    shortfall: "Missing: ", found: "What was found", checks: "Requirements (each check)", guidance: "Guidance", files: "Evidence files", noFiles: "(none yet)",
    dropHere: "Drop files here, or", choose: "choose files", folder: "That is a folder: open it and drop the files in it.",
    sending: "Uploading: ", netFail: "Upload failed: the connection broke.", tooBig: "The file is too large; the limit is ",
    unreadable: "This file cannot be read: if it is a folder, open it and drop the files in it; if it was moved or deleted, choose it again.",
    askDate: "Enter this file's date: ", save: "Save with this date", cancel: "Cancel",
    folderIs: "Dropped files go into the folder: ",
    noToken: "No access token: open the workbench with the link changai serve showed in the terminal.",
    openFail: "Cannot open: ",
  },
};

let view = null;
let lang = localStorage.getItem("changai-lang") === "en" ? "en" : "zh";
const cards = new Map();

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return node;
}

function words() { return WORDS[lang]; }
function lv() { return view && view[lang]; }

// The name a download is saved under, from the answer's Content-Disposition.
function savedName(disposition, fallback) {
  const m = /filename\*=UTF-8''([^;]+)/i.exec(disposition || "");
  if (m) {
    try { return decodeURIComponent(m[1]); } catch (e) { /* the fallback */ }
  }
  return fallback;
}

function showError(text) {
  const error = document.getElementById("error");
  error.hidden = false;
  error.textContent = text;
}

// A file of the pack or a report: fetched with the token, then shown in a new tab (what the
// server marks inline: PDF, pictures, plain text) or saved under its own name.
async function fetchOpen(url, fallback) {
  let response;
  try {
    response = await api(url);
  } catch (e) {
    showError(words().openFail + fallback);
    return;
  }
  if (!response.ok) {
    showError(words().openFail + fallback + " — " + (await response.text()));
    return;
  }
  const disposition = response.headers.get("Content-Disposition") || "";
  const href = URL.createObjectURL(await response.blob());
  const link = disposition.startsWith("inline")
    ? el("a", { href, target: "_blank", rel: "noopener" })
    : el("a", { href, download: savedName(disposition, fallback) });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60000);
}

function opener(url, name) {
  return (e) => { e.preventDefault(); fetchOpen(url, name); };
}

function fileLink(path) {
  const href = "/files/" + path.split("/").map(encodeURIComponent).join("/");
  const name = path.split("/").pop();
  return el("a", { href, class: "file", onclick: opener(href, name) }, path);
}

function renderHeader() {
  const w = words();
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  const v = lv();
  document.getElementById("title").textContent = v ? v.title : w.appTitle;
  document.title = (v ? v.community + " · " : "") + w.appTitle;
  document.getElementById("subtitle").textContent = v ? v.standard + " · " + v.period + " · " + view.pack : "";
  const html = document.getElementById("report-html");
  html.textContent = w.report;
  html.href = "/api/report/html?lang=" + lang;
  html.onclick = opener(html.href, "report.html");
  const xlsx = document.getElementById("report-xlsx");
  xlsx.textContent = w.sheet;
  xlsx.href = "/api/report/xlsx?lang=" + lang;
  xlsx.onclick = opener(xlsx.href, "report.xlsx");
  const button = document.getElementById("lang");
  button.textContent = w.other;
  button.lang = w.otherLang;
}

function renderSummary(v) {
  const w = words();
  const s = v.score;
  document.getElementById("summary").replaceChildren(
    el("h2", { id: "summary-title" }, w.summary),
    el("p", {},
      el("span", { class: "score", id: "total" }, s.total_text), " / " + v.max_text + "　",
      s.total_label + "　" + s.grade_label + "：", el("strong", { id: "grade" }, s.grade)),
    el("div", { class: "counts" }, v.status_counts.map((c) =>
      el("span", { "data-status": c.status }, c.label + " " + c.count))),
  );
}

function renderMissing(v) {
  const w = words();
  const top = [...v.rectification].sort((a, b) => b.lost - a.lost || a.no - b.no).slice(0, 5);
  document.getElementById("missing").replaceChildren(
    el("h2", { id: "missing-title" }, w.missing),
    top.length === 0 ? el("p", {}, w.nothingMissing) :
      el("ol", {}, top.map((r) => el("li", {},
        el("a", { href: "#item-" + r.id }, r.id + " " + r.title),
        "（" + w.lost + " " + r.lost_text + "）：" + (r.missing[0] || "")))),
  );
}

function renderRectification(v) {
  const w = words();
  const rows = v.rectification.map((r) => el("tr", { "data-item": r.id },
    el("td", {}, String(r.no)),
    el("td", {}, el("a", { href: "#item-" + r.id }, r.id), " " + r.title),
    el("td", {}, el("span", { class: "status", "data-status": r.status }, r.status_label)),
    el("td", {}, r.score_text + " / " + r.points_text),
    el("td", {}, r.missing.join("；")),
    el("td", {}, r.owner),
    el("td", {}, r.deadline)));
  document.getElementById("rectification").replaceChildren(
    el("h2", { id: "rectification-title" }, w.rectification + "（" + v.rectification.length + "）"),
    v.rectification.length === 0 ? el("p", {}, w.nothingMissing) :
      el("table", {}, el("thead", {}, el("tr", {},
        [w.no, w.item, w.status, w.total, w.todo, w.owner, w.deadline].map((h) => el("th", {}, h)))),
        el("tbody", {}, rows)),
  );
}

function checkClass(c) {
  if (c.credit >= 1) return "check-met";
  if (c.credit > 0) return "check-part";
  return "check-none";
}

function itemBody(item, extra) {
  const w = words();
  const parts = [];
  for (const s of item.shortfall) parts.push(el("p", { class: "shortfall" }, w.shortfall + s));
  if (extra && extra.checks.length) {
    parts.push(el("p", { class: "label" }, w.checks));
    parts.push(el("ul", { class: "checks" }, extra.checks.map((c) =>
      el("li", { class: checkClass(c), style: null, "data-depth": c.depth }, c.requires))));
  }
  if (item.reasons.length) {
    parts.push(el("p", { class: "label" }, w.found));
    parts.push(el("ul", { class: "reasons" }, item.reasons.map((r) => el("li", {}, r))));
  }
  if (extra && extra.guidance) {
    parts.push(el("p", { class: "label" }, w.guidance));
    parts.push(el("p", { class: "guidance" }, extra.guidance));
  }
  parts.push(el("p", { class: "label" }, w.files));
  const files = extra ? extra.files : [];
  parts.push(files.length ? el("ul", { class: "files" }, files.map((f) => el("li", {}, fileLink(f))))
    : el("p", { class: "files" }, w.noFiles));
  return parts;
}

function say(card, text, kind) {
  const msg = card.querySelector(".drop-msg");
  msg.textContent = text;
  msg.className = "drop-msg" + (kind ? " " + kind : "");
}

function message(answer) {
  if (!answer || !answer.message) return "";
  return answer.message[lang] || answer.message.zh || "";
}

async function upload(card, file, date) {
  const w = words();
  const id = card.dataset.item;
  card.querySelector(".date-ask").replaceChildren();
  if (view && file.size > view.upload_limit) {
    say(card, w.tooBig + Math.round(view.upload_limit / 1048576) + " MiB", "bad");
    return;
  }
  // A folder that passed the drop's test (a browser without entries) or a file moved since it
  // was chosen cannot be read: said as such, not as a broken connection.
  try {
    await file.slice(0, 1).arrayBuffer();
  } catch (e) {
    say(card, w.unreadable, "bad");
    return;
  }
  say(card, w.sending + file.name, "");
  let url = "/api/drop?item=" + encodeURIComponent(id) + "&name=" + encodeURIComponent(file.name);
  if (date) url += "&date=" + encodeURIComponent(date);
  let response;
  try {
    response = await api(url, { method: "POST", body: file, headers: { "Content-Type": "application/octet-stream" } });
  } catch (e) {
    say(card, w.netFail, "bad");
    return;
  }
  const text = await response.text();
  let answer;
  try { answer = JSON.parse(text); } catch (e) { answer = { status: "refused", message: { zh: text, en: text } }; }
  if (answer.status === "need_date") {
    say(card, message(answer), "bad");
    const input = el("input", { type: "date", "aria-label": w.askDate + file.name });
    const ask = card.querySelector(".date-ask");
    ask.replaceChildren(el("label", {}, w.askDate, input), " ",
      el("button", { type: "button", onclick: () => { if (input.value) upload(card, file, input.value); } }, w.save), " ",
      el("button", { type: "button", onclick: () => { ask.replaceChildren(); say(card, "", ""); } }, w.cancel));
    input.focus();
    return;
  }
  say(card, message(answer), answer.status === "refused" ? "bad" : "good");
}

async function uploadAll(card, files) {
  for (const f of files) await upload(card, f, null);
}

function makeCard(id) {
  const input = el("input", { type: "file", multiple: true, class: "drop-input", "data-item": id });
  const card = el("article", { class: "item", id: "item-" + id, "data-item": id },
    el("div", { class: "item-head" },
      el("span", { class: "item-id" }, id),
      el("span", { class: "item-title" }),
      el("span", { class: "status" }),
      el("span", { class: "item-score" })),
    el("div", { class: "item-body" }),
    el("div", { class: "drop" },
      el("span", { class: "drop-text" }), " ",
      el("label", { class: "button" }, el("span", { class: "choose" }), input),
      el("p", { class: "drop-folder" }),
      el("p", { class: "drop-msg", role: "status", "aria-live": "polite" }),
      el("div", { class: "date-ask" })));
  input.addEventListener("change", () => { uploadAll(card, [...input.files]).then(() => { input.value = ""; }); });
  const zone = card.querySelector(".drop");
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    const files = [];
    for (const it of e.dataTransfer.items) {
      if (it.kind !== "file") continue;
      const entry = it.webkitGetAsEntry ? it.webkitGetAsEntry() : null;
      if (entry && entry.isDirectory) { say(card, words().folder, "bad"); continue; }
      const f = it.getAsFile();
      if (f) files.push(f);
    }
    uploadAll(card, files);
  });
  return card;
}

function updateCard(card, item, extra) {
  const w = words();
  const before = card.dataset.status;
  card.dataset.status = item.status;
  card.querySelector(".item-title").textContent = item.title;
  const status = card.querySelector(".status");
  status.textContent = item.status_label;
  status.dataset.status = item.status;
  card.querySelector(".item-score").textContent = item.score_text + " / " + item.points_text;
  card.querySelector(".item-body").replaceChildren(...itemBody(item, extra));
  card.querySelector(".drop-text").textContent = w.dropHere;
  card.querySelector(".choose").textContent = w.choose;
  card.querySelector(".drop-folder").textContent = extra && extra.folder ? w.folderIs + extra.folder : "";
  const input = card.querySelector(".drop-input");
  input.disabled = !(extra && extra.folder);
  input.setAttribute("aria-label", w.choose + " · " + item.id + " " + item.title);
  if (before && before !== item.status) {
    card.classList.remove("flash");
    void card.offsetWidth;
    card.classList.add("flash");
  }
}

function renderArea(area, v, depth) {
  const heading = el(depth === 0 ? "h3" : "h4", { "data-area": area.id },
    area.id + " " + area.title, el("span", { class: "points" }, area.score_text + " / " + area.points_text));
  const section = el("section", { class: "area", "data-level": area.level }, heading);
  for (const child of area.children) section.append(renderArea(child, v, depth + 1));
  for (const item of area.items) {
    let card = cards.get(item.id);
    if (!card) { card = makeCard(item.id); cards.set(item.id, card); }
    updateCard(card, item, v.items[item.id]);
    section.append(card);
  }
  return section;
}

function renderChecklist(v) {
  const w = words();
  const root = document.getElementById("checklist");
  const areas = v.areas.map((a) => renderArea(a, v, 0));
  root.replaceChildren(el("h2", { id: "checklist-title" }, w.checklist), ...areas);
}

function render() {
  renderHeader();
  const error = document.getElementById("error");
  if (view && view.error) {
    error.hidden = false;
    error.textContent = view.error[lang] || view.error.zh;
  } else {
    error.hidden = true;
  }
  const v = lv();
  if (!v) return;
  renderSummary(v);
  renderMissing(v);
  renderRectification(v);
  renderChecklist(v);
  document.body.dataset.version = String(view.version);
}

function apply(next) {
  if (view && next.version <= view.version) return;
  // A pack that cannot be evaluated keeps the last checklist on screen, under the error.
  if (next.error && view && !next.zh) {
    next.zh = view.zh;
    next.en = view.en;
  }
  view = next;
  window.__changaiTook = next.took_ms;
  render();
  const now = new Date();
  document.getElementById("live").textContent = words().live + " " + now.toLocaleTimeString(lang === "zh" ? "zh-CN" : "en-GB");
}

function listen() {
  const events = new EventSource("/api/events?after=" + (view ? view.version : 0) + "&token=" + encodeURIComponent(TOKEN));
  events.addEventListener("state", (e) => apply(JSON.parse(e.data)));
  events.addEventListener("error", () => {
    if (events.readyState === EventSource.CLOSED) {
      document.getElementById("live").textContent = words().offline;
      setTimeout(listen, 1000);
    }
  });
}

document.addEventListener("DOMContentLoaded", async () => {
  document.getElementById("lang").addEventListener("click", () => {
    lang = lang === "zh" ? "en" : "zh";
    localStorage.setItem("changai-lang", lang);
    render();
  });
  document.getElementById("live").textContent = words().connecting;
  renderHeader();
  if (!TOKEN) {
    document.getElementById("live").textContent = "";
    showError(words().noToken);
    return;
  }
  try {
    const response = await api("/api/state");
    apply(await response.json());
  } catch (e) {
    document.getElementById("live").textContent = words().offline;
  }
  listen();
});
