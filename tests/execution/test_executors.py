from __future__ import annotations

import pytest

from logicnet.errors import LogicnetError
from logicnet.execution import InProcessExecutor, LocalPoolExecutor, make_executor
from logicnet.execution.executors import WorkerFailed


def square(x: int) -> int:
    return x * x


def die(x: int) -> int:
    import os

    os._exit(1)


def test_results_arrive_with_their_items() -> None:
    items = list(range(7))
    assert sorted(LocalPoolExecutor(2).run(square, items)) == [(i, i * i) for i in items]
    assert list(InProcessExecutor().run(square, items)) == [(i, i * i) for i in items]


def test_a_dying_worker_is_reported() -> None:
    with pytest.raises(WorkerFailed, match="a worker process died; the results so far are kept"):
        list(LocalPoolExecutor(2).run(die, [1, 2, 3]))


def test_make_executor_errors() -> None:
    assert make_executor("in-process").name == "in-process"
    assert make_executor("local", jobs=3).jobs == 3  # type: ignore[attr-defined]
    with pytest.raises(LogicnetError, match="--executor dask needs --scheduler tcp://HOST:PORT"):
        make_executor("dask")
    with pytest.raises(LogicnetError, match="unknown executor 'mpi'; expected in-process, local or dask"):
        make_executor("mpi")
    with pytest.raises(LogicnetError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        make_executor("dask", scheduler="tcp://127.0.0.1:9")
