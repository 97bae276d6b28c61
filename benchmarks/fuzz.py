"""Long fuzzing run: generated network files, valid and mutated, through the
readers, validation, writing back and a small attractor computation.

    python benchmarks/fuzz.py [--inputs 100000] [--seed 1] [--jobs 2]

Each input is drawn from its own seeded generator (tests/fuzz/harness.py,
the code the test suite runs 2,000 examples of), so any input can be made
again from (seed, number). An input passes when it is read (and runs) or is
refused with a one-line logicnet error located in the file; anything else, or
more than --timeout seconds on one input, is a crash. Results go to
benchmarks/results/fuzz.csv and fuzz.md; crashing inputs, if any, to
benchmarks/results/fuzz_crashes.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import signal
import statistics
import sys
import time
import traceback
from collections import Counter
from multiprocessing import Pool
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

from tests.fuzz.harness import RandomChooser, exercise, mutate, network_bnet, network_yaml  # noqa: E402

#: what each input is: (label, share out of 20)
KINDS = [("valid yaml", 3), ("valid bnet", 3), ("mutated yaml", 6), ("mutated bnet", 6), ("random text", 2)]
RANDOM_ALPHABET = "AB_01 \t\n:,-[]{}!&|()#'\"*>=~\x00\x01é🧬"


class Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Hang()


def make_input(seed: int, number: int) -> tuple[str, str, str]:
    """(kind, format, text) of input ``number`` of the run with ``seed``."""
    chooser = RandomChooser(seed * 10**7 + number)
    slot = number % sum(share for _, share in KINDS)
    for kind, share in KINDS:
        if slot < share:
            break
        slot -= share
    form = "bnet" if "bnet" in kind or (kind == "random text" and number % 2) else "yaml"
    if kind == "random text":
        text = "".join(chooser.choice(RANDOM_ALPHABET) for _ in range(chooser.integer(0, 200)))
    else:
        text = network_yaml(chooser) if form == "yaml" else network_bnet(chooser)
        if kind.startswith("mutated"):
            text = mutate(chooser, text)
    return kind, form, text


def run_one(job: tuple[int, int, float]) -> dict[str, Any]:
    seed, number, timeout = job
    kind, form, text = make_input(seed, number)
    start = time.process_time()
    row: dict[str, Any] = {"number": number, "kind": kind, "form": form}
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        outcome = exercise(text, form)
        row.update(outcome=outcome.kind, detail=outcome.detail)
    except Hang:
        row.update(outcome="crash", detail=f"more than {timeout} s", text=text)
    except BaseException as exc:  # noqa: BLE001 - every escape is a finding
        row.update(outcome="crash", detail=f"{type(exc).__name__}: {exc}"[:500], text=text,
                   traceback=traceback.format_exc()[-3000:])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    row["cpu_s"] = time.process_time() - start
    return row


def _init() -> None:
    signal.signal(signal.SIGALRM, _alarm)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds one input may take")
    options = parser.parse_args()
    started = time.monotonic()
    outcomes: Counter[tuple[str, str]] = Counter()
    times: dict[str, list[float]] = {kind: [] for kind, _ in KINDS}
    slowest: dict[str, tuple[float, int]] = {}
    crashes = []
    jobs = ((options.seed, n, options.timeout) for n in range(options.inputs))
    with Pool(options.jobs, initializer=_init) as pool:
        for done, row in enumerate(pool.imap_unordered(run_one, jobs, chunksize=50), start=1):
            outcomes[(row["kind"], row["outcome"])] += 1
            times[row["kind"]].append(row["cpu_s"])
            if row["cpu_s"] > slowest.get(row["kind"], (-1.0, 0))[0]:
                slowest[row["kind"]] = (row["cpu_s"], row["number"])
            if row["outcome"] == "crash":
                crashes.append(row)
                print(f"crash on input {row['number']} ({row['kind']}): {row['detail']}", flush=True)
            if done % 5000 == 0:
                print(f"{done} inputs, {len(crashes)} crashes, {time.monotonic() - started:.0f} s", flush=True)
    wall = time.monotonic() - started
    write_results(options, outcomes, times, slowest, crashes, wall)
    print(f"{options.inputs} inputs, {len(crashes)} crashes in {wall:.0f} s")
    raise SystemExit(1 if crashes else 0)


def write_results(options: argparse.Namespace, outcomes: Counter[tuple[str, str]], times: dict[str, list[float]],
                  slowest: dict[str, tuple[float, int]], crashes: list[dict[str, Any]], wall: float) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = []
    for kind, _ in KINDS:
        cpu = times[kind]
        if not cpu:
            continue
        rows.append({
            "kind": kind, "inputs": len(cpu), "read": outcomes[(kind, "read")],
            "refused": outcomes[(kind, "refused")], "crashes": outcomes[(kind, "crash")],
            "median_cpu_ms": round(1000 * statistics.median(cpu), 2),
            "worst_cpu_ms": round(1000 * slowest[kind][0], 1), "worst_input": slowest[kind][1],
        })
    with open(RESULTS / "fuzz.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    crash_file = RESULTS / "fuzz_crashes.json"
    if crashes:
        crash_file.write_text(json.dumps(crashes, indent=1, ensure_ascii=True) + "\n")
    elif crash_file.exists():
        crash_file.unlink()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    total = sum(r["inputs"] for r in rows)
    lines = [
        "# Fuzzing",
        "",
        f"`python benchmarks/fuzz.py --inputs {options.inputs} --seed {options.seed} --jobs {options.jobs}`"
        f" on {machine}, {time.strftime('%Y-%m-%d')}: {total} inputs in {wall / 60:.0f} min wall-clock,"
        f" **{sum(r['crashes'] for r in rows)} crashes**.",
        "",
        "Each input is read (YAML or BNet), validated, written back as YAML (and BNet when Boolean) and",
        "read again; when its state space has at most 2^10 states, its attractors (explicit engine) and",
        "fixed points (asp engine) are computed and compared. A crash is any exception other than a",
        "one-line logicnet error (located in the file when the reader raised it), or an input taking",
        f"more than {options.timeout:g} s. Times are the CPU time of the whole check of one input.",
        "",
        "| inputs | number | read and ran | refused | crashes | median CPU (ms) | worst CPU (ms) | worst input |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['kind']} | {r['inputs']} | {r['read']} | {r['refused']} | {r['crashes']} |"
                     f" {r['median_cpu_ms']} | {r['worst_cpu_ms']} | {r['worst_input']} |")
    lines += ["", "Inputs are remade from their number with `make_input(seed, number)` in this script."]
    (RESULTS / "fuzz.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
