// Small progressive-enhancement glue for htmx. External (no inline scripts: see the Content-Security-Policy).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function region(id) { return document.getElementById(id); }

  function showAlert(text) {
    var alerts = region("alerts");
    if (!alerts) { return; }
    alerts.innerHTML = "";
    var box = document.createElement("div");
    box.className = "alert alert-error";
    box.setAttribute("role", "alert");
    box.textContent = text;
    alerts.appendChild(box);
  }

  // A fresh request clears the last failure; success is announced by the server ("status" event).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var alerts = region("alerts");
    if (alerts && event.detail.elt.closest && !event.detail.elt.closest("#alerts")) { alerts.innerHTML = ""; }
    event.detail.elt.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    event.detail.elt.removeAttribute("aria-busy");
  });

  document.addEventListener("htmx:sendError", function () {
    showAlert("The portal can't be reached. Check your connection and try again; what you typed is still here.");
  });
  document.addEventListener("htmx:timeout", function () {
    showAlert("The portal took too long to answer. Try again; what you typed is still here.");
  });

  document.addEventListener("status", function (event) {
    var status = region("status");
    if (status && event.detail.message) { status.textContent = event.detail.message; }
    if (event.detail.focus) {
      var target = document.querySelector(event.detail.focus);
      if (target) { target.focus(); }
    }
  });
})();
