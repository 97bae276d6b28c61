"""Where many independent pieces of work run: in this process, in a local
pool of processes, or on a Dask cluster. Analyses hand an executor a function
and its inputs and receive results as they complete; they never know which
executor runs them.
"""

from logicnet.execution.executors import DaskExecutor, Executor, InProcessExecutor, LocalPoolExecutor, make_executor

__all__ = ["Executor", "InProcessExecutor", "LocalPoolExecutor", "DaskExecutor", "make_executor"]
