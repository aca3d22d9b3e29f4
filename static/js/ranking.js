/* A mentee's ranking of a match round: drag a mentor to a new place. The page works without
   this script (up/down buttons are plain forms); with it, the list items are draggable with
   the browser's own drag events, and dropping one posts the whole new order through the
   page's hidden order form (the server checks it and renumbers). */
(function () {
  "use strict";
  var list = document.getElementById("ranking");
  var form = document.getElementById("order-form");
  var input = document.getElementById("order-input");
  var help = document.getElementById("drag-help");
  if (!list || !form || !input) {
    return;
  }
  if (help) {
    help.hidden = false;
  }
  var dragged = null;

  function items() {
    return Array.prototype.slice.call(list.querySelectorAll(".ranking-item"));
  }

  function order() {
    return items().map(function (item) {
      return item.getAttribute("data-id");
    });
  }

  var before = order().join(",");

  list.addEventListener("dragstart", function (event) {
    dragged = event.target.closest(".ranking-item");
    if (!dragged) {
      return;
    }
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.getAttribute("data-id"));
  });

  list.addEventListener("dragover", function (event) {
    if (!dragged) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    var over = event.target.closest(".ranking-item");
    if (!over || over === dragged) {
      return;
    }
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? over.nextSibling : over);
  });

  list.addEventListener("drop", function (event) {
    event.preventDefault();
  });

  list.addEventListener("dragend", function () {
    if (!dragged) {
      return;
    }
    dragged.classList.remove("dragging");
    dragged = null;
    var now = order().join(",");
    if (now !== before) {
      input.value = now;
      form.submit();
    }
  });
})();
