"""Stochastic simulation: logicnet's ``stochastic`` semantics beside MaBoSS (cmaboss).

    python benchmarks/bench_simulate.py [--runs 10000] [--time 40] [--repeat 3]

The model is the MAPK network of Grieco et al. (2013) as published in the BBM
repository (id 070, 53 nodes, 4 free inputs; tests/models/bbm/), every rate 1
(MaBoSS's default), inputs on with probability 0.5 and every other node off
at the start. The horizon (``--time``, default 40) is where most runs have
settled: the script reports the share of logicnet's runs at a fixed point.

Both tools get the same model: logicnet's MaBoSS export (``generate_maboss``)
is what cmaboss runs. Each case runs in a fresh process (imports and the
model read before the clock starts), so its peak memory (maximum resident set,
the process and its workers) is its own:

``logicnet``   ``simulate(..., semantics="stochastic")``, every node's
               probability at 100 sampled times; on 2 cores the runs are
               split into chunks over a local process pool
``cmaboss``    ``MaBoSSSim(...).run()`` with ``thread_count`` = cores; once with
               3 output nodes (MaBoSS's cheapest setting) and once with every
               node as output (the information logicnet gives)

Trajectories per second are runs divided by wall-clock seconds; the ratio is
logicnet's over cmaboss's (above 1: logicnet is faster). The phenotypes'
probabilities at the horizon are checked to agree within 3 standard errors.
Results go to benchmarks/results/simulate.csv and simulate.md (median and
worst of ``--repeat`` runs).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # this checkout's logicnet, not an installed one
RESULTS = ROOT / "benchmarks" / "results"
MODEL = ROOT / "tests" / "models" / "bbm" / "bbm-070-mapk-cancer-cell-fate.bnet"
PHENOTYPES = ["v_Apoptosis", "v_Growth_Arrest", "v_Proliferation"]


def _load() -> Any:
    import warnings

    from logicnet.io import read_network

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_network(MODEL)


def _start(network: Any) -> dict[str, float]:
    return {n: (0.5 if node.is_free_input else 0) for n, node in network.nodes.items()}


def _peak_mb() -> float:
    """Peak resident memory of this process plus its largest worker, MB."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round((own + children) / 1024, 1)


def _status(key: str) -> float:
    """A memory figure of this process from /proc/self/status, MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _start_measuring() -> float:
    """Reset the peak resident set to the current one (Linux) and return it, MB."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
    return _status("VmRSS")


def _growth(before: float) -> float:
    """How far the resident set rose above ``before`` during the run, MB."""
    return round(_status("VmHWM") - before, 1)


def run_case(tool: str, cores: int, runs: int, horizon: float, outputs: str, seed: int) -> dict[str, Any]:
    """One timed run in this (fresh) process."""
    network = _load()
    start = _start(network)
    every = horizon / 100
    if tool == "logicnet":
        from logicnet.dynamics.simulate import simulate
        from logicnet.execution import LocalPoolExecutor, InProcessExecutor

        executor = LocalPoolExecutor(cores) if cores > 1 else InProcessExecutor()
        loaded = _start_measuring()
        clock = time.perf_counter()
        course = simulate(network, [start], semantics="stochastic", runs=runs, time=horizon, sample_every=every,
                          seed=seed, executor=executor, attractors=False)
        seconds = time.perf_counter() - clock
        final = {p: float(course.fraction(p, 1)[-1]) for p in PHENOTYPES}
        moves = int(course.notes[0].split()[0])
        return dict(seconds=seconds, final=final, moves=moves, peak_mb=_peak_mb(), run_mb=_growth(loaded))
    import cmaboss

    from logicnet.io import generate_maboss

    chosen = PHENOTYPES if outputs == "phenotypes" else list(network.names)
    with tempfile.TemporaryDirectory() as folder:
        bnd, cfg = generate_maboss(network, start=start, time=horizon, sample_every=every, runs=runs, seed=seed,
                                   outputs=chosen, threads=cores)
        Path(folder, "m.bnd").write_text(bnd)
        Path(folder, "m.cfg").write_text(cfg)
        simulation = cmaboss.MaBoSSSim(network=str(Path(folder, "m.bnd")), config=str(Path(folder, "m.cfg")))
        loaded = _start_measuring()
        clock = time.perf_counter()
        result = simulation.run()
        probabilities, _, names, _ = result.get_nodes_probtraj()
        seconds = time.perf_counter() - clock
    final = {p: float(probabilities[-1, list(names).index(p)]) if p in names else 0.0 for p in PHENOTYPES}
    return dict(seconds=seconds, final=final, moves=None, peak_mb=_peak_mb(), run_mb=_growth(loaded))


def settled_share(runs: int, horizon: float, seed: int) -> float:
    """The share of runs at a fixed point at the horizon (logicnet's classification)."""
    from logicnet.dynamics.simulate import simulate

    network = _load()
    course = simulate(network, [_start(network)], semantics="stochastic", runs=runs, time=horizon,
                      sample_every=horizon, seed=seed)
    assert course.attractors is not None
    fixed = sum(s.runs for s in course.attractors if s.attractor is not None and s.attractor.kind == "fixed_point")
    return fixed / runs


def in_fresh_process(tool: str, cores: int, runs: int, horizon: float, outputs: str, seed: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--case", tool, "--cores", str(cores), "--runs", str(runs),
               "--time", str(horizon), "--outputs", outputs, "--seed", str(seed)]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10000)
    parser.add_argument("--time", type=float, default=40.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--case", choices=["logicnet", "cmaboss"], help=argparse.SUPPRESS)
    parser.add_argument("--cores", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--outputs", default="all", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=1, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.case:
        print(json.dumps(run_case(options.case, options.cores, options.runs, options.time, options.outputs,
                                  options.seed)))
        return
    if importlib.util.find_spec("cmaboss") is None:
        sys.exit("bench_simulate needs cmaboss: pip install -e '.[bench]'")

    load_before = os.getloadavg()[0]
    settled = settled_share(options.runs, options.time, 1)
    print(f"runs at a fixed point at t = {options.time:g}: {settled:.1%}", flush=True)
    cases = [("logicnet", 1, "all"), ("cmaboss", 1, "phenotypes"), ("cmaboss", 1, "all"),
             ("logicnet", 2, "all"), ("cmaboss", 2, "phenotypes"), ("cmaboss", 2, "all")]
    measured: dict[tuple[str, int, str], list[dict[str, Any]]] = {c: [] for c in cases}
    for repeat in range(options.repeat):  # interleaved, so that load on the machine hits every case alike
        for case in cases:
            tool, cores, outputs = case
            result = in_fresh_process(tool, cores, options.runs, options.time, outputs, repeat + 1)
            measured[case].append(result)
            print(case, round(result["seconds"], 3), result["peak_mb"], result["run_mb"], flush=True)
    rows = []
    for tool, cores, outputs in cases:
        results = measured[(tool, cores, outputs)]
        seconds = [r["seconds"] for r in results]
        rows.append(dict(tool=tool, cores=cores, outputs="all nodes" if outputs == "all" else "3 phenotypes",
                         runs=options.runs, time=options.time, median_s=round(statistics.median(seconds), 3),
                         worst_s=round(max(seconds), 3),
                         trajectories_per_s=round(options.runs / statistics.median(seconds)),
                         worst_trajectories_per_s=round(options.runs / max(seconds)),
                         peak_mb=max(r["peak_mb"] for r in results),
                         run_mb=max(r["run_mb"] for r in results),
                         moves=results[0]["moves"] or "", **{f"final_{p}": round(results[0]["final"][p], 4)
                                                            for p in PHENOTYPES}))
    agreement = _agreement(rows, options.runs)
    agreement += (f"; load average of the machine {load_before:.1f} before and {os.getloadavg()[0]:.1f} after the"
                  " run (above 2, other work shared the two cores)")
    options.out.mkdir(parents=True, exist_ok=True)
    with (options.out / "simulate.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    _markdown(options, rows, settled, agreement)
    print(f"wrote {options.out / 'simulate.csv'} and {options.out / 'simulate.md'}")


def _agreement(rows: list[dict[str, Any]], runs: int) -> str:
    ours = next(r for r in rows if r["tool"] == "logicnet")
    theirs = next(r for r in rows if r["tool"] == "cmaboss" and r["outputs"] == "all nodes")
    worst = 0.0
    for p in PHENOTYPES:
        a, b = ours[f"final_{p}"], theirs[f"final_{p}"]
        pooled = (a + b) / 2
        error = (2 * pooled * (1 - pooled) / runs) ** 0.5
        if error:
            worst = max(worst, abs(a - b) / error)
    return f"phenotype probabilities at the horizon agree within {worst:.1f} standard errors"


def _markdown(options: argparse.Namespace, rows: list[dict[str, Any]], settled: float, agreement: str) -> None:
    by = {(r["tool"], r["cores"], r["outputs"]): r for r in rows}
    lines = [
        "# Stochastic simulation benchmark: MAPK (Grieco 2013), logicnet beside cmaboss",
        "",
        f"Generated by `{('python benchmarks/bench_simulate.py ' + ' '.join(sys.argv[1:])).strip()}` on"
        f" {time.strftime('%Y-%m-%d')} ({platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs).",
        f"{options.runs} trajectories to t = {options.time:g} (every rate 1), each case in a fresh process,"
        f" median and worst of {options.repeat} runs; {settled:.0%} of the runs are at a fixed point at the"
        f" horizon; {agreement}. See benchmarks/bench_simulate.py.",
        "",
        "| tool | cores | output nodes | median s | worst s | trajectories/s (median) | trajectories/s (worst)"
        " | peak memory MB (process + largest worker) | growth of the process during the run MB"
        " | ratio logicnet/cmaboss (median) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = "-"
        if r["tool"] == "cmaboss":
            ours = by[("logicnet", r["cores"], "all nodes")]
            ratio = f"{ours['trajectories_per_s'] / r['trajectories_per_s']:.2f}"
        lines.append(f"| {r['tool']} | {r['cores']} | {r['outputs']} | {r['median_s']} | {r['worst_s']} |"
                     f" {r['trajectories_per_s']} | {r['worst_trajectories_per_s']} | {r['peak_mb']} | {r['run_mb']} | {ratio} |")
    (options.out / "simulate.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
