// Small progressive-enhancement glue for htmx. External (no inline scripts: see the Content-Security-Policy).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function region(id) { return document.getElementById(id); }

  // The alert the server sends, from base.html's <template>, with one of the messages it carries (data-unreachable,
  // data-timeout): words in the page's language that were there before the portal stopped answering.
  function showAlert(message) {
    var alerts = region("alerts");
    var template = document.getElementById("alert-template");
    if (!alerts || !template) { return; }
    var box = template.content.firstElementChild.cloneNode(true);
    box.querySelector("span").textContent = template.getAttribute("data-" + message);
    alerts.innerHTML = "";
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

  // A choice being made with the keyboard is the person's until they commit or undo it: the answer to another
  // change of the same row (morphed in) must not turn the select back under their fingers.
  function choosing(form) {
    var select = form.querySelector("select[data-commit]");
    return select && select.dataset.keyboard && select.value !== storedValue(select);
  }
  if (window.Idiomorph) {
    var beforeNodeMorphed = Idiomorph.defaults.callbacks.beforeNodeMorphed;
    Idiomorph.defaults.callbacks.beforeNodeMorphed = function (oldNode, newNode) {
      if (oldNode.nodeType === 1 && oldNode.matches("form.audience-form") && choosing(oldNode)) { return false; }
      return beforeNodeMorphed ? beforeNodeMorphed(oldNode, newNode) : true;
    };
  }

  // A change that failed leaves the control at what Microsoft 365 last said (the server may also have sent the
  // row as it is now, already swapped in by then); a filter that failed goes back to the one the list shows.
  function resetFailedControl(event) {
    var form = event.detail.elt;
    if (form && form.matches && form.matches("form.audience-form, form.filters")) {
      // Words typed in a search are the person's: a filter that failed goes back, they stay.
      var search = form.querySelector("input[type=search]");
      var typed = search ? search.value : null;
      form.reset();
      if (search) { search.value = typed; }
      form.classList.remove("uncommitted");
    }
  }
  document.addEventListener("htmx:responseError", resetFailedControl);
  document.addEventListener("htmx:sendError", resetFailedControl);
  document.addEventListener("htmx:timeout", resetFailedControl);

  // A click that waits in a row's queue shows it is waiting, until its request has been answered.
  document.addEventListener("htmx:confirm", function (event) {
    var elt = event.detail.elt;
    if (elt.closest && elt.closest("li.interest")) {
      elt.classList.add("waiting");
      // htmx asks again when a queued request is finally sent: the person asked at the first of these.
      if (!askedAt.has(elt)) { askedAt.set(elt, Date.now()); }
    }
    // A moderation with no reason yet goes straight to the server, which asks for one: no "Delete?" question first.
    var form = elt.closest && elt.closest("form.moderation-form");
    var reason = form && form.querySelector("textarea[name=reason]");
    if (event.detail.question && reason && reason.value.trim().length < Math.max(reason.minLength, 1)) {
      event.preventDefault();
      event.detail.issueRequest(true);
    }
  });

  // A form being saved is read-only until the answer comes (its values are already on their way), so nothing typed
  // meanwhile is lost to the form the answer brings.
  function lockForm(form, locked) {
    var fields = form.querySelectorAll("input:not([type=hidden]), textarea, select");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].matches("input[type=checkbox], input[type=radio], select")) {
        if (locked) { fields[i].dataset.lockedDisabled = fields[i].disabled ? "1" : ""; }
        fields[i].disabled = locked ? true : fields[i].dataset.lockedDisabled === "1";
      } else {
        fields[i].readOnly = locked;
      }
    }
    form.classList.toggle("saving", locked);
  }

  // Keys typed into a form being saved do nothing (a read-only field would scroll the page on Space or End).
  document.addEventListener("keydown", function (event) {
    var form = event.target.closest && event.target.closest("form.saving");
    if (form && ["Tab", "Shift", "Control", "Alt", "Meta", "Escape"].indexOf(event.key) === -1) {
      event.preventDefault();
    }
  }, true);

  // When a change to a row fails while later clicks on that row wait in its queue, its failure must stay in view:
  // the waiting requests neither clear it nor, with their answers, wipe it from beside the row.
  var askedAt = new WeakMap();  // element -> when the person asked (htmx:confirm)
  var rowFailures = new Map();  // row id -> {at, html} of the row's last failure
  function askedBeforeFailure(elt) {
    var row = elt.closest && elt.closest("li.interest");
    var failure = row && rowFailures.get(row.id);
    return failure && (askedAt.get(elt) || 0) < failure.at ? failure : null;
  }

  // A fresh request clears the last outcome, in the message bar and beside the row or form it came from; the
  // server announces the new one ("status" event).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    // A request the person did not make as such (what the audience being chosen means: data-quiet) is no outcome
    // of theirs: every message stays.
    if (elt.closest && elt.closest("[data-quiet]")) { return; }
    var kept = askedBeforeFailure(elt);
    var alerts = region("alerts");
    var status = region("status");
    if (!kept) {
      if (alerts && elt.closest && !elt.closest("#alerts")) { alerts.innerHTML = ""; }
      if (status) { status.textContent = ""; }
      // The last confirmation beside a row or form is the last outcome too, wherever it stands.
      var done = document.querySelectorAll(".slot-done");
      for (var d = 0; d < done.length; d++) { done[d].innerHTML = ""; }
      var scope = elt.closest && (elt.closest("li.interest") || elt.closest("form"));
      if (scope) {
        var slots = scope.querySelectorAll(".slot-message");
        for (var i = 0; i < slots.length; i++) { slots[i].innerHTML = ""; }
        rowFailures.delete(scope.id);
      }
    }
    if (elt.matches("form[data-lock-while-saving]")) { lockForm(elt, true); }
    elt.setAttribute("aria-busy", "true");
  });
  function requestEnded(event) {
    var elt = event.detail.elt;
    if (elt.closest && elt.closest("[data-quiet]")) { return; }
    elt.removeAttribute("aria-busy");
    elt.classList.remove("waiting");
    if (elt.matches && elt.matches("form[data-lock-while-saving]")) { lockForm(elt, false); }
    var row = elt.closest && elt.closest("li.interest");
    if (!row) { return; }
    var slot = row.querySelector(".slot-message:not(.slot-done)");  // the row's failure, not its confirmation
    if (!event.detail.successful && slot && slot.innerHTML.trim()) {
      rowFailures.set(row.id, {at: Date.now(), html: slot.innerHTML});
    } else {
      var kept = askedBeforeFailure(elt);
      if (kept && slot) { slot.innerHTML = kept.html; }  // the answer's row came with an empty slot: put it back
    }
    askedAt.delete(elt);
  }
  document.addEventListener("htmx:afterRequest", requestEnded);
  // A notice that says a request is under way ("finishing your moderation…") goes once it is answered, however it
  // went (htmx fires afterRequest on errors and timeouts too): the outcome is then said in its place.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form");
    var notices = form ? form.querySelectorAll("[data-until-answered]") : [];
    for (var i = 0; i < notices.length; i++) { notices[i].parentNode.removeChild(notices[i]); }
  });
  // Whatever went wrong with the answer, a form is never left locked.
  ["htmx:targetError", "htmx:swapError", "htmx:onLoadError"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form[data-lock-while-saving]");
      if (form) { lockForm(form, false); }
    });
  });

  // A filter that was applied is what a failed one later goes back to (see resetFailedControl); a search typed
  // (its own request, from inside the form) is applied too.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form.filters");
    if (!event.detail.successful || !form) { return; }
    for (var i = 0; i < form.elements.length; i++) {
      var field = form.elements[i];
      if (field.tagName === "SELECT") {
        for (var j = 0; j < field.options.length; j++) { field.options[j].defaultSelected = field.options[j].selected; }
      } else if ("defaultValue" in field) {
        field.defaultValue = field.value;
      }
    }
  });

  // An alert whose message also stands beside the row or form it is about leaves the message bar after a while
  // (screen readers have read it; the message beside stays), so the bar does not cover the page for long.
  document.addEventListener("htmx:afterSwap", function () {
    var alert = document.querySelector("#alerts [data-also-beside]");
    if (alert) {
      setTimeout(function () { if (alert.parentNode) { alert.parentNode.removeChild(alert); } }, 8000);
    }
  });

  // A link to a form further down ("Add an interest", data-jump-to) takes focus to its first field, the form in
  // view; without JavaScript it is an ordinary link to the form.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-jump-to]");
    var field = link && document.querySelector(link.getAttribute("data-jump-to"));
    if (!field) { return; }
    event.preventDefault();
    var section = (link.hash && document.getElementById(link.hash.slice(1))) || field;
    section.scrollIntoView({block: "start"});
    field.focus({preventScroll: true});
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-dismiss]")) {
      var alerts = region("alerts");
      if (alerts) { alerts.innerHTML = ""; }
    }
  });

  // Escape in a row's edit form cancels it, as its Cancel button does: the row comes back as Graph holds it and focus
  // goes to its Edit button (views.interest_row). Not while it is being saved, nor while a select's list is open.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented) { return; }
    var form = event.target.closest && event.target.closest("li.interest-editing form:not(.saving)");
    var cancel = form && form.querySelector("[data-cancel-edit]");
    if (cancel) { cancel.click(); }
  });

  // Escape dismisses the message bar's alert from wherever focus is (its Dismiss button is last on the page).
  // An audience select undoes its pending choice on the same key first (above); both are what Escape means.
  document.addEventListener("keydown", function (event) {
    var alerts = region("alerts");
    if (event.key === "Escape" && alerts && alerts.firstChild) { alerts.innerHTML = ""; }
  });

  document.addEventListener("htmx:sendError", function () {
    showAlert("unreachable");
  });
  document.addEventListener("htmx:timeout", function () {
    showAlert("timeout");
  });

  // A confirmation fades after a while (it stays in the status line until then, and screen readers have read it);
  // failures stay until dismissed or the next request.
  var statusTimer = null;
  document.addEventListener("status", function (event) {
    var status = region("status");
    if (status && event.detail.message) {
      status.textContent = event.detail.message;
      status.classList.toggle("status-problem", event.detail.tone === "problem");
      clearTimeout(statusTimer);
      statusTimer = setTimeout(function () { status.textContent = ""; }, 10000);
    }
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
