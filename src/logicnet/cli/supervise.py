"""A hard bound on ``--timeout``: the command runs in a child process that is
stopped if it outlives the limit by more than :data:`GRACE` seconds.

The engines check the time limit themselves and stop with a clear message;
this guard covers what they cannot interrupt (a long call inside a solver
library). It is used only when ``--timeout`` is given, and only where
``os.fork`` exists.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from typing import Collection, Sequence

__all__ = ["GRACE", "requested_timeout", "run_bounded", "stop_advice"]

#: seconds allowed past the limit before the command is stopped from outside
GRACE = 1.0
_POLL = 0.05


def requested_timeout(args: Sequence[str]) -> float | None:
    """The ``--timeout`` value among ``args`` (``None`` if absent or not a
    positive number: click then reports the mistake)."""
    for i, arg in enumerate(args):
        text = None
        if arg == "--timeout" and i + 1 < len(args):
            text = args[i + 1]
        elif arg.startswith("--timeout="):
            text = arg.split("=", 1)[1]
        if text is not None:
            try:
                value = float(text)
            except ValueError:
                return None
            return value if value > 0 else None
    return None


def stop_advice(options: Collection[str]) -> str:
    """What to try after a stop, naming only the options the command has."""
    advice = ["give it more time"]
    fixes = [o for o in ("--context", "--set") if o in options]
    if fixes:
        advice.append(f"fix inputs with {' or '.join(fixes)}")
    choices = [o for o in ("--engine", "--semantics") if o in options]
    if choices:
        advice.append(f"choose another {' or '.join(choices)}")
    if len(advice) == 1:
        return advice[0]
    return ", ".join(advice[:-1]) + (", or " if len(advice) > 2 else " or ") + advice[-1]


def run_bounded(timeout: float, options: Collection[str] = ()) -> int | None:
    """Fork: the child returns ``None`` and runs the command; the parent waits
    and returns the exit status to leave with (2, with a message, when it had
    to stop the child). ``options`` are the command's, for the advice."""
    if not hasattr(os, "fork"):
        return None
    deadline = time.monotonic() + timeout + GRACE
    pid = os.fork()
    if pid == 0:
        return None
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # the child handles Ctrl-C
    try:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return os.waitstatus_to_exitcode(status) if status else 0
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                sys.stdout.flush()
                print(f"error: stopped after {timeout:g} s (--timeout): the computation could not be"
                      f" interrupted sooner; {stop_advice(options)}", file=sys.stderr)
                return 2
            time.sleep(_POLL)
    finally:
        signal.signal(signal.SIGINT, previous)
