// The presenter's side of the class (`build.py present --class`), loaded with the live-code client when the page
// settings name a class socket: publishes the slide and fragment, the cells run again and the quiz answers
// shown; shows the join address and QR code (key Q), the room's controls and the live votes of a quiz slide.

export function connectClass(settings) {
  if (window.top !== window || /[?&]receiver\b/.test(location.search)) { return; } // a speaker view's preview
  const state = { socket: null, info: null, votes: {}, overlay: overlay(), panel: votesPanel() };
  const send = (message) => {
    if (state.socket && state.socket.readyState === WebSocket.OPEN) { state.socket.send(JSON.stringify(message)); }
  };
  const publish = () => send({ type: "position", ...position(), revealed: revealed() });
  const connect = () => {
    const socket = new WebSocket(settings.classroom);
    state.socket = socket;
    socket.onopen = () => { send({ type: "hello", token: settings.token }); publish(); };
    socket.onmessage = (event) => receive(state, JSON.parse(event.data));
    socket.onclose = (event) => { if (event.code !== 1008) { setTimeout(connect, 1000); } };
  };
  for (const type of ["slidechanged", "fragmentshown", "fragmenthidden"]) {
    Reveal.on(type, () => { publish(); state.panel.show(state.votes[pollKey()]); });
  }
  document.addEventListener("live-ran", (event) => {
    const cells = [...document.querySelectorAll(".reveal .slides .jp-CodeCell")];
    const area = event.target.querySelector(":scope > .jp-Cell-outputWrapper .jp-OutputArea");
    send({ type: "cell", shown: cells.indexOf(event.target), code: event.detail.code, html: area ? area.innerHTML : "" });
  });
  state.overlay.onAction((type, value) => send({ type, locked: value }));
  Reveal.addKeyBinding({ keyCode: 81, key: "Q", description: "Class: join address, QR code and controls" },
    () => state.overlay.toggle());
  if (Reveal.isReady()) { connect(); } else { Reveal.on("ready", connect); }
}

function receive(state, message) {
  if (message.type === "class") {
    state.info = message;
    state.overlay.update(message);
  } else if (message.type === "students") {
    state.overlay.count(message.students);
  } else if (message.type === "poll") { // an answer shown: its final counts, in full
    state.votes[message.poll] = { ...message, type: "votes" };
    if (message.poll === pollKey()) { state.panel.show(state.votes[message.poll]); }
  } else if (message.type === "votes") {
    state.votes[message.poll] = message;
    notes(message);
    if (message.poll === pollKey()) {
      state.panel.show(message);
      refreshSpeakerView(state);
    }
  } else if (message.type === "csv") {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([message.text], { type: "text/csv" }));
    link.download = "votes.csv";
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }
}

function position() {
  const { h, v, f } = Reveal.getIndices();
  return { h, v: v || 0, f: f ?? -1 };
}

function pollKey() {
  const { h, v } = position();
  return `${h}.${v}`;
}

// The quiz whose answer (a fragment) is shown on the current slide, if any.
function revealed() {
  const answer = Reveal.getCurrentSlide()?.querySelector(".quiz-answer");
  const fragment = answer && answer.closest(".fragment");
  return answer && (!fragment || fragment.classList.contains("visible")) ? [pollKey()] : [];
}

function describe(votes) {
  const counts = Object.entries(votes.counts).map(([option, count]) => `${option} ${count}`).join(" \u00b7 ");
  return `${votes.voters} ${votes.voters === 1 ? "vote" : "votes"}: ${counts}`;
}

// The votes on the quiz on screen, in the presenter's corner: their number, and the distribution once the answer
// is shown or when the presenter asks (key D: the projected page shows what it shows, the class may be looking).
function votesPanel() {
  const panel = document.createElement("div");
  panel.id = "class-votes";
  panel.setAttribute("role", "status");
  panel.hidden = true;
  document.body.append(panel);
  let detailed = false;
  let last = null;
  const show = (votes) => {
    last = votes;
    panel.hidden = !votes;
    if (!votes) { return; }
    const number = `${votes.voters} ${votes.voters === 1 ? "vote" : "votes"}`;
    panel.textContent = detailed || votes.revealed ? describe(votes) : `${number} (D: distribution)`;
  };
  Reveal.addKeyBinding({ keyCode: 68, key: "D", description: "Class: show or hide the votes' distribution" },
    () => { detailed = !detailed; show(last); });
  return { show };
}

// reveal.js's notes plugin sends the speaker view the current slide's notes on a few events; "closeoverlay"
// changes nothing else. At most a few times a second, however fast the votes come.
function refreshSpeakerView(state) {
  if (state.refresh) { return; }
  state.refresh = setTimeout(() => {
    state.refresh = null;
    Reveal.getRevealElement().dispatchEvent(new CustomEvent("closeoverlay"));
  }, 250);
}

// The speaker view shows a slide's notes: the counts go there too (updated at its next slide or fragment).
function notes(votes) {
  const [h, v] = votes.poll.split(".").map(Number);
  const slide = Reveal.getSlide(h, v);
  if (!slide) { return; }
  let aside = slide.querySelector("aside.notes");
  if (!aside) {
    aside = document.createElement("aside");
    aside.className = "notes";
    slide.append(aside);
  }
  let line = aside.querySelector(".class-notes-votes");
  if (!line) {
    line = document.createElement("p");
    line.className = "class-notes-votes";
    aside.append(line);
  }
  line.textContent = `Class votes: ${describe(votes)}`;
}

function overlay() {
  const box = document.createElement("div");
  box.id = "class-overlay";
  box.hidden = true;
  box.setAttribute("role", "dialog");
  box.setAttribute("aria-label", "Join the class");
  box.innerHTML = '<h2>Join the class</h2><div class="class-qr"></div><p class="class-join"></p>'
    + '<p class="class-count"></p><div class="class-actions">'
    + '<button type="button" data-action="lock"></button>'
    + '<button type="button" data-action="rotate">New key</button>'
    + '<button type="button" data-action="export">Export votes (CSV)</button>'
    + '<button type="button" data-action="close">Close</button></div>';
  for (const type of ["keydown", "keypress", "keyup"]) { box.addEventListener(type, (event) => event.stopPropagation()); }
  box.addEventListener("keydown", (event) => { if (event.key === "Escape") { box.hidden = true; } });
  document.body.append(box);
  let locked = false;
  let students = 0;
  let act = () => {};
  const describeCount = () => {
    box.querySelector(".class-count").textContent = `${students} connected${locked ? " \u00b7 room locked" : ""}`;
  };
  box.querySelector(".class-actions").addEventListener("click", (event) => {
    const action = event.target.dataset.action;
    if (action === "close") { box.hidden = true; } else if (action) { act(action, action === "lock" ? !locked : undefined); }
  });
  return {
    toggle() {
      box.hidden = !box.hidden;
      if (!box.hidden) {
        act("info");
        box.querySelector("button").focus(); // its controls are reached with the keyboard too
      }
    },
    onAction(action) { act = action; },
    count(value) { students = value; describeCount(); },
    update(info) {
      locked = info.locked;
      box.querySelector(".class-qr").innerHTML = info.qr; // made by the class server (segno), from our own address
      box.querySelector(".class-join").textContent = info.join;
      students = info.students;
      describeCount();
      box.querySelector('[data-action="lock"]').textContent = info.locked ? "Unlock the room" : "Lock the room";
    },
  };
}
