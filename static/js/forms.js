/* A form sent with mistakes: its error summary (templates/includes/form_errors.html, the export form's own) takes the
   focus, so a screen reader reads it first and a keyboard user starts from it; each of its links
   moves the focus to the field it names, with the field's label or legend in view. */
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest('a[href^="#"]');
    if (!link) {
      return;
    }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) {
      return;
    }
    var control = target.matches("input, select, textarea")
      ? target
      : target.querySelector("input:not([type=hidden]), select, textarea");
    if (!control) {
      return;
    }
    event.preventDefault();
    var fieldset = control.closest("fieldset");
    var label = (fieldset && fieldset.querySelector("legend")) || control.labels && control.labels[0];
    (label || control).scrollIntoView({ block: "start" });
    control.focus({ preventScroll: true });
  });
})();
