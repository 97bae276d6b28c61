"""Exact asynchronous attractors: logicnet's symbolic engine against its peers.

    python benchmarks/bench_async.py [--models shipped|shared|set65|DIR] [--max-nodes 60]
                                     [--timeout 120] [--repeat 1] [--tools logicnet,aeon,...]

Every model is run by every tool, each run in a fresh subprocess with a
timeout. A tool's time is measured inside its process, from reading the BNet
file to having the attractors (the library is imported first, the interpreter
start and the import are not counted); wall-clock and CPU time are both kept,
and so are the wall and CPU time of the whole process (start and imports
included), the same way for every tool.
Free inputs get an identity line ``x, x`` in the file all tools read (BBM
files leave them without a line), so that every tool sees the same network.

Tools:

``logicnet``        ``attractors(network, semantics="asynchronous", engine="symbolic", limit=EVERY)``
``aeon``            biodivine-aeon ``Attractors.attractors(AsynchronousGraph(...))``
``biobalm``         biobalm's succession diagram: ``build()``, then its attractor sets
``pystablemotifs``  ``AttractorRepertoire.from_primes`` (default options; it gives the
                    size of a complex attractor only as bounds when it is not explored)
``pyboolnet``       ``attractors.compute_attractors(primes, "asynchronous")``
``pyboolnet-stg``   PyBoolNet's explicit route: ``primes2stg`` and
                    ``compute_attractors_tarjan``, only up to ``STG_MAX_NODES`` nodes

With ``--baseline SRC`` (the ``src`` folder of an earlier logicnet), that code
runs too, as tool ``logicnet-base`` in the same rounds, so that a change is
measured against what it replaced under the same load (it is no peer: the
best-peer ratios leave it out). Every clock starts after a garbage collection.

Outcomes are checked against logicnet's: the number of attractors and the
total number of their states (or, for pystablemotifs' bounds, that logicnet's
total lies between them). Results go to benchmarks/results/async.csv (one row
per model: every tool's status, outcome, times, and logicnet's time ratio to
it) and benchmarks/results/async.md (medians over the models each peer
finishes, worst cases).
"""

from __future__ import annotations

import argparse
import atexit
import csv
import gc
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bnet_files import prepared

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SHIPPED = ROOT / "tests" / "models" / "bbm"
SHARED = ROOT / "benchmarks" / "models" / "bbm"  # the BBM collection, copied into the repository
TNBC = ROOT / "networks" / "tnbc_pi3k.yaml"
TOOLS = ("logicnet", "aeon", "biobalm", "pystablemotifs", "pyboolnet", "pyboolnet-stg")
SET65 = ROOT / "benchmarks" / "set65.txt"
PEERS = TOOLS[1:]
#: logicnet's worker on an earlier checkout (``--baseline``), run beside the current code
BASELINE = "logicnet-base"
#: the explicit state transition graph of PyBoolNet is tried up to this many nodes
STG_MAX_NODES = 12
#: where the workers' compiled bytecode is kept (this environment may forbid writing it
#: beside the sources; removed at exit)
BYTECODE = tempfile.mkdtemp(prefix="logicnet-bench-bytecode-")
atexit.register(shutil.rmtree, BYTECODE, ignore_errors=True)


# --------------------------------------------------------------------------- the files


def model_files(choice: str, shared: Path = SHARED) -> list[Path]:
    """``shipped``, ``shared`` (every BBM model), ``set65`` (the BBM ids in
    benchmarks/set65.txt) or a folder."""
    if choice == "set65":
        wanted = {line.split("#", 1)[0].strip() for line in SET65.read_text().splitlines()} - {""}
        return sorted(f for f in shared.glob("*.bnet") if f.name[4:7] in wanted)
    folder = {"shipped": SHIPPED, "shared": shared, "bbm": shared}.get(choice, Path(choice))
    return sorted(folder.glob("*.bnet"))


# --------------------------------------------------------------------------- the workers


#: a limit past any model's number of attractors
EVERY = 10**9


def _cpu() -> float:
    """CPU time of this process and of the programs it ran (some tools call
    external solvers)."""
    children = os.times()
    return time.process_time() + children.children_user + children.children_system


def _start() -> tuple[float, float]:
    """The clock at the start of a measurement, after a garbage collection:
    the collection that a tool's imports call for is theirs (counted in the
    fresh-process figures), not the first question's."""
    gc.collect()
    return time.perf_counter(), _cpu()


def _logicnet(path: str) -> dict[str, Any]:
    import warnings

    from logicnet.dynamics import attractors
    # the engine imported before the clock starts; the asp engine (clingo) is
    # left to be imported on the clock by the models whose hard cores need it,
    # as a user's process does (importing it for all cost the small models
    # 20 ms of their fresh-process time)
    import logicnet.dynamics.engines.symbolic  # noqa: F401
    import logicnet.io.bnet  # noqa: F401 - the reader's modules, loaded on a first read otherwise
    from logicnet.io import read_network

    start, cpu = _start()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        network = read_network(path, fold_levels=False)  # the Boolean network as written, as the peers read it
    # every attractor, as the peers give them (without a limit the API lists 10,000)
    result = attractors(network, semantics="asynchronous", engine="symbolic", limit=EVERY)
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    return {"attractors": len(result), "states": sum(a.size for a in result), "wall": wall, "cpu": cpu}


def _aeon(path: str) -> dict[str, Any]:
    import biodivine_aeon as aeon

    start, cpu = _start()
    network = aeon.BooleanNetwork.from_bnet(Path(path).read_text(), repair_graph=True)
    found = aeon.Attractors.attractors(aeon.AsynchronousGraph(network))
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    states = sum(a.vertices().cardinality() for a in found)
    return {"attractors": len(found), "states": states, "wall": wall, "cpu": cpu}


def _biobalm(path: str) -> dict[str, Any]:
    from biobalm import SuccessionDiagram

    start, cpu = _start()
    diagram = SuccessionDiagram.from_file(path)
    diagram.build()
    found = [a for sets in diagram.expanded_attractor_sets().values() for a in sets]
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    return {"attractors": len(found), "states": sum(int(a.cardinality()) for a in found), "wall": wall, "cpu": cpu}


def _pystablemotifs(path: str) -> dict[str, Any]:
    import pystablemotifs as sm

    start, cpu = _start()
    primes = sm.format.import_primes(path, format="BNet")
    repertoire = sm.AttractorRepertoire.from_primes(primes)
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    found = repertoire.attractors
    low = sum(a.size_lower_bound for a in found)
    high = sum(a.size_upper_bound for a in found)
    return {"attractors": len(found), "states": low if low == high else None, "states_low": low,
            "states_high": high, "wall": wall, "cpu": cpu}


def _pyboolnet(path: str) -> dict[str, Any]:
    from pyboolnet.attractors import compute_attractors
    from pyboolnet.file_exchange import bnet2primes

    start, cpu = _start()
    primes = bnet2primes(path)
    found = compute_attractors(primes, "asynchronous")["attractors"]
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    # PyBoolNet reports a representative state of a cyclic attractor, not its size
    sizes = [1 if a["is_steady"] else None for a in found]
    states = sum(sizes) if None not in sizes else None  # type: ignore[arg-type]
    return {"attractors": len(found), "states": states, "wall": wall, "cpu": cpu}


def _pyboolnet_stg(path: str) -> dict[str, Any]:
    from pyboolnet.attractors import compute_attractors_tarjan
    from pyboolnet.file_exchange import bnet2primes
    from pyboolnet.state_transition_graphs import primes2stg

    start, cpu = _start()
    primes = bnet2primes(path)
    steady, cyclic = compute_attractors_tarjan(primes2stg(primes, "asynchronous"))
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    return {"attractors": len(steady) + len(cyclic), "states": len(steady) + sum(len(c) for c in cyclic),
            "wall": wall, "cpu": cpu}


def _tnbc(path: str) -> dict[str, Any]:
    """Priority attractors of the TNBC network as a drug screen asks them: per
    context, the untreated attractors, then every single drug and drug pair
    from the untreated attractors; the time of every question."""
    from itertools import combinations

    from logicnet.dynamics import attractors
    from logicnet.io import read_network
    from logicnet.model.perturbation import Perturbation

    network = read_network(path)
    untreated_times, treated_times = [], []
    for context in network.contexts:
        start = time.perf_counter()
        untreated = attractors(network, perturbation=Perturbation.build(network, context=context),
                               engine="symbolic")
        untreated_times.append(time.perf_counter() - start)
        for size in (1, 2):
            for drugs in combinations(network.drugs, size):
                treated = Perturbation.build(network, context=context, drugs=drugs)
                start = time.perf_counter()
                attractors(network, perturbation=treated, starts=untreated.attractors, engine="symbolic")
                treated_times.append(time.perf_counter() - start)
    return {"untreated": untreated_times, "treated": treated_times, "contexts": len(network.contexts),
            "drugs": len(network.drugs), "semantics": untreated.semantics}


WORKERS = {"logicnet": _logicnet, "aeon": _aeon, "biobalm": _biobalm, "pystablemotifs": _pystablemotifs,
           "pyboolnet": _pyboolnet, "pyboolnet-stg": _pyboolnet_stg, "tnbc": _tnbc}


def worker(tool: str, path: str) -> None:
    """Run one tool on one file and print its outcome as JSON (last line)."""
    outcome = WORKERS[tool](path)
    print(json.dumps(outcome))


# --------------------------------------------------------------------------- running


def readline_shim() -> str | None:
    """A folder where libreadline.so.6 is the system's readline 8, or ``None``.

    PyBoolNet's bundled NuSMV binary links libreadline.so.6, which current
    Debian no longer ships; readline 8 serves it (NuSMV only reads no input
    here). Nothing is installed: the link lives in a temporary folder.
    """
    for folder in ("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib"):
        if Path(folder, "libreadline.so.6").exists():
            return None
        if Path(folder, "libreadline.so.8").exists():
            shim = Path(tempfile.gettempdir(), "logicnet-bench-readline")
            shim.mkdir(exist_ok=True)
            link = shim / "libreadline.so.6"
            if not link.exists():
                link.symlink_to(Path(folder, "libreadline.so.8"))
            return str(shim)
    return None


def run(tool: str, path: Path, timeout: float, baseline: Path | None = None) -> dict[str, Any]:
    """One run in a fresh process: the worker's outcome, or a status saying why not.
    ``logicnet-base`` is logicnet's worker on the code in ``baseline`` (a ``src`` folder)."""
    worker_tool = "logicnet" if tool == BASELINE else tool
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", worker_tool, str(path)]
    # compiled bytecode kept between runs, as an installed package has it (never in the source tree)
    env = dict(os.environ, PYTHONWARNINGS="ignore", PYTHONPYCACHEPREFIX=BYTECODE)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # (set, every fresh process would compile every module again)
    if tool == BASELINE:
        assert baseline is not None
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(baseline), env.get("PYTHONPATH")]))
    shim = readline_shim() if tool.startswith("pyboolnet") else None
    if shim:
        env["LD_LIBRARY_PATH"] = os.pathsep.join(filter(None, [shim, env.get("LD_LIBRARY_PATH")]))
    # a process group, so that a timeout also ends the programs the tool started
    started, children = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               cwd=ROOT, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return {"status": f"timeout ({timeout:g} s)"}
    done = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    process_wall = time.perf_counter() - started
    process_cpu = (ended.ru_utime - children.ru_utime) + (ended.ru_stime - children.ru_stime)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"status": "error: " + _error_line(done.stdout + "\n" + done.stderr)}
    try:
        outcome = json.loads(lines[-1])
    except json.JSONDecodeError:
        return {"status": "error: " + _error_line(done.stdout)}
    outcome["status"] = "ok"
    # the whole fresh process: interpreter start, imports, reading, solving
    outcome["process_wall"], outcome["process_cpu"] = process_wall, process_cpu
    return outcome


def _error_line(text: str) -> str:
    """The most telling line of a traceback or error output."""
    missing = re.search(r"([\w.-]+): error while loading shared libraries: ([\w.+-]+)", text)
    if missing:
        return f"{missing.group(1)}: error while loading shared libraries: {missing.group(2)}"
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][-200:] if lines else "no output"


def best_of(tools: list[str], path: Path, timeout: float, repeat: int, skip: dict[str, dict[str, Any]],
            baseline: Path | None = None) -> dict[str, dict[str, Any]]:
    """Per tool, the fastest of ``repeat`` runs (the first failure is kept as
    is). The tools take turns, one run each per round, so that a slow spell
    of the machine falls on all of them."""
    best: dict[str, dict[str, Any]] = dict(skip)
    for _ in range(repeat):
        for tool in tools:
            if tool in best and best[tool]["status"] != "ok":
                continue
            outcome = run(tool, path, timeout, baseline)
            if outcome["status"] != "ok" or tool not in best or outcome["wall"] < best[tool]["wall"]:
                best[tool] = outcome
    return best


def agreement(reference: dict[str, Any], other: dict[str, Any]) -> str:
    """``ok``, ``bounds`` (within a peer's size bounds), or what differs."""
    if reference.get("status") != "ok" or other.get("status") != "ok":
        return ""
    if other["attractors"] != reference["attractors"]:
        return f"differs: {other['attractors']} attractors"
    if other.get("states") is not None:
        return "ok" if other["states"] == reference["states"] else f"differs: {other['states']} states"
    low, high = other.get("states_low"), other.get("states_high")
    if low is not None and low <= reference["states"] <= high:
        return "ok (size bounds)"
    if low is not None:
        return f"differs: states outside [{low}, {high}]"
    return "ok (count only)"


# --------------------------------------------------------------------------- reporting


def csv_rows(records: list[dict[str, Any]], tools: list[str]) -> tuple[list[str], list[list[Any]]]:
    header = ["model", "nodes", "inputs"]
    for tool in tools:
        header += [f"{tool}_status", f"{tool}_attractors", f"{tool}_states", f"{tool}_wall_s", f"{tool}_cpu_s",
                   f"{tool}_process_wall_s", f"{tool}_process_cpu_s"]
        if tool != "logicnet":
            header += [f"{tool}_agrees", f"logicnet/{tool}_wall", f"logicnet/{tool}_cpu"]
    header += ["best_peer_wall", "logicnet/best_wall", "best_peer_cpu", "logicnet/best_cpu",
               "logicnet/best_process_wall", "logicnet/best_process_cpu"]
    rows = []
    for record in records:
        row: list[Any] = [record["model"], record["nodes"], record["inputs"]]
        ours = record["logicnet"]
        for tool in tools:
            out = record[tool]
            states = out.get("states")
            if states is None and out.get("states_low") is not None:
                states = f"{out['states_low']}..{out['states_high']}"
            row += [out["status"], out.get("attractors", ""), "" if states is None else states,
                    _number(out.get("wall")), _number(out.get("cpu")), _number(out.get("process_wall")),
                    _number(out.get("process_cpu"))]
            if tool != "logicnet":
                row += [agreement(ours, out), _ratio(ours, out, "wall"), _ratio(ours, out, "cpu")]
        for key in ("wall", "cpu"):
            best = best_peer(record, tools, key)
            row += ["", ""] if best is None else [best[0], _ratio(ours, best[1], key)]
        for key in ("process_wall", "process_cpu"):
            best = best_peer(record, tools, key)
            row.append("" if best is None else _ratio(ours, best[1], key))
        rows.append(row)
    return header, rows


def best_peer(record: dict[str, Any], tools: list[str], key: str) -> tuple[str, dict[str, Any]] | None:
    """The peer that finished ``record``'s model fastest by ``key``, or None."""
    done = [(t, record[t]) for t in tools
            if not t.startswith("logicnet") and record[t].get("status") == "ok" and record[t].get(key)]
    return min(done, key=lambda item: item[1][key]) if done else None


def best_peer_section(records: list[dict[str, Any]], tools: list[str]) -> list[str]:
    """Ratios of logicnet to the fastest peer of each model (the issue's
    measure: no model slower than 2x the best peer), by in-process wall and
    CPU time and by whole fresh-process time (interpreter start and imports
    included, for the tools the same way)."""
    solved = [r for r in records if best_peer(r, tools, "wall") is not None]
    missed = [r["model"] for r in solved if r["logicnet"]["status"] != "ok"]
    both = [r for r in solved if r["logicnet"]["status"] == "ok"]
    lines = ["", "## Against the fastest peer of each model", "",
             f"Models some peer finished: {len(solved)}; logicnet finished {len(both)} of them"
             + (f" (not: {', '.join(missed)})." if missed else "."), ""]
    if not both:
        return lines
    lines += ["| measure | median ratio | worst ratio (model) | models over 2x |", "|---|---|---|---|"]
    labels = {"wall": "in-process wall", "cpu": "in-process CPU", "process_wall": "fresh process wall",
              "process_cpu": "fresh process CPU"}
    over: dict[str, list[str]] = {}
    for key, label in labels.items():
        ratios = []
        for r in both:
            best = best_peer(r, tools, key)
            if best is not None and r["logicnet"].get(key):
                ratios.append((r["logicnet"][key] / best[1][key], r["model"], best[0]))
        if not ratios:
            continue
        worst = max(ratios)
        over[key] = [f"{m} ({x:.1f}x {t})" for x, m, t in sorted(ratios, reverse=True) if x > 2]
        lines.append(f"| {label} | {statistics.median(x for x, _, _ in ratios):.2f} |"
                     f" {worst[0]:.2f} ({worst[1]}, vs {worst[2]}) | {len(over[key])} |")
    lines += ["", "Over 2x the fastest peer:", ""]
    for key, label in labels.items():
        if key in over:
            lines.append(f"* {label}: " + (", ".join(over[key]) if over[key] else "none"))
    return lines


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _ratio(ours: dict[str, Any], other: dict[str, Any], key: str) -> str:
    if ours.get("status") != "ok" or other.get("status") != "ok" or not other.get(key):
        return ""
    return f"{ours[key] / other[key]:.3f}"


def summary(records: list[dict[str, Any]], tools: list[str], options: argparse.Namespace) -> str:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    ours = [r for r in records if r["logicnet"]["status"] == "ok"]
    lines = [
        "# Exact asynchronous attractors: logicnet (symbolic engine) and its peers",
        "",
        f"Measured by `python benchmarks/bench_async.py --models {options.models} --max-nodes"
        f" {options.max_nodes} --timeout {options.timeout:g} --repeat {options.repeat}"
        + (f" --baseline {options.baseline}" if options.baseline else "")
        + (f" --skip {options.skip}" if options.skip else "") + "`"
        f" on {machine}, {time.strftime('%Y-%m-%d')}.",
        "Each run is a fresh process; the time runs from reading the BNet file to having the",
        "attractors (imports excluded; logicnet imports its symbolic engine first, and clingo on",
        "the clock where a model's hard core needs it; biobalm's import brings clingo and AEON's",
        "its compiled library). The fresh-process",
        "figures below also count interpreter start and imports, the same way for every tool.",
        "Every tool's clock starts after a garbage collection (what its imports left is theirs).",
        "Per model and tool the fastest of the repeats is kept; the tools take turns, one run each",
        "per round."
        + (f" `{BASELINE}` is logicnet's own worker on the code before this change"
           f" (`--baseline {options.baseline}`), run in the same rounds; it is no peer." if options.baseline else ""),
        "Wall-clock times carry whatever else the machine runs, CPU times much less of it.",
        "Per-model figures are in `async.csv`.",
        "",
        f"Models: {len(records)} ({options.models}, at most {options.max_nodes} nodes"
        + (f", without {options.skip}" if options.skip else "") + ");"
        f" logicnet answered {len(ours)}, slowest"
        + (f" {max(r['logicnet']['wall'] for r in ours):.2f} s ({_slowest(ours)})." if ours else "."),
        "",
        "| peer | models it finished | agree with logicnet | median logicnet (s) | median peer (s) |"
        " median ratio logicnet/peer, wall | median ratio, CPU | worst ratio (model) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    notes = []
    for tool in tools:
        if tool == "logicnet":
            continue
        both = [r for r in ours if r[tool]["status"] == "ok"]
        agree = [r for r in both if agreement(r["logicnet"], r[tool]).startswith("ok")]
        if not both:
            statuses = sorted({r[tool]["status"] for r in records})
            lines.append(f"| {tool} | 0 of {len(records)} | — | — | — | — | — | — |")
            notes.append(f"* {tool}: finished no model; " + "; ".join(f"`{s}`" for s in statuses[:3]))
            continue
        wall = [r["logicnet"]["wall"] / r[tool]["wall"] for r in both]
        cpu = [r["logicnet"]["cpu"] / r[tool]["cpu"] for r in both if r[tool]["cpu"]]
        worst = max(both, key=lambda r: r["logicnet"]["wall"] / r[tool]["wall"])
        lines.append(
            f"| {tool} | {len(both)} of {len(records)} | {len(agree)} |"
            f" {statistics.median(r['logicnet']['wall'] for r in both):.3f} |"
            f" {statistics.median(r[tool]['wall'] for r in both):.3f} |"
            f" {statistics.median(wall):.2f} | {statistics.median(cpu):.2f} |"
            f" {max(wall):.2f} ({worst['model']}) |"
        )
        failures = sorted({r[tool]["status"] for r in records if r[tool]["status"] != "ok"})
        if failures:
            notes.append(f"* {tool}: not finished on {len(records) - len(both)} model(s): "
                         + "; ".join(f"`{s}`" for s in failures[:4]))
        disagreements = [r["model"] for r in both if not agreement(r["logicnet"], r[tool]).startswith("ok")]
        if disagreements:
            notes.append(f"* {tool}: outcome differs from logicnet on {', '.join(disagreements)}")
    lines += ["", "Ratios below 1 mean logicnet is faster.", ""] + notes
    lines += best_peer_section(records, tools)
    hard = sorted(ours, key=lambda r: -r["logicnet"]["wall"])[:8]
    lines += ["", "## The slowest models for logicnet", "",
              "| model | nodes | attractors | states | logicnet (s) | " + " | ".join(PEERS[:2]) + " (s) |",
              "|---|---|---|---|---|" + "---|" * 2]
    for r in hard:
        peers = " | ".join(_cell(r[t]) for t in PEERS[:2] if t in r)
        lines.append(f"| {r['model']} | {r['nodes']} | {r['logicnet']['attractors']} |"
                     f" {r['logicnet']['states']} | {r['logicnet']['wall']:.2f} | {peers} |")
    return "\n".join(lines) + "\n"


def tnbc_summary(outcome: dict[str, Any] | None) -> str:
    """The TNBC drug-screen questions, as a section of async.md."""
    if outcome is None:
        return ""
    lines = ["", "## TNBC drug-screen questions (networks/tnbc_pi3k.yaml)", ""]
    if outcome["status"] != "ok":
        return "\n".join(lines + [f"Not measured: {outcome['status']}", ""])
    untreated, treated = outcome["untreated"], sorted(outcome["treated"])
    lines += [
        f"{outcome['semantics']} attractors with the symbolic engine, in one process: for each of the"
        f" {outcome['contexts']} contexts the untreated attractors, then each of the"
        f" {len(treated) // outcome['contexts']} single drugs and drug pairs of the"
        f" {outcome['drugs']}-drug panel, from the untreated attractors (the screen's question).",
        "",
        "| question | count | median (s) | 95th percentile (s) | max (s) |",
        "|---|---|---|---|---|",
        f"| untreated, whole state space | {len(untreated)} | {statistics.median(untreated):.3f} | — |"
        f" {max(untreated):.3f} |",
        f"| treated, from the untreated attractors | {len(treated)} | {statistics.median(treated):.3f} |"
        f" {treated[int(0.95 * (len(treated) - 1))]:.3f} | {max(treated):.3f} |",
        "",
    ]
    return "\n".join(lines)


def _slowest(records: list[dict[str, Any]]) -> str:
    return max(records, key=lambda r: r["logicnet"]["wall"])["model"]


def _cell(outcome: dict[str, Any]) -> str:
    return f"{outcome['wall']:.2f}" if outcome["status"] == "ok" else outcome["status"].split(":")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default="shipped", help="shipped (tests/models/bbm), shared"
                        " (the BBM collection in benchmarks/models/bbm), set65 (benchmarks/set65.txt) or a"
                        " folder of .bnet files")
    parser.add_argument("--bbm", type=Path, default=SHARED, help="the folder of the BBM models")
    parser.add_argument("--max-nodes", type=int, default=60, help="skip larger models (inputs count)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per run")
    parser.add_argument("--repeat", type=int, default=1, help="runs per model and tool (fastest kept)")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--output", default=str(RESULTS), help="folder for async.csv and async.md")
    parser.add_argument("--no-tnbc", dest="tnbc", action="store_false",
                        help="skip the TNBC drug-screen questions")
    parser.add_argument("--first", default="", help="BBM ids to run first, comma-separated (e.g. 277,148,204)")
    parser.add_argument("--skip", default="", help="BBM ids to leave out, comma-separated (e.g. the models no tool"
                        " answered in an earlier run, to end in time)")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="the src folder of an earlier logicnet (e.g. from git worktree add or git archive):"
                        f" its runs ({BASELINE}) alternate with the current code's, compared as another tool")
    parser.add_argument("--worker", nargs=2, metavar=("TOOL", "FILE"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        worker(*options.worker)
        return
    tools = [t for t in options.tools.split(",") if t]
    if "logicnet" not in tools:
        tools.insert(0, "logicnet")
    if options.baseline is not None and BASELINE not in tools:
        tools.insert(1, BASELINE)
    output = Path(options.output)
    output.mkdir(parents=True, exist_ok=True)
    first = [i.strip() for i in options.first.split(",") if i.strip()]
    files = model_files(options.models, options.bbm)
    skip = [i.strip() for i in options.skip.split(",") if i.strip()]
    files = [f for f in files if not any(f"id-{i}]" in f.name or f"bbm-{i}-" in f.name for i in skip)]
    files.sort(key=lambda f: next((k for k, i in enumerate(first) if f"id-{i}]" in f.name or f"bbm-{i}-" in f.name),
                                  len(first)))
    records = []
    with tempfile.TemporaryDirectory() as folder:
        for path in files:
            copy, nodes, inputs = prepared(path, Path(folder))
            if nodes > options.max_nodes:
                continue
            record: dict[str, Any] = {"model": copy.stem, "nodes": nodes, "inputs": inputs}
            skip = {"pyboolnet-stg": {"status": f"skipped (more than {STG_MAX_NODES} nodes)"}} \
                if "pyboolnet-stg" in tools and nodes > STG_MAX_NODES else {}
            record.update(best_of(tools, copy, options.timeout, options.repeat, skip, options.baseline))
            records.append(record)
            print(f"{copy.stem[:44]:44s}", *(_cell(record[t]) for t in tools), flush=True)
            write(output, records, tools, options, None)  # what is done so far survives an interruption
    tnbc = run("tnbc", TNBC, options.timeout * 10) if options.tnbc else None
    write(output, records, tools, options, tnbc)


def write(output: Path, records: list[dict[str, Any]], tools: list[str], options: argparse.Namespace,
          tnbc: dict[str, Any] | None) -> None:
    """async.csv and async.md for the models measured so far."""
    header, rows = csv_rows(records, tools)
    with open(output / "async.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    (output / "async.md").write_text(summary(records, tools, options) + tnbc_summary(tnbc))


if __name__ == "__main__":
    main()
