"""The verdict ``analyze`` prints first, on a network written for the purpose
(tests/data/verdict_toy.yaml):

    GF -> R -> PI3K, PI3Kb -> PIP (PTEN clears PI3Kb's output) -> AKT -> S6K -| IRS <- R
    IRS | L -> JAK -> STAT ;  STAT & !AKT -> L (slow) ;  P = 2 with AKT, 1 with STAT

dP (PI3K and PI3Kb) moves P from 2 to 1 and is escaped in wave 1 (S6K off
releases IRS -> JAK -> STAT) and in wave 2 (the loop JAK -> STAT -> L);
dQ hits Q, which nothing reads, and dJ, dL hit nodes already off untreated:
all three are ineffective. dJ + dP is the one minimal set.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from logicnet.analysis.analyze import analyze
from logicnet.analysis.escape import escape_routes
from logicnet.analysis.verdict import read_routes
from logicnet.cli.main import cli
from logicnet.io import read_network
from logicnet.model.perturbation import Perturbation

from tests.conftest import DATA

PATH = DATA / "verdict_toy.yaml"
NET = read_network(PATH)

WAVE_1 = ("PIP=0 (PI3K inhibited by dP; PTEN present, or PI3Kb inhibited by dP) → AKT=0 → S6K=0 ⊣ IRS=1 → JAK=1"
          " → STAT=1 → P=1")
WAVE_2 = ("PIP=0 (PI3K inhibited by dP; PTEN present, or PI3Kb inhibited by dP) → AKT=0 ⊣ L=1 → JAK=1 → STAT=1"
          " → P=1, sustained by JAK=1 → STAT=1 → L=1 → JAK=1")

TERMINAL = f"""\
verdict toy · goals P=0 · priority semantics · start untreated

context on: untreated P=2 (goals not met)
  meet the goals alone: none
  escaped (a goal phenotype moves, then the network holds it away from the goal):
    dP: escaped in waves 1 and 2 — P 2 → 1 in wave 1 (goal 0)
      [1] wave 1 · goal P=0 · {WAVE_1}
      [2] wave 2 · goal P=0 · {WAVE_2}
  ineffective (no goal phenotype moves towards its goal): dQ; dJ, dL (their targets already sit at the drug's level)
  minimal combinations (complete up to 3 drugs) and the routes their members close:
    dJ + dP: dJ (JAK=0) closes dP routes 1, 2
      defeated by: STAT_on re-opens dP route 1; AKT=1 (hypothetical gain of function) and PIP=1 (hypothetical gain\
 of function) open new routes

summary: on: 0 of 4 drugs meet the goals, 1 escaped, 3 ineffective; 1 minimal set, none robust to genetic escapes
"""


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["analyze", str(PATH), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_terminal_verdict_exact() -> None:
    assert run() == TERMINAL


def test_detail_shows_every_route_and_table_and_never_repeats_a_line() -> None:
    out = run("--detail")
    assert out.startswith(TERMINAL.split("  minimal combinations")[0])
    lines = out.splitlines()
    assert "      genetic escapes that re-open dP route 1:" in lines
    assert "        STAT_on (STAT=1) → P" in lines
    assert "        AKT=1 (hypothetical gain of function) → P" in lines
    assert "why the goals still fail under dQ:" in lines
    assert "  [1] wave 1 · goal P=0 · R=1 (GF=1 in on) → PI3K=1 → PIP=1 → AKT=1 → P=2" in lines
    assert any(line.startswith("┃ set ") for line in lines)  # today's tables follow the verdict
    route_lines = [line for line in lines if "· goal " in line]
    for drug_block in out.split("why the goals still fail under")[1:]:
        block = [line for line in drug_block.splitlines() if "· goal " in line]
        assert len(block) == len(set(line.split("] ", 1)[1] for line in block))
    assert len(route_lines) == 5


def test_json_carries_the_verdict_with_levels_and_signs_per_step() -> None:
    data = json.loads(run("--format", "json"))
    assert data["summary"] == ("on: 0 of 4 drugs meet the goals, 1 escaped, 3 ineffective; 1 minimal set,"
                               " none robust to genetic escapes")
    verdict = data["contexts"][0]["verdict"]
    assert [(t["drugs"], t["status"], t["hits_targets"], t["escape_waves"]) for t in verdict["treatments"]] == [
        (["dP"], "escaped", True, [1, 2]),
        (["dJ"], "ineffective", False, []),
        (["dQ"], "ineffective", True, []),
        (["dL"], "ineffective", False, []),
    ]
    course = verdict["treatments"][0]["phenotypes"]
    assert course == [{"goal": "P=0", "phenotype": "P", "untreated": [2], "waves": [[1], [1]], "moved": True,
                       "met": False}]
    first, second = verdict["treatments"][0]["routes"]
    assert (first["wave"], first["goal"], first["text"]) == (1, "P=0", WAVE_1)
    assert [(s["node"], s["level"], s["sign"], s["off"]) for s in first["steps"]] == [
        ("PIP", 0, "+", True), ("AKT", 0, "+", True), ("S6K", 0, "-", True), ("IRS", 1, "+", False),
        ("JAK", 1, "+", False), ("STAT", 1, "+", False), ("P", 1, "", False),
    ]
    assert first["steps"][0]["alternatives"] == ["PI3K inhibited by dP; PTEN present", "PI3K, PI3Kb inhibited by dP"]
    assert first["steps"][0]["notes"] == "PI3K inhibited by dP; PTEN present, or PI3Kb inhibited by dP"
    assert (second["wave"], second["text"]) == (2, WAVE_2)
    assert [(s["node"], s["level"], s["sign"]) for s in second["loops"][0]] == [
        ("JAK", 1, "+"), ("STAT", 1, "+"), ("L", 1, "+"), ("JAK", 1, "")]
    (only,) = verdict["sets"]
    assert only["drugs"] == ["dJ", "dP"] and only["alternatives"] == {}
    assert only["closes"] == [{"drug": "dP", "route": 1, "cut": "JAK=0", "by": "dJ"},
                              {"drug": "dP", "route": 2, "cut": "JAK=0", "by": "dJ"}]
    assert [(g["reopens"], [(e.get("name"), e["alteration"], e["kind"], e["timing"]) for e in g["escapes"]])
            for g in only["genetic"]] == [
        ("dP route 1", [("STAT_on", {"STAT": 1}, "declared", "pre-existing"),
                        ("STAT_on", {"STAT": 1}, "declared", "acquired")]),
        (None, [(None, {"AKT": 1}, "gain", "pre-existing"), (None, {"AKT": 1}, "gain", "acquired"),
                (None, {"PIP": 1}, "gain", "pre-existing"), (None, {"PIP": 1}, "gain", "acquired")]),
    ]


def test_alternative_supports_merge_into_one_reading() -> None:
    report = escape_routes(NET, Perturbation.build(NET, context="on", drugs=["dP"]), phase="early")
    routes = [r for e in report.waves[0].escapes for r in e.routes]
    assert len(routes) == 2  # PIP off because both isoforms are inhibited, or because PTEN clears PI3Kb
    (reading,) = read_routes(routes, report.goals, 1)
    assert reading.text == WAVE_1 and len(reading.routes) == 2


def test_without_genetic_search_sets_are_not_judged_robust() -> None:
    report = analyze(NET, drugs=["dP", "dJ"], max_size=2, genetic_depth=0, scenarios=False)
    verdict = report.contexts[0].verdict
    assert [t.status for t in verdict.treatments] == ["escaped", "ineffective"]
    assert [(s.drugs, s.robust, s.genetic) for s in verdict.sets] == [(("dJ", "dP"), None, ())]
    assert verdict.summary == "on: 0 of 2 drugs meet the goals, 1 escaped, 1 ineffective; 1 minimal set"


def test_a_drug_that_meets_a_looser_goal() -> None:
    out = run("--goal", "P<=1", "--drug", "dP", "--drug", "dQ", "--max-size", "1", "--genetic-depth", "0")
    assert "  meet the goals alone: dP\n  ineffective (no goal phenotype moves towards its goal): dQ\n" in out
    assert out.endswith("summary: on: 1 of 2 drugs meet the goals, 1 ineffective; 1 minimal set\n")


def test_output_folder_holds_the_whole_result_with_the_verdict(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "run"
    printed = run("--max-size", "2", "-o", str(out))
    assert printed.startswith(TERMINAL.split("  minimal combinations")[0].replace("3 drugs", "2 drugs"))
    data = json.loads((out / "analysis.json").read_text())
    assert data["summary"].startswith("on: 0 of 4 drugs meet the goals, 1 escaped, 3 ineffective")
    verdict = data["contexts"][0]["verdict"]
    assert [r["text"] for r in verdict["treatments"][0]["routes"]] == [WAVE_1, WAVE_2]
    assert data["contexts"][0]["single_drugs"][0]["routes"]  # the full result is there too


def test_a_drug_that_reaches_one_goal_and_never_moves_the_other_is_partly_effective() -> None:
    out = run("--goal", "P=0", "--goal", "Q=0", "--drug", "dQ", "--drug", "dP", "--max-size", "1",
              "--genetic-depth", "0")
    lines = out.splitlines()
    assert "    dP: escaped in waves 1 and 2 — P 2 → 1 in wave 1 (goal 0); Q stays 1 (goal 0)" in lines
    assert "      [2] wave 1 · goal Q=0 · Q=1 (GF=1 in on)" in lines  # the goal each route misses is named
    at = lines.index("  partly effective (the goal phenotypes they move reach their goals, the others never move):")
    assert lines[at + 1] == "    dQ: P stays 2 (goal 0); Q 1 → 0 in wave 1 (goal 0)"
    assert "  no combination of up to 1 drug meets the goals (complete up to 1 drug)" in lines
    assert lines[-1] == "summary: on: 0 of 2 drugs meet the goals, 1 escaped, 1 partly effective; no set of up to 1 drug works"
