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
        // On a touch screen a swipe scrolls (to the next column, or down the page); holding a
        // card a moment picks it up. A mouse drags at once, as before.
        delay: 250,
        delayOnTouchOnly: true,
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

  // The phone's stage switcher: its links jump to a column without a script; with one, the
  // jump stays inside the board (the page keeps its place) and the link of the column in view
  // is marked as current while swiping.
  function markCurrent(board, switcher) {
    var columns = board.querySelectorAll(".column");
    var index = Math.round(board.scrollLeft / Math.max(board.clientWidth, 1));
    var current = columns[Math.min(index, columns.length - 1)];
    switcher.querySelectorAll("a[data-column]").forEach(function (link) {
      if (current && link.dataset.column === current.id) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
  }

  function initSwitcher(root) {
    var switcher = root.querySelector ? root.querySelector(".stage-switcher") : null;
    if (!switcher && root.classList && root.classList.contains("stage-switcher")) switcher = root;
    if (!switcher || switcher.dataset.ready) return;
    switcher.dataset.ready = "1";
    var board = switcher.parentElement.querySelector(".board");
    if (!board) return;
    switcher.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-column]");
      var column = link && document.getElementById(link.dataset.column);
      if (!column) return;
      event.preventDefault();
      board.scrollTo({ left: column.offsetLeft, behavior: "smooth" });  // .board is positioned
      // Deep down a long column, the next one starts at its top: go back up to it.
      var above = board.getBoundingClientRect().top - switcher.offsetHeight;
      if (above < 0) window.scrollBy({ top: above, behavior: "smooth" });
      link.setAttribute("aria-current", "true");
      column.querySelector("h2").setAttribute("tabindex", "-1");
      column.querySelector("h2").focus({ preventScroll: true });
    });
    var pending = false;
    board.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; markCurrent(board, switcher); });
    }, { passive: true });
  }

  htmx.onLoad(init);
  htmx.onLoad(initSwitcher);
})();
