// Controls added to a code cell: Copy wherever its code is shown; Edit and Run when a kernel is at hand.

import { OutputArea } from "./outputs.js";

// live: null (copy only) or {kernel: DeckKernel, cell: the deck's code cell {index, source, tags, ...},
// codeEditor: editor.js's factory, given by presenter.js so that the site's live.js never bundles CodeMirror}.
export function decorate(cell, live) {
  const editor = cell.querySelector(".jp-InputArea-editor");
  const bar = document.createElement("div");
  bar.className = "live-toolbar";
  let editing = null; // the code editor, once Edit is pressed: kept (with its edits) until the page reloads
  const code = () => {
    if (editing) { return editing.text(); }
    return live ? live.cell.source : editor.querySelector("pre").textContent.replace(/\n$/, "");
  };
  const run = () => runCell(cell, live, code());
  if (editor) { bar.append(button("Copy", "live-copy", "Copy the code", (node) => copy(code(), node))); }
  if (live && editor) {
    const outputs = cell.querySelector(":scope > .jp-Cell-outputWrapper");
    const built = { code: live.cell.source, outputs: outputs && outputs.cloneNode(true) };
    const restore = () => restoreCell(cell, built, editing);
    const edit = () => {
      if (!editing) {
        editing = live.codeEditor(code(), { run, restore });
        editor.classList.add("live-editing");
        editor.append(editing.dom);
      }
      editing.focus();
    };
    bar.append(button("Edit", "live-edit", "Edit the code (then Shift+Enter runs it, Alt+R restores the built code "
      + "and output)", edit));
  }
  if (live) { bar.append(button("Run", "live-run", "Run on the deck's kernel (Shift+Enter while editing)", run)); }
  if (bar.childElementCount) {
    cell.classList.add("live-cell");
    cell.append(bar);
  }
}

function button(label, className, title, action) {
  const node = document.createElement("button");
  node.type = "button";
  node.className = className;
  node.textContent = label;
  node.title = title;
  node.addEventListener("click", (event) => { event.stopPropagation(); action(node); });
  return node;
}

// Alt+R: the code and outputs the build gave the cell, back on the slide (and on the class's copies).
function restoreCell(cell, built, editing) {
  if (editing) { editing.setText(built.code); }
  const outputs = cell.querySelector(":scope > .jp-Cell-outputWrapper");
  if (outputs) { outputs.remove(); }
  if (built.outputs) { cell.append(built.outputs.cloneNode(true)); }
  cell.dispatchEvent(new CustomEvent("live-ran", { bubbles: true, detail: { code: built.code } }));
}

async function runCell(cell, live, code) {
  const area = new OutputArea(cell);
  const prompt = cell.querySelector(".jp-InputPrompt");
  cell.classList.add("live-running");
  if (prompt) { prompt.textContent = "In [*]:"; }
  try {
    const reply = await live.kernel.run(live.cell.index, code, area);
    if (prompt) { prompt.textContent = `In [${reply.execution_count ?? " "}]:`; }
  } catch (error) {
    area.addNote(`Not run: ${error.message || error}`);
    if (prompt) { prompt.textContent = "In [ ]:"; }
  } finally {
    cell.classList.remove("live-running");
    cell.dispatchEvent(new CustomEvent("live-ran", { bubbles: true, detail: { code } })); // for the class, if any
  }
}

async function copy(text, node) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (error) { // no asynchronous clipboard (a page opened from disk): the old way
    const scratch = document.createElement("textarea");
    scratch.value = text;
    scratch.style.cssText = "position:fixed;opacity:0";
    document.body.append(scratch);
    scratch.select();
    document.execCommand("copy");
    scratch.remove();
  }
  node.textContent = "Copied";
  setTimeout(() => { node.textContent = "Copy"; }, 1200);
}
