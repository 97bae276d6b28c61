"""The modeller's questions (start states, knock-ins, clone timings, several
contexts), each on a small network written for it, with exact answers."""

from __future__ import annotations

import json
from itertools import combinations

import pytest
from click.testing import CliRunner

import logicnet
from logicnet.analysis import Responder, escape_routes, minimal_combinations
from logicnet.cli.main import cli
from logicnet.errors import AnalysisError, LogicnetError
from logicnet.io import parse_yaml
from logicnet.model import Perturbation

# A signal S keeps the trigger T off; without it T closes an apoptosis latch D
# (once on, it stays on), which stops P. The drug dS removes the signal. A
# clone that cannot trigger (T=0) keeps P only if it exists before the drug
# (its latch never closes), not if it arises in cells that have latched.
LATCH = parse_yaml("""
logicnet: 1
name: latch
nodes:
  S: {input: true}
  T: "!S"
  D: "D | T"
  P: {rule: "!D", phenotype: true, goal: 0}
drugs:
  dS: {targets: [S]}
contexts:
  on: {S: 1}
states:
  growing: {default: 0}
start: growing
""", source="latch.yaml")

# A bistable switch X/Y with a push on each side; the drug dY favours X.
SWITCH = parse_yaml("""
logicnet: 1
name: switch
nodes:
  U: {input: true}
  X: "!Y | U"
  Y: "!X"
  P: {rule: Y, phenotype: true, goal: 0}
drugs:
  dU: {targets: {U: 1}}
  dY: {targets: [Y]}
contexts:
  plain: {}
states:
  high_y: {default: 0, Y: 1}
  high_x: {default: 0, X: 1}
""", source="switch.yaml")


def test_pre_existing_and_acquired_clones_differ_on_a_latch() -> None:
    treated = Perturbation.build(LATCH, context="on", drugs=["dS"])
    report = escape_routes(LATCH, treated, genetic_depth=1)
    assert not report.escaped  # the latch closes: P goes to 0
    found = [(g.timing, str(g), g.restores) for g in report.genetic_escapes]
    assert ("pre-existing", "T=0", ("P",)) in found
    assert ("acquired", "T=0", ("P",)) not in found  # latched cells stay latched
    assert {(t, s) for t, s, _ in found} == {("pre-existing", "D=0"), ("pre-existing", "T=0"), ("acquired", "D=0")}
    assert [g.kind for g in report.genetic_escapes] == ["loss", "loss", "loss"]


def test_a_start_state_changes_the_response_and_the_minimal_sets() -> None:
    responder = Responder(SWITCH)
    untreated = Perturbation.build(SWITCH, context="plain")
    levels = {s: sorted({a.level("P") for a in responder.respond(untreated, start=s).treated})
              for s in ("high_y", "high_x", "any")}
    assert levels == {"high_y": [1], "high_x": [0], "any": [0, 1]}
    from_y = minimal_combinations(SWITCH, context="plain", start="high_y", genetic_depth=0)
    from_x = minimal_combinations(SWITCH, context="plain", start="high_x", genetic_depth=0)
    assert [m.drugs for m in from_y.minimal_sets] == [("dU",), ("dY",)]
    assert from_x.goals_met_untreated  # from high X nothing is needed...
    assert not minimal_combinations(SWITCH, context="plain", start="any", genetic_depth=0).goals_met_untreated
    assert from_x.complete and not from_x.minimal_sets  # ...while from every attractor it is


def test_from_a_node_at_any_level_expands_to_every_level() -> None:
    state = SWITCH.start_state("X=*,Y=*")
    space = state.space(SWITCH.names, {n: x.levels for n, x in SWITCH.nodes.items()})
    assert space == ((0,), (0, 1), (0, 1), (0,))
    every = logicnet.attractors(SWITCH, starts=[space])
    assert every.attractors == logicnet.attractors(SWITCH, starts=[{"X": x, "Y": y} for x in (0, 1)
                                                                   for y in (0, 1)]).attractors
    result = CliRunner().invoke(cli, ["attractors", str(_write(SWITCH)), "--from", "X=*,Y=*", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["attractors"]) == len(every.attractors)


KNOCK_IN = parse_yaml("""
logicnet: 1
name: knock-in
nodes:
  S: {input: true}
  G: S
  K: {input: true, value: 0}
  A: "G & !K"
  P: {rule: A, phenotype: true, goal: 0}
  Q: {levels: 2, rule: [{level: 2, when: "K"}, {level: 0}]}
contexts:
  on: {S: 1}
""", source="knock_in.yaml")


def test_knock_ins_find_sets_knockouts_cannot() -> None:
    knockouts = minimal_combinations(KNOCK_IN, context="on", targets="nodes", max_size=2, genetic_depth=0)
    both = minimal_combinations(KNOCK_IN, context="on", targets="nodes", knock_in=True, max_size=2,
                                genetic_depth=0)
    assert [m.labels for m in knockouts.minimal_sets] == [("A=0",), ("G=0",), ("S=0",)]
    assert [m.labels for m in both.minimal_sets] == [("A=0",), ("G=0",), ("K=1",), ("S=0",)]
    assert both.to_dict()["minimal_sets"][2]["interventions"] == {"K": 1}


@pytest.mark.parametrize("semantics", ["asynchronous", "synchronous", "mostpermissive"])
def test_the_intervention_search_is_complete_against_brute_force(semantics: str) -> None:
    network = parse_yaml("""
logicnet: 1
name: brute
nodes:
  S: {input: true}
  A: "S | C"
  B: "A & !C"
  C: "B | D"
  D: {levels: 2, rule: [{level: 2, when: "A & B"}, {level: 1, when: A}, {level: 0}]}
  P: {rule: "B | D", phenotype: true, goal: 0}
contexts:
  on: {S: 1}
""")
    responder = Responder(network, semantics=semantics)
    goals = network.goals
    background = Perturbation.build(network, context="on")
    options = [(n, v) for n in ("S", "A", "B", "C", "D") for v in range(network.nodes[n].levels + 1)
               if v == 0 or v in (network.nodes[n].levels, 1)]

    def works(members: tuple[tuple[str, int], ...]) -> bool:
        treated = background.treated(network, settings=dict(members))
        found = responder.respond(treated).treated.attractors
        return all(a.meets(g) for a in found for g in goals)

    sets = [c for k in (1, 2) for c in combinations(options, k) if len({n for n, _ in c}) == k]
    ok = [c for c in sets if works(c)]
    expected = sorted({tuple(sorted(c)) for c in ok if not any(set(o) < set(c) for o in ok)},
                      key=lambda c: (len(c), c))
    found = minimal_combinations(network, context="on", targets="nodes", knock_in=True, levels=[1, 2],
                                 max_size=2, genetic_depth=0, responder=responder)
    assert not works(())  # the goal is missed untreated: there is something to find
    got = sorted((tuple(sorted(m.interventions.items())) for m in found.minimal_sets), key=lambda c: (len(c), c))
    assert got == expected
    assert len(expected) >= 3 and found.complete


# Two cell lines: a common driver A, and a line-specific one (B in line 1, C in line 2).
CONTEXTS = parse_yaml("""
logicnet: 1
name: two lines
nodes:
  E: {input: true}
  M1: {input: true}
  M2: {input: true}
  A: E
  B: M1
  C: M2
  P: {rule: "A | B | C", phenotype: true, goal: 0}
drugs:
  dA: {targets: [A]}
  dB: {targets: [B]}
  dC: {targets: [C]}
contexts:
  line1: {E: 1, M1: 1, M2: 0}
  line2: {E: 1, M1: 0, M2: 1}
""")


def test_a_pair_that_works_in_one_context_only() -> None:
    one = minimal_combinations(CONTEXTS, context="line1", genetic_depth=0)
    two = minimal_combinations(CONTEXTS, context="line2", genetic_depth=0)
    both = minimal_combinations(CONTEXTS, contexts=["line1", "line2"], genetic_depth=0)
    assert [m.drugs for m in one.minimal_sets] == [("dA", "dB")]
    assert [m.drugs for m in two.minimal_sets] == [("dA", "dC")]
    assert [m.drugs for m in both.minimal_sets] == [("dA", "dB", "dC")]
    assert both.contexts == ("line1", "line2") and both.complete
    result = CliRunner().invoke(cli, ["combos", str(_write(CONTEXTS)), "--context", "line1", "--context", "line2",
                                      "--all-contexts", "--genetic-depth", "0", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [m["drugs"] for m in json.loads(result.output)["minimal_sets"]] == [["dA", "dB", "dC"]]


def test_robust_to_keeps_only_sets_no_listed_alteration_defeats() -> None:
    network = parse_yaml("""
logicnet: 1
name: robust
nodes:
  S: {input: true}
  A: S
  B: S
  P: {rule: "A | B", phenotype: true, goal: 0}
drugs:
  dS: {targets: [S]}
  dA: {targets: [A]}
  dB: {targets: [B]}
alterations:
  A_on: {A: 1}
contexts:
  on: {S: 1}
""")
    every = minimal_combinations(network, context="on", genetic_depth=0)
    kept = minimal_combinations(network, context="on", genetic_depth=0, robust_to=["A_on"])
    assert [m.drugs for m in every.minimal_sets] == [("dS",), ("dA", "dB")]
    assert [m.drugs for m in kept.minimal_sets] == [("dA", "dB")]


def _write(network):  # type: ignore[no-untyped-def]
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "net.yaml"
    logicnet.write_network(network, path)
    return path


@pytest.mark.parametrize("args, message", [
    (["combos", "--from", "sleeping"], "unknown start state 'sleeping'; states: high_y, high_x"),
    (["combos", "--from", "X=2"], "--from sets 'X' to 2, but 'X' has levels 0..1"),
    (["combos", "--knock-in"], "--knock-in and --levels choose node interventions: use them with --targets nodes"),
    (["escape", "--drug", "dY", "--from", "Q=1"], "--from names unknown node 'Q'"),
])
def test_bad_questions_get_one_clear_message(args: list[str], message: str) -> None:
    command, rest = args[0], args[1:]
    result = CliRunner().invoke(cli, [command, str(_write(SWITCH)), *rest])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {message}")


def test_a_start_state_must_fit_the_network() -> None:
    with pytest.raises(LogicnetError, match=r"start state 'bad' sets 'X' to 3, but 'X' has levels 0..1"):
        parse_yaml("logicnet: 1\nname: n\nnodes:\n  X: X\nstates:\n  bad: {X: 3}\n")
    with pytest.raises(LogicnetError, match=r"context 'c' starts in unknown state 'nowhere'"):
        parse_yaml("logicnet: 1\nname: n\nnodes:\n  X: {input: true}\ncontexts:\n  c: {X: 1, start: nowhere}\n")
    with pytest.raises(AnalysisError, match="unknown start state"):
        Responder(SWITCH).respond(Perturbation(), start="nowhere")
