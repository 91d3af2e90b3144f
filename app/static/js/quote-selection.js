// Selecting a passage of the provision copies it into the "passage you comment on" field.
// Without JavaScript the field can be filled by hand, or left empty for the whole provision.
(function () {
  "use strict";
  var text = document.getElementById("provision-text");
  var field = document.querySelector("#comment-form [name=quote]");
  if (!text || !field) { return; }
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !text.contains(selection.anchorNode)) { return; }
    var quoted = selection.toString().trim();
    if (quoted) { field.value = quoted; }
  });
})();
