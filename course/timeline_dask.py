"""A Dask timeline: the task stream of the distributed client in use, read from its scheduler.

`start(client)` returns a cursor (the scheduler's count of recorded tasks, or the time when the scheduler has
no such count); `read(client, cursor, started, wall)` returns the `Timeline` of the tasks recorded since.
The task stream is the data of the dashboard's "Task Stream" chart (`Client.get_task_stream`): one record per
task with its worker, thread and start/stop times of computing, fetching its inputs and reading from disk.
"""

import time

from course.timeline_svg import Bar, Timeline, Worker, assign_lanes, group_stats


def start(client):
    """The cursor after which the cell's tasks are recorded (and the task stream switched on)."""
    try:
        return ("index", client.sync(client.scheduler.get_task_stream_index))
    except Exception:  # a scheduler without the counter: by time
        client.get_task_stream(count=0)
        return ("time", time.time())


def records(client, cursor) -> list:
    """The task stream's records since the cursor."""
    kind, value = cursor
    if kind == "index":
        return client.sync(client.scheduler.get_task_stream, start_index=value)
    return client.get_task_stream(start=value)


def read(client, cursor, started: float, wall: float) -> Timeline:
    """The Timeline of the tasks recorded since `cursor`; times relative to `started` (epoch seconds)."""
    found = records(client, cursor)
    known = sorted(client.scheduler_info(n_workers=-1)["workers"].items())
    workers = [Worker(worker_name(info.get("name", address)), info.get("host", address), int(info["nthreads"]),
                      on_host=str(info.get("name", address)) == address)  # a cluster's worker, named by address
               for address, info in known]
    addresses = [address for address, _ in known]
    bars, durations = task_bars(found, addresses, workers, started)
    groups = [group_stats(name, times) for name, times in durations.items()]
    return Timeline("Dask", workers, bars, groups, wall, moved=transferred(client, started))


def worker_name(name) -> str:
    """LocalCluster names its workers 0, 1, ...: 'worker 0'."""
    return f"worker {name}" if isinstance(name, int) or str(name).isdigit() else str(name)


def task_bars(found: list, addresses: list, workers: list, started: float) -> tuple:
    """(bars, {prefix: [task seconds]}): a lane per task, the first of its worker's threads free when it
    starts; its transfers and disk reads as strips on that lane."""
    from distributed.utils import key_split

    bars, durations = [], {}
    for record in found:  # workers that left since are added with the threads they used
        if record.get("worker") not in addresses:
            addresses.append(record.get("worker"))
            workers.append(Worker(str(record.get("worker")), str(record.get("worker")), 1))
    first = {address: sum(w.slots for w in workers[:i]) for i, address in enumerate(addresses)}
    for index, worker in enumerate(workers):
        mine = [r for r in found if r.get("worker") == addresses[index]]
        spans = [span(r, started) for r in mine]
        for record, (begin, end), lane in zip(mine, spans, assign_lanes(spans, worker.slots)):
            prefix = key_split(record["key"])
            durations.setdefault(prefix, []).append(end - begin)
            bars.append(Bar(first[addresses[index]] + lane, begin, end, prefix))
            bars += [Bar(first[addresses[index]] + lane, s["start"] - started, s["stop"] - started, prefix,
                         "transfer" if s["action"] == "transfer" else "spill")
                     for s in record.get("startstops", ()) if s["action"] in ("transfer", "disk-read", "disk-write")]
    return bars, durations


def span(record: dict, started: float) -> tuple:
    """(start, stop) of the task's computation, in seconds since `started`."""
    computing = [s for s in record.get("startstops", ()) if s["action"] == "compute"] or record.get("startstops", ())
    return (min(s["start"] for s in computing) - started, max(s["stop"] for s in computing) - started)


def transferred(client, started: float) -> int:
    """Bytes the workers fetched from each other since `started` (their incoming transfer logs)."""
    def incoming(dask_worker, since=started):
        return sum(entry["total"] for entry in list(dask_worker.transfer_incoming_log) if entry["start"] >= since)

    try:
        return sum(client.run(incoming).values())
    except Exception:  # a worker that cannot run code for the client: not known
        return None
