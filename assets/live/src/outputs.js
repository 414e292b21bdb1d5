// Kernel messages rendered into a slide, with the markup (and so the styles) nbconvert gives build-time outputs.

const IMAGES = ["image/png", "image/jpeg", "image/gif"];
const ANSI_COLORS = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"];

export class OutputArea {
  // Replaces a code cell's build-time outputs with the outputs of one live execution.
  constructor(cell) {
    let wrapper = cell.querySelector(":scope > .jp-Cell-outputWrapper");
    if (!wrapper) {
      wrapper = element("div", "jp-Cell-outputWrapper");
      wrapper.append(element("div", "jp-Collapser jp-OutputCollapser jp-Cell-outputCollapser"),
        element("div", "jp-OutputArea jp-Cell-outputArea"));
      cell.append(wrapper);
    }
    cell.classList.remove("jp-mod-noOutputs");
    this.area = wrapper.querySelector(".jp-OutputArea");
    this.area.classList.add("live-output");
    this.area.setAttribute("aria-live", "polite");  // a screen reader announces the new output
    this.area.setAttribute("aria-label", "Output of the cell");
    this.area.replaceChildren();
    this.displays = new Map(); // display_id -> the elements showing it
    this.stream = null; // the last stream output, which the next chunk of the same stream extends
    this.clearOnNext = false;
  }

  handle(message) {
    const content = message.content;
    switch (message.header.msg_type) {
      case "stream": return this.addStream(content.name, content.text);
      case "error": return this.addError(content);
      case "execute_result": return this.addData(content, `Out[${content.execution_count}]:`);
      case "display_data": return this.addData(content, "");
      case "update_display_data": return this.updateData(content);
      case "clear_output":
        if (content.wait) { this.clearOnNext = true; } else { this.clear(); }
        return undefined;
      default: return undefined;
    }
  }

  clear() {
    this.area.replaceChildren();
    this.displays.clear();
    this.stream = null;
    this.clearOnNext = false;
  }

  addChild(output, prompt = "", executeResult = false) {
    if (this.clearOnNext) { this.clear(); }
    const child = element("div", "jp-OutputArea-child" + (executeResult ? " jp-OutputArea-executeResult" : ""));
    const promptNode = element("div", "jp-OutputPrompt jp-OutputArea-prompt");
    promptNode.textContent = prompt;
    child.append(promptNode, output);
    this.area.append(child);
    return child;
  }

  addStream(name, text) {
    if (this.stream && this.stream.name === name && !this.clearOnNext) {
      this.stream.text += text;
    } else {
      const output = textOutput(name === "stderr" ? "application/vnd.jupyter.stderr" : "text/plain");
      this.addChild(output);
      this.stream = { name, text, pre: output.firstChild };
    }
    this.stream.pre.innerHTML = ansiToHtml(overstrike(this.stream.text));
  }

  addError(content) {
    const output = textOutput("application/vnd.jupyter.stderr");
    output.firstChild.innerHTML = ansiToHtml(content.traceback.join("\n") || `${content.ename}: ${content.evalue}`);
    this.addChild(output);
    this.stream = null;
  }

  addNote(text) {
    const output = textOutput("application/vnd.jupyter.stderr");
    output.firstChild.textContent = text;
    this.addChild(output);
    this.stream = null;
  }

  addData(content, prompt) {
    const output = richOutput(content.data, content.metadata || {});
    const child = this.addChild(output, prompt, prompt !== "");
    const id = content.transient && content.transient.display_id;
    if (id) { this.displays.set(id, [...(this.displays.get(id) || []), child]); }
    this.stream = null;
  }

  updateData(content) {
    const id = content.transient && content.transient.display_id;
    for (const child of this.displays.get(id) || []) {
      child.lastChild.replaceWith(richOutput(content.data, content.metadata || {}));
    }
  }
}

function element(tag, className) {
  const node = document.createElement(tag);
  node.className = className;
  return node;
}

function textOutput(mimeType) {
  const output = element("div", "jp-RenderedText jp-OutputArea-output");
  output.dataset.mimeType = mimeType;
  output.append(document.createElement("pre"));
  return output;
}

function richOutput(data, metadata) {
  if (data["text/html"] !== undefined) {
    const output = element("div", "jp-RenderedHTMLCommon jp-RenderedHTML jp-OutputArea-output");
    output.dataset.mimeType = "text/html";
    output.innerHTML = joined(data["text/html"]);
    runScripts(output);
    return output;
  }
  if (data["image/svg+xml"] !== undefined) {
    const output = element("div", "jp-RenderedSVG jp-OutputArea-output");
    output.dataset.mimeType = "image/svg+xml";
    output.innerHTML = joined(data["image/svg+xml"]);
    const svg = output.querySelector("svg");
    if (svg) {
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", (metadata["image/svg+xml"] || {}).alt || "A figure output by the code of this slide.");
    }
    return output;
  }
  const image = IMAGES.find((type) => data[type] !== undefined);
  if (image) {
    const output = element("div", "jp-RenderedImage jp-OutputArea-output");
    output.dataset.mimeType = image;
    const img = document.createElement("img");
    img.src = `data:${image};base64,${joined(data[image]).replace(/\s/g, "")}`;
    const size = metadata[image] || {};
    img.alt = size.alt || "A figure output by the code of this slide; it has no written description.";
    if (size.width) { img.width = size.width; }
    if (size.height) { img.height = size.height; }
    output.append(img);
    return output;
  }
  const output = textOutput("text/plain");
  output.firstChild.innerHTML = ansiToHtml(joined(data["text/plain"] ?? ""));
  return output;
}

function joined(value) {
  return Array.isArray(value) ? value.join("") : String(value);
}

// Scripts inserted with innerHTML do not run; outputs of the presenter's own kernel are trusted, as in Jupyter.
function runScripts(root) {
  for (const old of root.querySelectorAll("script")) {
    const script = document.createElement("script");
    for (const attribute of old.attributes) { script.setAttribute(attribute.name, attribute.value); }
    script.textContent = old.textContent;
    old.replaceWith(script);
  }
}

// Carriage returns (progress bars) overwrite their line; backspaces erase a character.
function overstrike(text) {
  return text.split("\n").map((line) => {
    const parts = line.split("\r");
    let kept = parts.filter((part, index) => part !== "" || index === parts.length - 1).pop() ?? "";
    while (/[^\x08]\x08/.test(kept)) { kept = kept.replace(/[^\x08]\x08/, ""); }
    return kept;
  }).join("\n");
}

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

// SGR escape codes to spans with nbconvert's ansi-* classes (256 and true colours as inline styles).
export function ansiToHtml(text) {
  let html = "";
  let state = {};
  for (const piece of text.split(/(\x1b\[[\d;]*m)/)) {
    const codes = /^\x1b\[([\d;]*)m$/.exec(piece);
    if (codes) {
      state = applyCodes(state, codes[1] === "" ? [0] : codes[1].split(";").map(Number));
    } else if (piece) {
      html += wrap(escapeHtml(piece.replace(/\x1b\[[\d;]*[A-Za-z]/g, "")), state);
    }
  }
  return html;
}

function applyCodes(previous, codes) {
  const state = { ...previous };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code === 0) { Object.keys(state).forEach((key) => delete state[key]); }
    else if (code === 1) { state.bold = true; }
    else if (code === 4) { state.underline = true; }
    else if (code === 22) { delete state.bold; }
    else if (code === 24) { delete state.underline; }
    else if (code >= 30 && code <= 37) { state.fg = `ansi-${ANSI_COLORS[code - 30]}`; }
    else if (code >= 90 && code <= 97) { state.fg = `ansi-${ANSI_COLORS[code - 90]}-intense`; }
    else if (code >= 40 && code <= 47) { state.bg = `ansi-${ANSI_COLORS[code - 40]}`; }
    else if (code >= 100 && code <= 107) { state.bg = `ansi-${ANSI_COLORS[code - 100]}-intense`; }
    else if (code === 39) { delete state.fg; }
    else if (code === 49) { delete state.bg; }
    else if (code === 38 || code === 48) {
      const key = code === 38 ? "fg" : "bg";
      if (codes[i + 1] === 5) { state[key] = xterm(codes[i + 2]); i += 2; }
      else if (codes[i + 1] === 2) { state[key] = `rgb(${codes.slice(i + 2, i + 5).join(",")})`; i += 4; }
    }
  }
  return state;
}

function xterm(n) {
  if (n < 16) { return `ansi-${ANSI_COLORS[n % 8]}${n >= 8 ? "-intense" : ""}`; }
  if (n >= 232) { const v = 8 + (n - 232) * 10; return `rgb(${v},${v},${v})`; }
  const steps = [0, 95, 135, 175, 215, 255];
  const m = n - 16;
  return `rgb(${steps[Math.floor(m / 36)]},${steps[Math.floor(m / 6) % 6]},${steps[m % 6]})`;
}

function wrap(text, state) {
  const classes = [];
  const styles = [];
  for (const key of ["fg", "bg"]) {
    if (!state[key]) { continue; }
    if (state[key].startsWith("rgb")) { styles.push(`${key === "fg" ? "color" : "background-color"}: ${state[key]}`); }
    else { classes.push(`${state[key]}-${key}`); }
  }
  if (state.bold) { classes.push("ansi-bold"); }
  if (state.underline) { classes.push("ansi-underline"); }
  if (!classes.length && !styles.length) { return text; }
  const style = styles.length ? ` style="${styles.join("; ")}"` : "";
  return `<span class="${classes.join(" ")}"${style}>${text}</span>`;
}
