"""Executors: run ``fn(item)`` for many items and yield results as they complete.

Worker processes of the local pool end with the process that started them,
however it ends (even ``kill -9``): on Linux each worker asks the kernel for
a signal when its parent dies (``prctl(PR_SET_PDEATHSIG)``); elsewhere a
thread in each worker watches the parent.
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import socket
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterator, Protocol, Sequence

from logicnet.errors import LogicnetError

__all__ = [
    "Executor",
    "InProcessExecutor",
    "LocalPoolExecutor",
    "DaskExecutor",
    "make_executor",
    "WorkerFailed",
    "end_with_parent",
]

#: prctl option: the signal a process receives when its parent dies (linux/prctl.h)
PR_SET_PDEATHSIG = 1
#: how often the fallback watcher looks at the parent, in seconds
WATCH_INTERVAL = 0.5


class WorkerFailed(LogicnetError):
    """A worker died or a cluster dropped out; results so far are kept."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - exists, owned by someone else
        return True
    return True


def _watch(parent: int) -> None:  # pragma: no cover - the fallback off Linux
    while _alive(parent) and os.getppid() != 1:
        time.sleep(WATCH_INTERVAL)
    os._exit(1)


def end_with_parent(parent: int) -> None:
    """Worker initializer: end this process when process ``parent`` dies.

    Linux delivers SIGKILL on the parent's death once asked by prctl; a parent
    that died before the request is caught by looking at it once more.
    Elsewhere a daemon thread polls the parent."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0:
                if not _alive(parent):
                    os._exit(1)
                return
        except (OSError, AttributeError):  # pragma: no cover - no prctl in this libc
            pass
    threading.Thread(target=_watch, args=(parent,), name="logicnet-parent-watch",  # pragma: no cover
                     daemon=True).start()


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


#: the function a worker of a local pool runs on each item (sent once per
#: worker, not once per item: it may carry a whole network)
_WORKER_FN: Callable[[Any], Any] | None = None


def _start_worker(parent: int, fn: Callable[[Any], Any]) -> None:
    global _WORKER_FN
    _WORKER_FN = fn
    end_with_parent(parent)


def _call_worker(item: Any) -> Any:
    assert _WORKER_FN is not None
    return _WORKER_FN(item)


class LocalPoolExecutor:
    """A pool of ``jobs`` worker processes on this machine."""

    name = "local"

    def __init__(self, jobs: int | None = None):
        self.jobs = max(1, jobs or os.cpu_count() or 1)

    def run(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[tuple[Any, Any]]:
        if self.jobs == 1 or len(items) <= 1:
            yield from InProcessExecutor().run(fn, items)
            return
        with ProcessPoolExecutor(max_workers=min(self.jobs, len(items)), initializer=_start_worker,
                                 initargs=(os.getpid(), fn)) as pool:
            pending = {pool.submit(_call_worker, item): item for item in items}
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
        if not self._owns:
            self.client = address
            return
        _check_scheduler(address)
        self.client = _quiet_client(Client, address)

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


SCHEDULER_EXAMPLE = "tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786"


def _check_scheduler(address: str) -> None:
    """Refuse an address that is not one, and a TCP scheduler nothing listens
    at, before distributed tries (it waits its whole timeout, and a failed
    Client prints a traceback when it is collected)."""
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import backends

    try:
        scheme, location = parse_address(address, strict=False)
        if scheme not in backends:
            raise ValueError(f"unknown scheme '{scheme}://'")
        host, port = parse_host_port(location) if scheme in ("tcp", "tls") else (None, None)
        if port is not None and not 0 < int(port) < 65536:
            raise ValueError(f"port {port} is outside 1..65535")
    except (ValueError, TypeError) as exc:
        raise LogicnetError(f"--scheduler '{address}' is not a Dask scheduler address ({exc}); expected"
                            f" {SCHEDULER_EXAMPLE}") from None
    if host is None:
        return
    try:
        socket.create_connection((host, int(port)), timeout=10).close()  # type: ignore[arg-type]
    except (OSError, OverflowError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise LogicnetError(f"cannot reach the Dask scheduler at {address}: {reason}") from None


def _quiet_client(client_class: Any, address: str) -> Any:
    """``Client(address)``, or a :class:`LogicnetError`; a half-made client is
    collected here with its complaints silenced (they print a traceback)."""
    previous = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        try:
            return client_class(address, timeout="10s")
        except (OSError, TimeoutError) as exc:
            message = f"cannot reach the Dask scheduler at {address}: {exc}"
        except Exception as exc:  # noqa: BLE001 - whatever distributed raises on a bad cluster
            message = f"cannot use the Dask scheduler at {address}: {exc}"
        gc.collect()  # the failed client, now that no traceback holds it
    finally:
        sys.unraisablehook = previous
    raise LogicnetError(message)


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
