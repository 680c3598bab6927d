// The editor's words. The page translates them: a JSON script element
// <script type="application/json" id="rich-editor-strings"> (Django's json_script) with
// any of these keys overrides the English defaults. {ref} and {time} are placeholders.
export const DEFAULT_STRINGS = {
  toolbar: "Formatting",
  heading2: "Heading 2",
  heading3: "Heading 3",
  heading4: "Heading 4",
  paragraph: "Paragraph",
  bold: "Bold",
  italic: "Italic",
  bulletList: "Bulleted list",
  orderedList: "Numbered list",
  link: "Link",
  insertTable: "Table",
  addRow: "Add row",
  addColumn: "Add column",
  deleteRow: "Delete row",
  deleteColumn: "Delete column",
  deleteTable: "Delete table",
  footnote: "Footnote",
  sdgReference: "SDG reference",
  image: "Image",
  insertData: "Insert data",
  dataTitle: "Insert live data",
  dataSearch: "Find an indicator",
  dataSearchHelp: "Type a code such as 3.1.1 or words of its title; the list below shows what matches.",
  dataSeries: "Indicator and series",
  dataKind: "Show",
  dataKindValue: "Latest value, with its year",
  dataKindChart: "Chart",
  dataKindCategory: "Progress category",
  dataLoading: "Loading the country's indicators…",
  dataLoadFailed: "The country's indicators could not be loaded. Try again.",
  dataNone: "The country has no data yet: import it first.",
  dataNoMatch: "No indicator matches",
  dataMatches: "{count} series match.",
  dataSeriesRequired: "Choose an indicator and series.",
  dataLabelValue: "{code} latest value",
  dataLabelChart: "{code} chart",
  dataLabelCategory: "{code} progress category",
  insert: "Insert",
  cancel: "Cancel",
  linkTitle: "Link",
  linkUrl: "Web address",
  linkHelp: "Starts with https://, http:// or mailto:. Leave empty to remove the link.",
  linkInvalid: "Enter a web address starting with https://, http:// or mailto:.",
  footnoteTitle: "Footnote",
  footnoteText: "Text of the footnote",
  footnoteRequired: "Enter the text of the footnote.",
  sdgTitle: "Reference to a goal, target or indicator",
  sdgCode: "Code",
  sdgHelp: "A goal (3), a target (3.1 or 3.a) or an indicator (3.1.1).",
  sdgInvalid: "Enter a code like 3, 3.1, 3.a or 3.1.1 (goals 1 to 17).",
  sdgGoal: "Goal {ref}",
  sdgTarget: "Target {ref}",
  sdgIndicator: "Indicator {ref}",
  imageTitle: "Image",
  imageFile: "Image file",
  imageAlt: "Text alternative",
  imageAltHelp: "What the image shows, for readers who cannot see it.",
  imageFileRequired: "Choose an image file.",
  imageAltRequired: "Describe the image.",
  uploading: "Uploading…",
  uploadFailed: "The image could not be uploaded. Try again.",
  draftNotice: "Unsaved text from {time} was kept in this browser.",
  restoreDraft: "Restore it",
  discardDraft: "Discard",
};

export function loadStrings(doc) {
  const element = doc.getElementById("rich-editor-strings");
  if (!element) {
    return { ...DEFAULT_STRINGS };
  }
  try {
    const given = JSON.parse(element.textContent);
    const strings = { ...DEFAULT_STRINGS };
    for (const [key, value] of Object.entries(given || {})) {
      if (typeof value === "string" && value) {
        strings[key] = value;
      }
    }
    return strings;
  } catch {
    return { ...DEFAULT_STRINGS };
  }
}

export function format(text, values) {
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}
