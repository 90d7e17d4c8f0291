// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Bring the error summary into view and focus, so screen readers announce it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // A print button makes sense only where a script can print.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // Printed, a result shows every folded section (print CSS does it where the browser
  // supports ::details-content; this does it everywhere), then folds them back.
  var folded = [];
  window.addEventListener("beforeprint", function () {
    folded = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"),
      function (details) { details.open = true; return true; });
  });
  window.addEventListener("afterprint", function () {
    folded.forEach(function (details) { details.open = false; });
    folded = [];
  });

  // Switching language or ふりがな in the middle of a form keeps what was typed: the form
  // is sent with the new choice instead of following the plain link.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-switch-language], [data-switch-furigana]");
    var form = document.querySelector("form[data-keeps-typing]");
    if (!link || !form) { return; }
    event.preventDefault();
    var input = document.createElement("input");
    var name = link.hasAttribute("data-switch-language") ? "switch_language" : "switch_furigana";
    input.type = "hidden";
    input.name = name;
    input.value = link.getAttribute("data-" + name.replace("_", "-"));
    form.appendChild(input);
    form.submit();
  });
})();
