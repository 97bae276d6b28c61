"""ROC AUC and PR AUC of synergy calls against observed synergies."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from logicnet.analysis.observed import evaluate_synergies, pr_auc, roc_auc
from logicnet.analysis.screen import ScreenReport, ScreenRow
from logicnet.cli.main import cli as main

from tests.conftest import ROOT

AGS = ROOT / "benchmarks" / "models" / "druglogics" / "ags_cascade_1.0"


def test_roc_auc_counts_ties_half() -> None:
    assert roc_auc([3, 2, 1, 0], [True, False, True, False]) == 0.75
    assert roc_auc([1, 1, 0], [True, False, False]) == 0.75
    assert math.isnan(roc_auc([1, 2], [True, True]))


def test_pr_auc_is_average_precision_with_tied_groups() -> None:
    assert pr_auc([3, 2, 1, 0], [True, False, True, False]) == pytest.approx(0.5 + 0.5 * 2 / 3)
    assert pr_auc([1, 1, 0], [True, False, False]) == 0.5
    assert pr_auc([5, 4], [True, True]) == 1.0


def report(rows: list[ScreenRow]) -> ScreenReport:
    return ScreenReport("t", "asynchronous", "untreated", "s", "both", (None,), ("A", "B", "C"), 2, tuple(rows))


def test_pairs_are_ranked_by_their_excess_over_hsa() -> None:
    rows = [ScreenRow(None, (), 1.0, 1), ScreenRow(None, ("A",), 0.8, 1), ScreenRow(None, ("B",), 0.6, 1),
            ScreenRow(None, ("C",), 0.9, 1), ScreenRow(None, ("A", "B"), 0.2, 1, hsa=True),
            ScreenRow(None, ("A", "C"), 0.8, 1), ScreenRow(None, ("B", "C"), 0.5, 1, hsa=True)]
    evaluation = evaluate_synergies(report(rows), [("B", "A")], method="hsa")
    assert [(p.drugs, round(p.synergy, 9), p.observed) for p in evaluation.pairs] == [
        (("A", "B"), 0.4, True), (("A", "C"), 0.0, False), (("B", "C"), 0.1, False)]
    assert (evaluation.roc_auc, evaluation.pr_auc) == (1.0, 1.0)
    assert (evaluation.true_positives, evaluation.false_positives, evaluation.false_negatives,
            evaluation.true_negatives) == (1, 1, 0, 1)


def test_screen_with_druglogics_files_reports_auc() -> None:
    result = CliRunner().invoke(main, [
        "screen", str(AGS / "network.sif"), "--drug-panel", str(AGS / "drugpanel"), "--outputs",
        str(AGS / "modeloutputs"), "--observed", str(AGS / "observed_synergies"), "--semantics",
        "mostpermissive", "--executor", "in-process", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    hsa = next(e for e in data["observed"] if e["method"] == "hsa")
    assert (hsa["pairs"], hsa["observed"]) == (21, 4)
    assert 0.0 <= hsa["roc_auc"] <= 1.0 and 0.0 <= hsa["pr_auc"] <= 1.0
    called = {tuple(c["drugs"]) for c in hsa["calls"] if c["called"]}
    assert called == {tuple(r["drugs"]) for r in data["screen"]["rows"] if r["hsa"]}


def test_unknown_drug_in_observed_file(tmp_path: Path) -> None:
    observed = tmp_path / "observed"
    observed.write_text("PI~PD\nPI~XX\n")
    result = CliRunner().invoke(main, [
        "screen", str(AGS / "network.sif"), "--drug-panel", str(AGS / "drugpanel"), "--outputs",
        str(AGS / "modeloutputs"), "--observed", str(observed), "--semantics", "mostpermissive",
        "--executor", "in-process"])
    assert result.exit_code == 2
    assert f"error: {observed}:2: unknown drug 'XX'" in result.output
