"""Progress of long computations, shown on stderr with rich (silent when
stderr is not a terminal, so logs and pipes stay clean)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

__all__ = ["progress_reporter"]


class _Reporter:
    """A :class:`logicnet.dynamics.engines.Progress` callback backed by a rich bar."""

    def __init__(self, progress: Progress):
        self._progress = progress
        self._task = progress.add_task("working", total=None)

    def __call__(self, message: str, done: int | None = None, total: int | None = None) -> None:
        self._progress.update(self._task, description=message, completed=done or 0, total=total)


@contextmanager
def progress_reporter() -> Iterator[_Reporter]:
    """A progress callback for the duration of a command."""
    console = Console(stderr=True)
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
        yield _Reporter(progress)
