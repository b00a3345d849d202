// Actions that ask first (advance with the stage email, reject with its email): a link marked
// data-dialog opens its page's fragment in a modal <dialog> instead of leaving the page. The
// link works without JavaScript: it opens the same form as a page.
(function () {
  "use strict";

  function dialog() {
    var element = document.getElementById("action-dialog");
    if (!element) {
      element = document.createElement("dialog");
      element.id = "action-dialog";
      element.className = "action-dialog";
      element.setAttribute("aria-labelledby", "action-dialog-title");
      document.body.appendChild(element);
    }
    return element;
  }

  function open(url) {
    var element = dialog();
    return htmx.ajax("GET", url, { target: element, swap: "innerHTML" }).then(function () {
      if (!element.open) element.showModal();
      var first = element.querySelector("[autofocus]");
      if (first) first.focus();
    });
  }

  document.addEventListener("click", function (event) {
    var close = event.target.closest("[data-close-dialog]");
    if (close && close.closest("dialog")) {
      event.preventDefault();
      close.closest("dialog").close();
      return;
    }
    var link = event.target.closest("a[data-dialog]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    open(link.href);
  });

  document.addEventListener("shortlist:close-dialog", function () {
    var element = document.getElementById("action-dialog");
    if (element && element.open) element.close();
  });

  window.shortlistDialog = { open: open };
})();
