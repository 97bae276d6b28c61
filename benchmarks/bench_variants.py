"""Many perturbations of one network: the symbolic engine's ``solve_variants``
beside the reachable engine and the symbolic engine asked once per variant.

    python benchmarks/bench_variants.py [--model networks/tnbc_pi3k.yaml] [--context insulin_only]
                                        [--calls FILE.pkl] [--save FILE.pkl] [--limit N]

The questions are the ones ``logicnet analyze`` asks for one context's
pre-existing clones: every call of ``attractors_of_variants(network,
variants, semantics=...)`` the analysis makes (one per treatment; each
variant an alteration of the untreated cells, started from the context's
declared start state; priority semantics on the TNBC model). They are
recorded by running the analysis of that context in-process (or read from
``--calls``, a pickle of ``(network, variants, semantics)`` written by
``--save``). Each variant is then answered, in the same run and alternating
which goes first:

``reachable``       ``ReachableEngine(budget=10**7).solve_variants(task, [v])``:
                    the explicit search, visiting every reachable state (its
                    default budget of 200,000 states is lifted so that the
                    large variants are timed too)
``symbolic, each``  ``attractors(...)`` per variant with ``engine="symbolic"``
                    (perturbation applied, constants percolated, a new BDD
                    system each time): the fallback of ``attractors_of_variants``
``symbolic, all``   ``get_engine("symbolic").solve_variants(task, variants)``
                    for the whole call: one BDD system, the variants derived
                    from it; per-variant times from its progress reports, the
                    system's construction counted apart (``setup``)
``current``         ``attractors_of_variants`` as it stands (the reachable
                    engine in batches, the variants it does not take answered
                    one by one by ``attractors``), per call
``hybrid``          the same batches of the reachable engine, the variants
                    it does not take answered by one ``solve_variants``

The answers of the reachable engine and of ``solve_variants`` are checked
equal, variant by variant. CPU is the process's user+sys time
(``time.process_time``), wall is ``time.perf_counter``. Results:
benchmarks/results/variants.csv (one row per variant) and variants.md.
"""

from __future__ import annotations

import argparse
import copy
import csv
import inspect
import os
import pickle
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Sequence

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
LARGE = 20_000  # reachable states: the "large" variants
#: whether the reachable engine leaves variants past a per-variant share
#: (``solve_variants(..., cap=...)``, answering ``None`` for them)
SHARES = False
HYBRID_BUDGET = 50_000  # states a batch of 8 may visit in the hybrid route (without shares)


def record(model: Path, context: str) -> list[tuple[Any, Any, str]]:
    """The ``attractors_of_variants`` calls of the analysis of one context."""
    from logicnet.analysis import genetic
    from logicnet.analysis.analyze import analyze
    from logicnet.io import read_network

    calls: list[tuple[Any, Any, str]] = []
    original = genetic.attractors_of_variants

    def recording(network, variants, *, semantics=None, **options):  # type: ignore[no-untyped-def]
        calls.append((network, list(variants), semantics))
        return original(network, variants, semantics=semantics, **options)

    genetic.attractors_of_variants = recording  # type: ignore[assignment]
    try:
        analyze(read_network(model), contexts=[context], scenarios=False)
    finally:
        genetic.attractors_of_variants = original  # type: ignore[assignment]
    return calls


def timed(run: Callable[[], Any]) -> tuple[Any, float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    out = run()
    return out, time.process_time() - cpu, time.perf_counter() - wall


class Marks:
    """Progress reports of ``solve_variants``: the CPU and wall clock at the
    start of each variant."""

    def __init__(self) -> None:
        self.at: dict[int, tuple[float, float]] = {}
        self.visited = 0

    def __call__(self, message: str, done: int | None = None, total: int | None = None) -> None:
        if message.startswith("symbolic: variant") and done is not None:
            self.at[done] = (time.process_time(), time.perf_counter())
        elif message.startswith("reachable:"):
            self.visited = int(message.split()[1].replace(",", ""))


def run_call(number: int, network: Any, variants: Sequence[Any], semantics: str) -> list[dict[str, Any]]:
    from dataclasses import replace

    from logicnet.dynamics import attractors, attractors_of_variants
    from logicnet.dynamics.api import VARIANT_BATCH
    from logicnet.dynamics.attractor import MAX_LISTED_STATES
    from logicnet.dynamics.engines import Declined, Task, get_engine
    from logicnet.dynamics.engines.reachable import ReachableEngine
    from logicnet.dynamics.percolation import freeze
    from logicnet.model.perturbation import Perturbation

    global SHARES
    SHARES = "cap" in inspect.signature(ReachableEngine.solve_variants).parameters
    task = Task(network, "attractors", semantics, None, None, False, MAX_LISTED_STATES, None, None)
    symbolic = get_engine("symbolic")
    reachable = ReachableEngine(budget=10**7)
    alone = {"cap": 10**7} if SHARES else {}  # every variant explored, however large

    # each symbolic route gets its own copy of the network, so that none
    # reuses the BDD system (and its caches) that another route built
    def together() -> tuple[list[Any], dict[int, tuple[float, float]], float, float]:
        marks = Marks()
        own = replace(task, network=copy.copy(network), progress=marks)
        found, cpu, wall = timed(lambda: symbolic.solve_variants(own, variants))  # type: ignore[attr-defined]
        return found, marks.at, cpu, wall

    def current() -> tuple[Any, float, float]:
        return timed(lambda: attractors_of_variants(network, variants, semantics=semantics))

    def hybrid() -> list[Any]:
        """Batches as ``attractors_of_variants`` makes them to the reachable
        engine; the variants it leaves (past
        its per-variant share) or declines (a batch past its budget) go to
        the symbolic engine's ``solve_variants`` together."""
        joint = ReachableEngine() if SHARES else ReachableEngine(budget=HYBRID_BUDGET)
        own = replace(task, network=copy.copy(network))
        out: list[Any] = []
        for first in range(0, len(variants), VARIANT_BATCH):
            batch = variants[first:first + VARIANT_BATCH]
            try:  # the network itself: the reachable engine's rule tables are kept per network
                found = list(joint.solve_variants(task, batch))
            except Declined:
                found = [None] * len(batch)
            left = [k for k, f in enumerate(found) if f is None]
            if left:
                for k, f in zip(left, symbolic.solve_variants(own, [batch[k] for k in left])):  # type: ignore[attr-defined]
                    found[k] = f
            out += found
        return out

    first_new = number % 2 == 0
    if first_new:
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        new, marks, new_cpu, new_wall = together()
        now = (start_cpu + new_cpu, start_wall + new_wall)
        _, api_cpu, api_wall = current()
        mixed, mix_cpu, mix_wall = timed(hybrid)
    else:
        mixed, mix_cpu, mix_wall = timed(hybrid)
        _, api_cpu, api_wall = current()
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        new, marks, new_cpu, new_wall = together()
        now = (start_cpu + new_cpu, start_wall + new_wall)
    if mixed != new:
        raise AssertionError(f"call {number}: the hybrid route's answers differ from solve_variants'")
    starts = [marks[i] for i in range(len(variants))] + [now]
    setup_cpu = starts[0][0] - start_cpu
    rows = []
    for i, v in enumerate(variants):
        one = freeze(network, v.frozen) if v.frozen else network

        def explicit() -> Any:
            marks = Marks()
            out = reachable.solve_variants(replace(task, progress=marks), [v], **alone)[0]
            return out, marks.visited

        def each() -> Any:
            return attractors(one, semantics=semantics, perturbation=Perturbation(v.fixed, v.caps),
                              starts=v.starts, engine="symbolic").attractors

        if i % 2:
            (found, visited), r_cpu, r_wall = timed(explicit)
            _, e_cpu, e_wall = timed(each)
        else:
            _, e_cpu, e_wall = timed(each)
            (found, visited), r_cpu, r_wall = timed(explicit)
        rows.append({
            "call": number, "variant": i, "nodes": len(network.names), "semantics": semantics,
            "fixed": " ".join(f"{n}={x}" for n, x in sorted(v.fixed.items())),
            "caps": " ".join(f"{n}<={x}" for n, x in sorted(v.caps.items())),
            "frozen": len(v.frozen), "states": visited, "attractors": len(found),
            "reachable_cpu": round(r_cpu, 4), "reachable_wall": round(r_wall, 4),
            "each_cpu": round(e_cpu, 4), "each_wall": round(e_wall, 4),
            "all_cpu": round(starts[i + 1][0] - starts[i][0], 4),
            "all_wall": round(starts[i + 1][1] - starts[i][1], 4),
            "same": found == new[i],
            "call_setup_cpu": round(setup_cpu, 4), "call_all_cpu": round(new_cpu, 4),
            "call_all_wall": round(new_wall, 4), "call_current_cpu": round(api_cpu, 4),
            "call_current_wall": round(api_wall, 4), "call_hybrid_cpu": round(mix_cpu, 4),
            "call_hybrid_wall": round(mix_wall, 4),
        })
        print(f"call {number} variant {i}: {visited:,} states, reachable {r_cpu:.3f} s, symbolic each"
              f" {e_cpu:.3f} s, symbolic all {rows[-1]['all_cpu']:.3f} s, same {rows[-1]['same']}",
              file=sys.stderr)
    return rows


def summary(rows: list[dict[str, Any]], load: tuple[str, str], args: argparse.Namespace) -> str:
    def stats(key: str, chosen: list[dict[str, Any]]) -> str:
        values = [r[key] for r in chosen]
        if not values:
            return "— | — | —"
        return f"{sum(values):.2f} | {1000 * statistics.median(values):.1f} | {1000 * max(values):.0f}"

    calls = {r["call"]: r for r in rows}
    large = [r for r in rows if r["states"] > LARGE]
    small = [r for r in rows if r["states"] <= LARGE]
    lines = [
        "# Variants of one network: symbolic `solve_variants` beside the reachable engine",
        "",
        f"`{' '.join(['python benchmarks/bench_variants.py', *args.argv])}` — {len(calls)} calls of"
        f" `attractors_of_variants` ({len(rows)} variants) recorded from `logicnet analyze`"
        f" ({args.model.name}, context {args.context}); {platform.machine()}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}; load average {load[0]} before,"
        f" {load[1]} after. CPU = user+sys of the process; every variant answered by each route in the"
        f" same run, alternately first. Answers identical: {sum(r['same'] for r in rows)}/{len(rows)}.",
        "",
        "Per variant: total (s), median (ms) and worst (ms).",
        "",
        "| variants | n | reachable CPU: total | median | worst | symbolic each CPU: total | median | worst"
        " | `solve_variants` CPU: total | median | worst | reachable wall: total | median | worst"
        " | `solve_variants` wall: total | median | worst |",
        "|---|---|" + "---|" * 15,
    ]
    for label, chosen in (("all", rows), (f"> {LARGE:,} reachable states", large),
                          (f"≤ {LARGE:,} reachable states", small)):
        lines.append(f"| {label} | {len(chosen)} | {stats('reachable_cpu', chosen)} | {stats('each_cpu', chosen)}"
                     f" | {stats('all_cpu', chosen)} | {stats('reachable_wall', chosen)}"
                     f" | {stats('all_wall', chosen)} |")
    ratios = sorted(r["all_cpu"] / r["reachable_cpu"] for r in large if r["reachable_cpu"] > 0)
    if ratios:
        lines += ["", f"Large variants, CPU ratio `solve_variants` / reachable: median"
                      f" {statistics.median(ratios):.2f}, worst {ratios[-1]:.2f}."]
    lines += [
        "",
        "Per call (CPU s): `attractors_of_variants` as it stands (the reachable engine's joint batches,"
        " the variants it does not take answered one by one by `attractors`) and `solve_variants` (with its"
        " one BDD system's setup).",
        "",
        ("Hybrid: the reachable engine's batches as `attractors_of_variants` makes them (each variant past"
         " its share left),"
         " the variants it leaves" if SHARES else
         f"Hybrid: batches of the reachable engine with a budget of {HYBRID_BUDGET:,} states, a batch it"
         " declines whole") + " to `solve_variants` (answers checked equal).",
        "",
        "| call | variants | current CPU | current wall | `solve_variants` CPU | wall | setup CPU | hybrid CPU"
        " | hybrid wall |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    keys = ("call_current_cpu", "call_current_wall", "call_all_cpu", "call_all_wall", "call_setup_cpu",
            "call_hybrid_cpu", "call_hybrid_wall")
    for number, r in sorted(calls.items()):
        n = sum(1 for x in rows if x["call"] == number)
        lines.append(f"| {number} | {n} | " + " | ".join(f"{r[k]:.3f}" if k == "call_setup_cpu" else f"{r[k]:.2f}"
                                                      for k in keys) + " |")
    totals = {k: sum(r[k] for r in calls.values()) for k in keys}
    lines.append(f"| all | {len(rows)} | " + " | ".join(
        f"{totals[k]:.3f}" if k == "call_setup_cpu" else f"{totals[k]:.2f}" for k in keys) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=ROOT / "networks" / "tnbc_pi3k.yaml")
    parser.add_argument("--context", default="insulin_only")
    parser.add_argument("--calls", type=Path, help="read the calls from this pickle instead of recording them")
    parser.add_argument("--save", type=Path, help="write the recorded calls to this pickle")
    parser.add_argument("--limit", type=int, help="only the first N variants of each call")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    args.argv = sys.argv[1:]
    load_before = f"{os.getloadavg()[0]:.2f}"
    if args.calls is not None:
        with open(args.calls, "rb") as handle:
            calls = pickle.load(handle)
    else:
        calls = record(args.model, args.context)
        if args.save is not None:
            with open(args.save, "wb") as handle:
                pickle.dump(calls, handle)
    rows: list[dict[str, Any]] = []
    for number, (network, variants, semantics) in enumerate(calls):
        rows += run_call(number, network, variants[: args.limit], semantics)
    load_after = f"{os.getloadavg()[0]:.2f}"
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "variants.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    text = summary(rows, (load_before, load_after), args)
    (args.out / "variants.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
