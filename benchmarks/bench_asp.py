"""Fixed points and minimal trap spaces: logicnet's asp engine against mpbn (and PyBoolNet).

    python benchmarks/bench_asp.py [--models shared|shipped|DIR|FILE...] [--limit 1000]
                                   [--timeout 60] [--tools logicnet,mpbn,pyboolnet]

Every model is run by every tool, each tool in a fresh subprocess with a
timeout, one model at a time. A tool's time is measured inside its process
for each task, from reading the BNet file to having the answers (the library
is imported first; the interpreter start and the import are not counted);
wall-clock and CPU time are both kept. Free inputs get an identity line
``x, x`` in the file mpbn and PyBoolNet read (BBM files leave them without a
line; logicnet reads the original file, where they are free inputs).

Tasks, with at most ``--limit`` answers each (BBM models with many free inputs
have up to 2^223 of them):

``fixed_points``  logicnet ``fixed_points(network, engine="asp", limit=N)``;
                  mpbn ``fixedpoints(limit=N+1)``; PyBoolNet ``compute_steady_states``
``trap_spaces``   logicnet ``attractors(network, semantics="mostpermissive",
                  engine="asp", limit=N)``; mpbn ``attractors(limit=N+1)``;
                  PyBoolNet ``compute_trap_spaces(primes, "min")``

Outcomes: when the tools list every answer, the sets must be equal. When
logicnet and mpbn both stop at the limit (they need not list the same
answers), ``VERIFY`` of logicnet's answers, chosen at random, are checked by
mpbn: a fixed point must be mpbn's only fixed point in that state, a trap
space mpbn's only minimal trap space inside it. Results go to
benchmarks/results/asp.csv (one row per model and task) and asp.md (medians,
worst cases, models over 10 s).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable

from bnet_files import prepared

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SHIPPED = ROOT / "tests" / "models" / "bbm"
SHARED = ROOT / "benchmarks" / "models" / "bbm"  # the BBM collection, copied into the repository
TOOLS = ("logicnet", "mpbn", "pyboolnet")
TASKS = ("fixed_points", "trap_spaces")
#: answers of logicnet checked by mpbn when both tools stop at the limit
VERIFY = 20
#: the issue's bound on logicnet's time per model and task
TARGET_SECONDS = 10.0


# --------------------------------------------------------------------------- the files


def model_files(choices: list[str]) -> list[Path]:
    files: list[Path] = []
    for choice in choices:
        folder = {"shipped": SHIPPED, "shared": SHARED, "bbm": SHARED}.get(choice, Path(choice))
        files.extend([folder] if folder.is_file() else sorted(folder.glob("*.bnet")))
    return files


def model_name(path: Path) -> str:
    match = re.match(r"\[id-(\d+)\]__\[var-\d+\]__\[in-\d+\]__\[(.*)\]", path.stem)
    return f"{match.group(1)} {match.group(2).lower()}" if match else path.stem


# --------------------------------------------------------------------------- the workers


def _cpu() -> float:
    """CPU time of this process and of the programs it ran."""
    children = os.times()
    return time.process_time() + children.children_user + children.children_system


def _word(space: dict[str, Any], names: list[str]) -> str:
    """An answer as one character per node (sorted names): 0, 1 or * (free)."""
    out = []
    for n in names:
        v = space.get(n)
        out.append(str(int(v)) if v in (0, 1, "0", "1", True, False) else "*")
    return "".join(out)


def _logicnet(original: str, prepared_file: str, limit: int) -> Iterable[dict[str, Any]]:
    import warnings

    import logicnet.dynamics.engines.asp  # noqa: F401 - imported before the clock starts
    from logicnet.dynamics import attractors, fixed_points
    from logicnet.io import read_network

    for task in TASKS:
        start, cpu = time.perf_counter(), _cpu()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            network = read_network(original)
        if task == "fixed_points":
            result = fixed_points(network, engine="asp", limit=limit)
        else:
            result = attractors(network, semantics="mostpermissive", engine="asp", limit=limit)
        wall, cpu = time.perf_counter() - start, _cpu() - cpu
        names = sorted(result.nodes)
        words = [_word(a.space, names) for a in result]
        yield {"task": task, "wall": wall, "cpu": cpu, "complete": result.complete, "answers": words}


def _mpbn(original: str, prepared_file: str, limit: int) -> Iterable[dict[str, Any]]:
    import mpbn

    for task in TASKS:
        start, cpu = time.perf_counter(), _cpu()
        network = mpbn.load(prepared_file)
        if task == "fixed_points":
            found = list(network.fixedpoints(limit=limit + 1))
        else:
            found = list(network.attractors(limit=limit + 1))
        wall, cpu = time.perf_counter() - start, _cpu() - cpu
        names = sorted(network)
        words = [_word(x, names) for x in found[:limit]]
        yield {"task": task, "wall": wall, "cpu": cpu, "complete": len(found) <= limit, "answers": words}


def _pyboolnet(original: str, prepared_file: str, limit: int) -> Iterable[dict[str, Any]]:
    import logging

    from pyboolnet.file_exchange import bnet2primes
    from pyboolnet.trap_spaces import compute_steady_states, compute_trap_spaces

    logging.disable(logging.CRITICAL)
    for task in TASKS:
        start, cpu = time.perf_counter(), _cpu()
        primes = bnet2primes(prepared_file)
        if task == "fixed_points":
            found = compute_steady_states(primes, max_output=limit + 1)
        else:
            found = compute_trap_spaces(primes, "min", max_output=limit + 1)
        wall, cpu = time.perf_counter() - start, _cpu() - cpu
        names = sorted(primes)
        words = [_word(x, names) for x in found[:limit]]
        yield {"task": task, "wall": wall, "cpu": cpu, "complete": len(found) <= limit, "answers": words}


def _verify(original: str, prepared_file: str, limit: int) -> Iterable[dict[str, Any]]:
    """Check the answers given on stdin (one JSON object: task -> words) with mpbn."""
    import mpbn

    network = mpbn.load(prepared_file)
    names = sorted(network)
    for task, words in json.loads(sys.stdin.read()).items():
        wrong = []
        for word in words:
            fixed = {n: int(c) for n, c in zip(names, word) if c != "*"}
            if task == "fixed_points":
                found = list(network.fixedpoints(constraints=fixed, limit=2))
            else:
                found = list(network.attractors(constraints=fixed, limit=2))
            if [_word(x, names) for x in found] != [word]:
                wrong.append(word)
        yield {"task": task, "checked": len(words), "wrong": len(wrong)}


WORKERS = {"logicnet": _logicnet, "mpbn": _mpbn, "pyboolnet": _pyboolnet, "verify": _verify}


def worker(tool: str, original: str, prepared_file: str, limit: int) -> None:
    """Run one tool on one model; print one JSON line per task as it finishes."""
    for record in WORKERS[tool](original, prepared_file, limit):
        print(json.dumps(record), flush=True)


def run(tool: str, original: Path, prepared_file: Path, limit: int, timeout: float,
        stdin: str | None = None) -> dict[str, dict[str, Any]]:
    """The tool's records by task; a task it did not finish is ``{"status": ...}``."""
    command = [sys.executable, __file__, "--worker", tool, str(original), str(prepared_file), str(limit)]
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=timeout)
        lines, status = done.stdout, ("failed" if done.returncode else "ok")
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout or b""
        lines, status = (out.decode() if isinstance(out, bytes) else out), "timeout"
    records = {}
    for line in lines.splitlines():
        record = json.loads(line)
        records[record["task"]] = {"status": "ok", **record}
    return {task: records.get(task, {"status": status}) for task in TASKS}


# --------------------------------------------------------------------------- comparison


def outcome(records: dict[str, dict[str, Any]], verified: dict[str, Any] | None) -> str:
    """``equal``, ``verified`` (both at the limit, sampled answers confirmed by
    mpbn), or what went wrong."""
    ours = records["logicnet"]
    if ours["status"] != "ok":
        return f"logicnet {ours['status']}"
    complete_peers = [t for t in TOOLS[1:] if records[t]["status"] == "ok" and records[t]["complete"]]
    if ours["complete"]:
        different = [t for t in complete_peers if set(records[t]["answers"]) != set(ours["answers"])]
        truncated = [t for t in TOOLS[1:] if records[t]["status"] == "ok" and not records[t]["complete"]]
        if different or truncated:
            return "DIFFERENT from " + ", ".join(different + truncated)
        return "equal" if complete_peers else "no peer finished"
    if complete_peers:
        return "DIFFERENT: logicnet stopped at the limit, " + ", ".join(complete_peers) + " did not"
    if verified is None:
        return "at the limit, not verified"
    if verified["wrong"]:
        return f"WRONG: {verified['wrong']} of {verified['checked']} answers rejected by mpbn"
    return "verified"


def benchmark(files: list[Path], tools: list[str], limit: int, timeout: float) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as folder:
        for index, path in enumerate(files, start=1):
            prepared_file, nodes, _ = prepared(path, Path(folder))
            results = {t: run(t, path, prepared_file, limit, timeout) for t in tools}
            for tool in TOOLS:
                results.setdefault(tool, {task: {"status": "not run"} for task in TASKS})
            to_verify = {}
            for task in TASKS:
                ours, theirs = results["logicnet"][task], results["mpbn"][task]
                if ours.get("complete") is False and theirs.get("complete") is False:
                    to_verify[task] = rng.sample(ours["answers"], min(VERIFY, len(ours["answers"])))
            verified = {}
            if to_verify:
                verified = run("verify", path, prepared_file, limit, 10 * timeout, json.dumps(to_verify))
            for task in TASKS:
                records = {t: results[t][task] for t in TOOLS}
                check = verified.get(task)
                row: dict[str, Any] = {"model": model_name(path), "nodes": nodes, "task": task}
                for tool in TOOLS:
                    record = records[tool]
                    row[f"{tool}_status"] = record["status"]
                    row[f"{tool}_s"] = round(record["wall"], 4) if "wall" in record else ""
                    row[f"{tool}_cpu_s"] = round(record["cpu"], 4) if "cpu" in record else ""
                    row[f"{tool}_answers"] = len(record["answers"]) if "answers" in record else ""
                    row[f"{tool}_complete"] = record.get("complete", "")
                row["ratio_mpbn"] = ratio(row["logicnet_s"], row["mpbn_s"])
                row["ratio_pyboolnet"] = ratio(row["logicnet_s"], row["pyboolnet_s"])
                row["outcome"] = outcome(records, check if check and check.get("status") == "ok" else None)
                rows.append(row)
                print(f"[{index}/{len(files)}] {row['model'][:40]:40} {task:12} logicnet {row['logicnet_s'] or '-':>8}"
                      f"  mpbn {row['mpbn_s'] or '-':>8}  pyboolnet {row['pyboolnet_s'] or '-':>8}"
                      f"  {row['outcome']}", flush=True)
    return rows


def ratio(ours: Any, theirs: Any) -> float | str:
    return round(ours / theirs, 3) if ours != "" and theirs not in ("", 0) else ""


# --------------------------------------------------------------------------- the report


def write_csv(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.3f}" if values else "-"


def summary(rows: list[dict[str, Any]], limit: int, timeout: float, command: str) -> str:
    lines = [
        "# asp engine benchmark: fixed points and minimal trap spaces",
        "",
        f"Generated by `{command}` on {time.strftime('%Y-%m-%d')}"
        f" ({platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, shared"
        " with other work). Times are wall-clock seconds inside each tool's process, from"
        " reading the BNet file to having the answers (imports not counted); at most"
        f" {limit} answers per task; {timeout:.0f} s timeout per tool and model. See"
        " benchmarks/bench_asp.py for the exact calls and the outcome checks.",
        "",
        "## Medians and totals",
        "",
        "| task | models | logicnet median s | mpbn median s | median ratio logicnet/mpbn"
        " | pyboolnet median s | logicnet > 10 s | mpbn > 10 s or not finished |"
        " pyboolnet > 10 s or not finished |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for task in TASKS:
        mine = [r for r in rows if r["task"] == task]
        both = [r for r in mine if r["logicnet_s"] != "" and r["mpbn_s"] != ""]
        lines.append(
            f"| {task} | {len(mine)} | {_median([r['logicnet_s'] for r in both])}"
            f" | {_median([r['mpbn_s'] for r in both])}"
            f" | {_median([r['ratio_mpbn'] for r in both])}"
            f" | {_median([r['pyboolnet_s'] for r in mine if r['pyboolnet_s'] != ''])}"
            f" | {sum(1 for r in mine if r['logicnet_s'] == '' or r['logicnet_s'] > TARGET_SECONDS)}"
            f" | {sum(1 for r in mine if r['mpbn_s'] == '' or r['mpbn_s'] > TARGET_SECONDS)}"
            f" | {sum(1 for r in mine if r['pyboolnet_s'] == '' or r['pyboolnet_s'] > TARGET_SECONDS)} |"
        )
    lines += ["", "Medians are over the models both logicnet and mpbn finished"
              " (pyboolnet: over the models it finished).", "", "## Outcomes", ""]
    outcomes: dict[str, int] = {}
    for r in rows:
        outcomes[r["outcome"]] = outcomes.get(r["outcome"], 0) + 1
    lines += [f"* {name}: {count}" for name, count in sorted(outcomes.items())]
    odd = [r for r in rows if r["outcome"] not in ("equal", "verified")]
    if odd:
        lines += ["", "| model | task | outcome |", "|---|---|---|"]
        lines += [f"| {r['model']} | {r['task']} | {r['outcome']} |" for r in odd]
    for task in TASKS:
        mine = [r for r in rows if r["task"] == task and r["logicnet_s"] != ""]
        lines += ["", f"## Slowest for logicnet: {task}", "",
                  "| model | nodes | answers | logicnet s | mpbn s | pyboolnet s |", "|---|---|---|---|---|---|"]
        for r in sorted(mine, key=lambda r: -r["logicnet_s"])[:8]:
            lines.append(f"| {r['model']} | {r['nodes']} | {r['logicnet_answers']} | {r['logicnet_s']:.3f}"
                         f" | {_seconds(r, 'mpbn')} | {_seconds(r, 'pyboolnet')} |")
        worst = [r for r in mine if r["ratio_mpbn"] != ""]
        lines += ["", f"## Largest ratios logicnet/mpbn: {task}", "",
                  "| model | nodes | answers | logicnet s | mpbn s | ratio |", "|---|---|---|---|---|---|"]
        for r in sorted(worst, key=lambda r: -r["ratio_mpbn"])[:8]:
            lines.append(f"| {r['model']} | {r['nodes']} | {r['logicnet_answers']} | {r['logicnet_s']:.3f}"
                         f" | {r['mpbn_s']:.3f} | {r['ratio_mpbn']:.2f} |")
    return "\n".join(lines) + "\n"


def _seconds(row: dict[str, Any], tool: str) -> str:
    return f"{row[tool + '_s']:.3f}" if row[tool + "_s"] != "" else row[tool + "_status"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", nargs="+", default=["shared"],
                        help="shared (the BBM collection in benchmarks/models/bbm), shipped (tests/models/bbm), folders or files")
    parser.add_argument("--limit", type=int, default=1000, help="answers per task (default 1000)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per tool and model")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated: " + ", ".join(TOOLS))
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for asp.csv and asp.md")
    parser.add_argument("--worker", nargs=4, metavar=("TOOL", "FILE", "PREPARED", "LIMIT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        tool, original, prepared_file, limit = args.worker
        worker(tool, original, prepared_file, int(limit))
        return
    tools = [t for t in args.tools.split(",") if t]
    if "logicnet" not in tools or "mpbn" not in tools:
        parser.error("--tools must include logicnet and mpbn (the comparison is between them)")
    rows = benchmark(model_files(args.models), tools, args.limit, args.timeout)
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(rows, args.out / "asp.csv")
    command = "python benchmarks/bench_asp.py " + " ".join(sys.argv[1:])
    (args.out / "asp.md").write_text(summary(rows, args.limit, args.timeout, command.strip()))
    print(f"wrote {args.out / 'asp.csv'} and {args.out / 'asp.md'}")


if __name__ == "__main__":
    main()
