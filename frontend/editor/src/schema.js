// The document model: what a section's text may contain, and how it maps to the HTML the
// server stores (reviews/sanitize.py allows exactly this and nothing else).
import { Node, mergeAttributes } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import Link from "@tiptap/extension-link";
import Image from "@tiptap/extension-image";
import { Table } from "@tiptap/extension-table";
import { TableRow } from "@tiptap/extension-table-row";
import { TableHeader } from "@tiptap/extension-table-header";
import { TableCell } from "@tiptap/extension-table-cell";

// A goal (3), a target (3.1, 3.a) or an indicator (3.1.1, 3.b.1).
export const SDG_CODE = /^(?:[1-9]|1[0-7])(?:\.(?:[1-9]|1[0-9]|[a-z])(?:\.[1-9][0-9]?)?)?$/;
export const LINK_URL = /^(?:https?:\/\/[^\s/?#]+[^\s]*|mailto:[^\s]+)$/i;
export const LINK_REL = "noopener noreferrer nofollow";

// Images come only from the portal: a section's uploaded images (as reviews/sanitize.py).
export const IMAGE_SRC = /^\/reviews\/\d+\/sections\/\d+\/images\/\d+\/?$/;

const PortalImage = Image.extend({
  parseHTML() {
    const fromPortal = (element) => (IMAGE_SRC.test(element.getAttribute("src") || "") ? null : false);
    return [{ tag: "img[src]", getAttrs: fromPortal }];
  },
});

// Tables, rows and cells without widths, alignment or column groups: the stored HTML has
// none, and inline styles would break under a strict Content-Security-Policy.
const PlainTable = Table.extend({
  renderHTML({ HTMLAttributes }) {
    const { style, ...attributes } = HTMLAttributes;
    return ["table", attributes, ["tbody", 0]];
  },
});

const withoutAlign = (Cell) =>
  Cell.extend({
    addAttributes() {
      const { align, ...attributes } = this.parent?.() || {};
      return attributes;
    },
  });

export function isAllowedLink(url) {
  return LINK_URL.test((url || "").trim());
}

// A footnote is an inline atom holding its own text: <span class="footnote">text</span>.
export const Footnote = Node.create({
  name: "footnote",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addAttributes() {
    return {
      text: {
        default: "",
        parseHTML: (element) => element.textContent,
        renderHTML: () => ({}),
      },
    };
  },

  parseHTML() {
    return [{ tag: "span.footnote", priority: 60 }];
  },

  renderHTML({ node }) {
    return ["span", { class: "footnote" }, node.attrs.text];
  },

  renderText({ node }) {
    return node.attrs.text;
  },

  addCommands() {
    return {
      insertFootnote:
        (text) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: { text } }),
    };
  },
});

// A reference to the SDG framework: <span class="sdg-ref" data-ref="3.1">Target 3.1</span>.
// The label is kept as stored, so a reference written in Chinese stays in Chinese.
export const SdgReference = Node.create({
  name: "sdgReference",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addAttributes() {
    return {
      ref: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-ref"),
        renderHTML: () => ({}),
      },
      label: {
        default: "",
        parseHTML: (element) => element.textContent,
        renderHTML: () => ({}),
      },
    };
  },

  parseHTML() {
    return [{ tag: "span.sdg-ref", priority: 60 }];
  },

  renderHTML({ node }) {
    const attributes = { class: "sdg-ref" };
    if (node.attrs.ref) {
      attributes["data-ref"] = node.attrs.ref;
    }
    return ["span", attributes, node.attrs.label];
  },

  renderText({ node }) {
    return node.attrs.label;
  },

  addCommands() {
    return {
      insertSdgReference:
        ({ ref, label }) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: { ref, label } }),
    };
  },
});

// A live data reference (indicators/evidence/references.py): the server shows the figure,
// chart or progress category as of rendering; the text inside is only a label.
//   <span data-vnr-data="value" data-indicator="3.1.1" data-series="…" data-unit="…">label</span>
export const DATA_KINDS = ["value", "chart", "category"];
// The indicator codes of indicators/evidence/vocabulary.py: 1.2.1, 8.3.1.1, 1.3.1.a.
export const INDICATOR_CODE = /^[1-9][0-9]?\.(?:[1-9][0-9]?|[a-z])\.[1-9][0-9]?(?:\.(?:[1-9][0-9]?|[a-z])){0,2}$/;
const MAX_SERIES = 200;
const printable = (value) => typeof value === "string" && value.length <= MAX_SERIES && !/[\x00-\x1f\x7f]/.test(value);

export function isValidDataReference({ kind, indicator, series, unit }) {
  return (
    DATA_KINDS.includes(kind) &&
    typeof indicator === "string" &&
    indicator.length <= 20 &&
    INDICATOR_CODE.test(indicator) &&
    (series === null || series === undefined || printable(series)) &&
    (unit === null || unit === undefined || printable(unit))
  );
}

export const DataReference = Node.create({
  name: "dataReference",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addAttributes() {
    const fromAttribute = (name) => ({
      default: null,
      parseHTML: (element) => element.getAttribute(name),
      renderHTML: () => ({}),
    });
    return {
      kind: fromAttribute("data-vnr-data"),
      indicator: fromAttribute("data-indicator"),
      series: fromAttribute("data-series"),
      unit: fromAttribute("data-unit"),
      label: { default: "", parseHTML: (element) => element.textContent, renderHTML: () => ({}) },
    };
  },

  parseHTML() {
    const valid = (element) =>
      isValidDataReference({
        kind: element.getAttribute("data-vnr-data"),
        indicator: element.getAttribute("data-indicator"),
        series: element.getAttribute("data-series"),
        unit: element.getAttribute("data-unit"),
      })
        ? null
        : false;
    return [{ tag: "span[data-vnr-data]", priority: 61, getAttrs: valid }];
  },

  renderHTML({ node }) {
    const attributes = { "data-vnr-data": node.attrs.kind, "data-indicator": node.attrs.indicator };
    if (node.attrs.series !== null) attributes["data-series"] = node.attrs.series;
    if (node.attrs.unit !== null) attributes["data-unit"] = node.attrs.unit;
    return ["span", attributes, node.attrs.label];
  },

  renderText({ node }) {
    return node.attrs.label;
  },

  addCommands() {
    return {
      insertDataReference:
        (attrs) =>
        ({ commands }) =>
          isValidDataReference(attrs) && commands.insertContent({ type: this.name, attrs }),
    };
  },
});

export function extensions() {
  return [
    StarterKit.configure({
      heading: { levels: [2, 3, 4] },
      blockquote: false,
      code: false,
      codeBlock: false,
      horizontalRule: false,
      strike: false,
      underline: false,
      link: false,
    }),
    Link.configure({
      openOnClick: false,
      autolink: false,
      linkOnPaste: false,
      protocols: [],
      HTMLAttributes: { target: null, rel: LINK_REL, class: null },
      isAllowedUri: (url) => isAllowedLink(url),
    }),
    PortalImage.configure({ inline: false, allowBase64: false }),
    PlainTable.configure({ resizable: false, View: null }),
    TableRow,
    withoutAlign(TableHeader),
    withoutAlign(TableCell),
    Footnote,
    SdgReference,
    DataReference,
  ];
}

export { mergeAttributes };
