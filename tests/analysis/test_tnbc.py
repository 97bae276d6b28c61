"""The shipped TNBC network reproduces the literature (issues: scenarios,
escape routes and minimal combinations)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from logicnet.analysis.combinations import minimal_combinations
from logicnet.analysis.escape import escape_routes
from logicnet.model.perturbation import Perturbation
from logicnet.analysis.scenarios import check_scenarios
from logicnet.cli.main import cli
from logicnet.io import parse_yaml, read_network

from tests.conftest import NETWORKS

PATH = NETWORKS / "tnbc_pi3k.yaml"
NET = read_network(PATH)
PI3K_JAK2_MEK = {"BEZ235", "buparlisib", "alpelisib", "everolimus", "sapanisertib", "capivasertib",
                 "BSK805", "ruxolitinib", "trametinib"}


def test_every_scenario_passes_from_the_command_line() -> None:
    result = CliRunner().invoke(cli, ["check", str(PATH)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"{len(NET.scenarios)} of {len(NET.scenarios)} scenarios pass\n")
    assert len(NET.scenarios) >= 17


def test_removing_the_il8_cxcr1_to_jak2_edge_breaks_the_loop_scenarios() -> None:
    text = PATH.read_text()
    loop_case = '      - {level: 2, when: "(IL8 >= 2 | IL8_ext) & CXCR1 >= 2"}\n'
    assert loop_case in text
    cut = parse_yaml(text.replace(loop_case, ""), source="cut.yaml")
    names = ["E1 late - the IL-8/CXCR1 loop sustains STAT5 and cells escape (wave 2)",
             "E5b linsitinib added after the loop is established - STAT5 stays high (hysteresis)"]
    report = check_scenarios(cut, names)
    assert [r.passed for r in report.results] == [False, False]
    for result in report.results:
        assert ("STAT5", (1,)) in [(c.node, c.observed) for c in result.failures] or \
               ("STAT5", (0,)) in [(c.node, c.observed) for c in result.failures]


def test_a_wrong_expectation_fails_with_a_clear_message(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = PATH.read_text().replace(
        "expect: {STAT5: 0, IL8: 1, Proliferation: 0, Apoptosis: 1, Stemness: 0, Migration: 0}",
        "expect: {STAT5: 0, IL8: 1, Proliferation: 2, Apoptosis: 1, Stemness: 0, Migration: 0}",
    )
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(text)
    result = CliRunner().invoke(cli, ["check", str(wrong), "--scenario",
                                      "E3 BEZ235 with BSK805 stops proliferation and the loop never forms"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "FAIL  E3 BEZ235 with BSK805 stops proliferation and the loop never forms"
    assert lines[1] == "      Proliferation: expected = 2, found 0"
    assert lines[2].startswith("      attractor #1, fixed point: INS_IGF=1 EGF=1 ")
    assert "Proliferation=0" in lines[2]
    assert lines[-1] == "0 of 1 scenarios pass"


def test_bez235_escapes_through_irs1_early_and_the_il8_loop_late() -> None:
    report = escape_routes(NET, Perturbation.build(NET, context="serum", drugs=["BEZ235"]))
    described = [(waves, route.describe()) for route, waves in report.routes if route.phenotype == "Proliferation"]
    early = [d for waves, d in described if "early" in waves]
    late_only = [d for waves, d in described if waves == ("late",)]
    assert any("IRS1 → JAK2 → STAT5" in d for d in early)
    assert any("IRS1 → JAK2 → STAT5" in d for d in early if "IL8" not in d)
    assert any("sustained by" in d and "IL8 → JAK2 → STAT5 → IL8" in d for d in late_only)
    assert any("CXCR1 → JAK2 → STAT5 → CXCR1" in d for d in late_only)


@pytest.fixture(scope="module")
def serum_sets():  # type: ignore[no-untyped-def]
    return minimal_combinations(NET, context="serum")


def test_bez235_with_a_jak2_inhibitor_is_minimal_in_serum(serum_sets) -> None:  # type: ignore[no-untyped-def]
    sets = [m.drugs for m in serum_sets.minimal_sets]
    assert ("BEZ235", "BSK805") in sets and ("BEZ235", "ruxolitinib") in sets
    assert all(len(s) > 1 for s in sets)  # no single drug works


def test_myc_amplification_defeats_the_pi3k_jak2_mek_sets(serum_sets) -> None:  # type: ignore[no-untyped-def]
    by_set = {m.drugs: m for m in serum_sets.minimal_sets}
    assert "MYC_amp" in [g.name for g in by_set[("BEZ235", "BSK805")].genetic_escapes]
    narrow = [m for m in serum_sets.minimal_sets if set(m.drugs) <= PI3K_JAK2_MEK]
    assert narrow
    for m in narrow:
        assert not m.robust
        assert "MYC_amp" in [g.name for g in m.genetic_escapes]


def test_myc_amplification_is_a_pre_existing_escape_of_bez235() -> None:
    report = escape_routes(NET, Perturbation.build(NET, context="serum", drugs=["BEZ235"]), genetic_depth=1)
    pre_existing = [g for g in report.genetic_escapes if g.timing == "pre-existing"]
    assert pre_existing[0].name == "MYC_amp" and pre_existing[0].restores == ("Proliferation",)
    assert [g.kind for g in pre_existing[:1]] == ["declared"]
    assert all(g.kind in ("gain", "loss") for g in pre_existing[1:])  # hypothetical changes after the named one


def test_untreated_cells_start_with_the_loop_open() -> None:
    # the locked IL-8/CXCR1 loop is an attractor of the untreated network, but
    # untreated cells start from 'growing' and never reach it
    from logicnet.analysis import Responder
    from logicnet.dynamics import attractors

    serum = Perturbation.build(NET, context="serum")
    every = attractors(NET, perturbation=serum)
    assert any(a.level("STAT5") == 2 for a in every)
    assert [a.level("STAT5") for a in Responder(NET).untreated(serum)] == [0]


def test_sets_that_work_in_serum_and_with_insulin_only() -> None:
    result = CliRunner().invoke(cli, ["combos", str(PATH), "--context", "serum", "--all-contexts", "--context",
                                      "insulin_only", "--max-size", "2", "--genetic-depth", "0", "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.output)
    assert data["contexts"] == ["serum", "insulin_only"] and data["complete"]
    assert ["BEZ235", "BSK805"] in [m["drugs"] for m in data["minimal_sets"]]


@pytest.fixture(scope="module")
def serum_analysis():  # type: ignore[no-untyped-def]
    from logicnet.analysis.analyze import analyze

    return analyze(NET, contexts=["serum"])  # the slow part, once for the tests below


def test_analyze_answers_first_in_at_most_80_lines(serum_analysis, capsys) -> None:  # type: ignore[no-untyped-def]
    from logicnet.cli.analysis_commands import print_analysis

    print_analysis(serum_analysis)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) <= 80
    assert lines[2] == "context serum: untreated Proliferation=2, Apoptosis=0, Stemness=0, Migration=0 (goals not met)"
    assert lines[3] == "  meet the goals alone: none"
    start = lines.index("    BEZ235: escaped in waves 1 and 2 — Proliferation 2 → 1 in wave 1 (goal 0); Apoptosis stays 0"
                        " (goal 1)")
    block = lines[start + 1:start + 6]
    wave_1 = [line for line in block if "wave 1 · goal Proliferation=0 ·" in line]
    assert wave_1 == ["      [1] wave 1 · goal Proliferation=0 · S6K=0 (mTORC1 inhibited by BEZ235) ⊣ IRS1=2"
                      " (INSR_IGF1R=1 not yet changed) → JAK2=1 → STAT5=1 → Proliferation=1 (CCND1=1 not yet changed)"]
    wave_2 = [line for line in block if "wave 2 · goal Proliferation=0 ·" in line]
    assert wave_2 == ["      [3] wave 2 · goal Proliferation=0 · IL8=2 → JAK2=2 → STAT5=2 → CCND1=1 → Proliferation=1,"
                      " sustained by CXCR1=2 → JAK2=2 → STAT5=2 → CXCR1=2; IL8=2 → JAK2=2 → STAT5=2 → IL8=2"]
    ineffective = next(line for line in lines if line.startswith("  ineffective"))
    assert "JQ1" in ineffective and "olaparib" in ineffective and "BEZ235" not in ineffective
    at = lines.index("    BEZ235 + BSK805 (or ruxolitinib): BSK805 (JAK2=0) closes BEZ235 routes 1-8")
    assert lines[at + 1].startswith("      defeated by: ")
    assert "MYC_amp" in lines[at + 1].split("; ")[-1] and lines[at + 1].endswith("open new routes")
    assert lines[-1] == ("summary: serum: 0 of 15 drugs meet the goals, 8 escaped, 7 ineffective; 9 minimal sets,"
                         " none robust to genetic escapes")
    routes = [line.split("] ", 1)[1] for line in lines if " · goal " in line and " · as " not in line]
    assert len(routes) == len(set(routes))  # a route is printed once, later treatments refer to it
    assert "      [5] wave 2 · goal Apoptosis=1 · as BEZ235 [5]" in lines  # buparlisib's IL-8 loop route


def test_the_verdict_judges_from_the_responses(serum_analysis) -> None:  # type: ignore[no-untyped-def]
    verdict = serum_analysis.contexts[0].verdict
    status = {t.label: t.status for t in verdict.treatments}
    assert {d for d, s in status.items() if s == "escaped"} == {
        "BEZ235", "buparlisib", "alpelisib", "everolimus", "sapanisertib", "capivasertib", "trametinib", "erlotinib"}
    assert status["JQ1"] == status["olaparib"] == "ineffective"
    bez = next(t for t in verdict.treatments if t.label == "BEZ235")
    assert bez.escape_waves == (1, 2)
    assert all(step.level is not None and (step.sign in "+-") for r in bez.routes for step in r.steps)
    assert len({r.text for r in bez.routes}) == len(bez.routes)  # no reading twice


def test_the_quoted_answers_in_the_readme_and_docs_are_what_analyze_prints(serum_analysis, capsys) -> None:  # type: ignore[no-untyped-def]
    import re

    from logicnet.cli.analysis_commands import print_analysis
    from tests.conftest import ROOT

    print_analysis(serum_analysis)
    printed = set(capsys.readouterr().out.splitlines())
    readme = (ROOT / "README.md").read_text().split("The answer comes first:\n\n```\n", 1)[1].split("```", 1)[0]
    docs = re.search(r"\$ logicnet analyze networks/tnbc_pi3k.yaml --context serum\n(.*?)```",
                     (ROOT / "docs" / "analysis.md").read_text(), re.S).group(1)
    for quoted in (readme, docs):
        shown = [line for line in quoted.splitlines() if line.strip() not in ("...", "")]
        assert len(shown) > 10
        assert [line for line in shown if line not in printed] == []
