// The apply form sent back with mistakes: focus moves to the summary of them at the top of the
// form, so a screen reader reads it first and Tab goes on to its links to the fields. The form
// posts to #error-summary, which most browsers focus on their own; this is for the others.
(function () {
  "use strict";

  function focusSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
