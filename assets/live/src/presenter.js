// The live-code client, loaded by live.js only on pages served by `build.py present`: Edit and Run on every
// code cell, the deck's kernel kept in step with the slides, its state and a restart control in a corner.

import { decorate } from "./cells.js";
import { codeEditor } from "./editor.js";
import { DeckKernel } from "./kernel.js";
import { connectClass } from "./classlink.js";

const LABELS = {
  starting: "starting", idle: "idle", busy: "busy", restarting: "restarting", autorestarting: "restarting",
  dead: "dead", unknown: "starting", terminating: "stopping", mismatch: "page out of date",
};

function main(settings) {
  forgetToken();
  const cells = [...document.querySelectorAll(".reveal .slides .jp-CodeCell")];
  const shown = settings.cells.map((cell, index) => ({ ...cell, index })).filter((cell) => cell.shown !== null);
  const indicator = kernelIndicator(settings.cells.length);
  if (shown.length !== cells.length) { // the page was built from another version of the source
    cells.forEach((cell) => decorate(cell, null));
    indicator.show("mismatch", `${cells.length} code cells on the page, ${shown.length} in the source: rebuild`);
    return;
  }
  const kernel = new DeckKernel(settings, indicator.show, indicator.progress);
  indicator.onRestart(() => kernel.restart().catch((error) => indicator.show("dead", String(error))));
  cells.forEach((cell, position) => decorate(cell, { kernel, cell: shown[position], codeEditor }));
  const start = () => {
    const { h, v } = Reveal.getIndices();
    kernel.position = [h, v || 0];
    kernel.start().catch((error) => indicator.show("dead", String(error)));
  };
  Reveal.on("slidechanged", (event) => kernel.follow(event.indexh, event.indexv || 0));
  if (Reveal.isReady()) { start(); } else { Reveal.on("ready", start); }
  if (settings.classroom) { connectClass(settings); }
  addEventListener("pagehide", () => kernel.close());
  addEventListener("pageshow", (event) => { if (event.persisted) { start(); } }); // back from the page cache
}

// The token came in the address (?token=...): the server has set its cookie, so keep the token out of the
// history, bookmarks and the Referer of links.
function forgetToken() {
  const url = new URL(location.href);
  if (url.searchParams.has("token")) {
    url.searchParams.delete("token");
    history.replaceState(history.state, "", url.href);
  }
}

function kernelIndicator(total) {
  const box = document.createElement("div");
  box.id = "live-kernel";
  box.setAttribute("role", "status");  // its state changes are announced
  const label = document.createElement("span");
  label.className = "live-state";
  const restart = document.createElement("button");
  restart.type = "button";
  restart.className = "live-restart";
  restart.textContent = "\u21bb";
  restart.title = "Restart the kernel (the cells before this slide run again)";
  restart.setAttribute("aria-label", restart.title);
  box.append(label, restart);
  document.body.append(box);
  let detail = "";
  let warning = "";
  const describe = () => {
    box.title = [detail, `${box.dataset.ran || 0} of ${total} code cells run`, warning].filter(Boolean).join("\n");
  };
  return {
    show(state, text = "") {
      if (state === "warning") { warning = text; describe(); return; }
      detail = text;
      box.dataset.state = state;
      label.textContent = `kernel ${LABELS[state] || state}${text && state === "busy" ? ` (${text})` : ""}`;
      describe();
    },
    progress(count) { box.dataset.ran = count; describe(); },
    onRestart(action) { restart.addEventListener("click", action); },
  };
}

main(window.COURSE_LIVE);
