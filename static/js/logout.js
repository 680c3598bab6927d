// At logout, forget the unsaved texts that the rich-text editor keeps in this browser's
// storage (localStorage, see frontend/editor/src/draft.js), so that the next person at this
// computer cannot read them. The logout answer also sends `Clear-Site-Data: "storage"`,
// which clears all of the portal's storage; this covers browsers that ignore that header
// (and plain-HTTP sites, where browsers do not apply it).
// The editor's draft keys are the data-draft-key of its textarea: "section-<id>"
// (reviews/drafting/forms/sections.py) and "report-<id>-<question>"
// (reviews/reporting/forms/progress_reports.py).
(function () {
  "use strict";
  var DRAFT_KEY = /^(section-\d+|report-\d+-.+)$/;

  function clearDrafts() {
    var storage;
    try {
      storage = window.localStorage;
    } catch (error) {
      return; // Storage forbidden: nothing was kept.
    }
    if (!storage) { return; }
    var keys = [];
    for (var i = 0; i < storage.length; i += 1) {
      var key = storage.key(i);
      if (key !== null && DRAFT_KEY.test(key)) { keys.push(key); }
    }
    keys.forEach(function (key) {
      try {
        storage.removeItem(key);
      } catch (error) {
        // Forbidden: nothing more to do.
      }
    });
  }

  // Every logout form carries data-logout (templates/includes/header.html and the public
  // portal's layout). Capture phase: before anything else can stop the submit.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.hasAttribute && form.hasAttribute("data-logout")) { clearDrafts(); }
  }, true);
}());
