"""Course helpers that every deck and lab imports: one place for Spark, Dask, diagrams and data.

    from course import spark, dask_client, digraph, table
"""

from course.diagrams import digraph
from course.runtime import dask_client, spark, teardown
from course.tables import table

__all__ = ["dask_client", "digraph", "spark", "table", "teardown"]
