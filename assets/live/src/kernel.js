// One deck's kernel on the present server: started when the deck opens, kept in step with the slides (the code
// cells before the current slide run in the background), released when the page goes away.

import { KernelConnection } from "@jupyterlab/services/lib/kernel/default";
import { startNew } from "@jupyterlab/services/lib/kernel/restapi";
import { ServerConnection } from "@jupyterlab/services/lib/serverconnection";

export class DeckKernel {
  // settings: window.COURSE_LIVE; onState(state, detail) is told about every change worth showing.
  constructor(settings, onState) {
    this.settings = settings;
    this.onState = onState;
    const base = new URL(settings.baseUrl, location.href).href;
    this.server = ServerConnection.makeSettings({
      baseUrl: base, wsUrl: base.replace(/^http/, "ws"), token: settings.token, appendToken: true,
    });
    this.kernel = null;
    this.done = new Set(); // indices of the deck's code cells this kernel has run
    this.queue = Promise.resolve(); // executions, one at a time, in the order they were asked for
    this.position = [0, 0]; // the slide the presenter is on
  }

  async start() {
    this.onState("starting");
    this.done.clear();
    const model = await startNew({ name: this.settings.kernel, path: this.settings.path }, this.server);
    this.kernel = new KernelConnection({ model, serverSettings: this.server, handleComms: false });
    this.kernel.statusChanged.connect((_, status) => {
      if (status === "restarting" || status === "autorestarting") { this.done.clear(); }
      this.onState(status);
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
      await this.catchUp(index);
      const reply = await this.execute(code, area);
      this.done.add(index);
      return reply;
    });
  }

  async restart() {
    this.onState("restarting");
    this.done.clear();
    try {
      await this.kernel.restart();
    } catch (error) { // dead and gone from the server: a new kernel instead
      this.kernel.dispose();
      await this.start();
      return;
    }
    this.follow(...this.position);
  }

  // The page is going away: the server runs course.teardown() in the kernel, then shuts it down.
  close() {
    if (!this.kernel) { return; }
    const url = new URL(`api/kernels/${encodeURIComponent(this.kernel.id)}`, this.server.baseUrl).href;
    fetch(url, { method: "DELETE", keepalive: true, headers: { Authorization: `token ${this.settings.token}` } })
      .catch(() => {});
    this.kernel = null;
  }

  enqueue(job) {
    const result = this.queue.then(job);
    this.queue = result.catch(() => {});
    return result;
  }

  async catchUp(limit) {
    const pending = [];
    for (let index = 0; index < limit; index++) { if (!this.done.has(index)) { pending.push(index); } }
    for (const [step, index] of pending.entries()) {
      if (!this.kernel) { return; }
      this.onState("busy", `catching up: cell ${step + 1} of ${pending.length}`);
      const cell = this.settings.cells[index];
      const reply = await this.execute(cell.source, null);
      this.done.add(index);
      if (reply.status === "error" && !cell.tags.includes("raises-exception")) {
        this.onState("warning", `cell ${index + 1} failed while catching up: ${reply.ename}: ${reply.evalue}`);
      }
    }
  }

  async execute(code, area) {
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
