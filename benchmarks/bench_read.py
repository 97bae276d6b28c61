"""Reading, validating and summarising large models, as a user runs them.

    python benchmarks/bench_read.py [--repeat 5] [--bbm DIR] [--baseline SRC [--baseline-label TEXT]]

Each command runs as ``python -m logicnet ...`` in a fresh process (start-up
and imports included, as a user waits for them; one case also through the
``logicnet`` console script found on PATH, which may be a wrapper such as a
pyenv shim), ``--repeat`` times after one unrecorded warm-up run; the
median and the worst of the wall-clock times and of the CPU times (user +
system of the child) are recorded, with the load average before and after.
With ``--baseline SRC`` (the ``src`` directory of another checkout, such as a
git worktree of an older commit) every run of a case alternates with the same
command run on that code, and the ratios of the medians are recorded: the two
share whatever else the machine was doing. Compiled bytecode is used as an
installed package has it: the children write it to a temporary cache
(``PYTHONPYCACHEPREFIX``, filled by the warm-up run, never into the source
trees), even where ``PYTHONDONTWRITEBYTECODE`` is set. The cases:

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
import shutil
import statistics
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


#: where the children keep their compiled bytecode (set by main)
BYTECODE: dict[str, str] = {}
#: the ``logicnet`` console script, when one is on PATH
SCRIPT = shutil.which("logicnet")


def run_once(arguments: list[str], src: str | None, script: bool = False) -> tuple[float, float, str]:
    """Wall-clock and CPU time (the child's user + system) of one
    ``python -m logicnet ARGUMENTS`` (or of the ``logicnet`` script), on the
    code in ``src`` when given, and the last line it printed (or the error)."""
    env = dict(os.environ, PYTHONWARNINGS="ignore", **BYTECODE)
    if BYTECODE:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    if src is not None:
        env["PYTHONPATH"] = src
    command = [SCRIPT] if script and SCRIPT else [sys.executable, "-m", "logicnet"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([*command, *arguments], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1) and not (arguments[-1].endswith("missing.bnet") and done.returncode == 2):
        return float("nan"), cpu, "error: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    return wall, cpu, (done.stdout.strip().splitlines() or [""])[-1]


def timed(arguments: list[str], repeat: int, baseline: str | None, script: bool = False) -> dict[str, float]:
    """Median and worst wall and CPU times of ``repeat`` runs (and of the
    baseline's runs, alternating with them), after one unrecorded run of each."""
    walls: list[float] = []
    cpus: list[float] = []
    base_walls: list[float] = []
    base_cpus: list[float] = []
    run_once(arguments, None, script)
    if baseline is not None:
        run_once(arguments, baseline, script)
    for _ in range(repeat):
        wall, cpu, _ = run_once(arguments, None, script)
        walls.append(wall)
        cpus.append(cpu)
        if baseline is not None:
            wall, cpu, _ = run_once(arguments, baseline, script)
            base_walls.append(wall)
            base_cpus.append(cpu)
    out = {"wall": statistics.median(walls), "wall_worst": max(walls),
           "cpu": statistics.median(cpus), "cpu_worst": max(cpus)}
    if baseline is not None:
        out.update({"base_wall": statistics.median(base_walls), "base_wall_worst": max(base_walls),
                    "base_cpu": statistics.median(base_cpus), "base_cpu_worst": max(base_cpus)})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--bbm", type=Path, default=SHARED)
    parser.add_argument("--baseline", help="the src directory of other logicnet code to run alternately")
    parser.add_argument("--baseline-label", default="the baseline", help="what the baseline is (a commit)")
    options = parser.parse_args()
    baseline = str(Path(options.baseline).resolve()) if options.baseline else None
    load_before = os.getloadavg()
    rows: list[tuple[str, str, dict[str, float]]] = []

    def case(name: str, what: str, arguments: list[str], script: bool = False) -> None:
        rows.append((name, what, timed(arguments, options.repeat, baseline, script)))
        print(name, {k: round(v, 3) for k, v in rows[-1][2].items()}, flush=True)

    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as bytecode:
        BYTECODE["PYTHONPYCACHEPREFIX"] = bytecode
        case("error", "a missing file: start-up alone", ["info", str(Path(folder) / "missing.bnet")])
        for nodes in (1000, 2500, 5000, 10000):
            path = generated(nodes, Path(folder))
            case(f"validate {nodes}", f"random BNet, {nodes} nodes", ["validate", str(path)])
        path = generated(4000, Path(folder), hub=2000)
        case("validate hub", "random BNet, 4001 nodes, one ORing 2000 inputs", ["validate", str(path)])
        for model in ("243", "248", "079"):
            found = sorted(options.bbm.glob(f"[[]id-{model}[]]*.bnet")) if options.bbm.is_dir() else []
            if not found:
                continue
            size = found[0].stat().st_size / 1e6
            variables, inputs = (found[0].name.split(f"[{key}-")[1].split("]")[0] for key in ("var", "in"))
            case(f"info id-{model}", f"BBM id-{model} ({variables} variables + {inputs} inputs, {size:.1f} MB)",
                 ["info", str(found[0]), "--format", "json"])
            if model == "248":
                case("info id-248, table", "the same, printed as tables", ["info", str(found[0])])
                if SCRIPT:
                    case("info id-248, script", "the same through the `logicnet` console script on PATH"
                         + (" (a pyenv shim)" if ".pyenv/shims" in SCRIPT else ""),
                         ["info", str(found[0]), "--format", "json"], script=True)
            case(f"validate id-{model}", f"BBM id-{model}", ["validate", str(found[0])])
    load_after = os.getloadavg()
    RESULTS.mkdir(exist_ok=True)
    columns = ["wall", "wall_worst", "cpu", "cpu_worst"] + (
        ["base_wall", "base_wall_worst", "base_cpu", "base_cpu_worst"] if baseline else [])
    with open(RESULTS / "read.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case", "what", "wall_median_s", "wall_worst_s", "cpu_median_s", "cpu_worst_s", "target_s"]
                        + (["baseline_wall_median_s", "baseline_wall_worst_s", "baseline_cpu_median_s",
                            "baseline_cpu_worst_s"] if baseline else []))
        for name, what, times in rows:
            writer.writerow([name, what, *(f"{times[c]:.3f}" for c in columns[:4]), TARGETS.get(name, "")]
                            + [f"{times[c]:.3f}" for c in columns[4:]])
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [
        "# Reading, validating and summarising large models",
        "",
        f"Measured by `python benchmarks/bench_read.py --repeat {options.repeat}"
        f"{' --baseline SRC' if baseline else ''}` on {machine}, {time.strftime('%Y-%m-%d %H:%M')}:"
        " each command in a fresh process as `python -m logicnet` (start-up and imports included, compiled"
        f" bytecode as installed), run {options.repeat} times after one warm-up run; medians with the worst"
        " run in parentheses. CPU is the user + system time"
        " of the process. Load average (1 min) before and after:"
        f" {load_before[0]:.1f} and {load_after[0]:.1f} on {os.cpu_count()} cores; under load the wall"
        " clock stretches and the CPU column carries less of that noise.",
        "",
    ]
    if baseline:
        lines += [f"Baseline: {options.baseline_label}, run alternately with this code,"
                  " run by run (ratio = this code's median / the baseline's median).", ""]
    head = "| case | what | wall (s) | CPU (s) | target (s) |"
    rule = "|---|---|---|---|---|"
    if baseline:
        head += " baseline wall / CPU (s) | ratio wall / CPU |"
        rule += "---|---|"
    lines += [head, rule]
    for name, what, t in rows:
        target = TARGETS.get(name)
        line = (f"| `{name}` | {what} | {t['wall']:.2f} ({t['wall_worst']:.2f}) | {t['cpu']:.2f} ({t['cpu_worst']:.2f})"
                f" | {'' if target is None else f'< {target:g}'} |")
        if baseline:
            line += (f" {t['base_wall']:.2f} ({t['base_wall_worst']:.2f}) / {t['base_cpu']:.2f}"
                     f" ({t['base_cpu_worst']:.2f}) | {t['wall'] / t['base_wall']:.2f} / {t['cpu'] / t['base_cpu']:.2f} |")
        lines.append(line)
    (RESULTS / "read.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
