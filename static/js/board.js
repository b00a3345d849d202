// The pipeline board: drag cards between columns (and within one, in manual order).
// Every drop posts to the card's move URL; the server answers with the columns as they really
// are (out-of-band swaps), so a refused or stale move snaps back by itself.
(function () {
  "use strict";

  function neighbour(card, direction) {
    var node = card[direction];
    while (node && !node.classList.contains("card")) node = node[direction];
    return node ? node.dataset.id : "";
  }

  function onEnd(event) {
    if (event.from === event.to && event.oldIndex === event.newIndex) return;
    var card = event.item;
    var values = {
      stage: event.to.dataset.stage,
      version: card.dataset.version,
      after: neighbour(card, "previousElementSibling"),
      before: neighbour(card, "nextElementSibling"),
    };
    var filters = document.getElementById("board-filters");
    if (filters) new FormData(filters).forEach(function (value, key) { values[key] = value; });
    var form = card.querySelector("form.move-form");
    htmx.ajax("POST", form.getAttribute("action"), { source: card, values: values, swap: "none" });
  }

  function init(root) {
    root.querySelectorAll("[data-sortable]").forEach(function (list) {
      if (list.dataset.sortableReady) return;
      list.dataset.sortableReady = "1";
      Sortable.create(list, {
        group: "board",
        draggable: ".card.is-open",
        filter: "select, button, input, a, label, summary",
        preventOnFilter: false,
        sort: list.dataset.manual === "true",
        animation: 150,
        onEnd: onEnd,
      });
    });
  }

  // One card's move menu open at a time: a click elsewhere (another "Move" too) closes it;
  // Escape does too, giving the focus back to its "Move".
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.card-move[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.open = false;
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = event.target.closest && event.target.closest("details.card-move[open]");
    if (!menu) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });

  htmx.onLoad(init);
})();
