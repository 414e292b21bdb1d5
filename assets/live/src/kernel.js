// One deck's kernel on the present server: started when the deck opens, kept in step with the slides (the code
// cells before the current slide run in the background), released when the page goes away.

import { KernelConnection } from "@jupyterlab/services/lib/kernel/default";
import { startNew } from "@jupyterlab/services/lib/kernel/restapi";
import { ServerConnection } from "@jupyterlab/services/lib/serverconnection";

export class DeckKernel {
  // settings: window.COURSE_LIVE; onState(state, detail) is told about every change worth showing, and
  // onProgress(count) how many of the deck's code cells this kernel has run.
  constructor(settings, onState, onProgress) {
    this.settings = settings;
    this.onState = onState;
    this.onProgress = onProgress;
    const base = new URL(settings.baseUrl, location.href).href;
    this.server = ServerConnection.makeSettings({
      baseUrl: base, wsUrl: base.replace(/^http/, "ws"), token: settings.token, appendToken: true,
    });
    this.kernel = null;
    this.started = new Set(); // ids of the kernels this page started, released when it goes away
    this.starting = null; // while a kernel is being started: executions wait for it
    this.restarting = null; // while a restart is under way: executions wait for it, its states are not shown
    this.done = new Set(); // indices of the deck's code cells this kernel has run
    this.generation = 0; // changes whenever the kernel forgets everything (a restart)
    this.queue = Promise.resolve(); // executions, one at a time, in the order they were asked for
    this.position = [0, 0]; // the slide the presenter is on
  }

  start() {
    if (!this.starting) { this.starting = this.startKernel().finally(() => { this.starting = null; }); }
    return this.starting;
  }

  async startKernel() {
    this.onState("starting");
    this.forget();
    const model = await startNew({ name: this.settings.kernel, path: this.settings.path }, this.server);
    this.started.add(model.id);
    this.kernel = new KernelConnection({ model, serverSettings: this.server, handleComms: false });
    this.kernel.statusChanged.connect((_, status) => {
      if (status === "restarting" || status === "autorestarting") { this.forget(); }
      if (!this.restarting) { this.onState(status); }
    });
    this.kernel.connectionStatusChanged.connect((_, status) => {
      if (status !== "connected") { this.onState(status === "connecting" ? "starting" : "dead"); }
    });
    await this.kernel.info;
    this.onState(this.kernel.status);
    this.follow(...this.position);
  }

  // The presenter is on slide (h, v): bring the kernel up to the start of that slide.
  follow(h, v) {
    this.position = [h, v];
    const cells = this.settings.cells;
    const limit = cells.findIndex((cell) => cell.slide[0] > h || (cell.slide[0] === h && cell.slide[1] >= v));
    return this.enqueue(() => this.catchUp(limit === -1 ? cells.length : limit));
  }

  // Run `code` as the deck's code cell `index` (after every earlier cell), its outputs going to `area`.
  run(index, code, area) {
    return this.enqueue(async () => {
      while (!(await this.catchUp(index))) { // restarted meanwhile: from the first cell again
        if (!this.kernel) { throw new Error("no kernel (restart it)"); }
      }
      const reply = await this.execute(this.asBuilt(index, code), area);
      this.ran(index);
      return reply;
    });
  }

  // The server runs course.teardown() in the kernel, then restarts it; the cells before this slide run again.
  restart() {
    if (!this.restarting) {
      this.onState("restarting");
      this.forget();
      this.restarting = this.restartKernel().finally(() => {
        this.restarting = null;
        if (this.kernel) { this.onState(this.kernel.status); }
      });
      this.follow(...this.position);
    }
    return this.restarting;
  }

  async restartKernel() {
    try {
      await this.kernel.restart();
      await this.kernel.info;
    } catch (error) { // never started, or dead and gone from the server: a new kernel instead
      console.warn("restart failed, starting a new kernel:", error);
      if (this.kernel) {
        this.release(this.kernel.id);
        this.kernel.dispose();
        this.kernel = null;
      }
      this.restarting = null;
      await this.start();
    }
  }

  // The page is going away: the server runs course.teardown() in each of its kernels, then shuts them down.
  close() {
    this.started.forEach((id) => this.release(id));
    this.kernel = null;
  }

  release(id) {
    this.started.delete(id);
    const url = new URL(`api/kernels/${encodeURIComponent(id)}`, this.server.baseUrl).href;
    fetch(url, { method: "DELETE", keepalive: true, headers: { Authorization: `token ${this.settings.token}` } })
      .catch(() => {});
  }

  ran(index) {
    this.done.add(index);
    this.onProgress(this.done.size);
  }

  forget() {
    this.generation += 1;
    this.done.clear();
    this.onProgress(0);
  }

  async settled() {
    while (this.starting || this.restarting) {
      await (this.starting || this.restarting).catch(() => {});
    }
  }

  enqueue(job) {
    const result = this.queue.then(job);
    this.queue = result.catch(() => {});
    return result;
  }

  // Run the deck's code cells before `limit` that this kernel has not run; false if it restarted meanwhile.
  async catchUp(limit) {
    await this.settled();
    const generation = this.generation;
    const pending = [];
    for (let index = 0; index < limit; index++) { if (!this.done.has(index)) { pending.push(index); } }
    for (const [step, index] of pending.entries()) {
      if (!this.kernel || generation !== this.generation) { return false; }
      this.onState("busy", `catching up: cell ${step + 1} of ${pending.length}`);
      const cell = this.settings.cells[index];
      const reply = await this.execute(this.asBuilt(index, cell.source), null);
      this.ran(index);
      if (reply.status === "error" && !cell.tags.includes("raises-exception")) {
        this.onState("warning", `cell ${index + 1} failed while catching up: ${reply.ename}: ${reply.evalue}`);
      }
    }
    return Boolean(this.kernel) && generation === this.generation;
  }

  // The code of cell `index` as the build ran it: a cell tagged `timeline` under %%timeline (its timeline is
  // drawn beneath its output by course.timeline, which present's kernels load).
  asBuilt(index, code) {
    const cell = this.settings.cells[index];
    return cell && cell.tags.includes("timeline") ? `%%timeline\n${code}` : code;
  }

  async execute(code, area) {
    await this.settled();
    if (!this.kernel) { throw new Error("no kernel (restart it)"); }
    await this.kernel.info;
    const future = this.kernel.requestExecute({
      code, silent: false, store_history: area !== null, allow_stdin: false, stop_on_error: false,
    });
    future.onIOPub = (message) => {
      if (area) { area.handle(message); }
    };
    const reply = await future.done;
    return reply.content;
  }
}
