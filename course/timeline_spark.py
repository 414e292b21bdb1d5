"""A Spark timeline: the jobs, stages and tasks a cell ran, from the driver's own records.

`start(session)` returns a cursor (the next stage id, once earlier events are in the store);
`read(session, cursor, started, wall)` returns the `Timeline` of the stages created since, read through
`course.spark_metrics` (the driver's `AppStatusStore`: what the Spark UI and its REST API show), with the
executors and their cores and the jobs those stages belong to. One lane per executor core, tasks coloured by
stage, each stage's shuffle bytes in the legend.
"""

import json

from course import spark_metrics
from course.timeline_svg import Bar, Timeline, Worker, assign_lanes, group_stats


def context_of(session):
    """The JVM SparkContext, or raises `Unavailable` (Spark Connect: the client cannot see the driver)."""
    context, reason = spark_metrics._context(session)
    if context is None:
        raise Unavailable(reason)
    return context


class Unavailable(Exception):
    """This Spark session cannot show a timeline."""


def start(session) -> int:
    context = context_of(session)
    context.listenerBus().waitUntilEmpty()
    return context.dagScheduler().nextStageId()


def read(session, cursor: int, started: float, wall: float) -> Timeline:
    context = context_of(session)
    context.listenerBus().waitUntilEmpty()
    stage_ids = range(cursor, context.dagScheduler().nextStageId())
    if not stage_ids:  # no Spark work in the cell: nothing more to ask the driver
        return Timeline("Spark", [], [], [], wall)
    stages = [s for s in spark_metrics._read_stages(context, stage_ids, spark_metrics.MAX_TASKS)
              if s.status != "SKIPPED"]
    workers = executors(context)
    bars = task_bars(stages, workers, started)
    groups = [group_stats(f"stage {s.stage_id}", [t.duration_ms / 1000 for t in s.tasks], detail=call(s.name),
                          shuffle_write=s.shuffle_write_bytes, shuffle_read=s.shuffle_read_bytes) for s in stages]
    spans = jobs(context, set(stage_ids), started)
    return Timeline("Spark", workers, bars, groups, wall, moved=sum(s.shuffle_read_bytes for s in stages),
                    written=sum(s.shuffle_write_bytes for s in stages), jobs=spans,
                    stages=f"{plural(len(spans), 'job')}, {plural(len(stages), 'stage')}")


def call(name: str) -> str:
    """'reduceByKey' of 'reduceByKey at <cell>:3'; '' for Spark's internal names ('$anonfun$...')."""
    short = name.split(" at ")[0].strip()
    return "" if short.startswith("$") else short


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def executors(context) -> list:
    """The active executors (in local mode the driver alone) and their cores."""
    mapper, _, _ = spark_metrics._mapper(context)
    found = json.loads(mapper.writeValueAsString(context.statusStore().executorList(True)))
    found = [e for e in found if e["id"] != "driver"] or found  # on a cluster the driver runs no task
    return [Worker(e["id"] if e["id"] == "driver" else f"executor {e['id']}", e["hostPort"].rsplit(":", 1)[0],
                   max(1, int(e["totalCores"])), on_host=e["id"] != "driver")
            for e in sorted(found, key=lambda e: e["id"])]


def task_bars(stages: list, workers: list, started: float) -> list:
    """A bar per task on its executor's lanes; the slowest task of a skewed stage outlined."""
    ids = [w.name.removeprefix("executor ") for w in workers]
    tasks = [(stage, task) for stage in stages for task in stage.tasks]
    for _, task in tasks:  # an executor that has left since: a band of the lanes it needed
        if task.executor not in ids:
            ids.append(task.executor)
            workers.append(Worker(f"executor {task.executor}", task.host, 1))
    slowest = {id(max(s.tasks, key=lambda t: t.duration_ms)) for s in stages
               if len(s.tasks) > 2 and (s.skew or 1) >= 2}
    bars = []
    for index, worker in enumerate(workers):
        mine = [(stage, task) for stage, task in tasks if task.executor == ids[index]]
        spans = [(t.launch_ms / 1000 - started, (t.launch_ms + t.duration_ms) / 1000 - started) for _, t in mine]
        first = sum(w.slots for w in workers[:index])
        for (stage, task), (begin, end), lane in zip(mine, spans, assign_lanes(spans, worker.slots)):
            bars.append(Bar(first + lane, begin, end, f"stage {stage.stage_id}", marked=id(task) in slowest))
    return bars


def jobs(context, stage_ids: set, started: float) -> list:
    """(start, stop, 'job N') of the jobs that ran any of these stages: read one by one from the newest back to
    the first submitted before the cell started (the driver's clock), not the whole application's list."""
    mapper, _, _ = spark_metrics._mapper(context)
    store, found = context.statusStore(), []
    for job_id in sorted(context.statusTracker().getJobIdsForGroup(None), reverse=True):
        job = json.loads(mapper.writeValueAsString(store.job(job_id)))
        found.append(job)
        if job.get("submissionTime") and epoch(job["submissionTime"]) < started:  # older jobs are older still
            break
    spans = []
    for job in sorted(found, key=lambda j: j["jobId"]):
        if set(job.get("stageIds", ())) & stage_ids and job.get("submissionTime"):
            stop = job.get("completionTime") or job["submissionTime"]
            spans.append((epoch(job["submissionTime"]) - started, epoch(stop) - started, f"job {job['jobId']}"))
    return spans


def epoch(value) -> float:
    """Seconds since 1970 from Jackson's rendering of a date (milliseconds)."""
    return float(value) / 1000
