// Choosing a prepared answer in the moderation page's menu puts its text in the answer
// box: <form data-prepared-answers> holds the bodies as JSON (#prepared-answer-bodies,
// by template id). Text the moderator typed is replaced only after asking
// (data-replace-question). Without JavaScript, the links above the form do the same.
(function () {
  "use strict";
  function init() {
    var form = document.querySelector("form[data-prepared-answers]");
    var data = document.getElementById("prepared-answer-bodies");
    if (!form || !data) { return; }
    var bodies = JSON.parse(data.textContent);
    var menu = form.querySelector("select[name=template]");
    var box = form.querySelector("textarea[name=body]");
    if (!menu || !box) { return; }
    var lastFilled = box.value;
    menu.addEventListener("change", function () {
      var body = bodies[menu.value];
      if (body === undefined) { return; }
      var typed = box.value.trim() !== "" && box.value !== lastFilled;
      if (typed && !window.confirm(form.getAttribute("data-replace-question") || "")) { return; }
      box.value = body;
      lastFilled = body;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
