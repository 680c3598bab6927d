// Comment on a passage: select words in the section's text, then press the button to
// copy them into the comment's "passage" field. Without JavaScript the field is a plain
// textarea to paste into, so this only saves copying.
(function () {
  "use strict";
  function init() {
    var source = document.querySelector("[data-comment-source]");
    var quote = document.querySelector("[data-comment-quote]");
    if (!source || !quote) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-primary mt-2";
    button.textContent = quote.form.getAttribute("data-anchor-label") || "Comment on the selection";
    button.disabled = true;
    source.insertAdjacentElement("afterend", button);
    function selectedText() {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) { return ""; }
      var range = selection.getRangeAt(0);
      if (!source.contains(range.commonAncestorContainer)) { return ""; }
      return selection.toString().trim();
    }
    // Kept from the last selection: pressing the button may clear the selection itself.
    var lastText = "";
    document.addEventListener("selectionchange", function () {
      var text = selectedText();
      if (text) { lastText = text; }
      button.disabled = lastText === "";
    });
    button.addEventListener("click", function () {
      var text = selectedText() || lastText;
      if (!text) { return; }
      quote.value = text.slice(0, 2000);
      var body = quote.form.querySelector("textarea[name=body]");
      (body || quote).focus();
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
