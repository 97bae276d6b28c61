"""Exact counts: fixed points, or minimal trap spaces, logicnet against biodivine-aeon.

    python benchmarks/bench_count.py [--models set65|shared|DIR] [--timeout 60] [--repeat 1]
                                     [--task fixed-points|trap-spaces]

Every model is run by both tools in the same run, each run in a fresh
subprocess with a timeout; the time runs from reading the BNet file to having
the exact count (imports excluded; compiled bytecode kept between runs, as an
installed package has it, filled by an untimed first run). Free inputs get an identity line ``x, x``
in the file both tools read (BBM files leave them without a line), so inputs
keep their level and every input combination counts. logicnet reads the
Boolean network as written (``fold_levels=False``: bits that follow the
ladder of a multivalued node stay bits, as AEON has them; folded, the
inadmissible bit patterns are no states, and id-146 has 1,842 fixed points
instead of 2,456). logicnet:
``fixed_points(network, count=True, limit=1)`` (the count, one fixed point
listed); AEON: ``FixedPoints.symbolic(AsynchronousGraph(...)).cardinality()``.
Counts are checked equal. Results: benchmarks/results/count.csv (one row per
model) and count.md (median and worst ratios, the slowest models).

``--task trap-spaces`` counts the minimal trap spaces (most permissive
attractors) instead: logicnet ``attractors(network, semantics="mostpermissive",
count=True, limit=1)`` (clingo counts up to 5,000 by listing them, past that
the symbolic engine counts them on a BDD of subspaces) on the Boolean network
as the file writes it (``fold_levels=False``: bits that follow the ladder of a
multivalued node are not folded into one, whose trap spaces would be those of
its booleanization, a different question), AEON
``TrapSpaces.minimal_symbolic(...).cardinality()`` (a symbolic set of spaces);
results in count-trap-spaces.csv and .md.

``--aeon-order dfs`` hands AEON a copy whose node names follow a
depth-first walk of the regulatory graph (renamed before the clock starts):
AEON orders its BDD variables by name, and in the files' own order it does
not count some models in minutes (id-144) that it counts renamed. The same
networks and counts; results in count-aeon-dfs.csv and .md.

``--models set65`` is the benchmark set listed in benchmarks/set65.txt (BBM
ids, read from benchmarks/models/bbm or ``--bbm DIR``; the script stops with a
message when that folder is missing). Any other choice adds its name to the
result files (``--models shared``, every BBM model: count-shared.md,
count-trap-spaces-shared.md).
"""

from __future__ import annotations

import argparse
import atexit
import csv
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bnet_files import depth_first_renamed, prepared

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SHARED = ROOT / "benchmarks" / "models" / "bbm"  # the BBM collection, copied into the repository
SET65 = ROOT / "benchmarks" / "set65.txt"
TOOLS = ("logicnet", "aeon")
BYTECODE = tempfile.mkdtemp(prefix="logicnet-bench-bytecode-")
atexit.register(shutil.rmtree, BYTECODE, ignore_errors=True)


def set65_ids() -> list[str]:
    """The ids of the 65-model set (benchmarks/set65.txt)."""
    ids = []
    for line in SET65.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            ids.append(line)
    return ids


def model_files(choice: str, shared: Path = SHARED) -> list[Path]:
    """The BNet files of a model choice: ``set65``, ``shared`` (all BBM models) or a folder."""
    if choice in ("set65", "shared"):
        if not shared.is_dir():
            sys.exit(f"the BBM models are not in {shared}: this benchmark needs them (--bbm DIR)")
        files = sorted(shared.glob("*.bnet"))
        if choice == "set65":
            wanted = set(set65_ids())
            files = [f for f in files if f.name[4:7] in wanted]
        return files
    return sorted(Path(choice).glob("*.bnet"))


def _cpu() -> float:
    return time.process_time()


def _logicnet(path: str) -> dict[str, Any]:
    import warnings

    from logicnet.dynamics import fixed_points
    import logicnet.dynamics.engines.symbolic  # noqa: F401 - imported before the clock starts
    from logicnet.io import read_network

    start, cpu = time.perf_counter(), _cpu()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        network = read_network(path, fold_levels=False)  # the Boolean network as written, as AEON reads it
    result = fixed_points(network, count=True, limit=1)
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    return {"count": str(result.count), "engine": result.engine, "wall": wall, "cpu": cpu}


def _aeon(path: str) -> dict[str, Any]:
    import biodivine_aeon as aeon

    start, cpu = time.perf_counter(), _cpu()
    network = aeon.BooleanNetwork.from_bnet(Path(path).read_text(), repair_graph=True)
    count = aeon.FixedPoints.symbolic(aeon.AsynchronousGraph(network)).cardinality()
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    return {"count": str(count), "wall": wall, "cpu": cpu}


def _logicnet_traps(path: str) -> dict[str, Any]:
    import warnings

    from logicnet.dynamics import attractors
    import logicnet.dynamics.engines.asp  # noqa: F401 - imported before the clock starts
    import logicnet.dynamics.engines.symbolic  # noqa: F401
    from logicnet.io import read_network

    start, cpu = time.perf_counter(), _cpu()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        network = read_network(path, fold_levels=False)  # the Boolean network as written, as AEON reads it
    result = attractors(network, semantics="mostpermissive", count=True, limit=1)
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    return {"count": str(result.count), "engine": result.engine, "wall": wall, "cpu": cpu}


def _aeon_traps(path: str) -> dict[str, Any]:
    import biodivine_aeon as aeon

    start, cpu = time.perf_counter(), _cpu()
    network = aeon.BooleanNetwork.from_bnet(Path(path).read_text(), repair_graph=True)
    context = aeon.SymbolicSpaceContext(network)
    spaces = aeon.TrapSpaces.minimal_symbolic(context, aeon.AsynchronousGraph(network, context))
    count = spaces.cardinality()
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    return {"count": str(count), "wall": wall, "cpu": cpu}


WORKERS = {"logicnet": _logicnet, "aeon": _aeon, "logicnet-traps": _logicnet_traps, "aeon-traps": _aeon_traps}
#: what each task counts, and the worker of each tool
TASKS = {"fixed-points": ("fixed points", {"logicnet": "logicnet", "aeon": "aeon"}),
         "trap-spaces": ("minimal trap spaces", {"logicnet": "logicnet-traps", "aeon": "aeon-traps"})}


def run(tool: str, path: Path, timeout: float) -> dict[str, Any]:
    """One run in a fresh process (its own process group, ended on timeout)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", tool, str(path)]
    # compiled bytecode kept between runs, as an installed package has it (never in the source tree):
    # the modules a first answer imports are then loaded, not compiled, inside the timed part
    env = dict(os.environ, PYTHONWARNINGS="ignore", PYTHONPYCACHEPREFIX=BYTECODE)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               cwd=ROOT, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return {"status": f"timeout ({timeout:g} s)"}
    lines = stdout.strip().splitlines()
    if process.returncode != 0 or not lines:
        tail = [line for line in (stdout + stderr).strip().splitlines() if line.strip()]
        return {"status": "error: " + (tail[-1][-200:] if tail else "no output")}
    outcome = json.loads(lines[-1])
    outcome["status"] = "ok"
    return outcome


def best_of(tool: str, path: Path, timeout: float, repeat: int) -> dict[str, Any]:
    best: dict[str, Any] | None = None
    for _ in range(repeat):
        outcome = run(tool, path, timeout)
        if outcome["status"] != "ok":
            return outcome
        if best is None or outcome["wall"] < best["wall"]:
            best = outcome
    assert best is not None
    return best


def _ratio(ours: dict[str, Any], other: dict[str, Any], key: str = "wall") -> float | None:
    if ours.get("status") != "ok" or other.get("status") != "ok" or not other.get(key):
        return None
    return ours[key] / other[key]


def summary(records: list[dict[str, Any]], options: argparse.Namespace) -> str:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    both = [r for r in records if r["logicnet"]["status"] == "ok" and r["aeon"]["status"] == "ok"]
    ours = [r for r in records if r["logicnet"]["status"] == "ok"]
    theirs = [r for r in records if r["aeon"]["status"] == "ok"]
    equal = [r for r in both if r["logicnet"]["count"] == r["aeon"]["count"]]
    only_aeon = [r["model"] for r in theirs if r["logicnet"]["status"] != "ok"]
    only_ours = [f"{r['model']} (AEON: {r['aeon']['status']})" for r in ours if r["aeon"]["status"] != "ok"]
    what = TASKS[options.task][0]
    lines = [
        f"# Exact counts of {what}: logicnet and biodivine-aeon",
        "",
        f"Measured by `python benchmarks/bench_count.py --models {options.models} --timeout"
        f" {options.timeout:g} --repeat {options.repeat} --task {options.task}"
        + (f" --aeon-order {options.aeon_order}" if options.aeon_order != "file" else "")
        + f"` on {machine}, {time.strftime('%Y-%m-%d')}.",
        "Each run is a fresh process; the time runs from reading the BNet file to having the exact",
        "count (imports excluded). Free inputs keep their level (identity rules). The ratios compare",
        "the two tools in the same run, one model after the other.",
    ]
    if options.aeon_order == "dfs":
        lines += ["AEON reads a copy whose node names follow a depth-first walk of the regulatory graph",
                  "(renamed before its clock starts; AEON orders its BDD variables by name)."]
    lines += [
        "",
        f"Models: {len(records)}; logicnet counted {len(ours)}, AEON {len(theirs)}, both {len(both)};"
        f" counts equal on {len(equal)} of {len(both)}.",
        "",
    ]
    if both:
        wall = sorted((_ratio(r["logicnet"], r["aeon"]), r["model"]) for r in both)
        cpu = [x for x in (_ratio(r["logicnet"], r["aeon"], "cpu") for r in both) if x is not None]
        worst = wall[-1]
        lines += [
            "| models both counted | median logicnet (s) | median AEON (s) | median ratio logicnet/AEON (wall)"
            " | median ratio (CPU) | worst ratio (model) | models where logicnet is slower |",
            "|---|---|---|---|---|---|---|",
            f"| {len(both)} | {statistics.median(r['logicnet']['wall'] for r in both):.3f} |"
            f" {statistics.median(r['aeon']['wall'] for r in both):.3f} |"
            f" {statistics.median(x for x, _ in wall):.2f} | {statistics.median(cpu):.2f} |"
            f" {worst[0]:.2f} ({worst[1]}) | {sum(1 for x, _ in wall if x > 1)} |",
            "",
            "Ratios below 1 mean logicnet is faster.",
            "",
        ]
    if only_aeon:
        lines.append(f"Counted by AEON only: {', '.join(only_aeon)}.")
    if only_ours:
        lines.append(f"Counted by logicnet only: {', '.join(only_ours)}.")
    differing = [r["model"] for r in both if r["logicnet"]["count"] != r["aeon"]["count"]]
    if differing:
        lines.append(f"Counts differ on: {', '.join(differing)}.")
    slow = sorted(records, key=lambda r: -(r["logicnet"].get("wall") or float("inf")))[:10]
    lines += ["", "## The slowest models for logicnet", "",
              f"| model | nodes | inputs | {what} | logicnet (s) | AEON (s) |", "|---|---|---|---|---|---|"]
    for r in slow:
        lines.append(f"| {r['model']} | {r['nodes']} | {r['inputs']} | {_count_cell(r)} |"
                     f" {_cell(r['logicnet'])} | {_cell(r['aeon'])} |")
    return "\n".join(lines) + "\n"


def _count_cell(record: dict[str, Any]) -> str:
    for tool in TOOLS:
        if record[tool].get("status") == "ok":
            count = int(record[tool]["count"])
            return str(count) if count < 10**9 else f"{count:.3e}"
    return "—"


def _cell(outcome: dict[str, Any]) -> str:
    return f"{outcome['wall']:.3f}" if outcome.get("status") == "ok" else outcome.get("status", "—")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default="set65")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--bbm", type=Path, default=SHARED, help="the folder of the BBM models")
    parser.add_argument("--task", choices=sorted(TASKS), default="fixed-points")
    parser.add_argument("--aeon-order", choices=("file", "dfs"), default="file",
                        help="AEON's variable order: the file's names, or renamed along a depth-first walk")
    parser.add_argument("--worker", nargs=2, metavar=("TOOL", "PATH"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        print(json.dumps(WORKERS[options.worker[0]](options.worker[1])))
        return
    files = model_files(options.models, options.bbm)
    records = []
    with tempfile.TemporaryDirectory() as folder:
        for k, path in enumerate(files, start=1):
            copy, nodes, inputs = prepared(path, Path(folder))
            read = {"logicnet": copy,
                    "aeon": depth_first_renamed(copy, Path(folder)) if options.aeon_order == "dfs" else copy}
            if k == 1:  # untimed: fills the bytecode cache
                for tool in TOOLS:
                    run(TASKS[options.task][1][tool], read[tool], options.timeout)
            record: dict[str, Any] = {"model": path.name.split("__")[0].strip("[]"), "nodes": nodes,
                                      "inputs": inputs}
            for tool in TOOLS:
                record[tool] = best_of(TASKS[options.task][1][tool], read[tool], options.timeout, options.repeat)
            records.append(record)
            print(f"[{k}/{len(files)}] {record['model']} ({nodes} nodes): "
                  + ", ".join(f"{t} {_cell(record[t])}" for t in TOOLS), file=sys.stderr, flush=True)
            write(records, options)  # what is done so far survives an interruption
    print(write(records, options))


def write(records: list[dict[str, Any]], options: argparse.Namespace) -> str:
    """The CSV and the Markdown summary of ``records``; the summary."""
    RESULTS.mkdir(exist_ok=True)
    stem = "count" if options.task == "fixed-points" else f"count-{options.task}"
    if options.aeon_order != "file":
        stem += f"-aeon-{options.aeon_order}"
    if options.models != "set65":  # (the 65-model set keeps the plain names)
        stem += f"-{Path(options.models).name}"
    with open(RESULTS / f"{stem}.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["model", "nodes", "inputs", "logicnet_status", "logicnet_count", "logicnet_wall_s",
                         "logicnet_cpu_s", "aeon_status", "aeon_count", "aeon_wall_s", "aeon_cpu_s",
                         "equal", "logicnet/aeon_wall"])
        for r in records:
            ours, theirs = r["logicnet"], r["aeon"]
            ratio = _ratio(ours, theirs)
            writer.writerow([r["model"], r["nodes"], r["inputs"], ours["status"], ours.get("count", ""),
                             _num(ours.get("wall")), _num(ours.get("cpu")), theirs["status"],
                             theirs.get("count", ""), _num(theirs.get("wall")), _num(theirs.get("cpu")),
                             "" if ratio is None else ours["count"] == theirs["count"],
                             "" if ratio is None else f"{ratio:.3f}"])
    text = summary(records, options)
    (RESULTS / f"{stem}.md").write_text(text)
    return text


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


if __name__ == "__main__":
    main()
