// A small modal form (<dialog>): labelled fields, help text, one error region that is
// announced (aria-live), Insert and Cancel. Escape cancels; focus returns to the editor.
let counter = 0;

function element(doc, tag, attributes = {}, text = "") {
  const node = doc.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  if (text) node.textContent = text;
  return node;
}

// Options of a <select>: [{value, label}] or [{group, options: [{value, label}]}].
function fillSelect(doc, select, options) {
  select.replaceChildren();
  for (const option of options || []) {
    if (option.group !== undefined) {
      const group = element(doc, "optgroup", { label: option.group });
      for (const child of option.options) {
        const item = element(doc, "option", { value: child.value }, child.label);
        if (child.disabled) item.disabled = true;
        group.append(item);
      }
      select.append(group);
    } else {
      const item = element(doc, "option", { value: option.value }, option.label);
      if (option.disabled) item.disabled = true;
      select.append(item);
    }
  }
}

/**
 * fields: [{name, label, type, value, help, accept, options, onInput}]; type "select" makes a
 * <select> of `options`; onInput(value, dialog) runs as the field changes.
 * onSubmit(values, {setError, setBusy}) returns true (or a promise of true) to close.
 * The returned <dialog> carries setOptions(name, options), setError, setBusy and setStatus
 * (a polite live region, with `withStatus`).
 */
export function openDialog({ doc, title, fields, strings, onSubmit, onClose, withStatus = false }) {
  counter += 1;
  const id = `rich-editor-dialog-${counter}`;
  const dialog = element(doc, "dialog", { class: "rich-editor-dialog", "aria-labelledby": `${id}-title` });
  const form = element(doc, "form", { novalidate: "" });
  form.append(element(doc, "h2", { id: `${id}-title`, class: "h5" }, title));

  const error = element(doc, "p", { id: `${id}-error`, class: "rich-editor-dialog-error", "aria-live": "assertive" });
  const inputs = {};
  for (const field of fields) {
    const inputId = `${id}-${field.name}`;
    const group = element(doc, "div", { class: "mb-3" });
    group.append(element(doc, "label", { for: inputId, class: "form-label" }, field.label));
    const isSelect = field.type === "select";
    const input = isSelect
      ? element(doc, "select", { id: inputId, name: field.name, class: "form-select", "aria-describedby": `${id}-error` })
      : element(doc, "input", {
          id: inputId,
          name: field.name,
          type: field.type || "text",
          class: "form-control",
          "aria-describedby": `${id}-error`,
        });
    if (isSelect) fillSelect(doc, input, field.options);
    if (field.accept) input.setAttribute("accept", field.accept);
    if (field.dir) input.setAttribute("dir", field.dir);
    if (field.value) input.value = field.value;
    group.append(input);
    if (field.help) {
      group.append(element(doc, "p", { id: `${inputId}-help`, class: "form-text" }, field.help));
      input.setAttribute("aria-describedby", `${inputId}-help ${id}-error`);
    }
    inputs[field.name] = input;
    form.append(group);
  }
  // What is going on (loading, how many match), for dialogs that ask for it: announced
  // politely, not as an error.
  const status = withStatus ? element(doc, "p", { id: `${id}-status`, class: "form-text", "aria-live": "polite" }) : null;
  if (status) form.append(status);
  form.append(error);

  const actions = element(doc, "div", { class: "rich-editor-dialog-actions" });
  const submit = element(doc, "button", { type: "submit", class: "btn btn-primary" }, strings.insert);
  const cancel = element(doc, "button", { type: "button", class: "btn btn-outline-secondary" }, strings.cancel);
  actions.append(submit, cancel);
  form.append(actions);
  dialog.append(form);
  doc.body.append(dialog);

  const close = () => {
    if (dialog.open) dialog.close();
  };
  dialog.addEventListener("close", () => {
    dialog.remove();
    if (onClose) onClose();
  });
  cancel.addEventListener("click", close);

  const setError = (message, fieldName) => {
    error.textContent = message || "";
    for (const [name, input] of Object.entries(inputs)) {
      if (message && name === fieldName) {
        input.setAttribute("aria-invalid", "true");
      } else {
        input.removeAttribute("aria-invalid");
      }
    }
    if (message && fieldName && inputs[fieldName]) inputs[fieldName].focus();
  };
  const setBusy = (busy) => {
    submit.disabled = busy;
    form.setAttribute("aria-busy", busy ? "true" : "false");
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const values = {};
    for (const [name, input] of Object.entries(inputs)) {
      values[name] = input.type === "file" ? input.files[0] || null : input.value.trim();
    }
    setError("");
    if (await onSubmit(values, { setError, setBusy })) close();
  });

  dialog.setError = setError;
  dialog.setStatus = (message) => {
    if (status) status.textContent = message || "";
  };
  dialog.setBusy = setBusy;
  dialog.setOptions = (name, options) => fillSelect(doc, inputs[name], options);
  for (const field of fields) {
    if (field.onInput) {
      const input = inputs[field.name];
      input.addEventListener("input", () => field.onInput(input.value, dialog));
    }
  }

  dialog.showModal();
  const first = Object.values(inputs)[0];
  if (first) first.focus();
  return dialog;
}
