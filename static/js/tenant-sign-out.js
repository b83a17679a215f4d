// The local tenant's end-session page: once the front-channel logout iframes have loaded (the window's load event
// waits for them), or after a few seconds at most, continue to the application's post_logout_redirect_uri.
// External script: the Content-Security-Policy allows no inline one.
(function () {
  "use strict";
  var next = document.querySelector("a[data-continue-to]");
  if (!next) { return; }
  var gone = false;

  function go() {
    if (gone) { return; }
    gone = true;
    window.location.replace(next.href);
  }

  window.addEventListener("load", go);  // deferred scripts run before it, so it is never missed
  window.setTimeout(go, 3000);
}());
