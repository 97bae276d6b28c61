"""Executors: run ``fn(item)`` for many items and yield results as they complete."""

from __future__ import annotations

import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterator, Protocol, Sequence

from logicnet.errors import LogicnetError

__all__ = ["Executor", "InProcessExecutor", "LocalPoolExecutor", "DaskExecutor", "make_executor", "WorkerFailed"]


class WorkerFailed(LogicnetError):
    """A worker died or a cluster dropped out; results so far are kept."""


class Executor(Protocol):
    """Runs ``fn`` on every item; yields ``(item, result)`` in completion order."""

    name: str

    def run(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[tuple[Any, Any]]: ...


class InProcessExecutor:
    """One item after the other, in this process (small jobs, debugging)."""

    name = "in-process"

    def run(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[tuple[Any, Any]]:
        for item in items:
            yield item, fn(item)


class LocalPoolExecutor:
    """A pool of ``jobs`` worker processes on this machine."""

    name = "local"

    def __init__(self, jobs: int | None = None):
        self.jobs = max(1, jobs or os.cpu_count() or 1)

    def run(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[tuple[Any, Any]]:
        if self.jobs == 1 or len(items) <= 1:
            yield from InProcessExecutor().run(fn, items)
            return
        with ProcessPoolExecutor(max_workers=min(self.jobs, len(items))) as pool:
            pending = {pool.submit(fn, item): item for item in items}
            try:
                while pending:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        item = pending.pop(future)
                        yield item, future.result()
            except BrokenProcessPool:
                raise WorkerFailed("a worker process died; the results so far are kept (use --resume)") from None
            finally:
                for future in pending:
                    future.cancel()


class DaskExecutor:
    """A Dask distributed cluster at ``address`` (``tcp://HOST:PORT``), or a Client."""

    name = "dask"

    def __init__(self, address: str | Any):
        try:
            from distributed import Client
        except ImportError:  # pragma: no cover - depends on the environment
            raise LogicnetError(
                "the Dask executor needs the 'dask' extra: pip install 'logicnet[dask]'"
            ) from None
        self._owns = isinstance(address, str)
        try:
            self.client = Client(address, timeout="10s") if self._owns else address
        except (OSError, TimeoutError) as exc:
            raise LogicnetError(f"cannot reach the Dask scheduler at {address}: {exc}") from None

    def run(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[tuple[Any, Any]]:
        from distributed import as_completed

        futures = {}
        for item in items:
            futures[self.client.submit(fn, item, pure=False)] = item
        try:
            for future in as_completed(list(futures)):
                try:
                    yield futures[future], future.result()
                except Exception as exc:
                    if isinstance(exc, LogicnetError):
                        raise
                    raise WorkerFailed(f"a Dask task failed ({exc}); the results so far are kept (use --resume)") from exc
        finally:
            for future in futures:
                future.cancel()
            if self._owns:
                self.client.close()


def make_executor(kind: str = "local", *, jobs: int | None = None, scheduler: str | None = None) -> Executor:
    """``in-process``, ``local`` (a pool of ``jobs`` processes) or ``dask`` (at ``scheduler``)."""
    if kind == "dask":
        if not scheduler:
            raise LogicnetError("--executor dask needs --scheduler tcp://HOST:PORT")
        return DaskExecutor(scheduler)
    if kind == "in-process":
        return InProcessExecutor()
    if kind == "local":
        return LocalPoolExecutor(jobs)
    raise LogicnetError(f"unknown executor '{kind}'; expected in-process, local or dask")
