"""Minimal intervention sets on the Moon22 control benchmark, checked against brute force.

    python benchmarks/bench_control.py [--models S1,S2,...] [--max-size 3] [--semantics mostpermissive]

The models are the Moon et al. (2022) control benchmark (benchmarks/models/moon22,
eleven published networks, each with a marker node ``p`` and the list of
controllable nodes). The question, as the benchmark states it: every minimal
set of at most k perturbations, each a controllable node fixed to 0 or to 1,
after which every attractor has p = 1 (``combos --targets nodes --knock-in
--candidates ... --goal p=1 --from any``).

For each model logicnet's search (``minimal_combinations``) is compared with a
brute-force enumeration written here on purpose without the search's code:
every set of distinct controllable nodes with a level each, up to the size,
is applied with ``Perturbation(fixed=...)``, its attractors computed with
``attractors()``, and the sets that work and have no working proper subset
are kept. The two lists must be identical. Results go to
benchmarks/results/control.csv and control.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import time
from datetime import date
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "benchmarks" / "models" / "moon22"
RESULTS = ROOT / "benchmarks" / "results"


def model_folders(choice: str | None) -> list[Path]:
    folders = sorted(p for p in MODELS.iterdir() if p.is_dir())
    if choice:
        wanted = [c.strip() for c in choice.split(",")]
        folders = [f for f in folders if f.name.split("_")[0] in wanted]
    return folders


def load(folder: Path):  # type: ignore[no-untyped-def]
    import warnings

    from logicnet.io import read_network

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        network = read_network(folder / "transition_formula.bnet")
    spec = json.loads((folder / "inputs.json").read_text())
    return network, [n for n in spec["controllable_vars"] if n in network.nodes]


def brute_force(network, controllable: list[str], max_size: int, semantics: str) -> list[tuple[tuple[str, int], ...]]:  # type: ignore[no-untyped-def]
    """Every minimal working set, by checking every set (see module notes)."""
    from logicnet.dynamics import attractors
    from logicnet.model import Perturbation

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
    return sorted((tuple(sorted(w)) for w in working), key=lambda w: (len(w), w))


def logicnet_sets(network, controllable: list[str], max_size: int, semantics: str):  # type: ignore[no-untyped-def]
    from logicnet.analysis import minimal_combinations, parse_goal

    report = minimal_combinations(network, goals=[parse_goal(network, "p=1")], semantics=semantics, start="any",
                                  targets="nodes", knock_in=True, candidates=controllable, max_size=max_size,
                                  genetic_depth=0)
    found = sorted((tuple(sorted(m.interventions.items())) for m in report.minimal_sets),
                   key=lambda w: (len(w), w))
    return found, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", help="model prefixes, e.g. S1,S2,M1 [default: all]")
    parser.add_argument("--max-size", type=int, default=3)
    parser.add_argument("--brute-max-options", type=int, default=40,
                        help="skip brute force above this many (node, level) options at --max-size 3")
    parser.add_argument("--semantics", default="mostpermissive")
    parser.add_argument("--out", type=Path, default=RESULTS)
    options = parser.parse_args()
    import logicnet.dynamics.engines.asp  # noqa: F401 - imported before the clock starts

    rows = []
    for folder in model_folders(options.models):
        network, controllable = load(folder)
        size = options.max_size
        if 2 * len(controllable) > options.brute_max_options:
            size = min(size, 2)
        started = time.perf_counter()
        ours, report = logicnet_sets(network, controllable, size, options.semantics)
        ours_s = time.perf_counter() - started
        started = time.perf_counter()
        theirs = brute_force(network, controllable, size, options.semantics)
        brute_s = time.perf_counter() - started
        row = {"model": folder.name, "nodes": len(network.nodes), "controllable": len(controllable),
               "max_size": size, "semantics": options.semantics, "sets": len(ours), "brute_force_sets": len(theirs),
               "identical": ours == theirs, "complete": report.complete, "logicnet_s": round(ours_s, 3),
               "brute_force_s": round(brute_s, 3), "checked": report.checked}
        rows.append(row)
        print(row, flush=True)
    options.out.mkdir(parents=True, exist_ok=True)
    with open(options.out / "control.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    lines = [
        "# Minimal intervention sets on the Moon22 control benchmark, against brute force",
        "",
        f"Generated by `python benchmarks/bench_control.py --max-size {options.max_size} --semantics"
        f" {options.semantics}` on {date.today()} ({platform.python_version()}, {platform.machine()},"
        f" {os.cpu_count()} CPUs). Knockouts and knock-ins (0 or 1) of the controllable nodes only (the"
        " benchmark's uncontrollable nodes and the marker p excluded), goal p = 1 in every attractor of the"
        " perturbed network. Brute force checks every set up to the size; the size is 2 where a model has"
        f" more than {options.brute_max_options // 2} controllable nodes (brute force grows with the cube).",
        "",
        "| model | nodes | controllable | size | minimal sets | brute force | identical | logicnet s | brute force s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['model']} | {r['nodes']} | {r['controllable']} | {r['max_size']} | {r['sets']} |"
                     f" {r['brute_force_sets']} | {'yes' if r['identical'] else '**no**'} | {r['logicnet_s']} |"
                     f" {r['brute_force_s']} |")
    (options.out / "control.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
