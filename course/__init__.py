"""Course helpers that every deck and lab imports: one place for Spark, Dask, diagrams and data.

    from course import spark, dask_client, digraph, table, plan

`%load_ext course.timeline` (loaded for you by the build and `present`) adds the `%%timeline` cell magic.
"""

from course.diagrams import digraph
from course.plans import plan
from course.runtime import dask_client, spark, teardown
from course.tables import table

__all__ = ["dask_client", "digraph", "plan", "spark", "table", "teardown"]
