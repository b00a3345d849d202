// @mention suggestions for the note box: as someone types "@ad", ask the server who matches
// and offer buttons that complete the handle. Works without it too: typed @handles count.
(function () {
  "use strict";
  var box = document.getElementById("note-body");
  var list = document.getElementById("mention-suggestions");
  if (!box || !list) return;

  function typedMention() {
    var before = box.value.slice(0, box.selectionStart);
    var match = before.match(/(^|\s)@([\w.+-]{1,60})$/);
    return match ? match[2] : null;
  }

  var timer = null;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    var typed = typedMention();
    if (!typed) { list.textContent = ""; return; }
    timer = setTimeout(function () {
      htmx.ajax("GET", box.dataset.mentionsUrl + "?q=" + encodeURIComponent(typed), { target: list, swap: "innerHTML" });
    }, 200);
  });

  list.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-handle]");
    if (!button) return;
    var typed = typedMention() || "";
    var start = box.selectionStart - typed.length;
    box.value = box.value.slice(0, start) + button.dataset.handle + " " + box.value.slice(box.selectionStart);
    box.focus();
    box.selectionStart = box.selectionEnd = start + button.dataset.handle.length + 1;
    list.textContent = "";
  });
})();
