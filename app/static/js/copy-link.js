// A button beside a link to pass on copies it; without JavaScript the field is there to copy by hand.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (box) {
    var field = box.querySelector("[data-copy-source]");
    var button = box.querySelector("[data-copy-button]");
    var status = box.querySelector("[data-copy-status]");
    if (!field || !button || !status) { return; }

    function copied() { status.textContent = button.getAttribute("data-copied"); }

    function byCommand() {
      field.focus();
      field.select();
      try { if (document.execCommand("copy")) { copied(); } } catch (error) { /* the text stays selected */ }
    }

    field.addEventListener("focus", function () { field.select(); });
    button.addEventListener("click", function () {
      status.textContent = "";
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(copied, byCommand);
      } else {
        byCommand();
      }
    });
    button.hidden = false;
  });
})();
