"""Time limits: refused when meaningless, honoured by the engines, and bounded
from outside when an engine cannot be interrupted."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from logicnet.cli.main import cli
from logicnet.cli.supervise import GRACE, requested_timeout, stop_advice

from tests.conftest import MODELS

MACROPHAGE = MODELS / "bbm" / "bbm-001-signaling-in-macrophage-activation.bnet"  # 302 nodes


def test_requested_timeout_is_read_from_the_arguments() -> None:
    assert requested_timeout(["analyze", "x.yaml", "--timeout", "2.5"]) == 2.5
    assert requested_timeout(["analyze", "--timeout=3"]) == 3.0
    assert requested_timeout(["analyze", "--timeout", "0"]) is None  # click refuses it
    assert requested_timeout(["analyze", "x.yaml"]) is None


@pytest.mark.parametrize("command", ["attractors", "fixed-points", "check", "escape", "combos", "analyze", "screen"])
def test_a_zero_time_limit_is_refused(command: str, write) -> None:  # type: ignore[no-untyped-def]
    net = write("logicnet: 1\nname: n\nnodes:\n  A: A\n")
    result = CliRunner().invoke(cli, [command, str(net), "--timeout", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '--timeout': 0.0 is not in the range x>0." in result.output


def _run(*args: str) -> tuple[int, str, float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "logicnet", *args], capture_output=True, text=True, timeout=120)
    return done.returncode, done.stderr, time.monotonic() - started


def test_the_limit_stops_a_long_search_with_a_message() -> None:
    # asynchronous attractors of a 302-node model: the engine stops itself
    code, err, elapsed = _run("analyze", str(MACROPHAGE), "--goal", "v_APAF1=0", "--drug-targets", "TLRi=v_TLR4",
                              "--timeout", "2")
    assert code == 2
    assert "time limit (--timeout)" in err.splitlines()[-1] or "stopped after 2 s (--timeout)" in err
    assert "Traceback" not in err
    assert elapsed < 2 + GRACE + 10  # start-up included


def test_a_search_that_cannot_be_interrupted_is_stopped_from_outside() -> None:
    # a synchronous search of the same model runs long inside CUDD
    code, err, elapsed = _run("attractors", str(MACROPHAGE), "--semantics", "synchronous", "--timeout", "1")
    assert code == 2
    assert err.splitlines()[-1].startswith("error: ")
    assert "(--timeout)" in err.splitlines()[-1]
    assert elapsed < 1 + GRACE + 10
    # stopped from outside, or (on a loaded machine) by the engine's own check first
    assert err.splitlines()[-1] in (
        "error: stopped after 1 s (--timeout): the computation could not be interrupted sooner; give it more time,"
        " fix inputs with --context or --set, or choose another --engine or --semantics",
        "error: the synchronous attractor search hit the time limit (--timeout)")


def test_the_advice_after_a_stop_names_only_the_commands_options() -> None:
    assert stop_advice({"--context", "--engine", "--semantics", "--timeout"}) == (
        "give it more time, fix inputs with --context, or choose another --engine or --semantics")
    assert stop_advice({"--engine"}) == "give it more time or choose another --engine"
    assert stop_advice(()) == "give it more time"
