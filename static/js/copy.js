/* "Copy" buttons: a button with data-copy="<id of a field>" copies the field's text, and says
   so in its data-copied-status element (an aria-live region, so screen readers hear it too).
   Without the clipboard (an old browser, a page not served over https) the field's text is
   selected instead, for the person to copy herself. */
document.querySelectorAll("[data-copy]").forEach(function (button) {
  "use strict";
  var field = document.getElementById(button.getAttribute("data-copy"));
  var status = document.getElementById(button.getAttribute("data-copy-status"));
  if (!field) {
    return;
  }
  button.addEventListener("click", function () {
    function said(text) {
      if (status) {
        status.textContent = text;
      }
    }
    function select() {
      field.focus();
      field.select();
      said(button.getAttribute("data-select-text") || "");
    }
    if (!navigator.clipboard || !window.isSecureContext) {
      select();
      return;
    }
    navigator.clipboard.writeText(field.value).then(function () {
      said(button.getAttribute("data-copied-text") || "");
    }, select);
  });
});
