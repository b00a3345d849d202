// Keyboard shortcuts on the candidate profile: j/k (or the arrows) walk the stage, a advances,
// r rejects, ? lists them. Keys typed into a field, or with a modifier, are left alone.
(function () {
  "use strict";
  var help = document.getElementById("shortcuts-help");
  var helpButton = document.getElementById("shortcuts-button");

  function typing(target) {
    if (!target || !target.closest) return false;
    return Boolean(target.closest("input, textarea, select, [contenteditable], [contenteditable=''], [contenteditable='true']"));
  }

  function follow(selector) {
    var link = document.querySelector(selector);
    if (link) link.click();
  }

  function showHelp() {
    if (help && !help.open) help.showModal();
  }

  if (helpButton) helpButton.addEventListener("click", showHelp);

  var actions = {
    j: function () { follow("a[rel=next]"); },
    ArrowRight: function () { follow("a[rel=next]"); },
    k: function () { follow("a[rel=prev]"); },
    ArrowLeft: function () { follow("a[rel=prev]"); },
    a: function () { follow("#advance-button"); },
    r: function () { follow("#reject-button"); },
    "?": showHelp,
  };

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target) || document.querySelector("dialog[open]")) return;
    var action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });
})();
