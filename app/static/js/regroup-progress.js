// After "Regroup now": show the refinement job's progress and reload the groups when it is done.
// Without JavaScript the page says the job has started and offers a link to reload.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-url]");
  if (!box) { return; }
  var bar = box.querySelector("progress");

  function poll() {
    fetch(box.getAttribute("data-job-url"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { status: "failed" }; })
      .then(function (job) {
        bar.value = job.progress || 0;
        if (job.status === "finished") {
          window.location.assign(box.getAttribute("data-done-url"));
        } else if (job.status === "failed" || job.status === "canceled" || job.status === "stopped") {
          box.querySelector("p").textContent = box.getAttribute("data-failed-text");
        } else {
          setTimeout(poll, 1000);
        }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }

  poll();
})();
