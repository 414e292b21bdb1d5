// Kernel messages rendered into a slide, with the markup (and so the styles) nbconvert gives build-time outputs.

import { AnsiUp } from "ansi_up";

const IMAGES = ["image/png", "image/jpeg", "image/gif"];

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

// Terminal escape codes (colours, bold, italic, links; others dropped) to HTML by ansi_up, with nbconvert's
// class names (ansi-red-intense-fg, where ansi_up says ansi-bright-red-fg) so that the site's AA terminal palette
// colours live outputs as it colours build-time ones. A new converter each time: the text is always whole.
export function ansiToHtml(text) {
  const converter = new AnsiUp();
  converter.use_classes = true;
  return converter.ansi_to_html(text).replace(/\bansi-bright-(\w+)-(fg|bg)\b/g, "ansi-$1-intense-$2");
}
