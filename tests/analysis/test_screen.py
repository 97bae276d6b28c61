from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from logicnet.analysis.scores import GoalDistance, goal_distance, parse_score
from logicnet.analysis.screen import screen, sort_rows
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


def excesses(report, context="on"):  # type: ignore[no-untyped-def]
    return {r.drugs: (r.hsa_excess, r.bliss_expected, r.bliss_excess) for r in report.rows
            if r.context == context and len(r.drugs) >= 2}


def test_excess_numbers_by_hand() -> None:
    """Goal distance on the toy: untreated 1, dx 0.75, dy 0.75, dz 0.5 (floor 0, so r = score)."""
    numbers = excesses(screen(NET, contexts=["on"], max_size=3, drugs=["dx", "dy", "dz"]))
    assert numbers == {
        ("dx", "dy"): (0.75 - 0.5, 0.75 * 0.75, 0.75 * 0.75 - 0.5),     # score 0.5
        ("dx", "dz"): (0.5 - 0.25, 0.75 * 0.5, 0.75 * 0.5 - 0.25),      # score 0.25
        ("dy", "dz"): (0.5 - 0.25, 0.75 * 0.5, 0.75 * 0.5 - 0.25),
        # score 0: best pair 0.25; Bliss: the best split, r(dx + dz) * r(dy) = 0.25 * 0.75
        ("dx", "dy", "dz"): (0.25, 0.1875, 0.1875),
    }


def test_excess_with_a_custom_score_normalised_on_its_floor() -> None:
    """'P - Q' can reach -1 (P = 0, Q = 1): r = (score + 1) / (untreated + 1). Untreated P=2, Q=1 scores 1;
    dx (P=1, Q=1) 0, r = 0.5; dz (P=2, Q=0) 2, r = 1.5; dx + dz (P=1, Q=0) 1, r = 1: antagonism."""
    report = screen(NET, contexts=["on"], max_size=2, drugs=["dx", "dz"], score=parse_score(NET, "P - Q"))
    assert report.floor == -1.0 and report.untreated("on") == 1.0
    assert excesses(report) == {("dx", "dz"): (0.0 - 1.0, 0.5 * 1.5, 0.5 * 1.5 - 1.0)}
    assert not any(r.hsa or r.bliss for r in report.rows)


def test_excess_only_for_the_methods_asked() -> None:
    report = screen(NET, contexts=["on"], max_size=2, drugs=["dx", "dz"], synergy="hsa")
    assert excesses(report) == {("dx", "dz"): (0.25, None, None)}


def test_rows_sort_by_excess() -> None:
    report = screen(NET, contexts=["on"], max_size=2)
    ranked = [r.drugs for r in sort_rows(report.rows, "bliss_excess")]
    assert ranked[:2] == [("dxy", "dz"), ("dx", "dz")]  # 0.5 * 0.5 - 0 = 0.25, then 0.125 (before dy + dz by name)
    assert ranked[-1] == ("dz",)  # no excess: last, by size and name
    assert [r.drugs for r in sort_rows(report.rows, "score")][0] == ("dxy", "dz")
    with pytest.raises(AnalysisError, match="cannot sort a screen by 'x': use one of score, hsa_excess"):
        sort_rows(report.rows, "x")


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
                               "complete": True, "timed_out": False, "hsa_excess": None, "bliss_excess": None,
                               "bliss_expected": None}
    assert (data["bliss_floor"], data["score"]) == (0.0, "goal distance (P=0, Q=0)")
    pair = next(r for r in data["rows"] if r["drugs"] == ["dx", "dz"])
    assert (pair["hsa_excess"], pair["bliss_expected"], pair["bliss_excess"]) == (0.25, 0.375, 0.125)
    lines = (tmp_path / "r.csv").read_text().splitlines()
    assert lines[0] == ("context,drugs,score,attractors,hsa,bliss,complete,timed_out,hsa_excess,bliss_excess,"
                        "bliss_expected")
    assert "on,dx+dz,0.25,1,true,true,true,false,0.25,0.125,0.375" in lines
    assert "on,dx,0.75,1,false,false,true,false,,," in lines
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


def test_cli_table_shows_the_numbers_sorted_and_thresholded() -> None:
    result = CliRunner().invoke(cli, ["screen", str(DATA / "synergy_toy.yaml"), "--context", "on", "--executor",
                                      "in-process", "--sort", "bliss_excess", "--min-excess", "0.1"],
                                terminal_width=200)
    assert result.exit_code == 0, result.output
    assert ("Bliss: r = (score - floor) / (untreated - floor), floor = 0 (the lowest the score can take),"
            " untreated in each title\n") in result.output
    assert "context on (untreated score 1): 3 of 3 with excess >= 0.1, largest bliss excess first" in result.output
    lines = [line for line in result.output.splitlines() if "│" in line and "+" in line]
    assert [line.split("│")[2].strip() for line in lines] == ["dxy + dz", "dx + dz", "dy + dz"]  # dx + dy: 0.0625
    cells = [c.strip() for c in lines[1].split("│")[1:-1]]
    assert cells == ["2", "dx + dz", "0.250", "1", "+0.250", "yes", "0.375", "+0.125", "yes"]


def test_cli_json_follows_sort_and_threshold() -> None:
    result = CliRunner().invoke(cli, ["screen", str(DATA / "synergy_toy.yaml"), "--context", "on", "--executor",
                                      "in-process", "--sort", "hsa_excess", "--min-excess", "0.25", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["rows"]
    assert [(r["drugs"], r["hsa_excess"]) for r in rows] == [(["dxy", "dz"], 0.5), (["dx", "dy"], 0.25),
                                                            (["dx", "dz"], 0.25), (["dy", "dz"], 0.25)]


def test_cli_heatmap_per_context_checked_before_the_screen(tmp_path: Path) -> None:
    runner = CliRunner()
    (tmp_path / "pairs-off.png").write_bytes(b"keep")
    args = ["screen", str(DATA / "synergy_toy.yaml"), "--executor", "in-process", "--heatmap",
            str(tmp_path / "pairs.png"), "-o", str(tmp_path / "r.csv")]
    refused = runner.invoke(cli, args)
    assert refused.exit_code == 2 and "pairs-off.png" in refused.output and "--force" in refused.output
    assert not (tmp_path / "r.csv").exists()  # refused before any work
    done = runner.invoke(cli, args + ["--force"])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in tmp_path.glob("pairs*")) == ["pairs-off.png", "pairs-on.png"]
    assert (tmp_path / "pairs-off.png").read_bytes().startswith(b"\x89PNG")
    one = runner.invoke(cli, ["screen", str(DATA / "synergy_toy.yaml"), "--executor", "in-process", "--context", "on",
                              "--heatmap", str(tmp_path / "one.svg")])
    assert one.exit_code == 0, one.output
    assert (tmp_path / "one.svg").exists() and not list(tmp_path.glob("one-*"))
