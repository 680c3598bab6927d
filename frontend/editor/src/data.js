// The "Insert data" dialog: pick one of the country's indicators and series (read from
// the section's data-data-url, JSON: {indicators: [{code, title, series: [{series, unit,
// label}]}]}), choose what to show, insert a live data reference (schema.js DataReference).
import { openDialog } from "./dialog.js";
import { format } from "./strings.js";

function matches(indicator, words) {
  const text = `${indicator.code} ${indicator.title}`.toLowerCase();
  return words.every((word) => text.includes(word));
}

// Every series is one option, grouped under its indicator; the value indexes `choices`.
function seriesOptions(indicators, query, strings) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const choices = [];
  const groups = [];
  for (const indicator of indicators) {
    if (words.length && !matches(indicator, words)) continue;
    const options = indicator.series.map((series) => {
      choices.push({ code: indicator.code, series: series.series, unit: series.unit });
      return { value: String(choices.length - 1), label: `${indicator.code} — ${series.label}` };
    });
    groups.push({ group: `${indicator.code} ${indicator.title || ""}`.trim(), options });
  }
  if (!groups.length) return { choices, options: [{ value: "", label: strings.dataNoMatch, disabled: true }] };
  return { choices, options: groups };
}

const KIND_LABEL = { value: "dataLabelValue", chart: "dataLabelChart", category: "dataLabelCategory" };

export function openDataDialog({ doc, strings, editor, url, onClose }) {
  let indicators = [];
  let current = { choices: [] };
  const refresh = (query, dialog) => {
    current = seriesOptions(indicators, query, strings);
    dialog.setOptions("choice", current.options);
    dialog.setStatus(current.choices.length ? format(strings.dataMatches, { count: current.choices.length }) : "");
  };
  const dialog = openDialog({
    doc,
    strings,
    title: strings.dataTitle,
    withStatus: true,
    fields: [
      { name: "search", label: strings.dataSearch, help: strings.dataSearchHelp, dir: "ltr", onInput: refresh },
      { name: "choice", label: strings.dataSeries, type: "select", options: [] },
      {
        name: "kind",
        label: strings.dataKind,
        type: "select",
        options: [
          { value: "value", label: strings.dataKindValue },
          { value: "chart", label: strings.dataKindChart },
          { value: "category", label: strings.dataKindCategory },
        ],
      },
    ],
    onClose,
    onSubmit: ({ choice, kind }, { setError }) => {
      const picked = current.choices[Number.parseInt(choice, 10)];
      if (choice === "" || !picked) {
        setError(strings.dataSeriesRequired, "choice");
        return false;
      }
      const label = format(strings[KIND_LABEL[kind]] || strings.dataLabelValue, { code: picked.code });
      const attrs = { kind, indicator: picked.code, series: picked.series, unit: picked.unit, label };
      return editor.chain().focus().insertDataReference(attrs).run();
    },
  });
  dialog.setBusy(true);
  dialog.setStatus(strings.dataLoading);
  fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
    .then((data) => {
      indicators = Array.isArray(data.indicators) ? data.indicators : [];
      dialog.setBusy(false);
      dialog.setStatus("");
      if (!indicators.length) {
        dialog.setOptions("choice", [{ value: "", label: strings.dataNone, disabled: true }]);
        dialog.setError(strings.dataNone);
        return;
      }
      refresh("", dialog);
    })
    .catch(() => {
      dialog.setBusy(false);
      dialog.setStatus("");
      dialog.setError(strings.dataLoadFailed);
    });
  return dialog;
}
