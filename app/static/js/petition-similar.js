// While a petition is written, show the existing petitions that say much the same thing.
// Without JavaScript the same list appears on the review page before the petition starts.
(function () {
  "use strict";
  var form = document.querySelector("form[data-similar-url]");
  var box = document.getElementById("similar");
  if (!form || !box) { return; }
  var title = form.querySelector("[name=title]");
  var request = form.querySelector("[name=request]");
  var timer = null;
  var last = "";

  function refresh() {
    var query = "title=" + encodeURIComponent(title.value) + "&request=" + encodeURIComponent(request.value);
    if (query === last || (title.value + request.value).trim().length < 12) { return; }
    last = query;
    fetch(form.getAttribute("data-similar-url") + "?" + query, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (html && query === last) { box.innerHTML = html; box.hidden = false; }
      })
      .catch(function () { /* the review page shows the same list */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 700);
  }

  title.addEventListener("input", later);
  request.addEventListener("input", later);
})();
