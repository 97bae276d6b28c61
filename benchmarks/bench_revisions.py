"""logicnet against an earlier revision of itself, in the same run.

    python benchmarks/bench_revisions.py --old REV [--every 4] [--repeat 3] [--skip-screen]

A refactoring must not cost speed. This script checks out ``REV`` into a
temporary git worktree and runs the same measurements with either source tree
on ``PYTHONPATH``, alternating the two revisions model by model (old first on
even repeats, new first on odd ones), so that load from other work on the
machine falls on both alike:

``asp``     fixed points and minimal trap spaces (bench_asp.py's logicnet
            worker) on every ``--every``-th BBM model of benchmarks/models/bbm
``async``   exact asynchronous attractors (bench_async.py's logicnet worker)
            on the shipped models of at most 60 nodes
``screen``  the MAPK screen of bench_screen.py (its logicnet rows)
``cli``     the main commands of bench_cli.py end to end (fresh processes,
            imports included; analyze on both cores, as a user runs it)

Each case keeps the fastest of ``--repeat`` runs, CPU time and wall time;
the summary gives, per benchmark, the median and the worst ratio new/old.
Results go to benchmarks/results/revisions.{csv,md}.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
RESULTS = BENCH / "results"


def _module(name: str) -> Any:
    """One of the benchmark scripts, imported as a module."""
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _with_source(src: Path, call: Callable[[], Any]) -> Any:
    """``call()`` with ``src`` first on the PYTHONPATH its subprocesses inherit."""
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), saved]))
    try:
        return call()
    finally:
        if saved is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = saved


def _alternate(sources: dict[str, Path], repeat: int, measure: Callable[[Path], dict[str, Any]]) -> dict[str, dict]:
    """The fastest of ``repeat`` measurements per revision, revisions alternated."""
    best: dict[str, dict[str, Any]] = {}
    order = list(sources)
    for r in range(repeat):
        for label in (order if r % 2 == 0 else order[::-1]):
            got = _with_source(sources[label], lambda: measure(sources[label]))
            for case, value in got.items():
                if not isinstance(value, dict) or value.get("status", "ok") != "ok":
                    best.setdefault(label, {}).setdefault(case, value)
                    continue
                kept = best.setdefault(label, {}).get(case)
                if not isinstance(kept, dict) or "cpu" not in kept or value["cpu"] < kept["cpu"]:
                    best[label][case] = value
    return best


def asp_cases(every: int, repeat: int, sources: dict[str, Path]) -> list[dict[str, Any]]:
    asp = _module("bench_asp")
    files = asp.model_files(["shared"])[::every]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for k, path in enumerate(files, start=1):
            prepared_file, nodes, _ = asp.prepared(path, Path(folder))
            best = _alternate(sources, repeat, lambda _: asp.run("logicnet", path, prepared_file, 1000, 60.0))
            for task in asp.TASKS:
                rows.append(_row("asp " + task, asp.model_name(path), nodes, best, task))
            print(f"[asp {k}/{len(files)}] {asp.model_name(path)[:40]}", flush=True)
    return rows


def async_cases(repeat: int, sources: dict[str, Path]) -> list[dict[str, Any]]:
    bench = _module("bench_async")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for path in bench.model_files("shipped"):
            copy, nodes, _ = bench.prepared(path, Path(folder))
            if nodes > 60:
                continue
            best = _alternate(sources, repeat, lambda _: {"attractors": bench.run("logicnet", copy, 120.0)})
            rows.append(_row("async", copy.stem, nodes, best, "attractors"))
            print(f"[async] {copy.stem[:40]}", flush=True)
    return rows


def screen_cases(repeat: int, sources: dict[str, Path]) -> list[dict[str, Any]]:
    """The logicnet rows of each revision's own bench_screen.py (its outcome
    checks use that revision's API), run whole under that revision."""

    model = _module("bench_screen").MODEL  # the repository's copy (older scripts read it elsewhere)

    def measure(src: Path) -> dict[str, Any]:
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([sys.executable, str(src.parent / "benchmarks" / "bench_screen.py"), "--repeat", "1", "--skip-async",
                            "--model", str(model), "--out", out], check=True, capture_output=True, text=True, cwd=ROOT)
            with open(Path(out) / "screen.csv", newline="") as handle:
                return {r["case"]: {"status": "ok", "cpu": float(r["logicnet_s"]), "wall": float(r["logicnet_s"])}
                        for r in csv.DictReader(handle)}

    best = _alternate(sources, repeat, measure)
    return [_row("screen", case, 53, best, case) for case in best["new"]]


def cli_cases(repeat: int, sources: dict[str, Path]) -> list[dict[str, Any]]:
    """bench_cli.py's commands, each a fresh process under either revision."""
    bench = _module("bench_cli")
    rows = []
    for label, args, _, _ in bench.COMMANDS:
        def measure(_: Path) -> dict[str, Any]:
            wall, cpu = bench.run(args)
            return {"command": {"status": "ok", "wall": wall, "cpu": cpu}}
        best = _alternate(sources, repeat, measure)
        rows.append(_row("cli", label, 0, best, "command"))
        print(f"[cli] {label}: old {best['old']['command']['wall']:.2f} s, new {best['new']['command']['wall']:.2f} s",
              flush=True)
    return rows


def _row(bench: str, model: str, nodes: int, best: dict[str, dict], case: str) -> dict[str, Any]:
    row: dict[str, Any] = {"benchmark": bench, "model": model, "nodes": nodes}
    for label in ("old", "new"):
        value = best[label].get(case, {"status": "missing"})
        row[f"{label}_status"] = value.get("status", "ok")
        row[f"{label}_cpu_s"] = round(value["cpu"], 4) if "cpu" in value else ""
        row[f"{label}_wall_s"] = round(value["wall"], 4) if "wall" in value else ""
    if row["old_cpu_s"] and row["new_cpu_s"]:
        row["ratio_cpu"] = round(row["new_cpu_s"] / row["old_cpu_s"], 3)
        row["ratio_wall"] = round(row["new_wall_s"] / row["old_wall_s"], 3)
    else:
        row["ratio_cpu"] = row["ratio_wall"] = ""
    return row


def summary(rows: list[dict[str, Any]], old: str, new: str, options: argparse.Namespace) -> str:
    lines = [
        "# logicnet against an earlier revision of itself",
        "",
        f"Generated by `python benchmarks/bench_revisions.py --old {options.old} --every {options.every}"
        f" --repeat {options.repeat} --benchmarks {options.benchmarks}{' --skip-screen' if options.skip_screen else ''}` on"
        f" {time.strftime('%Y-%m-%d')} ({platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs,"
        f" load average {os.getloadavg()[0]:.1f} at the end): old = {old}, new = {new}. The two revisions"
        " alternate case by case; each case keeps the fastest of the repeats. Ratios are new/old:"
        " below 1 the new code is faster.",
        "",
        "| benchmark | cases | median ratio (CPU) | median ratio (wall) | worst ratio (CPU), case | new slower by > 5 % (CPU) |",
        "|---|---|---|---|---|---|",
    ]
    for bench in dict.fromkeys(r["benchmark"] for r in rows):
        mine = [r for r in rows if r["benchmark"] == bench and r["ratio_cpu"] != ""]
        if not mine:
            lines.append(f"| {bench} | 0 | — | — | — | — |")
            continue
        worst = max(mine, key=lambda r: r["ratio_cpu"])
        slower = sum(1 for r in mine if r["ratio_cpu"] > 1.05)
        lines.append(
            f"| {bench} | {len(mine)} | {statistics.median(r['ratio_cpu'] for r in mine):.3f}"
            f" | {statistics.median(r['ratio_wall'] for r in mine):.3f}"
            f" | {worst['ratio_cpu']:.2f} ({worst['model'][:40]}, old {worst['old_cpu_s']} s) | {slower} |"
        )
    failed = [r for r in rows if r["old_status"] != r["new_status"]]
    if failed:
        lines += ["", "Cases where the two revisions ended differently:", ""]
        lines += [f"- {r['benchmark']} {r['model']}: old {r['old_status']}, new {r['new_status']}" for r in failed]
    return "\n".join(lines) + "\n"


def _revision(ref: str) -> str:
    return subprocess.run(["git", "rev-parse", "--short", ref], cwd=ROOT, check=True, capture_output=True,
                          text=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", required=True, help="the git revision to compare with")
    parser.add_argument("--every", type=int, default=4, help="asp: every n-th BBM model")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-screen", action="store_true")
    parser.add_argument("--benchmarks", default="asp,async,screen")
    parser.add_argument("--out", type=Path, default=RESULTS)
    options = parser.parse_args()
    old, new = _revision(options.old), _revision("HEAD")
    wanted = options.benchmarks.split(",")
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder, "old")
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), old], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            sources = {"old": tree / "src", "new": ROOT / "src"}
            rows: list[dict[str, Any]] = []
            if "asp" in wanted:
                rows += asp_cases(options.every, options.repeat, sources)
            if "async" in wanted:
                rows += async_cases(options.repeat, sources)
            if "screen" in wanted and not options.skip_screen:
                rows += screen_cases(options.repeat, sources)
            if "cli" in wanted:
                rows += cli_cases(options.repeat, sources)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
    options.out.mkdir(parents=True, exist_ok=True)
    with open(options.out / "revisions.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (options.out / "revisions.md").write_text(summary(rows, old, new, options))
    print((options.out / "revisions.md").read_text())


if __name__ == "__main__":
    main()
