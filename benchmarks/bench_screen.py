"""Drug screens: logicnet's screen against one fresh mpbn computation per combination.

    python benchmarks/bench_screen.py [--model FILE.bnet] [--repeat 3] [--skip-async]

The model is the MAPK network of Grieco et al. (2013) as published in the BBM
repository (benchmarks/models/bbm, id 070; 53 nodes, 4 free inputs). The panel
is its 15 kinases, each knocked out by one drug (as in the shipped
networks/mapk_grieco2013.yaml), screened alone and in pairs (121 combinations
with the untreated reference), most permissive semantics, score = goal
distance for Proliferation=0 and Apoptosis=1.

Cases, each in the whole input space (inputs free) and in the EGF context
(EGFR stimulus on, other inputs off):

``logicnet``       ``screen(network, start="any")`` in-process: every minimal
                   trap space of each combination, scored
``mpbn``           the straightforward route: per combination, read the BNet
                   file, set the knockouts (and the context), list
                   ``attractors()``
``logicnet untreated``  logicnet's default question (trap spaces reachable
                   from the untreated attractors); mpbn has no one-call
                   equivalent, so this row has no peer

Both tools are imported before timing; a time runs from reading the file to
having every combination's answer. Outcomes must be identical: for every
combination the set of minimal trap spaces logicnet's scan gives equals
mpbn's, and the screen's score and attractor count equal those computed from
mpbn's trap spaces. The asynchronous screen of the same panel (exact
attractors per combination, symbolic engine) is timed and recorded too.
Results go to benchmarks/results/screen.csv and screen.md (median of
``--repeat`` runs).
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from bnet_files import prepared as bnet_prepared

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
MODEL = ROOT / "benchmarks" / "models" / "bbm" / "[id-070]__[var-49]__[in-4]__[MAPK-CANCER-CELL-FATE].bnet"
KINASES = ["EGFR", "FGFR3", "TGFBR", "RAF", "MEK1_2", "ERK", "p38", "JNK", "PI3K", "AKT", "PDK1", "p70",
           "TAK1", "MAP3K1_3", "ATM"]
GOALS = ["Proliferation=0", "Apoptosis=1"]
CONTEXTS: dict[str, dict[str, int]] = {
    "inputs free": {},
    "EGF": {"EGFR_stimulus": 1, "FGFR3_stimulus": 0, "TGFBR_stimulus": 0, "DNA_damage": 0},
}
PREFIX = "v_"  # BBM prefixes every node id
TARGET_RATIO = 10.0


def combinations_of(panel: list[str]) -> list[tuple[str, ...]]:
    from itertools import combinations

    return [(), *((d,) for d in panel), *combinations(panel, 2)]


# ------------------------------------------------------------------ the tools


def logicnet_network(path: Path, context: dict[str, int]):  # type: ignore[no-untyped-def]
    """The BNet model with the kinase panel (drug ``<kinase>_i``) and the context."""
    from dataclasses import replace

    from logicnet import read_network
    from logicnet.model import FrozenMap
    from logicnet.model.network import Context, Drug, Effect

    network = read_network(path)
    drugs = {f"{k}_i": Drug(f"{k}_i", FrozenMap({PREFIX + k: Effect(0)})) for k in KINASES}
    contexts = {"ctx": Context("ctx", FrozenMap({PREFIX + n: v for n, v in context.items()}))} if context else {}
    return replace(network, drugs=FrozenMap(drugs), contexts=FrozenMap(contexts))


def logicnet_screen(path: Path, context: dict[str, int], semantics: str, start: str):  # type: ignore[no-untyped-def]
    from logicnet.analysis.goals import parse_goal
    from logicnet.analysis.scores import GoalDistance
    from logicnet.analysis.screen import screen

    network = logicnet_network(path, context)
    score = GoalDistance.of_network(network, [parse_goal(network, PREFIX + g) for g in GOALS])
    return screen(network, semantics=semantics, start=start, score=score, contexts=["ctx" if context else None])


def mpbn_screen(prepared: Path, context: dict[str, int]) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    import mpbn

    out = {}
    for combo in combinations_of([f"{k}_i" for k in KINASES]):
        network = mpbn.MPBooleanNetwork(str(prepared))
        for node, value in context.items():
            network[PREFIX + node] = value
        for drug in combo:
            network[PREFIX + drug[:-2]] = 0
        out[combo] = list(network.attractors())
    return out


def timed(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# ------------------------------------------------------------------ the checks


def _space(values: dict[str, Any]) -> frozenset[tuple[str, str]]:
    return frozenset((n, str(v) if v in (0, 1) else "*") for n, v in values.items())


def same_outcomes(path: Path, context: dict[str, int], report, theirs) -> str:  # type: ignore[no-untyped-def]
    """``identical`` when every combination has the same trap spaces, score and count."""
    from logicnet.analysis.goals import parse_goal
    from logicnet.analysis.response import Responder
    from logicnet.analysis.scores import GoalDistance
    from logicnet.dynamics import Attractor
    from logicnet.model.perturbation import Perturbation

    network = logicnet_network(path, context)
    ctx = "ctx" if context else None
    score = GoalDistance.of_network(network, [parse_goal(network, PREFIX + g) for g in GOALS])
    scan = Responder(network, semantics="mostpermissive").scan([PREFIX + k for k in KINASES],
                                                                 Perturbation.build(network, context=ctx), start="any")
    rows = {row.drugs: row for row in report.rows}
    for combo, spaces in theirs.items():
        ours = scan.attractors(Perturbation.build(network, context=ctx, drugs=combo)).attractors
        if {_space(a.space) for a in ours} != {_space(s) for s in spaces}:
            return f"trap spaces differ for {combo or 'untreated'}"
        names = network.names
        found = [Attractor.from_space(names, tuple((int(s[n]),) if s[n] in (0, 1) else (0, 1) for n in names))
                 for s in spaces]
        row = rows[tuple(sorted(combo))]
        expected = score.of(found)
        if row.attractors != len(found) or not math.isclose(row.score, expected):
            return f"score differs for {combo or 'untreated'}: {row.score} vs {expected}"
    return "identical"


# ------------------------------------------------------------------ the run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-async", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS)
    options = parser.parse_args()
    import mpbn  # noqa: F401  (imported before timing, like logicnet's modules)

    import logicnet.dynamics.engines.asp  # noqa: F401
    import logicnet.dynamics.engines.symbolic  # noqa: F401

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        prepared, _, _ = bnet_prepared(options.model, Path(folder))
        for label, context in CONTEXTS.items():
            ours_s, report = timed(options.repeat, lambda: logicnet_screen(options.model, context, "mostpermissive",
                                                                           "any"))
            theirs_s, theirs = timed(options.repeat, lambda: mpbn_screen(prepared, context))
            outcome = same_outcomes(options.model, context, report, theirs)
            rows.append(dict(case=f"most permissive, all attractors, {label}", combinations=len(report.rows),
                             logicnet_s=round(ours_s, 4), mpbn_s=round(theirs_s, 4),
                             speedup=round(theirs_s / ours_s, 1), outcome=outcome))
            print(rows[-1], flush=True)
            untreated_s, report = timed(options.repeat, lambda: logicnet_screen(options.model, context,
                                                                                "mostpermissive", "untreated"))
            rows.append(dict(case=f"most permissive, from untreated attractors, {label}",
                             combinations=len(report.rows), logicnet_s=round(untreated_s, 4), mpbn_s="",
                             speedup="", outcome="no peer"))
            print(rows[-1], flush=True)
            if not options.skip_async:
                async_s, report = timed(1, lambda: logicnet_screen(options.model, context, "asynchronous", "any"))
                counts = sorted({row.attractors for row in report.rows})
                rows.append(dict(case=f"asynchronous, all attractors, {label}", combinations=len(report.rows),
                                 logicnet_s=round(async_s, 4), mpbn_s="", speedup="",
                                 outcome=f"completed; attractors per combination: {counts[0]}..{counts[-1]}"))
                print(rows[-1], flush=True)
    options.out.mkdir(parents=True, exist_ok=True)
    with (options.out / "screen.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    command = "python benchmarks/bench_screen.py " + " ".join(sys.argv[1:])
    lines = [
        "# Drug screen benchmark: MAPK (Grieco 2013), 15 kinase knockouts, singles and pairs",
        "",
        f"Generated by `{command.strip()}` on {time.strftime('%Y-%m-%d')} ({platform.python_version()},"
        f" {platform.machine()}, {os.cpu_count()} CPUs). Seconds for the whole screen (121 combinations),"
        f" median of {options.repeat} runs (asynchronous: one run), in one process, imports not counted."
        f" Target: logicnet at least {TARGET_RATIO:.0f}x faster than one fresh mpbn computation per"
        " combination, with identical outcomes. See benchmarks/bench_screen.py.",
        "",
        "| case | combinations | logicnet s | mpbn (fresh per combination) s | speed-up | outcome |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        speedup = f"{r['speedup']}x" if r["speedup"] != "" else "-"
        lines.append(f"| {r['case']} | {r['combinations']} | {r['logicnet_s']} | {r['mpbn_s'] or '-'} | {speedup}"
                     f" | {r['outcome']} |")
    (options.out / "screen.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {options.out / 'screen.csv'} and {options.out / 'screen.md'}")


if __name__ == "__main__":
    main()
