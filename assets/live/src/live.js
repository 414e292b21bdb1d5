// The decks' client, on every deck page. On a page served by `build.py present` (which injects
// window.COURSE_LIVE into the HTML it sends) it loads the live-code client (presenter.js: edit, run, kernel
// state). Anywhere else (GitHub Pages, a file on disk, `build.py serve`) it only adds a "copy" button to code
// cells: the kernel client is not even loaded, and nothing touches the network. On a page served by the class
// server (`build.py present --class`, which injects window.COURSE_CLASS) it follows the presenter (class.js).

import "./live.css";
import { decorate } from "./cells.js";
import { startClass } from "./class.js";

const script = document.currentScript;
const preview = /[?&]receiver\b/.test(location.search); // a slide in reveal.js's speaker view: nothing live there
if (window.COURSE_LIVE && !preview) {
  const presenter = document.createElement("script");
  presenter.src = new URL("presenter.js", script.src).href;
  document.head.append(presenter);
} else {
  document.querySelectorAll(".reveal .slides .jp-CodeCell").forEach((cell) => decorate(cell, null));
  if (window.COURSE_CLASS) { startClass(window.COURSE_CLASS); } // a student's page on the class server
}
