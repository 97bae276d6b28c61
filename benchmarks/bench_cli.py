"""Time logicnet's main commands end to end, as a user runs them.

    python benchmarks/bench_cli.py [--repeat 3]

Each command runs in a fresh process (import and parsing included); the
median wall-clock time of ``--repeat`` runs (with the slowest, and the CPU
time of the command and its worker processes) is recorded with its target in
benchmarks/results/cli.csv and benchmarks/results/cli.md. The modules run from
compiled bytecode, as an installed package does: it is kept in a temporary
cache (``PYTHONPYCACHEPREFIX``, never in the source tree, even where
``PYTHONDONTWRITEBYTECODE`` is set) that an untimed first run of each command fills.
"""

from __future__ import annotations

import argparse
import atexit
import csv
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TNBC = "networks/tnbc_pi3k.yaml"
LARGEST = "tests/models/bbm/bbm-261-sars-cov-2-host-interaction.bnet"

#: (label, arguments after `logicnet`, target in seconds, where the target comes from)
COMMANDS = [
    ("info, largest shipped model (342 nodes)", ["info", LARGEST], 2.0, "issue: foundation"),
    ("validate, largest shipped model", ["validate", LARGEST], 2.0, "-"),
    ("check, TNBC (24 scenarios)", ["check", TNBC], None, "-"),
    ("analyze, TNBC, default options (contexts on all cores)", ["analyze", TNBC], 10.0, "issue 14"),
    ("screen, TNBC, 15 drugs up to pairs, 6 contexts", ["screen", TNBC, "--max-size", "2"], 60.0,
     "issue: drug screens"),
]


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


#: where compiled bytecode is kept for the runs (removed at exit)
BYTECODE = tempfile.mkdtemp(prefix="logicnet-bytecode-")
atexit.register(shutil.rmtree, BYTECODE, True)


def run(args: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (worker processes included) of one run."""
    env = dict(os.environ, PYTHONWARNINGS="ignore", PYTHONPYCACHEPREFIX=BYTECODE)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start, cpu = time.perf_counter(), _cpu()
    result = subprocess.run([sys.executable, "-m", "logicnet", *args], cwd=ROOT, capture_output=True,
                            text=True, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"logicnet {' '.join(args)} failed:\n{result.stderr}")
    return elapsed, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = []
    load_before = os.getloadavg()
    for label, args, target, source in COMMANDS:
        run(args)  # untimed: compiles the modules the command imports
        runs = [run(args) for _ in range(options.repeat)]
        times = [wall for wall, _ in runs]
        cpu = statistics.median(used for _, used in runs)
        median = statistics.median(times)
        rows.append((label, "logicnet " + " ".join(args), median, min(times), max(times), cpu, target, source))
        print(f"{median:7.2f} s (max {max(times):.2f} s, CPU {cpu:.2f} s)  {label}", flush=True)
    with open(RESULTS / "cli.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["command", "arguments", "median_s", "min_s", "max_s", "median_cpu_s", "target_s",
                         "target_source"])
        writer.writerows(rows)
    load_after = os.getloadavg()
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    load = (f"load average (1 min) {load_before[0]:.1f} before the run and {load_after[0]:.1f} after it"
            " (other work on the same cores slows every figure)")
    lines = [
        "# Commands end to end",
        "",
        f"Measured by `python benchmarks/bench_cli.py --repeat {options.repeat}` on {machine};",
        "median wall-clock time of fresh processes (imports included, from compiled bytecode as when installed);",
        f"{load}.",
        "",
        "| command | median (s) | min–max (s) | CPU, median (s) | target (s) | met |",
        "|---|---|---|---|---|---|",
    ]
    for label, arguments, median, low, high, cpu, target, _ in rows:
        met = "—" if target is None else ("yes" if median <= target else "**no**")
        lines.append(f"| {label}<br>`{arguments}` | {median:.2f} | {low:.2f}–{high:.2f} | {cpu:.2f} | "
                     f"{'—' if target is None else target} | {met} |")
    (RESULTS / "cli.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
