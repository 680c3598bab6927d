// Warn before leaving a page whose form has changes not saved yet: any
// <form data-warn-unsaved> (the section editor). The browser shows its own "leave the
// page?" question; the form's values are compared with those it had once the page (and
// the rich-text editor, which writes its text into the form's textarea) was ready.
// Submitting the form leaves without a warning. Without JavaScript nothing changes.
(function () {
  "use strict";
  function snapshot(form) {
    var values = [];
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") { return; }
      values.push([name, typeof value === "string" ? value : value.name + ":" + value.size]);
    });
    return JSON.stringify(values);
  }
  function init() {
    var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-warn-unsaved]"));
    if (!forms.length) { return; }
    var leaving = false;
    var initial = forms.map(snapshot);
    forms.forEach(function (form) {
      form.addEventListener("submit", function () { leaving = true; });
    });
    window.addEventListener("beforeunload", function (event) {
      if (leaving) { return; }
      var changed = forms.some(function (form, index) { return snapshot(form) !== initial[index]; });
      if (!changed) { return; }
      event.preventDefault();
      // Older browsers show a question only when returnValue is set; none shows its text.
      event.returnValue = forms[0].getAttribute("data-warn-unsaved") || "unsaved";
      return event.returnValue;
    });
  }
  // After the deferred scripts (the editor enhances its textarea when it runs).
  if (document.readyState === "complete") { init(); } else { window.addEventListener("load", init); }
})();
