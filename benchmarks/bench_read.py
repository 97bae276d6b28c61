"""Reading, validating and summarising large models, as a user runs them.

    python benchmarks/bench_read.py [--repeat 3] [--bbm DIR]

Each command runs as ``python -m logicnet ...`` in a fresh process (start-up
and imports included, as a user waits for them); the fastest of the repeats
is kept, with its CPU time. The cases:

* ``validate`` on generated BNet files of 1,000 to 10,000 nodes (random rules
  of 1-4 regulators, 5 % free inputs; the script writes them, seeded), to show
  the growth with size, and on a 4,000-node file where one node ORs 2,000
  inputs;
* ``info`` on the largest BBM model (id-243, 1076 nodes) and on id-248 (132
  nodes whose rules fill 1.5 MB) and id-079 (197 nodes, 1.4 MB), read from
  benchmarks/models/bbm or ``--bbm DIR`` (skipped when missing).

Results: benchmarks/results/read.csv and read.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SHARED = ROOT / "benchmarks" / "models" / "bbm"  # the BBM collection, copied into the repository
TARGETS = {"validate 10000": 5.0, "info id-243": 1.0, "info id-248": 1.0}


def generated(nodes: int, folder: Path, hub: int = 0, seed: int = 0) -> Path:
    """A random BNet file of ``nodes`` nodes (and a node ORing ``hub`` of them)."""
    rng = random.Random(seed)
    names = [f"g{k}" for k in range(nodes)]
    lines = ["targets, factors"]
    for k, name in enumerate(names):
        if k < nodes // 20:
            lines.append(f"{name}, {name}")
            continue
        terms = [("!" if rng.random() < 0.3 else "") + r for r in rng.sample(names, rng.randint(1, 4))]
        expression = terms[0]
        for term in terms[1:]:
            expression = f"({expression} {rng.choice('&|')} {term})"
        lines.append(f"{name}, {expression}")
    if hub:
        lines.append("hub, " + " | ".join(names[:hub]))
    path = folder / (f"random-{nodes}" + (f"-hub{hub}" if hub else "") + ".bnet")
    path.write_text("\n".join(lines) + "\n")
    return path


def timed(arguments: list[str], repeat: int) -> tuple[float, float, str]:
    """The fastest wall-clock time of ``python -m logicnet ARGUMENTS``, its CPU
    time (the child's), and the last line it printed."""
    best = (float("inf"), 0.0, "")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "logicnet", *arguments], capture_output=True, text=True,
                              env=dict(os.environ, PYTHONWARNINGS="ignore"))
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if done.returncode not in (0, 1):
            return float("nan"), cpu, "error: " + (done.stderr.strip().splitlines() or ["?"])[-1]
        last = (done.stdout.strip().splitlines() or [""])[-1]
        if wall < best[0]:
            best = (wall, cpu, last)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--bbm", type=Path, default=SHARED)
    options = parser.parse_args()
    rows: list[tuple[str, str, float, float, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        for nodes in (1000, 2500, 5000, 10000):
            path = generated(nodes, Path(folder))
            rows.append((f"validate {nodes}", f"random BNet, {nodes} nodes", *timed(["validate", str(path)], options.repeat)))
        path = generated(4000, Path(folder), hub=2000)
        rows.append(("validate hub", "random BNet, 4001 nodes, one ORing 2000 inputs",
                     *timed(["validate", str(path)], options.repeat)))
        for model in ("243", "248", "079"):
            found = sorted(options.bbm.glob(f"[[]id-{model}[]]*.bnet")) if options.bbm.is_dir() else []
            if not found:
                continue
            size = found[0].stat().st_size / 1e6
            rows.append((f"info id-{model}", f"BBM id-{model} ({size:.1f} MB)",
                         *timed(["info", str(found[0]), "--format", "json"], options.repeat)))
            rows.append((f"validate id-{model}", f"BBM id-{model}", *timed(["validate", str(found[0])], options.repeat)))
    RESULTS.mkdir(exist_ok=True)
    with open(RESULTS / "read.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case", "what", "wall_s", "cpu_s", "target_s"])
        for case, what, wall, cpu, _ in rows:
            writer.writerow([case, what, f"{wall:.3f}", f"{cpu:.3f}", TARGETS.get(case, "")])
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [
        "# Reading, validating and summarising large models",
        "",
        f"Measured by `python benchmarks/bench_read.py --repeat {options.repeat}` on {machine},"
        f" {time.strftime('%Y-%m-%d')}: each command in a fresh process, start-up and imports",
        "included; the fastest of the repeats (wall clock) and its CPU time. The machine was shared",
        "with other work while this ran: the CPU column carries less of that noise.",
        "",
        "| case | what | wall (s) | CPU (s) | target (s) |",
        "|---|---|---|---|---|",
    ]
    for case, what, wall, cpu, _ in rows:
        target = TARGETS.get(case)
        lines.append(f"| `{case}` | {what} | {wall:.2f} | {cpu:.2f} | {'' if target is None else f'< {target:g}'} |")
    (RESULTS / "read.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
