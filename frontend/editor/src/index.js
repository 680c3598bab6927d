// VNR Portal's rich-text editor. Progressive enhancement of
//   <textarea name="content" data-rich-editor data-upload-url="…" data-draft-key="…"
//             data-base-version="7">sanitized HTML</textarea>
// inside a normal POST form: without JavaScript the textarea still works. The textarea
// stays in the form (hidden) and always holds the editor's HTML.
import { Editor } from "@tiptap/core";
import { extensions, isAllowedLink, SDG_CODE } from "./schema.js";
import { openDataDialog } from "./data.js";
import { normalizeHtml, wordCount } from "./html.js";
import { loadStrings, format } from "./strings.js";
import { openDialog } from "./dialog.js";
import { createDraftStore } from "./draft.js";

function readCookie(doc, name) {
  for (const part of doc.cookie ? doc.cookie.split(";") : []) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return "";
}

function csrfToken(textarea) {
  const doc = textarea.ownerDocument;
  const fromCookie = readCookie(doc, "csrftoken");
  if (fromCookie) return fromCookie;
  const input = textarea.form && textarea.form.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function labelFor(textarea) {
  const doc = textarea.ownerDocument;
  const label = textarea.id ? doc.querySelector(`label[for="${CSS.escape(textarea.id)}"]`) : null;
  if (label && !label.id) label.id = `${textarea.id}-label`;
  return label;
}

function sdgLabel(strings, ref) {
  const depth = ref.split(".").length;
  const key = depth === 1 ? "sdgGoal" : depth === 2 ? "sdgTarget" : "sdgIndicator";
  return format(strings[key], { ref });
}

async function uploadErrorMessage(response, strings) {
  try {
    const data = await response.json();
    if (typeof data.error === "string") return data.error;
    if (data.errors) {
      const messages = typeof data.errors === "string" ? [data.errors] : Object.values(data.errors).flat();
      const text = messages.map((item) => (typeof item === "string" ? item : item.message || "")).join(" ");
      if (text.trim()) return text.trim();
    }
  } catch {
    // Not JSON (a proxy's error page, a dropped connection): the generic message.
  }
  return strings.uploadFailed;
}

function buildToolbar(doc, strings, buttons) {
  const toolbar = doc.createElement("div");
  toolbar.className = "rich-editor-toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", strings.toolbar);
  const elements = [];
  for (const group of buttons) {
    const wrapper = doc.createElement("div");
    wrapper.className = "rich-editor-group";
    for (const spec of group) {
      const button = doc.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary";
      button.textContent = strings[spec.label];
      button.tabIndex = elements.length === 0 ? 0 : -1;
      if (spec.pressed) button.setAttribute("aria-pressed", "false");
      button.dataset.command = spec.label;
      button.addEventListener("mousedown", (event) => event.preventDefault());
      button.addEventListener("click", () => {
        if (button.getAttribute("aria-disabled") === "true") return;
        spec.run();
      });
      spec.button = button;
      wrapper.append(button);
      elements.push(button);
    }
    toolbar.append(wrapper);
  }

  // Roving tabindex: one Tab stop, arrows (mirrored right to left), Home and End.
  const focusAt = (index) => {
    const target = elements[(index + elements.length) % elements.length];
    elements.forEach((button) => (button.tabIndex = button === target ? 0 : -1));
    target.focus();
  };
  toolbar.addEventListener("keydown", (event) => {
    const index = elements.indexOf(doc.activeElement);
    if (index < 0) return;
    const rtl = getComputedStyle(toolbar).direction === "rtl";
    const next = rtl ? "ArrowLeft" : "ArrowRight";
    const previous = rtl ? "ArrowRight" : "ArrowLeft";
    if (event.key === next) focusAt(index + 1);
    else if (event.key === previous) focusAt(index - 1);
    else if (event.key === "Home") focusAt(0);
    else if (event.key === "End") focusAt(elements.length - 1);
    else return;
    event.preventDefault();
  });
  toolbar.addEventListener("focusin", (event) => {
    if (elements.includes(event.target)) {
      elements.forEach((button) => (button.tabIndex = button === event.target ? 0 : -1));
    }
  });
  return { toolbar, focus: () => (elements.find((b) => b.tabIndex === 0) || elements[0]).focus() };
}

function buildDraftNotice(doc, strings, savedAt, { onRestore, onDiscard }) {
  const notice = doc.createElement("div");
  notice.className = "rich-editor-notice alert alert-warning";
  notice.setAttribute("role", "status");
  const text = doc.createElement("p");
  const time = doc.createElement("time");
  const date = new Date(savedAt);
  time.dateTime = date.toISOString();
  const lang = doc.documentElement.lang || undefined;
  try {
    time.textContent = date.toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" });
  } catch {
    time.textContent = date.toLocaleString();
  }
  const [before, after = ""] = strings.draftNotice.split("{time}");
  text.append(before, time, after);
  const restore = doc.createElement("button");
  restore.type = "button";
  restore.className = "btn btn-sm btn-primary";
  restore.textContent = strings.restoreDraft;
  const discard = doc.createElement("button");
  discard.type = "button";
  discard.className = "btn btn-sm btn-outline-secondary";
  discard.textContent = strings.discardDraft;
  restore.addEventListener("click", () => {
    notice.remove();
    onRestore();
  });
  discard.addEventListener("click", () => {
    notice.remove();
    onDiscard();
  });
  const actions = doc.createElement("div");
  actions.className = "rich-editor-notice-actions";
  actions.append(restore, discard);
  notice.append(text, actions);
  return notice;
}

export function enhance(textarea) {
  if (textarea.dataset.richEditorReady) return null;
  textarea.dataset.richEditorReady = "1";
  const doc = textarea.ownerDocument;
  const strings = loadStrings(doc);
  const label = labelFor(textarea);
  const baseVersion = parseInt(textarea.dataset.baseVersion || "0", 10) || 0;
  const drafts = createDraftStore(textarea.dataset.draftKey);
  // The count goes to [data-word-count] in the editor's form, else anywhere on the page.
  const wordCountElements = () => {
    const inForm = textarea.form ? textarea.form.querySelectorAll("[data-word-count]") : [];
    return inForm.length ? inForm : doc.querySelectorAll("[data-word-count]");
  };

  const wrapper = doc.createElement("div");
  wrapper.className = "rich-editor";
  const surface = doc.createElement("div");
  surface.className = "rich-editor-surface form-control";

  const editorAttributes = {
    role: "textbox",
    "aria-multiline": "true",
    class: "rich-editor-content",
  };
  if (label) editorAttributes["aria-labelledby"] = label.id;
  else if (textarea.getAttribute("aria-label")) editorAttributes["aria-label"] = textarea.getAttribute("aria-label");
  // data-rich-editor-hide="id …": help meant only for the plain textarea (no toolbar), hidden
  // once the editor runs and no longer part of the textbox's description.
  const hiddenIds = (textarea.dataset.richEditorHide || "").split(/\s+/).filter(Boolean);
  for (const id of hiddenIds) {
    const element = doc.getElementById(id);
    if (element) element.hidden = true;
  }
  const describedBy = (textarea.getAttribute("aria-describedby") || "")
    .split(/\s+/)
    .filter((id) => id && !hiddenIds.includes(id))
    .join(" ");
  if (describedBy) editorAttributes["aria-describedby"] = describedBy;
  for (const name of ["aria-invalid", "lang", "dir"]) {
    if (textarea.hasAttribute(name)) editorAttributes[name] = textarea.getAttribute(name);
  }
  if (textarea.classList.contains("is-invalid")) surface.classList.add("is-invalid");

  let ready = false;
  let lastHtml = null;
  let specs = [];
  const currentHtml = () => normalizeHtml(editor.getHTML());
  const sync = () => {
    const html = currentHtml();
    textarea.value = html;
    const count = String(wordCount(html));
    wordCountElements().forEach((element) => (element.textContent = count));
    return html;
  };

  const editor = new Editor({
    element: surface,
    extensions: extensions(),
    content: textarea.value,
    injectCSS: false,
    editorProps: { attributes: editorAttributes },
    onUpdate: () => {
      const html = sync();
      // Only real changes: a transaction that leaves the HTML as it was (the trailing
      // paragraph ProseMirror adds after a table) must not replace a kept draft.
      if (ready && html !== lastHtml) drafts.save({ html, baseVersion });
      lastHtml = html;
    },
    onSelectionUpdate: () => refreshToolbar(),
    onTransaction: () => refreshToolbar(),
  });

  const focusEditor = () => editor.chain().focus().run();
  const linkDialog = () => {
    const current = editor.getAttributes("link").href || "";
    openDialog({
      doc,
      strings,
      title: strings.linkTitle,
      fields: [
        { name: "url", label: strings.linkUrl, type: "url", value: current, help: strings.linkHelp, dir: "ltr" },
      ],
      onClose: focusEditor,
      onSubmit: ({ url }, { setError }) => {
        if (!url) {
          editor.chain().focus().extendMarkRange("link").unsetLink().run();
          return true;
        }
        if (!isAllowedLink(url)) {
          setError(strings.linkInvalid, "url");
          return false;
        }
        if (editor.state.selection.empty && !editor.isActive("link")) {
          const text = { type: "text", text: url, marks: [{ type: "link", attrs: { href: url } }] };
          editor.chain().focus().insertContent(text).run();
        } else {
          editor.chain().focus().extendMarkRange("link").setLink({ href: url }).run();
        }
        return true;
      },
    });
  };
  const footnoteDialog = () =>
    openDialog({
      doc,
      strings,
      title: strings.footnoteTitle,
      fields: [{ name: "text", label: strings.footnoteText }],
      onClose: focusEditor,
      onSubmit: ({ text }, { setError }) => {
        if (!text) {
          setError(strings.footnoteRequired, "text");
          return false;
        }
        editor.chain().focus().insertFootnote(text).run();
        return true;
      },
    });
  const sdgDialog = () =>
    openDialog({
      doc,
      strings,
      title: strings.sdgTitle,
      fields: [{ name: "code", label: strings.sdgCode, help: strings.sdgHelp, dir: "ltr" }],
      onClose: focusEditor,
      onSubmit: ({ code }, { setError }) => {
        const ref = code.toLowerCase();
        if (!SDG_CODE.test(ref)) {
          setError(strings.sdgInvalid, "code");
          return false;
        }
        editor.chain().focus().insertSdgReference({ ref, label: sdgLabel(strings, ref) }).run();
        return true;
      },
    });
  const imageDialog = () =>
    openDialog({
      doc,
      strings,
      title: strings.imageTitle,
      fields: [
        { name: "image", label: strings.imageFile, type: "file", accept: "image/*" },
        { name: "alt_text", label: strings.imageAlt, help: strings.imageAltHelp },
      ],
      onClose: focusEditor,
      onSubmit: async ({ image, alt_text: altText }, { setError, setBusy }) => {
        if (!image) {
          setError(strings.imageFileRequired, "image");
          return false;
        }
        if (!altText) {
          setError(strings.imageAltRequired, "alt_text");
          return false;
        }
        const body = new FormData();
        body.append("image", image);
        body.append("alt_text", altText);
        setBusy(true);
        setError(strings.uploading);
        try {
          const response = await fetch(textarea.dataset.uploadUrl, {
            method: "POST",
            body,
            credentials: "same-origin",
            headers: { "X-CSRFToken": csrfToken(textarea), Accept: "application/json" },
          });
          if (!response.ok) {
            setError(await uploadErrorMessage(response, strings), "image");
            return false;
          }
          const data = await response.json();
          editor.chain().focus().setImage({ src: data.src, alt: data.alt || altText }).run();
          return true;
        } catch {
          setError(strings.uploadFailed, "image");
          return false;
        } finally {
          setBusy(false);
        }
      },
    });

  // A button that toggles or sets a state shows it with aria-pressed; table edits are
  // aria-disabled outside a table (still focusable, so they can be found).
  const command = (name, ...args) => () => editor.chain().focus()[name](...args).run();
  const state = (label, isActive, run) => ({ label, pressed: true, active: isActive, run });
  const active = (name, attributes) => () => editor.isActive(name, attributes);
  const heading = (level) => state(`heading${level}`, active("heading", { level }), command("setHeading", { level }));
  const inTable = active("table");
  const tableCommand = (label, name) => ({ label, enabled: inTable, run: command(name) });
  const buttons = [
    [heading(2), heading(3), heading(4), state("paragraph", active("paragraph"), command("setParagraph"))],
    [
      state("bold", active("bold"), command("toggleBold")),
      state("italic", active("italic"), command("toggleItalic")),
      state("link", active("link"), linkDialog),
    ],
    [
      state("bulletList", active("bulletList"), command("toggleBulletList")),
      state("orderedList", active("orderedList"), command("toggleOrderedList")),
    ],
    [
      {
        label: "insertTable",
        enabled: () => !inTable(),
        run: command("insertTable", { rows: 3, cols: 3, withHeaderRow: true }),
      },
      tableCommand("addRow", "addRowAfter"),
      tableCommand("addColumn", "addColumnAfter"),
      tableCommand("deleteRow", "deleteRow"),
      tableCommand("deleteColumn", "deleteColumn"),
      tableCommand("deleteTable", "deleteTable"),
    ],
    [
      { label: "footnote", run: footnoteDialog },
      { label: "sdgReference", run: sdgDialog },
      ...(textarea.dataset.dataUrl
        ? [{ label: "insertData", run: () => openDataDialog({ doc, strings, editor, url: textarea.dataset.dataUrl, onClose: focusEditor }) }]
        : []),
      ...(textarea.dataset.uploadUrl ? [{ label: "image", run: imageDialog }] : []),
    ],
  ];
  specs = buttons.flat();
  const { toolbar, focus: focusToolbar } = buildToolbar(doc, strings, buttons);

  function refreshToolbar() {
    for (const spec of specs) {
      if (!spec.button) continue;
      if (spec.active) spec.button.setAttribute("aria-pressed", spec.active() ? "true" : "false");
      if (spec.enabled) spec.button.setAttribute("aria-disabled", spec.enabled() ? "false" : "true");
    }
  }

  // Alt+F10 moves from the text to the toolbar, as in most editors.
  surface.addEventListener("keydown", (event) => {
    if (event.altKey && event.key === "F10") {
      event.preventDefault();
      focusToolbar();
    }
  });
  if (label) label.addEventListener("click", focusEditor);

  wrapper.append(toolbar, surface);
  textarea.before(wrapper);
  textarea.hidden = true;
  textarea.setAttribute("aria-hidden", "true");
  textarea.tabIndex = -1;
  // A hidden required field would block the form without a visible reason; the server checks.
  textarea.removeAttribute("required");

  // The canonical form of the server's text: the draft is compared with it.
  const serverHtml = sync();
  lastHtml = serverHtml;
  refreshToolbar();

  const stored = drafts.load();
  if (stored) {
    const saved = stored.submitted && baseVersion > stored.baseVersion;
    if (saved || stored.html === serverHtml) {
      drafts.clear();
    } else {
      wrapper.prepend(
        buildDraftNotice(doc, strings, stored.savedAt, {
          onRestore: () => {
            editor.commands.setContent(stored.html, { emitUpdate: true });
            drafts.save({ html: sync(), baseVersion });
            focusEditor();
          },
          onDiscard: () => {
            drafts.clear();
            focusEditor();
          },
        })
      );
    }
  }

  if (textarea.form) {
    textarea.form.addEventListener("submit", () => {
      const html = sync();
      drafts.markSubmitted({ html, baseVersion });
    });
  }
  ready = true;
  return editor;
}

function enhanceAll() {
  document.querySelectorAll("textarea[data-rich-editor]").forEach((textarea) => {
    const editor = enhance(textarea);
    if (editor) textarea.richEditor = editor;
  });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", enhanceAll);
} else {
  enhanceAll();
}
