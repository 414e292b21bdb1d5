// The presenter's code editor: CodeMirror 6 with Python highlighting in the course's AA code colours (the
// `--jp-mirror-editor-*` variables of slidebuild/theme.py, as JupyterLab uses them), undo/redo and bracket
// matching. Bundled into presenter.js only: the published site's live.js never carries it.

import { EditorView, keymap } from "@codemirror/view";
import { EditorState } from "@codemirror/state";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, HighlightStyle, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { python } from "@codemirror/lang-python";
import { tags } from "@lezer/highlight";

const colour = (name) => `var(--jp-mirror-editor-${name}-color)`;
const CODE_COLOURS = HighlightStyle.define([
  { tag: tags.keyword, color: colour("keyword"), fontWeight: "bold" },
  { tag: [tags.atom, tags.bool, tags.special(tags.variableName)], color: colour("atom") },
  { tag: tags.number, color: colour("number") },
  { tag: [tags.definition(tags.variableName), tags.function(tags.definition(tags.variableName)),
    tags.definition(tags.className)], color: colour("def") },
  { tag: tags.standard(tags.variableName), color: colour("builtin") },
  { tag: [tags.punctuation, tags.bracket], color: colour("punctuation") },
  { tag: tags.propertyName, color: colour("property") },
  { tag: [tags.operator, tags.operatorKeyword], color: colour("operator") },
  { tag: tags.comment, color: colour("comment"), fontStyle: "italic" },
  { tag: tags.string, color: colour("string") },
  { tag: [tags.meta, tags.annotation], color: colour("meta") },
  { tag: tags.invalid, color: colour("error") },
]);

// keys: {run, restore}. Returns {text(), setText(code), focus(), dom}; the keys typed in it stay in it.
export function codeEditor(code, keys) {
  const view = new EditorView({
    state: EditorState.create({
      doc: code,
      extensions: [
        keymap.of([
          { key: "Shift-Enter", run: () => { keys.run(); return true; } },
          { key: "Mod-Enter", run: () => { keys.run(); return true; } },
          { key: "Alt-r", run: () => { keys.restore(); return true; } },
          { key: "Escape", run: (editor) => { editor.contentDOM.blur(); return true; } },
        ]),
        history(),
        bracketMatching(),
        python(),
        indentUnit.of("    "),
        syntaxHighlighting(CODE_COLOURS),
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.editorAttributes.of({ class: "live-editor" }),
        EditorView.contentAttributes.of({ "aria-label": "Code of the cell", spellcheck: "false" }),
      ],
    }),
  });
  for (const type of ["keydown", "keypress", "keyup"]) { // the code's keys, not reveal.js's (arrows, space)
    view.dom.addEventListener(type, (event) => event.stopPropagation());
  }
  return {
    dom: view.dom,
    text: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
  };
}
