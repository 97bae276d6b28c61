"""Minimal intervention sets on the Moon22 control benchmark, against BoNesis.

    python benchmarks/bench_control.py [--models S1,S2,...] [--max-size 4]
        [--questions mostpermissive,fixedpoints] [--timeout 600] [--brute-force]
    python benchmarks/bench_control.py --asynchronous [--max-size 3] [--timeout 300]

The models are the Moon et al. (2022) control benchmark (benchmarks/models/moon22,
eleven published networks, each with a marker node ``p`` and the list of
controllable nodes). The question, as the benchmark states it: every minimal
set of at most k perturbations, each a controllable node fixed to 0 or to 1,
after which every attractor has p = 1 (``mostpermissive``: every minimal trap
space; ``fixedpoints``: every fixed point, and at least one exists).

Each tool runs in a fresh process per model and question, and its wall time
includes the interpreter's start and the imports (``time`` around the
process): logicnet's ``minimal_combinations`` (``combos --targets nodes
--knock-in --candidates ... --goal p=1 --from any``), and BoNesis's
``marker_reprogramming`` / ``marker_reprogramming_fixpoints`` (Paulevé 2023,
the functions its own Moon22 benchmark calls, the uncontrollable nodes
excluded). The sets must be identical where both finish. A tool that passes
``--timeout`` is stopped and recorded as unfinished.

``--brute-force`` also checks logicnet's sets against an enumeration written
here on purpose without the search's code (every set of distinct controllable
nodes with a level each, its attractors computed with ``attractors()``; the
working sets with no working proper subset kept), on models with at most 20
controllable nodes.

``--asynchronous`` asks the same question under asynchronous semantics (every
asynchronous attractor, from any state), which no peer answers: logicnet only,
each model time-boxed by ``--timeout``.

Results go to benchmarks/results/control.csv and control.md (control_async.*
for ``--asynchronous``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "benchmarks" / "models" / "moon22"
RESULTS = ROOT / "benchmarks" / "results"

Sets = list[list[list]]  # each set: sorted [node, level] pairs


def model_folders(choice: str | None) -> list[Path]:
    folders = sorted(p for p in MODELS.iterdir() if p.is_dir())
    if choice:
        wanted = [c.strip() for c in choice.split(",")]
        folders = [f for w in wanted for f in folders if f.name.split("_")[0] == w]  # in the order given
    return folders


def load(folder: Path):  # type: ignore[no-untyped-def]
    import warnings

    from logicnet.io import read_network

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        network = read_network(folder / "transition_formula.bnet")
    spec = json.loads((folder / "inputs.json").read_text())
    return network, [n for n in spec["controllable_vars"] if n in network.nodes]


def canonical(sets) -> Sets:  # type: ignore[no-untyped-def]
    return sorted((sorted([n, int(v)] for n, v in dict(s).items()) for s in sets), key=lambda s: (len(s), s))


# --------------------------------------------------------------------------- workers (one process each)


def logicnet_worker(folder: Path, question: str, max_size: int) -> dict:
    from logicnet.analysis import minimal_combinations, parse_goal

    network, controllable = load(folder)
    report = minimal_combinations(
        network, goals=[parse_goal(network, "p=1")], semantics="mostpermissive" if question == "fixedpoints"
        else question, fixed_points=question == "fixedpoints", start="any", targets="nodes", knock_in=True,
        candidates=controllable, max_size=max_size, genetic_depth=0)
    return {"sets": canonical(dict(m.interventions) for m in report.minimal_sets), "complete": report.complete,
            "checked": report.checked}


def bonesis_worker(folder: Path, question: str, max_size: int) -> dict:
    import contextlib
    import io

    import bonesis
    from bonesis.reprogramming import marker_reprogramming, marker_reprogramming_fixpoints

    spec = json.loads((folder / "inputs.json").read_text())
    network = bonesis.BooleanNetwork(str(folder / "transition_formula.bnet"))
    function = marker_reprogramming_fixpoints if question == "fixedpoints" else marker_reprogramming
    with contextlib.redirect_stdout(io.StringIO()):  # its grounding messages
        found = list(function(network, {"p": 1}, max_size, exclude=spec["uncontrollable_vars"]))
    return {"sets": canonical(found), "complete": True, "checked": None}


def brute_force(folder: Path, max_size: int, semantics: str) -> Sets:
    """Every minimal working set, by checking every set (see module notes)."""
    from logicnet.dynamics import attractors
    from logicnet.model import Perturbation

    network, controllable = load(folder)
    options = [(n, v) for n in controllable for v in (0, 1)]

    def works(members: tuple[tuple[str, int], ...]) -> bool:
        found = attractors(network, semantics=semantics, perturbation=Perturbation(fixed=dict(members)))
        return all(a.levels("p") == (1,) for a in found)

    if works(()):
        return []
    working: list[tuple[tuple[str, int], ...]] = []
    for size in range(1, max_size + 1):
        for members in combinations(options, size):
            if len({n for n, _ in members}) < size:
                continue
            if any(set(w) <= set(members) for w in working):
                continue
            if works(members):
                working.append(members)
    return canonical(dict(w) for w in working)


def run(tool: str, folder: Path, question: str, max_size: int, timeout: float) -> tuple[dict | None, float, float]:
    """One fresh process of ``tool``: its answer (``None`` if stopped at the
    timeout or failed), its wall time and its CPU time (user + system: less
    noisy than wall time on a shared machine)."""
    command = [sys.executable, __file__, "--worker", tool, "--models", folder.name.split("_")[0],
               "--questions", question, "--max-size", str(max_size)]
    before = _children_cpu()
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, time.perf_counter() - started, _children_cpu() - before
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - before
    if done.returncode != 0:
        print(f"{tool} failed on {folder.name}: {done.stderr[-2000:]}", file=sys.stderr)
        return None, seconds, cpu
    return json.loads(done.stdout.strip().splitlines()[-1]), seconds, cpu


def _children_cpu() -> float:
    """User + system CPU seconds of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --------------------------------------------------------------------------- the comparison


def header(options: argparse.Namespace) -> str:
    args = sys.argv[1:]
    argv = " ".join(a for k, a in enumerate(args) if a != "--out" and (k == 0 or args[k - 1] != "--out"))
    return (f"Generated by `python benchmarks/bench_control.py {argv}` on {date.today()}"
            f" ({platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, shared with other"
            " work: wall times are noisy, ratios are from the same run).")


def _value(text: str) -> object:
    """A CSV cell back as the row had it."""
    if text in ("", "True", "False"):
        return {"": None, "True": True, "False": False}[text]
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def compare(options: argparse.Namespace) -> None:
    rows: list[dict] = []
    asked = [(f.name, q) for f in model_folders(options.models) for q in options.questions.split(",")]
    if options.append and (options.out / "control.csv").exists():
        with open(options.out / "control.csv", newline="") as handle:
            rows = [{k: _value(v) for k, v in r.items()} for r in csv.DictReader(handle)
                    if (r["model"], r["question"]) not in asked]
    for folder in model_folders(options.models):
        network, controllable = load(folder)
        for question in options.questions.split(","):
            ours, ours_s, ours_cpu = run("logicnet", folder, question, options.max_size, options.timeout)
            theirs, theirs_s, theirs_cpu = run("bonesis", folder, question, options.max_size,
                                               options.bonesis_timeout or options.timeout)
            row = {"model": folder.name, "nodes": len(network.nodes), "controllable": len(controllable),
                   "question": question, "max_size": options.max_size,
                   "sets": len(ours["sets"]) if ours else None, "complete": ours["complete"] if ours else None,
                   "checked": ours["checked"] if ours else None,
                   "bonesis_sets": len(theirs["sets"]) if theirs else None,
                   "identical": (ours["sets"] == theirs["sets"]) if ours and theirs else None,
                   "logicnet_s": round(ours_s, 2) if ours else None,
                   "bonesis_s": round(theirs_s, 2) if theirs else None,
                   "ratio": round(ours_s / theirs_s, 3) if ours and theirs else None,
                   "logicnet_cpu_s": round(ours_cpu, 2) if ours else None,
                   "bonesis_cpu_s": round(theirs_cpu, 2) if theirs else None,
                   "cpu_ratio": round(ours_cpu / theirs_cpu, 3) if ours and theirs else None}
            if options.brute_force and len(controllable) <= 20 and ours:
                row["brute_force_identical"] = brute_force(folder, options.max_size, question) == ours["sets"]
            rows.append(row)
            print(row, flush=True)
            report(options, rows)


def report(options: argparse.Namespace, rows: list[dict]) -> None:
    """Write the rows so far (a long run leaves its finished models on disk)."""
    peer = options.bonesis_timeout or options.timeout
    rows = sorted(rows, key=lambda r: (r["model"], r["question"] != "mostpermissive"))
    write(options, rows, "control", [
        "# Minimal intervention sets on the Moon22 control benchmark, against BoNesis",
        "",
        header(options),
        "",
        "Knockouts and knock-ins (0 or 1) of the controllable nodes, goal p = 1 in every minimal trap space"
        " (`mostpermissive`) or in every fixed point with at least one existing (`fixedpoints`). Wall times"
        f" of fresh processes, startup included; logicnet still running after {options.timeout:g} s, BoNesis"
        f" after {peer:g} s, is stopped (–). ratio = logicnet / BoNesis (below 1: logicnet faster).",
        "",
        "| model | nodes | question | size | minimal sets | BoNesis sets | identical | logicnet s | BoNesis s"
        " | ratio | logicnet CPU s | BoNesis CPU s | CPU ratio |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        *(f"| {r['model']} | {r['nodes']} | {r['question']} | {r['max_size']} | {_cell(r['sets'])} |"
          f" {_cell(r['bonesis_sets'])} | {_cell(r['identical'])} | {_cell(r['logicnet_s'])} |"
          f" {_cell(r['bonesis_s'])} | {_cell(r['ratio'])} | {_cell(r.get('logicnet_cpu_s'))} |"
          f" {_cell(r.get('bonesis_cpu_s'))} | {_cell(r.get('cpu_ratio'))} |" for r in rows),
        "",
        *summary(rows),
    ])


def summary(rows: list[dict]) -> list[str]:
    out = []
    for question in dict.fromkeys(r["question"] for r in rows):
        ratios = [r["ratio"] for r in rows if r["question"] == question and r["ratio"] is not None]
        cpu = [r["cpu_ratio"] for r in rows if r["question"] == question and r.get("cpu_ratio") is not None]
        if ratios:
            out.append(f"{question}: ratio median {statistics.median(ratios):.3f}, worst {max(ratios):.3f}"
                       f" over {len(ratios)} models both finished"
                       + (f" (CPU ratio median {statistics.median(cpu):.3f}, worst {max(cpu):.3f})" if cpu else "")
                       + f"; {sum(r['identical'] is True for r in rows if r['question'] == question)} identical.")
        alone = [r["model"] for r in rows if r["question"] == question and r["sets"] is not None
                 and r["bonesis_sets"] is None]
        if alone:
            out.append(f"{question}: logicnet alone finished on {', '.join(alone)}.")
    return out


def asynchronous(options: argparse.Namespace) -> None:
    rows = []
    asked = [f.name for f in model_folders(options.models)]
    if options.append and (options.out / "control_async.csv").exists():
        with open(options.out / "control_async.csv", newline="") as handle:
            rows = [{k: _value(v) for k, v in r.items()} for r in csv.DictReader(handle) if r["model"] not in asked]
    for folder in model_folders(options.models):
        network, controllable = load(folder)
        ours, ours_s, ours_cpu = run("logicnet", folder, "asynchronous", options.max_size, options.timeout)
        row = {"model": folder.name, "nodes": len(network.nodes), "controllable": len(controllable),
               "max_size": options.max_size, "finished": ours is not None,
               "sets": len(ours["sets"]) if ours else None, "complete": ours["complete"] if ours else None,
               "checked": ours["checked"] if ours else None, "logicnet_s": round(ours_s, 2),
               "logicnet_cpu_s": round(ours_cpu, 2)}
        rows.append(row)
        print(row, flush=True)
        async_report(options, rows)


def async_report(options: argparse.Namespace, rows: list[dict]) -> None:
    write(options, rows, "control_async", [
        "# Minimal intervention sets under asynchronous semantics (Moon22), logicnet alone",
        "",
        header(options),
        "",
        "The Moon22 question (knockouts and knock-ins of the controllable nodes, p = 1 in every asynchronous"
        " attractor, from any state), which no peer answers. Candidates come from the control program"
        " (fixed points and attractors violating the goal are learnt), each checked on the exact asynchronous dynamics."
        f" Each model is time-boxed at {options.timeout:g} s (–: stopped).",
        "",
        "| model | nodes | controllable | size | minimal sets | complete | sets checked | logicnet s | CPU s |",
        "|---|---|---|---|---|---|---|---|---|",
        *(f"| {r['model']} | {r['nodes']} | {r['controllable']} | {r['max_size']} | {_cell(r['sets'])} |"
          f" {_cell(r['complete'])} | {_cell(r['checked'])} | {r['logicnet_s'] if r['finished'] else '–'} |"
          f" {_cell(r.get('logicnet_cpu_s')) if r['finished'] else '–'} |"
          for r in sorted(rows, key=lambda r: r["model"])),
    ])


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if value is True:
        return "yes"
    if value is False:
        return "**no**"
    return str(value)


def write(options: argparse.Namespace, rows: list[dict], name: str, lines: list[str]) -> None:
    options.out.mkdir(parents=True, exist_ok=True)
    fields = list(dict.fromkeys(k for r in rows for k in r))
    with open(options.out / f"{name}.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    (options.out / f"{name}.md").write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", help="model prefixes, e.g. S1,S2,M1 [default: all]")
    parser.add_argument("--max-size", type=int, default=None, help="[default: 4; 3 with --asynchronous]")
    parser.add_argument("--questions", default="mostpermissive,fixedpoints")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per tool, model and question")
    parser.add_argument("--bonesis-timeout", type=float, help="seconds for BoNesis [default: --timeout]")
    parser.add_argument("--brute-force", action="store_true")
    parser.add_argument("--append", action="store_true",
                        help="keep the other rows of results/control.csv (control_async.csv with --asynchronous;"
                             " rows of the models asked are replaced)")
    parser.add_argument("--asynchronous", action="store_true")
    parser.add_argument("--worker", choices=["logicnet", "bonesis"], help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    options = parser.parse_args()
    if options.max_size is None:
        options.max_size = 3 if options.asynchronous else 4
    if options.worker:
        (folder,) = model_folders(options.models)
        work = logicnet_worker if options.worker == "logicnet" else bonesis_worker
        print(json.dumps(work(folder, options.questions, options.max_size)))
        return
    (asynchronous if options.asynchronous else compare)(options)


if __name__ == "__main__":
    main()
