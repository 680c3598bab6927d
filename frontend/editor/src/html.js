// The editor's HTML in the server's canonical shape, so that loading stored text and saving
// it unchanged gives the same HTML (and reviews/sanitize.py's clean_html leaves it alone).
import { LINK_REL } from "./schema.js";

// Attributes kept per tag, in the order they are written.
const KEEP = {
  a: ["href"],
  img: ["src", "alt"],
  span: ["class", "data-ref", "data-vnr-data", "data-indicator", "data-series", "data-unit"],
  th: ["colspan", "rowspan"],
  td: ["colspan", "rowspan"],
  ol: ["start"],
};

function rebuildAttributes(element) {
  const tag = element.localName;
  const values = {};
  for (const name of KEEP[tag] || []) {
    if (element.hasAttribute(name)) {
      values[name] = element.getAttribute(name);
    }
  }
  for (const name of element.getAttributeNames()) {
    element.removeAttribute(name);
  }
  for (const [name, value] of Object.entries(values)) {
    if ((name === "colspan" || name === "rowspan") && value === "1") continue;
    if (name === "start" && value === "1") continue;
    element.setAttribute(name, value);
  }
  if (tag === "a") {
    element.setAttribute("rel", LINK_REL);
  }
}

function isHeaderRow(row) {
  const cells = Array.from(row.children);
  return cells.length > 0 && cells.every((cell) => cell.localName === "th");
}

// ProseMirror tables have rows only: leading all-<th> rows become the <thead>, their
// cells scope="col"; a <th> starting a body row is a row header.
function restructureTable(table) {
  const rows = Array.from(table.querySelectorAll("tr")).filter((row) => row.closest("table") === table);
  const head = [];
  let index = 0;
  while (index < rows.length - 1 && isHeaderRow(rows[index])) {
    head.push(rows[index]);
    index += 1;
  }
  const body = rows.slice(index);
  table.replaceChildren();
  const doc = table.ownerDocument;
  if (head.length) {
    const thead = doc.createElement("thead");
    thead.append(...head);
    table.append(thead);
  }
  if (body.length) {
    const tbody = doc.createElement("tbody");
    tbody.append(...body);
    table.append(tbody);
  }
}

function isEmptyParagraph(node) {
  return node && node.nodeType === 1 && node.localName === "p" && node.childNodes.length === 0;
}

export function normalizeHtml(html) {
  const template = document.createElement("template");
  template.innerHTML = html || "";
  const root = template.content;
  root.querySelectorAll("colgroup").forEach((element) => element.remove());
  root.querySelectorAll("table").forEach(restructureTable);
  root.querySelectorAll("*").forEach(rebuildAttributes);
  root.querySelectorAll("thead th").forEach((cell) => cell.setAttribute("scope", "col"));
  root.querySelectorAll("tbody th").forEach((cell) => cell.setAttribute("scope", "row"));
  while (isEmptyParagraph(root.lastChild)) {
    root.lastChild.remove();
  }
  return template.innerHTML;
}

// The same rule as reviews/sanitize.py word_count: block ends and line breaks separate
// lines, each Chinese or Japanese character is a word, other words are runs of letters,
// digits and underscores joined by hyphens or apostrophes.
const BLOCK_END = /<\/(p|h[2-4]|li|tr|caption|figcaption|blockquote)>|<br\s*\/?>/g;
const TAG = /<[^>]+>/g;
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;
const WORD = /[\p{L}\p{N}_]+(?:[-'’][\p{L}\p{N}_]+)*/gu;

function unescapeHtml(text) {
  const textarea = document.createElement("textarea");
  textarea.innerHTML = text;
  return textarea.value;
}

export function wordCount(html) {
  const text = unescapeHtml((html || "").replace(BLOCK_END, "\n").replace(TAG, " "));
  const cjk = (text.match(CJK) || []).length;
  const words = (text.replace(CJK, " ").match(WORD) || []).length;
  return cjk + words;
}
