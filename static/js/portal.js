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

  // --- Audience selects: saved when a choice is committed, never while someone browses the options ----------
  // A pointer choice commits at once. With the keyboard (where every arrow key changes the value), Enter or
  // leaving the select commits and Escape undoes; until then the form says the choice is not saved yet.
  function isCommitSelect(element) {
    return element && element.matches && element.matches("select[data-commit]");
  }

  function storedValue(select) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].defaultSelected) { return select.options[i].value; }
    }
    return select.options.length ? select.options[0].value : "";
  }

  function setPending(select, pending) {
    if (select.form) { select.form.classList.toggle("uncommitted", pending); }
  }

  // The chosen value travels with the request: if it waits in the row's queue behind another change, that change's
  // answer (the row as Graph then holds it) must not turn the select back before this one is sent.
  function commit(select) {
    select.dataset.keyboard = "";
    setPending(select, false);
    if (select.value !== storedValue(select)) {
      htmx.ajax("POST", select.form.getAttribute("hx-post"), {source: select.form, values: {allowed_audiences: select.value}});
    }
  }

  document.addEventListener("pointerdown", function (event) {
    if (isCommitSelect(event.target)) { event.target.dataset.keyboard = ""; }
  }, true);

  document.addEventListener("keydown", function (event) {
    var select = event.target;
    if (!isCommitSelect(select)) { return; }
    if (event.key === "Enter") {
      event.preventDefault();
      commit(select);
    } else if (event.key === "Escape") {
      select.value = storedValue(select);
      select.dataset.keyboard = "";
      setPending(select, false);
    } else if (["Tab", "Shift", "Control", "Alt", "Meta"].indexOf(event.key) === -1) {
      select.dataset.keyboard = "1";
    }
  }, true);

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!isCommitSelect(select)) { return; }
    if (select.dataset.keyboard) {
      setPending(select, select.value !== storedValue(select));
    } else {
      commit(select);
    }
  });

  document.addEventListener("focusout", function (event) {
    if (isCommitSelect(event.target) && event.target.dataset.keyboard) { commit(event.target); }
  });

  // A change that failed leaves the control at what Microsoft 365 last said (the server may also have sent the
  // row as it is now, already swapped in by then).
  function resetFailedControl(event) {
    var form = event.detail.elt;
    if (form && form.matches && form.matches("form.audience-form")) {
      form.reset();
      form.classList.remove("uncommitted");
    }
  }
  document.addEventListener("htmx:responseError", resetFailedControl);
  document.addEventListener("htmx:sendError", resetFailedControl);
  document.addEventListener("htmx:timeout", resetFailedControl);

  // A fresh request clears the last failure, in the alert region and beside the row or form it came from; success
  // is announced by the server ("status" event).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    var alerts = region("alerts");
    if (alerts && elt.closest && !elt.closest("#alerts")) { alerts.innerHTML = ""; }
    var scope = elt.closest && elt.closest("li, form");
    if (scope) {
      var slots = scope.querySelectorAll(".slot-message");
      for (var i = 0; i < slots.length; i++) { slots[i].innerHTML = ""; }
    }
    elt.setAttribute("aria-busy", "true");
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

  // A submission that only waited for a sign-in (a portal admin's first moderation, after consent) goes on by
  // itself when the page comes back: the server kept it and marked its form.
  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-resume-submit]");
    for (var i = 0; i < forms.length; i++) {
      forms[i].removeAttribute("data-resume-submit");
      forms[i].requestSubmit();
    }
  });
})();
