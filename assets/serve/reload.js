// Added by `build.py serve` to every HTML page it sends: asks /__build for the build's version, reloads the
// page (reveal.js keeps the slide in the URL hash) when a rebuild succeeded, and shows a failed one over it.
// <html data-build-version> holds the version the page has seen.
(function () {
  var seen = null, box = null;
  function show(error) {
    if (!error) { if (box) { box.remove(); box = null; } return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "build-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50%;overflow:auto;margin:0;padding:1em;" +
        "background:#7f1d1d;color:#fff;font:14px monospace;z-index:9999;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = error + "\n(the traceback is in the terminal running build.py serve)";
  }
  function poll() {
    fetch("/__build", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (state) {
      if (seen !== null && state.version !== seen && !state.error) { location.reload(); return; }
      seen = state.version;
      document.documentElement.dataset.buildVersion = String(seen);
      show(state.error);
    }).catch(function () {}).then(function () { setTimeout(poll, 700); });
  }
  poll();
})();
