from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from logicnet.analysis.scores import GoalDistance, goal_distance, parse_score
from logicnet.analysis.screen import screen
from logicnet.cli.main import cli
from logicnet.errors import AnalysisError
from logicnet.execution import InProcessExecutor, LocalPoolExecutor
from logicnet.io import read_network
from logicnet.model.network import Goal

from tests.conftest import DATA, NETWORKS

NET = read_network(DATA / "synergy_toy.yaml")


def rows(report):  # type: ignore[no-untyped-def]
    return [(r.context, r.drugs, round(r.score, 6), r.attractors, r.hsa, r.bliss) for r in report.rows]


def test_scores_and_synergy_calls_are_exact() -> None:
    report = screen(NET, contexts=["on"], max_size=3)
    assert rows(report) == [
        ("on", (), 1.0, 1, False, False),
        ("on", ("dx",), 0.75, 1, False, False),
        ("on", ("dxy",), 0.5, 1, False, False),
        ("on", ("dy",), 0.75, 1, False, False),
        ("on", ("dz",), 0.5, 1, False, False),
        ("on", ("dx", "dxy"), 0.5, 1, False, False),      # same as dxy alone: no synergy
        ("on", ("dx", "dy"), 0.5, 1, True, True),         # 0.5 < 0.75 and < 0.75 * 0.75
        ("on", ("dx", "dz"), 0.25, 1, True, True),        # 0.25 < 0.5 and < 0.75 * 0.5
        ("on", ("dxy", "dy"), 0.5, 1, False, False),
        ("on", ("dxy", "dz"), 0.0, 1, True, True),
        ("on", ("dy", "dz"), 0.25, 1, True, True),
        ("on", ("dx", "dxy", "dy"), 0.5, 1, False, False),
        ("on", ("dx", "dxy", "dz"), 0.0, 1, False, False),  # no better than dxy + dz
        ("on", ("dx", "dy", "dz"), 0.0, 1, True, True),     # < 0.25 and < 0.25 * 0.75
        ("on", ("dxy", "dy", "dz"), 0.0, 1, False, False),
    ]


def test_hsa_only_and_linear_score() -> None:
    report = screen(NET, contexts=["on"], max_size=2, score=parse_score(NET, "P + 2*Q"), synergy="hsa")
    by_drugs = {r.drugs: r for r in report.rows}
    assert by_drugs[()].score == 4.0 and by_drugs[("dz",)].score == 2.0
    assert by_drugs[("dx", "dz")].score == 1.0 and by_drugs[("dx", "dz")].hsa
    assert not any(r.bliss for r in report.rows)


def test_goal_distance_and_score_parsing() -> None:
    assert goal_distance(Goal("P", "==", 0), 1.0, 2) == 0.5
    assert goal_distance(Goal("P", "<=", 1), 2.0, 2) == 1.0
    assert goal_distance(Goal("P", ">=", 2), 1.5, 2) == 0.25
    score = parse_score(NET, "2*P - 0.5 Q + P")
    assert score.weights == (("P", 3.0), ("Q", -0.5)) and score.floor == -0.5
    with pytest.raises(AnalysisError, match=r"--score uses unknown node 'R'"):
        parse_score(NET, "P + R")
    with pytest.raises(AnalysisError, match=r"cannot read --score 'P \*\* 2'"):
        parse_score(NET, "P ** 2")
    assert GoalDistance.of_network(NET, NET.goals).text == "goal distance (P=0, Q=0)"


def test_every_context_and_stable_order() -> None:
    report = screen(NET, max_size=1)
    assert [(r.context, r.drugs) for r in report.rows] == [
        ("on", ()), ("on", ("dx",)), ("on", ("dxy",)), ("on", ("dy",)), ("on", ("dz",)),
        ("off", ()), ("off", ("dx",)), ("off", ("dxy",)), ("off", ("dy",)), ("off", ("dz",)),
    ]
    assert all(r.score == 0.0 for r in report.rows if r.context == "off")


def test_executors_give_identical_results() -> None:
    reference = rows(screen(NET, max_size=3, executor=InProcessExecutor()))
    assert rows(screen(NET, max_size=3, executor=LocalPoolExecutor(2))) == reference
    distributed = pytest.importorskip("distributed")
    from logicnet.execution import DaskExecutor

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            assert rows(screen(NET, max_size=3, executor=DaskExecutor(client))) == reference


class Interrupt(Exception):
    pass


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_interrupted_screen_resumes_to_the_same_file(tmp_path: Path, suffix: str) -> None:
    from logicnet.io.results import ResultsFile

    full = tmp_path / f"full{suffix}"
    results = ResultsFile(full)
    report = screen(NET, max_size=3, on_rows=results.append)
    results.finish(report.rows)

    cut = tmp_path / f"cut{suffix}"
    partial = ResultsFile(cut)
    seen = []

    def stop_after_two(new):  # type: ignore[no-untyped-def]
        partial.append(new)
        seen.append(new)
        if len(seen) == 2:
            raise Interrupt()

    with pytest.raises(Interrupt):
        screen(NET, max_size=3, on_rows=stop_after_two)
    if suffix == ".csv":  # a line cut short by the interruption is dropped on resume
        with open(cut, "a") as handle:
            handle.write("on,dx+d")
    resumed = ResultsFile(cut, resume=True)
    assert len(resumed.rows) == sum(len(batch) for batch in seen)
    from logicnet.cli.screen_commands import _done_rows

    report2 = screen(NET, max_size=3, done=_done_rows(resumed.rows), on_rows=resumed.append)
    resumed.finish(report2.rows)
    assert cut.read_bytes() == full.read_bytes()


def test_cli_screen_json_and_files(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["screen", str(DATA / "synergy_toy.yaml"), "--context", "on", "--format", "json",
                                 "--executor", "in-process", "-o", str(tmp_path / "r.csv")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[: result.output.rindex("}") + 1])
    assert data["rows"][0] == {"context": "on", "drugs": [], "score": 1.0, "attractors": 1, "hsa": False, "bliss": False,
                               "complete": True, "timed_out": False}
    assert (tmp_path / "r.csv").read_text().splitlines()[0] == "context,drugs,score,attractors,hsa,bliss,complete,timed_out"
    again = runner.invoke(cli, ["screen", str(DATA / "synergy_toy.yaml"), "-o", str(tmp_path / "r.csv")])
    assert again.exit_code == 2
    assert "already exists; use --resume to continue it or --force to replace it" in again.output


def test_cli_screen_bnet_with_drug_targets(tmp_path: Path) -> None:
    bnet = tmp_path / "toy.bnet"
    bnet.write_text("S, S\nX, S\nY, S\nP, X & Y\n")
    result = CliRunner().invoke(cli, ["screen", str(bnet), "--drug-targets", "dx=X", "--drug-targets", "dy=Y",
                                      "--set", "S=1", "--score", "P", "--executor", "in-process", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(r["context"], r["drugs"], r["score"]) for r in data["rows"]] == [
        ("custom", [], 1.0), ("custom", ["dx"], 0.0), ("custom", ["dy"], 0.0), ("custom", ["dx", "dy"], 0.0),
    ]


def test_tnbc_full_panel_ranks_bez235_with_a_jak2_inhibitor_with_synergy() -> None:
    net = read_network(NETWORKS / "tnbc_pi3k.yaml")
    report = screen(net, contexts=["serum"], max_size=2)
    best = report.ranked("serum")[:13]
    assert ("BEZ235", "BSK805") in [r.drugs for r in best]
    top = {r.drugs: r for r in report.rows}
    assert top[("BEZ235", "BSK805")].score == 0.0 and top[("BEZ235", "BSK805")].hsa and top[("BEZ235", "BSK805")].bliss
    assert math.isclose(top[("BEZ235",)].score, 0.75)


@pytest.mark.parametrize("problem, message", [
    (["--drugs", "nothing"], "unknown drug 'nothing'"),
    (["--executor", "dask", "--scheduler", "notanaddress"], "--scheduler"),
])
def test_a_screen_that_fails_before_any_work_leaves_no_file(tmp_path: Path, problem: list[str], message: str) -> None:
    output = tmp_path / "r.csv"
    runner = CliRunner()
    failed = runner.invoke(cli, ["screen", str(DATA / "synergy_toy.yaml"), "-o", str(output), *problem])
    assert failed.exit_code == 2 and message in failed.output
    assert not output.exists()
    again = runner.invoke(cli, ["screen", str(DATA / "synergy_toy.yaml"), "-o", str(output), "--executor",
                                "in-process"])
    assert again.exit_code == 0, again.output  # the corrected run is not refused
    assert output.read_text().startswith("context,drugs,score")
