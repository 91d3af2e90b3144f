// ASAN Login gives its token only to a script that asks with ASAN's own cookie: fetch it and post it to Ovoz with the
// state of this sign-in. Without a token the form goes anyway, and Ovoz says the sign-in was not confirmed. The page
// says what to do without JavaScript until this runs: it says "one moment" instead.
(function () {
  "use strict";
  var form = document.querySelector("[data-asan-relay]");
  if (!form) { return; }
  var without = document.querySelector("[data-asan-relay-without]");
  if (without) { without.hidden = true; }
  form.querySelector("[data-asan-relay-status]").hidden = false;
  function send(token) {
    form.elements.token.value = token || "";
    form.submit();
  }
  fetch(form.getAttribute("data-token-url"), { credentials: "include" })
    .then(function (response) { return response.json(); })
    .then(function (body) { send(body && body.data && body.data.token); }, function () { send(""); });
})();
