// The mb web explorer: tables, one table, an ER diagram and the review queue, over /api/v1.
// Plain JavaScript, no build step. Data is only ever put into the page as text (never as HTML).
"use strict";

const API = "/api/v1";
const main = document.getElementById("main");

// -- token: ?token=... once (then dropped from the address bar), or the login form ---------------
(function takeTokenFromUrl() {
  const params = new URLSearchParams(location.search);
  if (params.has("token")) {
    sessionStorage.setItem("mb.token", params.get("token"));
    params.delete("token");
    const rest = params.toString();
    history.replaceState(null, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
  }
})();

class Unauthorized extends Error {}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  const token = sessionStorage.getItem("mb.token");
  if (token) headers["Authorization"] = "Bearer " + token;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const resp = await fetch(API + path, Object.assign({}, options, { headers }));
  if (resp.status === 401) throw new Unauthorized();
  const data = await resp.json();
  if (!resp.ok) {
    const e = data.error || {};
    throw new Error(`${e.code || resp.status}: ${e.message || resp.statusText}`);
  }
  return data;
}

function showLogin(message) {
  main.replaceChildren();
  const form = document.getElementById("login");
  form.hidden = false;
  document.getElementById("login-error").textContent = message || "";
  form.onsubmit = (ev) => {
    ev.preventDefault();
    sessionStorage.setItem("mb.token", document.getElementById("token").value.trim());
    form.hidden = true;
    route();
  };
}

// -- tiny DOM helpers ---------------------------------------------------------------------------
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
const badge = (text, cls) => el("span", { class: "badge " + (cls || "") }, text);
const text = (t) => (t && t.value) || "";
const origin = (t) => (t && t.provenance ? badge(t.provenance.origin, t.provenance.origin) : null);
const fmt = (n) => (n === null || n === undefined ? "" : Number(n).toLocaleString("en"));
const svgEl = (tag, attrs, ...children) => {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
};
const tableHref = (key) => "#/table/" + encodeURIComponent(key);

// -- pages --------------------------------------------------------------------------------------
async function tablesPage(query) {
  const box = el("input", { type: "search", id: "table-search", placeholder: "Search tables, columns, measures…", value: query || "" });
  const list = el("div", { id: "table-list" });
  main.replaceChildren(el("h1", {}, "Tables"), el("p", { class: "sub" }, "Every table of the source, with what the compiler made of it."), box, list);
  let timer = null;
  const load = async () => {
    const q = box.value.trim();
    const data = await api("/tables" + (q ? "?q=" + encodeURIComponent(q) : ""));
    const rows = data.tables.map((t) =>
      el("tr", { class: "link", "data-table": t.table, onclick: () => (location.hash = tableHref(t.table)) },
        el("td", {}, el("a", { href: tableHref(t.table) }, t.table)), el("td", {}, badge(t.role)),
        el("td", {}, fmt(t.row_count)), el("td", {}, t.columns), el("td", {}, t.measures),
        el("td", {}, t.description || el("span", { class: "muted" }, t.label || ""))));
    list.replaceChildren(el("table", { class: "grid" },
      el("thead", {}, el("tr", {}, ["Table", "Role", "Rows", "Columns", "Measures", "Description"].map((h) => el("th", {}, h)))),
      el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { colspan: 6, class: "muted" }, "No table matches.")))));
  };
  box.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(load, 200); });
  await load();
  box.focus();
}

function profileCell(p) {
  if (!p) return el("span", { class: "muted" }, "no profile");
  const parts = [];
  if (p.null_count !== undefined) parts.push(`nulls ${fmt(p.null_count)}`);
  if (p.distinct_count !== undefined) parts.push(`distinct ${fmt(p.distinct_count)}${p.distinct_exact === false ? " (approx.)" : ""}`);
  if (p.redacted) return el("span", {}, parts.join(" · "), " ", badge("values withheld", "sensitive"));
  if (p.min !== undefined) parts.push(`min ${p.min}`);
  if (p.max !== undefined) parts.push(`max ${p.max}`);
  const top = (p.top_values || []).slice(0, 3).map((v) => `${v.value} ×${v.count}`).join(", ");
  return el("span", {}, parts.join(" · "), top ? el("div", { class: "muted" }, "top: " + top) : null);
}

function relationshipRows(rels) {
  return rels.map((r) => el("tr", {},
    el("td", {}, el("a", { href: tableHref(r.from.schema ? r.from.schema + "." + r.from.table : r.from.table) }, r.from.table), `(${r.from.columns.join(", ")})`),
    el("td", {}, el("a", { href: tableHref(r.to.schema ? r.to.schema + "." + r.to.table : r.to.table) }, r.to.table), `(${r.to.columns.join(", ")})`),
    el("td", {}, r.cardinality), el("td", {}, badge(r.status === "suggested" ? "suggested" : r.origin, r.origin)),
    el("td", {}, Number(r.confidence).toFixed(2)), el("td", {}, el("div", { class: "muted" }, (r.evidence || []).join("; ")))));
}

async function tablePage(name) {
  const t = await api("/tables/" + encodeURIComponent(name));
  const e = t.entity;
  const cols = t.columns.map((c) => {
    const f = c.field || {};
    return el("tr", { "data-column": c.name },
      el("td", {}, el("strong", {}, c.name), c.primary_key ? badge("PK", "pk") : null, f.foreign_key ? badge("FK", "fk") : null),
      el("td", {}, el("code", {}, c.type), el("div", { class: "muted" }, c.data_type || "")),
      el("td", {}, f.kind === "time_dimension" ? "time" : f.role || "", f.hidden ? badge("hidden") : null),
      el("td", {}, f.semantic_type ? badge(f.semantic_type) : null, f.sensitivity ? badge(f.sensitivity, "sensitive") : null),
      el("td", {}, profileCell(c.profile)),
      el("td", {}, text(f.description) || c.comment || "", " ", origin(f.description)));
  });
  const measures = t.measures.map((m) => el("tr", {},
    el("td", {}, el("strong", {}, m.name), " ", origin(m.label)), el("td", {}, m.agg),
    el("td", {}, el("pre", {}, m.sql || m.expr || "")), el("td", {}, text(m.description))));
  main.replaceChildren(
    el("h1", {}, text(e.label) || t.name, " ", badge(e.role)),
    el("p", { class: "sub" }, t.table, " · ", t.kind, " · ", fmt(t.row_count), " rows", text(e.description) ? " · " : "", text(e.description), " ", origin(e.description)),
    el("h2", {}, "Columns"),
    el("table", { class: "grid", id: "columns" }, el("thead", {}, el("tr", {}, ["Column", "Type", "Role", "Semantic type", "Profile", "Description"].map((h) => el("th", {}, h)))), el("tbody", {}, cols)),
    el("h2", {}, "Relationships ", el("a", { href: "#/diagram/" + encodeURIComponent(t.table), class: "muted", id: "neighbourhood" }, "(diagram)")),
    t.relationships.length ? el("table", { class: "grid" }, el("thead", {}, el("tr", {}, ["From", "To", "Cardinality", "Origin", "Confidence", "Evidence"].map((h) => el("th", {}, h)))), el("tbody", {}, relationshipRows(t.relationships)))
      : el("p", { class: "muted" }, "None."),
    el("h2", {}, "Measures"),
    el("table", { class: "grid", id: "measures" }, el("thead", {}, el("tr", {}, ["Measure", "Aggregation", "SQL", "Description"].map((h) => el("th", {}, h)))), el("tbody", {}, measures)),
    t.explores.length ? el("h2", {}, "Explores") : "",
    el("div", { id: "explores" }, t.explores.map((x) => el("p", {}, el("strong", {}, x.name), ": joins ", x.joins.map((j) => j.alias).join(", ") || "nothing"))));
}

// -- ER diagram: tables in columns by how far their references reach (facts left, lookups right) --
const MAX_NODES = 120;  // beyond this a whole diagram is unreadable: show one table's neighbourhood
const key = (end) => (end.schema ? end.schema + "." + end.table : end.table);

function layout(names, rels) {
  const out = new Map(names.map((t) => [t, []]));
  const inc = new Map(names.map((t) => [t, []]));
  for (const r of rels) {
    const a = key(r.from), b = key(r.to);
    if (a !== b && out.has(a) && out.has(b)) { out.get(a).push(b); inc.get(b).push(a); }
  }
  const rank = new Map();
  const visit = (t, seen) => {
    if (rank.has(t)) return rank.get(t);
    if (seen.has(t)) return 0;
    seen.add(t);
    let r = 0;
    for (const n of out.get(t)) r = Math.max(r, visit(n, seen) + 1);
    seen.delete(t);
    rank.set(t, r);
    return r;
  };
  names.forEach((t) => visit(t, new Set()));
  const maxRank = Math.max(0, ...rank.values());
  const columns = [];
  for (const t of names) (columns[maxRank - rank.get(t)] = columns[maxRank - rank.get(t)] || []).push(t);
  const pos = new Map();
  columns.forEach((col) => col.forEach((t, i) => pos.set(t, i)));
  for (let sweep = 0; sweep < 4; sweep++) {  // order each column by its neighbours' mean position
    for (const col of columns) {
      const score = (t) => {
        const ns = [...out.get(t), ...inc.get(t)];
        return ns.length ? ns.reduce((s, n) => s + pos.get(n), 0) / ns.length : pos.get(t);
      };
      const scores = new Map(col.map((t) => [t, score(t)]));
      col.sort((a, b) => scores.get(a) - scores.get(b) || a.localeCompare(b));
      col.forEach((t, i) => pos.set(t, i));
    }
  }
  return columns;
}

function neighbourhood(focus, rels, hops) {
  const keep = new Set([focus]);
  for (let h = 0; h < hops; h++) {
    for (const r of rels) {
      const a = key(r.from), b = key(r.to);
      if (keep.has(a) || keep.has(b)) { keep.add(a); keep.add(b); }
    }
  }
  return keep;
}

async function diagramPage(focus) {
  const [tables, rels] = await Promise.all([api("/tables"), api("/relationships")]);
  const W = 190, H = 40, GX = 130, GY = 34, PAD = 30;
  let names = tables.tables.map((t) => t.table);
  let note = "";
  if (focus) {
    const keep = neighbourhood(focus, rels.relationships, 2);
    names = names.filter((t) => keep.has(t));
    note = `Tables within two relationships of ${focus}. `;
  } else if (names.length > MAX_NODES) {
    const degree = new Map(names.map((t) => [t, 0]));
    for (const r of rels.relationships) for (const t of [key(r.from), key(r.to)]) degree.set(t, (degree.get(t) || 0) + 1);
    names = [...names].sort((a, b) => degree.get(b) - degree.get(a) || a.localeCompare(b)).slice(0, MAX_NODES);
    note = `The ${MAX_NODES} most connected of ${tables.tables.length} tables; open a table for its neighbourhood. `;
  }
  const shown = new Set(names);
  const edges = rels.relationships.filter((r) => shown.has(key(r.from)) && shown.has(key(r.to)));
  const columns = layout(names, edges);
  const roles = new Map(tables.tables.map((t) => [t.table, t.role]));
  const at = new Map();
  columns.forEach((col, ci) => col.forEach((t, ri) => at.set(t, { x: PAD + ci * (W + GX), y: PAD + ri * (H + GY) })));
  const width = PAD * 2 + columns.length * W + Math.max(0, columns.length - 1) * GX;
  const height = PAD * 2 + Math.max(1, ...columns.map((c) => c.length)) * (H + GY);
  const svg = svgEl("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "ER diagram" });
  for (const r of edges) {
    const a = at.get(key(r.from)), b = at.get(key(r.to));
    const cls = "edge " + (r.status === "suggested" ? "suggested" : r.origin);
    let d, lx, ly;
    if (a === b) {
      d = `M${a.x + W - 30},${a.y} C${a.x + W + 20},${a.y - 40} ${a.x + W + 40},${a.y + 10} ${a.x + W},${a.y + H / 2}`;
      lx = a.x + W + 26; ly = a.y - 14;
    } else {
      const x1 = a.x + (b.x >= a.x ? W : 0), y1 = a.y + H / 2, x2 = b.x + (b.x >= a.x ? 0 : W), y2 = b.y + H / 2;
      const mx = (x1 + x2) / 2;
      d = `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
      lx = mx; ly = (y1 + y2) / 2 - 4;
    }
    const title = `${key(r.from)}(${r.from.columns.join(", ")}) → ${key(r.to)}(${r.to.columns.join(", ")}) · ${r.cardinality} · ${r.status === "suggested" ? "suggested" : r.origin} · confidence ${Number(r.confidence).toFixed(2)}`;
    svg.append(svgEl("path", { d, class: cls, "data-from": key(r.from), "data-to": key(r.to) }, svgEl("title", {}, title)));
    svg.append(svgEl("text", { x: lx, y: ly, "text-anchor": "middle", class: "edge-label" }, Number(r.confidence).toFixed(2)));
  }
  for (const [t, p] of at) {
    const g = svgEl("g", { class: "node " + (roles.get(t) || "") + (t === focus ? " focus" : ""), transform: `translate(${p.x},${p.y})`, "data-table": t });
    g.append(svgEl("rect", { width: W, height: H }), svgEl("text", { x: 10, y: 17, "font-weight": 600 }, t.length > 26 ? t.slice(0, 25) + "…" : t),
      svgEl("text", { x: 10, y: 32, fill: "#667085" }, roles.get(t) || ""));
    g.addEventListener("click", () => (location.hash = tableHref(t)));
    svg.append(g);
  }
  const sample = (cls) => svgEl("svg", { width: 36, height: 10 }, svgEl("path", { d: "M0,5 L36,5", class: "edge " + cls }));
  main.replaceChildren(el("h1", {}, "Diagram"),
    el("p", { class: "sub" }, note, `${names.length} tables, ${edges.length} relationships; numbers are confidence. Click a table to open it.`),
    el("div", { class: "legend" }, el("span", {}, sample("declared"), " declared"), el("span", {}, sample("inferred"), " inferred"),
      el("span", {}, sample("suggested"), " suggested (not joined)"), el("span", {}, sample("human"), " human")),
    el("div", { id: "diagram" }, svg));
}

async function reviewPage() {
  const data = await api("/review");
  const list = el("div", { id: "review-list" });
  main.replaceChildren(el("h1", {}, "Review"),
    el("p", { class: "sub" }, `Accept or reject what the compiler inferred. Decisions are written to ${data.file} (overrides), so the next compile keeps them.`), list);
  const groups = [["suggested", "Suggested relationships (below the confidence threshold; not joined)"],
    ["joined", "Inferred relationships (joined)"], ["llm", "Descriptions and labels written by the LLM"]];
  for (const [status, title] of groups) {
    const items = data.items.filter((i) => i.status === status);
    if (!items.length) continue;
    list.append(el("h2", {}, title));
    for (const item of items) list.append(reviewCard(item));
  }
  if (!data.items.length) list.append(el("p", { class: "muted" }, "Nothing to review."));
  setCount(data.items.length);
}

function reviewCard(item) {
  const result = el("div", { class: "muted result" });
  const decide = async (decision, buttons) => {
    buttons.forEach((b) => (b.disabled = true));
    try {
      const r = await api("/review/" + encodeURIComponent(item.id), { method: "POST", body: JSON.stringify({ decision }) });
      result.textContent = `${decision === "accept" ? "Accepted" : "Rejected"}: written to ${r.file}.`;
      card.classList.add("decided");
      refreshCount();
    } catch (e) {
      result.textContent = e.message;
      result.classList.add("error");
      buttons.forEach((b) => (b.disabled = false));
    }
  };
  const accept = el("button", { class: "accept", type: "button" }, "Accept");
  const reject = el("button", { class: "reject", type: "button" }, "Reject");
  accept.onclick = () => decide("accept", [accept, reject]);
  reject.onclick = () => decide("reject", [accept, reject]);
  const body = item.kind === "relationship"
    ? [el("strong", {}, item.summary), " ", badge(item.cardinality), " ", badge("confidence " + Number(item.confidence).toFixed(2)),
       el("div", { class: "muted" }, (item.evidence || []).join("; "))]
    : [el("strong", {}, item.summary), " ", badge("by " + (item.by || "LLM"), "llm"), el("div", {}, item.value)];
  const card = el("div", { class: "card", "data-id": item.id, "data-kind": item.kind, "data-status": item.status }, body, el("div", { class: "actions" }, accept, reject), result);
  return card;
}

function setCount(n) { document.getElementById("review-count").textContent = n ? String(n) : ""; }
async function refreshCount() {
  try { setCount((await api("/info")).review); } catch (e) { /* shown on the page that failed */ }
}

// -- routing ------------------------------------------------------------------------------------
async function route() {
  const hash = location.hash || "#/tables";
  const [, page, arg] = hash.match(/^#\/([^/]*)\/?(.*)$/) || [null, "tables", ""];
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.dataset.page === page || (page === "table" && a.dataset.page === "tables")));
  try {
    const info = await api("/info");
    document.getElementById("model-name").textContent = `${info.name} · ${info.dialect} · ${info.tables} tables`;
    setCount(info.review);
    if (page === "table") await tablePage(decodeURIComponent(arg));
    else if (page === "diagram") await diagramPage(arg ? decodeURIComponent(arg) : null);
    else if (page === "review") await reviewPage();
    else await tablesPage();
    document.body.dataset.ready = page;
  } catch (e) {
    if (e instanceof Unauthorized) {
      const had = sessionStorage.getItem("mb.token");
      sessionStorage.removeItem("mb.token");
      showLogin(had ? "That token was not accepted." : "");
    } else {
      main.replaceChildren(el("p", { class: "error" }, e.message));
    }
  }
}
window.addEventListener("hashchange", route);
route();
