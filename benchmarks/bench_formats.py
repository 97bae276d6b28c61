"""The formats benchmark: the BBM oracle on the whole collection, reading
speed of the largest SBML-qual file, and the DrugLogics AGS screens.

    python benchmarks/bench_formats.py [--repeat 5] [--skip-oracle] [--skip-screens] [--shared DIR]

* Oracle (needs ../shared/models/bbm and ../shared/models/bbm-formats; skipped
  with a note without them): for every model, the SBML-qual and the BooleanNet
  file must read into the same Boolean functions as the BNet file (BDD
  comparison; extra free inputs that no rule reads are allowed: regulators the
  BNet export dropped), and logicnet's signed interaction graph must equal the
  graph AEON infers (``.inferred-graph.aeon``), edge for edge with sign and
  observability. Counts go to results/formats_oracle.csv, failures listed.
* SBML reading: median and worst of ``--repeat`` reads of the largest file
  (target under 2 s), and python-libsbml's own parse of it as the peer.
* AGS screens (benchmarks/models/druglogics, in the repository): CASCADE 1.0
  and 2.0 from their SIF with the default rules, the drug panel, the model
  outputs as score, most permissive semantics; ROC AUC and PR AUC of the HSA
  and Bliss calls against the observed synergies, beside the published figures
  for calibrated model ensembles.

Results: benchmarks/results/formats.csv and formats.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import re
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from logicnet.graph import interaction_graph  # noqa: E402
from logicnet.io import read_bnet, read_booleannet, read_sbml  # noqa: E402
from logicnet.io._logic import rule_differences  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
SHARED = ROOT.parent / "shared" / "models"
DRUGLOGICS = ROOT / "benchmarks" / "models" / "druglogics"
SIGNS = {"->": "+", "-|": "-", "-?": "±"}
PUBLISHED = {
    "ags_cascade_1.0": "ROC AUC 0.93 (HSA) to 0.99 (Bliss), calibrated ensembles (Flobak et al. 2015)",
    "ags_cascade_2.0": "ROC AUC 0.83, PR AUC 0.12, calibrated ensembles (DrugLogics)",
}


def quietly(read, path: Path, **options):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read(path, **options)


def same(reference, other) -> list[str]:  # type: ignore[no-untyped-def]
    extra = [n for n in other.nodes if n not in reference.nodes]
    problems = [d for d in rule_differences(reference, other) if not d.startswith("only in the second")]
    return problems + [f"{n} is not a free input" for n in extra if not other.nodes[n].is_free_input]


def inferred_edges(path: Path) -> set[tuple[str, str, str, bool]]:
    edges = set()
    for line in path.read_text().splitlines():
        match = re.fullmatch(r"\s*(\S+)\s+(-[>|?])(\??)\s+(\S+)\s*", line)
        if match:
            edges.add((match.group(1), match.group(4), SIGNS[match.group(2)], not match.group(3)))
    return edges


def oracle() -> dict[str, object]:
    folder = SHARED / "bbm-formats"
    stems = sorted(p.name[: -len(".booleannet")] for p in folder.glob("*.booleannet"))
    counts = {"models": len(stems), "sbml_files": 0, "sbml_agree": 0, "booleannet_agree": 0, "graph_agree": 0}
    failures: list[str] = []
    for stem in stems:
        reference = quietly(read_bnet, SHARED / "bbm" / f"{stem}.bnet", fold_levels=False)
        sbml = folder / f"{stem}.sbml"
        if sbml.exists():
            counts["sbml_files"] += 1
            try:
                problems = same(reference, quietly(read_sbml, sbml))
            except Exception as exc:  # noqa: BLE001 - a benchmark lists every failure
                problems = [f"error: {exc}"]
            counts["sbml_agree"] += not problems
            failures += [f"{stem}.sbml: {p}" for p in problems[:3]]
        try:
            problems = same(reference, quietly(read_booleannet, folder / f"{stem}.booleannet"))
        except Exception as exc:  # noqa: BLE001
            problems = [f"error: {exc}"]
        counts["booleannet_agree"] += not problems
        failures += [f"{stem}.booleannet: {p}" for p in problems[:3]]
        graph = interaction_graph(reference)
        ours = {(a, b, d["sign"], True) for a, b, d in graph.edges(data=True)}
        theirs = inferred_edges(folder / f"{stem}.inferred-graph.aeon")
        counts["graph_agree"] += ours == theirs
        if ours != theirs:
            failures.append(f"{stem}: graph differs ({len(ours - theirs)} extra, {len(theirs - ours)} missing)")
    counts["failures"] = failures
    return counts


def sbml_speed(repeat: int) -> dict[str, object]:
    import libsbml

    largest = max((SHARED / "bbm-formats").glob("*.sbml"), key=lambda p: p.stat().st_size)
    ours, peer = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        network = read_sbml(largest)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        libsbml.readSBMLFromFile(str(largest))
        peer.append(time.perf_counter() - start)
    return {"file": largest.name, "megabytes": round(largest.stat().st_size / 1e6, 2), "nodes": len(network.nodes),
            "median_s": statistics.median(ours), "worst_s": max(ours),
            "libsbml_parse_median_s": statistics.median(peer)}


def screen(version: str) -> dict[str, object]:
    folder = DRUGLOGICS / version
    args = [sys.executable, "-m", "logicnet", "screen", str(folder / "network.sif"),
            "--drug-panel", str(folder / "drugpanel"), "--outputs", str(folder / "modeloutputs"),
            "--observed", str(folder / "observed_synergies"), "--semantics", "mostpermissive",
            "--jobs", "1", "--format", "json"]
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT,
                          env={**__import__("os").environ, "PYTHONPATH": str(ROOT / "src")})
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"screen of {version} failed: {done.stderr}")
    data = json.loads(done.stdout)
    out: dict[str, object] = {"seconds": seconds}
    for evaluation in data["observed"]:
        method = evaluation["method"]
        out[f"{method}_roc_auc"] = evaluation["roc_auc"]
        out[f"{method}_pr_auc"] = evaluation["pr_auc"]
        out[f"{method}_calls"] = (f"{evaluation['true_positives']} TP, {evaluation['false_positives']} FP,"
                                  f" {evaluation['false_negatives']} FN")
        out["pairs"], out["observed"] = evaluation["pairs"], evaluation["observed"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-oracle", action="store_true")
    parser.add_argument("--skip-screens", action="store_true")
    parser.add_argument("--shared", type=Path, default=None, help="the shared models folder [../shared/models]")
    options = parser.parse_args()
    global SHARED
    SHARED = options.shared or SHARED
    rows: list[tuple[str, str, str]] = []
    lines = ["# Formats benchmark", "",
             f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()},"
             f" load average at the start {__import__('os').getloadavg()[0]:.1f} (other work shares the"
             " cores: compare times with the peer's in the same run). Run by `python benchmarks/bench_formats.py`.",
             ""]
    if SHARED.exists() and not options.skip_oracle:
        start = time.perf_counter()
        counts = oracle()
        seconds = time.perf_counter() - start
        lines += ["## BBM oracle (every model of the collection)", "",
                  "| check | agree | of |", "|---|---|---|",
                  f"| SBML-qual reads the BNet functions | {counts['sbml_agree']} | {counts['sbml_files']}"
                  f" (files in the collection) |",
                  f"| BooleanNet reads the BNet functions | {counts['booleannet_agree']} | {counts['models']} |",
                  f"| interaction graph = AEON's inferred graph (sign, observability) | {counts['graph_agree']}"
                  f" | {counts['models']} |", "",
                  f"{counts['models']} models in {seconds:.0f} s. Failures: "
                  + ("none." if not counts["failures"] else ""), ""]
        lines += [f"* {f}" for f in counts["failures"]]  # type: ignore[union-attr]
        for key in ("models", "sbml_files", "sbml_agree", "booleannet_agree", "graph_agree"):
            rows.append(("oracle", key, str(counts[key])))
        speed = sbml_speed(options.repeat)
        lines += ["", "## Reading the largest SBML-qual file", "",
                  f"`{speed['file']}` ({speed['megabytes']} MB, {speed['nodes']} nodes): median"
                  f" {speed['median_s']:.2f} s, worst {speed['worst_s']:.2f} s of {options.repeat} reads (target < 2 s);"
                  f" libsbml's own parse alone takes {speed['libsbml_parse_median_s']:.2f} s (median), i.e."
                  f" {speed['median_s'] / speed['libsbml_parse_median_s']:.2f}x the peer.", ""]
        for key, value in speed.items():
            rows.append(("sbml_speed", key, str(value)))
    elif not options.skip_oracle:
        lines += ["The BBM oracle needs ../shared/models (not present): skipped.", ""]
    if not options.skip_screens:
        lines += ["## DrugLogics AGS screens (SIF with default and-not rules, uncalibrated)", "",
                  "| network | pairs | observed | HSA ROC AUC | HSA PR AUC | Bliss ROC AUC | Bliss PR AUC |"
                  " HSA calls | time | published (calibrated ensembles) |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for version in ("ags_cascade_1.0", "ags_cascade_2.0"):
            result = screen(version)
            lines.append(f"| {version} | {result['pairs']} | {result['observed']} | {result['hsa_roc_auc']:.3f} |"
                         f" {result['hsa_pr_auc']:.3f} | {result['bliss_roc_auc']:.3f} | {result['bliss_pr_auc']:.3f}"
                         f" | {result['hsa_calls']} | {result['seconds']:.1f} s | {PUBLISHED[version]} |")
            for key, value in result.items():
                rows.append((version, key, str(value)))
        lines += ["", "One model built from the SIF with the default rule scheme, most permissive semantics,"
                  " score = the model outputs' weighted sum; the published figures come from ensembles of"
                  " models calibrated to the AGS steady state (Gitsbe), which logicnet does not do."]
    RESULTS.mkdir(parents=True, exist_ok=True)
    with open(RESULTS / "formats.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["part", "measure", "value"])
        writer.writerows(rows)
    (RESULTS / "formats.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
