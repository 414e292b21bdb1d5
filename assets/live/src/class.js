// A student's page on the class server (`build.py present --class`), which injects window.COURSE_CLASS: the page
// follows the presenter's slide and fragment (a "Catch up" control brings it back after browsing away), shows
// the cells the presenter re-runs (read-only), and turns quiz slides into polls. Nothing here runs code.

const RETRY_MS = [500, 1000, 2000, 5000];
const SETTLING_MS = 1500;

export function startClass(settings) {
  const state = { position: null, following: true, applying: false, polls: {}, socket: null, tries: 0 };
  const bar = followBar(() => {
    state.following = true;
    follow(state);
    bar.following(true);
  });
  const send = (message) => {
    if (state.socket && state.socket.readyState === WebSocket.OPEN) { state.socket.send(JSON.stringify(message)); }
  };
  const connect = () => {
    const url = new URL(settings.socket, location.href);
    url.protocol = url.protocol.replace("http", "ws");
    const socket = new WebSocket(url.href);
    state.socket = socket;
    socket.onopen = () => { state.tries = 0; bar.connected(true); };
    socket.onmessage = (event) => receive(state, JSON.parse(event.data), send, bar);
    socket.onclose = (event) => {
      bar.connected(false);
      if (event.code !== 1008) { setTimeout(connect, RETRY_MS[Math.min(state.tries++, RETRY_MS.length - 1)]); }
    };
  };
  const moved = () => {
    if (state.applying || !state.position || performance.now() < state.settling) { return; }
    state.following = samePlace(state.position);
    bar.following(state.following);
  };
  for (const type of ["slidechanged", "fragmentshown", "fragmenthidden"]) { Reveal.on(type, moved); }
  if (Reveal.isReady()) { connect(); } else { Reveal.on("ready", connect); }
}

function receive(state, message, send, bar) {
  if (message.type === "state") {
    Object.entries(message.polls).forEach(([key, poll]) => {
      const entry = state.polls[key];
      if (!entry) { setUpPoll(state, key, poll, send); return; }
      markChoices(entry, poll.mine); // connected again: the same poll, maybe closed meanwhile
      showResult(entry, poll);
    });
    message.cells.forEach(showCell);
    state.position = message.position;
    follow(state);
    bar.following(state.following);
  } else if (message.type === "position") {
    state.position = message.position;
    follow(state);
    bar.following(state.following);
  } else if (message.type === "deck" && state.following) { // the presenter went on to another deck
    location.assign(message.page);
  } else if (message.type === "cell") {
    showCell(message);
  } else if (message.type === "poll" && state.polls[message.poll]) {
    showResult(state.polls[message.poll], message);
  } else if (message.type === "ballot" && state.polls[message.poll]) {
    markChoices(state.polls[message.poll], message.mine);
  }
}

function follow(state) {
  if (!state.following || !state.position) { return; }
  const { h, v, f } = state.position;
  state.applying = true;
  // The reader view scrolls to the slide: its own events come later, and are not the student browsing.
  state.settling = Reveal.isScrollView() ? performance.now() + SETTLING_MS : 0;
  try { Reveal.slide(h, v, f); } finally { state.applying = false; }
}

// The reader view shows every fragment: there the slide is the place.
function samePlace(position) {
  const here = Reveal.getIndices();
  const fragment = Reveal.isScrollView() || (here.f ?? -1) === position.f;
  return here.h === position.h && (here.v || 0) === position.v && fragment;
}

function followBar(onCatchUp) {
  const bar = document.createElement("div");
  bar.id = "class-follow";
  bar.setAttribute("role", "status");
  const label = document.createElement("span");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "class-catch-up";
  button.textContent = "Catch up";
  button.title = "Back to the presenter's slide, and follow it again";
  button.hidden = true;
  button.addEventListener("click", onCatchUp);
  bar.append(label, button);
  document.body.append(bar);
  let online = false;
  let following = true;
  const show = () => {
    bar.dataset.state = !online ? "offline" : following ? "following" : "browsing";
    label.textContent = !online ? "Reconnecting to the class\u2026" : following ? "Following the presenter" : "Browsing on your own";
    button.hidden = following || !online;
  };
  show();
  return {
    connected(value) { online = value; show(); },
    following(value) { following = value; show(); },
  };
}

// A cell the presenter ran again: its code and outputs replace the built ones on this copy of the slide.
function showCell(message) {
  const cell = document.querySelectorAll(".reveal .slides .jp-CodeCell")[message.shown];
  if (!cell) { return; }
  const pre = cell.querySelector(".jp-InputArea-editor pre");
  if (pre && pre.textContent.replace(/\n$/, "") !== message.code) { pre.textContent = message.code; }
  let wrapper = cell.querySelector(":scope > .jp-Cell-outputWrapper");
  if (!wrapper) {
    wrapper = document.createElement("div");
    wrapper.className = "jp-Cell-outputWrapper";
    wrapper.innerHTML = '<div class="jp-OutputArea jp-Cell-outputArea"></div>';
    cell.append(wrapper);
  }
  cell.classList.remove("jp-mod-noOutputs");
  const area = wrapper.querySelector(".jp-OutputArea");
  area.classList.add("live-output", "class-output");
  area.innerHTML = message.html;
}

function setUpPoll(state, key, poll, send) {
  const slide = quizSlide(poll.title);
  if (!slide) { return; }
  const options = new Map();
  for (const node of slide.querySelectorAll("li, p")) {
    const option = optionOf(node);
    if (option && poll.options.includes(option) && !node.closest(".quiz-answer, aside") && !options.has(option)) {
      options.set(option, node);
    }
  }
  const entry = { key, slide, several: poll.several, options, mine: [], status: document.createElement("p") };
  entry.status.className = "class-poll-status";
  entry.status.setAttribute("aria-live", "polite");
  slide.append(entry.status);
  options.forEach((node, option) => {
    node.classList.add("class-option");
    node.dataset.option = option;
    node.setAttribute("role", "button");
    node.tabIndex = 0;
    const choose = (event) => {
      event.stopPropagation();
      if (entry.revealed) { return; }
      const mine = entry.mine.includes(option) ? entry.mine.filter((o) => o !== option)
        : entry.several ? [...entry.mine, option] : [option];
      markChoices(entry, mine);
      send({ type: "vote", poll: key, choices: mine });
    };
    node.addEventListener("click", choose);
    node.addEventListener("keydown", (event) => { if (event.key === "Enter" || event.key === " ") { choose(event); } });
  });
  state.polls[key] = entry;
  slide.classList.add("class-poll-open"); // the answer stays hidden here until the presenter shows it
  markChoices(entry, poll.mine);
  showResult(entry, poll);
}

// The quiz's slide, found by its heading: the reader view moves slides around, so their indices do not lead there.
function quizSlide(title) {
  const plain = (text) => text.replace(/\u00b6/g, "").replace(/[^\p{L}\p{N}]+/gu, "").toLowerCase();
  const heading = [...document.querySelectorAll(".reveal .slides section :is(h1, h2, h3)")]
    .find((node) => plain(node.textContent) === plain(title));
  return heading ? heading.closest("section") : null;
}

// "A. text" names its option; so does an item of a numbered list ("1. text" in the source) by its number.
function optionOf(node) {
  const list = node.parentElement;
  if (node.tagName === "LI" && list.tagName === "OL") {
    return String((list.start || 1) + [...list.children].indexOf(node));
  }
  const match = /^\s*([A-Z])\.\s/.exec(node.textContent);
  return match ? match[1] : null;
}

function markChoices(entry, mine) {
  entry.mine = mine;
  entry.options.forEach((node, option) => node.setAttribute("aria-pressed", String(mine.includes(option))));
  if (!entry.revealed) {
    entry.status.textContent = (mine.length ? `Your answer: ${mine.join(", ")}. ` : "")
      + `Tap ${entry.several ? "every answer you think is right" : "your answer"}; you can change it until the answer is shown.`;
  }
}

function showResult(entry, poll) {
  if (!poll.revealed) { return; }
  entry.revealed = true;
  entry.slide.classList.remove("class-poll-open");
  entry.status.textContent = `The class answered: ${poll.voters} ${poll.voters === 1 ? "vote" : "votes"}.`;
  entry.options.forEach((node, option) => {
    const votes = poll.counts[option] || 0;
    const share = poll.voters ? Math.round((100 * votes) / poll.voters) : 0;
    let count = node.querySelector(".class-count");
    if (!count) {
      count = document.createElement("span");
      count.className = "class-count";
      node.append(count);
    }
    count.textContent = ` ${votes} (${share}%)`;
    node.style.setProperty("--class-share", `${share}%`);
    node.classList.add("class-revealed");
  });
}
