// The progress of a large export: polls the export's status every 1.5 s and moves the
// <progress> bar; when the file is ready (or the export failed) the page is reloaded, so it
// shows the download link. Without JavaScript the page's "Refresh" link does the same.
(function () {
  "use strict";

  var box = document.querySelector("[data-export-status-url]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-export-status-url");
  var bar = box.querySelector("progress");
  var percent = box.querySelector("[data-export-percent]");
  var message = box.querySelector("[data-export-message]");
  var live = box.querySelector("[data-export-live]");
  var refresh = box.querySelector("[data-export-refresh]");
  var INTERVAL = 1500;
  var announced = -1;

  if (refresh) {
    refresh.hidden = true;
  }

  function show(data) {
    bar.value = data.percent;
    bar.textContent = data.percent + "%";
    percent.textContent = data.percent + "%";
    message.textContent = data.message;
    // Screen readers hear the status and each tenth of the way, not every poll.
    var step = Math.floor(data.percent / 10);
    if (step !== announced) {
      announced = step;
      live.textContent = data.status_label + ": " + data.percent + "%";
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.status === "queued" || data.status === "running") {
          window.setTimeout(poll, INTERVAL);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        if (refresh) {
          refresh.hidden = false;
        }
        window.setTimeout(poll, INTERVAL * 4);
      });
  }

  window.setTimeout(poll, INTERVAL);
})();
