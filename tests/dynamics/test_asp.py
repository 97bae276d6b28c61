"""The asp engine (clingo): fixed points, minimal trap spaces and most
permissive reachable attractors, checked exactly against mpbn and PyBoolNet
on the shipped models and against brute-force definitions written here on
small and random networks (Boolean and multivalued)."""

from __future__ import annotations

import logging
import random
import time
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Callable, Iterable, Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logicnet.dynamics import attractors, fixed_points
from logicnet.dynamics.attractor import Subspace
from logicnet.dynamics.engines.asp._functions import local_functions
from logicnet.dynamics.engines.asp import REFUSAL, AspEngine
from logicnet.dynamics.engines.base import Answer, Task
from logicnet.dynamics.percolation import percolate
from logicnet.errors import EngineUnavailable, LimitReached
from logicnet.io import generate_bnet, parse_bnet, parse_yaml
from logicnet.model import Network, Perturbation
from logicnet.model.booleanize import booleanize
from logicnet.model.expression import FALSE, TRUE, And, Atom, Expr, Not, Or
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Node
from logicnet.model.rules import Case, Rule

from tests.conftest import load_quietly, shipped_bnet_models, spaces

mpbn = pytest.importorskip("mpbn")
pyboolnet_file_exchange = pytest.importorskip("pyboolnet.file_exchange")
pyboolnet_trap_spaces = pytest.importorskip("pyboolnet.trap_spaces")
logging.getLogger("pyboolnet").setLevel(logging.ERROR)

MODELS = shipped_bnet_models()
#: Models with astronomically many fixed points and trap spaces (every level of
#: 9 to 58 free inputs, and many self-sustaining nodes): they are compared with
#: their inputs, and about half of the nodes whose rule reads themselves, fixed.
MANY_INPUTS = ("bbm-001", "bbm-002", "bbm-004", "bbm-009", "bbm-256", "bbm-261")
#: PyBoolNet's prime implicant generator (BNetToPrime) runs for many minutes on
#: some rules of these models; biodivine_aeon is the second reference there.
PRIMES_TOO_SLOW = ("bbm-004", "bbm-075")
#: Shipped models where no node's function reads the node itself (see
#: test_reachability_differs_from_mpbn_under_self_regulation).
NO_SELF_REGULATION = ("bbm-003", "bbm-006", "bbm-011", "bbm-020", "bbm-032", "bbm-070")


def model_id(path: Path) -> str:
    return path.name[:7]


def solve(network: Network, question: str = "attractors", starts: Sequence[Subspace] | None = None,
          **options: object) -> Answer:
    """The engine alone on ``network`` (no perturbation, no percolation)."""
    task = Task(network, question, "mostpermissive",  # type: ignore[arg-type]
                None if starts is None else tuple(starts), **options)  # type: ignore[arg-type]
    engine = AspEngine()
    engine.check(task)
    return engine.solve(task)


def as_space(values: dict[str, object], names: Sequence[str]) -> Subspace:
    """A reference tool's answer (0/1, or "*", None or absent for free) as a subspace."""
    out = []
    for n in names:
        v = values.get(n)
        out.append((int(v),) if v in (0, 1, "0", "1") else (0, 1))  # type: ignore[call-overload]
    return tuple(out)


# --------------------------------------------------------------------------- shipped models


class Reference:
    """A shipped model as the engine and the reference tools see it: BNet text
    with a line for every input (``x, x``, or ``x, 0``/``x, 1`` when fixed)."""

    def __init__(self, path: Path):
        network = load_quietly(path)
        inputs = network.inputs
        levels: dict[str, int] = {}
        if model_id(path) in MANY_INPUTS:
            rng = random.Random(model_id(path))
            levels = {name: rng.randint(0, 1) for name in inputs}
            for name, node in network.nodes.items():
                if node.rule is not None and name in node.rule.regulators and rng.random() < 0.5:
                    levels[name] = rng.randint(0, 1)
            network = Perturbation(fixed=FrozenMap(levels)).apply(network)
        rules = [line for line in path.read_text().splitlines() if line.split(",")[0].strip() not in levels]
        rules += [f"{name}, {levels.get(name, name)}" for name in inputs]
        rules += [f"{name}, {level}" for name, level in levels.items() if name not in inputs]
        self.id = model_id(path)
        self.network = network
        self.names = network.names
        self.bnet = "\n".join(rules) + "\n"

    def mpbn(self) -> object:
        return mpbn.MPBooleanNetwork(self.bnet)

    @lru_cache(maxsize=None)
    def reduced(self) -> tuple[str, dict[str, int]]:
        """The BNet text given to the reference tools, and the constants it leaves
        out. A model with fixed nodes is given with its constants percolated,
        which keeps the answers and spares the tools many seconds on its
        largest rules."""
        reduction = percolate(self.network, semantics="fixed_points")
        constants = dict(reduction.constants)
        if not constants:
            return self.bnet, {}
        return (generate_bnet(reduction.network) if reduction.network.nodes else ""), constants

    def lift(self, found: Iterable[dict[str, object]], constants: dict[str, int]) -> set[Subspace]:
        return {as_space({**constants, **values}, self.names) for values in found}

    @lru_cache(maxsize=None)
    def from_mpbn(self, question: str) -> set[Subspace]:
        text, constants = self.reduced()
        if not text:
            return {as_space(constants, self.names)}
        bn = mpbn.MPBooleanNetwork(text)
        return self.lift(bn.fixedpoints() if question == "fixed_points" else bn.attractors(), constants)

    @lru_cache(maxsize=None)
    def from_second_tool(self, question: str) -> set[Subspace]:
        """PyBoolNet's (or biodivine_aeon's) steady states or minimal trap spaces."""
        text, constants = self.reduced()
        if not text:
            return {as_space(constants, self.names)}
        if self.id in PRIMES_TOO_SLOW:
            return self.lift(aeon_answers(text, question), constants)
        primes = pyboolnet_file_exchange.bnet2primes(text)
        if question == "fixed_points":
            found = pyboolnet_trap_spaces.compute_steady_states(primes, max_output=10_000)
        else:
            found = pyboolnet_trap_spaces.compute_trap_spaces(primes, "min", max_output=10_000)
        return self.lift(found, constants)


def aeon_answers(text: str, question: str) -> list[dict[str, object]]:
    aeon = pytest.importorskip("biodivine_aeon")
    network = aeon.BooleanNetwork.from_bnet(text, repair_graph=True)
    context = aeon.SymbolicSpaceContext(network)
    graph = aeon.AsynchronousGraph(network, context)
    if question == "fixed_points":
        return [s.to_named_dict() for s in aeon.FixedPoints.symbolic_vertices(graph).items()]
    return [s.to_named_dict() for s in aeon.TrapSpaces.minimal_symbolic(context, graph).spaces()]


@lru_cache(maxsize=None)
def reference(path: Path) -> Reference:
    return Reference(path)


@pytest.mark.parametrize("path", MODELS, ids=model_id)
def test_fixed_points_match_mpbn_and_pyboolnet(path: Path) -> None:
    case = reference(path)
    answer = solve(case.network, "fixed_points")
    found = spaces(answer.attractors)
    assert answer.complete
    assert all(a.kind == "fixed_point" for a in answer.attractors)
    assert found == case.from_mpbn("fixed_points")
    assert found == case.from_second_tool("fixed_points")


@pytest.mark.parametrize("path", MODELS, ids=model_id)
def test_minimal_trap_spaces_match_mpbn_and_pyboolnet(path: Path) -> None:
    case = reference(path)
    answer = solve(case.network)
    found = spaces(answer.attractors)
    assert answer.complete and len(found) == len(answer.attractors)
    assert found == case.from_mpbn("trap_spaces")
    assert found == case.from_second_tool("trap_spaces")


def start_states(network: Network, seed: str) -> list[dict[str, int]]:
    """Three random start states and one with only half of the nodes set (a subspace)."""
    rng = random.Random(seed)
    states = [{n: rng.randint(0, 1) for n in network.names} for _ in range(3)]
    states.append({n: rng.randint(0, 1) for n in network.names if rng.random() < 0.5})
    return states


def start_space(network: Network, state: dict[str, int]) -> Subspace:
    return tuple((state[n],) if n in state else (0, 1) for n in network.names)


@pytest.mark.parametrize(
    "path", [p for p in MODELS if model_id(p) in NO_SELF_REGULATION], ids=model_id
)
def test_reachable_attractors_match_mpbn(path: Path) -> None:
    case = reference(path)
    bn = case.mpbn()
    for state in start_states(case.network, model_id(path)):
        answer = solve(case.network, starts=[start_space(case.network, state)])
        expected = {as_space(x, case.names) for x in bn.attractors(reachable_from=state)}  # type: ignore[attr-defined]
        assert answer.complete
        assert spaces(answer.attractors) == expected


@pytest.mark.parametrize(
    "path", [p for p in MODELS if model_id(p) in ("bbm-025", "bbm-043", "bbm-046")], ids=model_id
)
def test_reachable_attractors_are_among_mpbns_with_self_regulation(path: Path) -> None:
    case = reference(path)
    bn = case.mpbn()
    for state in start_states(case.network, model_id(path)):
        found = spaces(solve(case.network, starts=[start_space(case.network, state)]).attractors)
        assert found
        assert found <= {as_space(x, case.names) for x in bn.attractors(reachable_from=state)}  # type: ignore[attr-defined]


# The smallest case of the difference. From K=T=1, B=G=0: B rises while T is
# up and then G rises after B. For G to rise, B must have risen; once B is 1
# it stays 1 (B = T | B reads 1 there), so the fixed point B=0, G=1 is not
# reachable, although B's function is 0 where B = T = 0 (which mpbn checks).
SELF_REGULATED = "K, 0\nT, K\nB, T | B\nG, G | B\n"


def test_reachability_differs_from_mpbn_under_self_regulation() -> None:
    network = parse_bnet(SELF_REGULATED)
    x = {"K": 1, "T": 1, "B": 0, "G": 0}
    found = spaces(solve(network, starts=[start_space(network, x)]).attractors)
    assert found == {((0,), (0,), (0,), (0,)), ((0,), (0,), (1,), (1,))}
    assert found == brute_force_reachable_traps(network, [tuple(x.values())])
    from_mpbn = {as_space(a, network.names) for a in mpbn.MPBooleanNetwork(SELF_REGULATED).attractors(reachable_from=x)}
    assert from_mpbn - found == {((0,), (0,), (0,), (1,))}


def test_public_api_percolates_and_lifts_constants() -> None:
    path = next(p for p in MODELS if model_id(p) == "bbm-003")
    case = reference(path)
    network = load_quietly(path)
    result = fixed_points(network, engine="asp")
    assert result.engine == "asp" and result.complete
    assert spaces(result) == spaces(solve(case.network, "fixed_points").attractors)
    result = attractors(network, semantics="mostpermissive", engine="asp")
    assert spaces(result) == spaces(solve(case.network).attractors)
    assert fixed_points(network).engine == "asp"


@pytest.mark.parametrize("name", ["bbm-028", "bbm-009"])
def test_counts_match_mpbn(name: str) -> None:
    path = next(p for p in MODELS if model_id(p) == name)
    network = load_quietly(path)
    text = path.read_text() + "".join(f"\n{n}, {n}" for n in network.inputs)
    expected = mpbn.MPBooleanNetwork(text).count_fixedpoints()
    answer = solve(network, "fixed_points", limit=10, count=True)
    assert answer.count == expected and len(answer.attractors) == 10 and not answer.complete


# --------------------------------------------------------------------------- contract

def test_limit_complete_and_count_for_fixed_points() -> None:
    network = parse_bnet("A, A\nB, B\nC, C & A\n")  # fixed points: A, B free; C = 0, or C = 1 with A
    assert len(solve(network, "fixed_points").attractors) == 6
    for limit in (1, 5):
        answer = solve(network, "fixed_points", limit=limit)
        assert len(answer.attractors) == limit and not answer.complete and answer.count is None
    for limit in (6, 7):
        answer = solve(network, "fixed_points", limit=limit)
        assert len(answer.attractors) == 6 and answer.complete
    answer = solve(network, "fixed_points", limit=2, count=True)
    assert answer.count == 6 and len(answer.attractors) == 2 and not answer.complete
    answer = solve(network, "fixed_points", count=True)
    assert answer.count == 6 and answer.complete
    assert solve(parse_bnet("A, !A\n"), "fixed_points", count=True).count == 0


def test_limit_and_complete_for_trap_spaces() -> None:
    network = parse_bnet("A, A\nB, B\nC, !C\n")  # minimal trap spaces: A, B fixed, C free
    assert spaces(solve(network).attractors) == {((a,), (b,), (0, 1)) for a in (0, 1) for b in (0, 1)}
    answer = solve(network, limit=3)
    assert len(answer.attractors) == 3 and not answer.complete
    assert solve(network, limit=4).complete
    starts = [((0, 1), (0,), (0,))]
    answer = solve(network, starts=starts, limit=1)
    assert len(answer.attractors) == 1 and not answer.complete
    answer = solve(network, starts=starts, limit=2)
    assert spaces(answer.attractors) == {((0,), (0,), (0, 1)), ((1,), (0,), (0, 1))} and answer.complete


def test_starts_are_a_union_of_subspaces() -> None:
    network = parse_bnet("A, A\nB, B\nC, !C\n")
    starts = [((0,), (0,), (0,)), ((1,), (1,), (0, 1))]
    assert spaces(solve(network, starts=starts).attractors) == {
        ((0,), (0,), (0, 1)), ((1,), (1,), (0, 1))
    }


@pytest.mark.parametrize("semantics", ["asynchronous", "synchronous", "priority"])
def test_refuses_other_semantics(semantics: str) -> None:
    network = parse_bnet("A, !A\n")
    message = (
        f"the asp engine computes fixed points and most permissive attractors only, not {semantics}"
        " attractors: use --engine symbolic or --engine explicit"
    )
    assert REFUSAL.format(semantics=semantics) == message
    with pytest.raises(EngineUnavailable) as error:
        AspEngine().check(Task(network, "attractors", semantics))
    assert str(error.value) == message
    with pytest.raises(EngineUnavailable, match="use --engine symbolic or --engine explicit"):
        attractors(network, semantics=semantics, engine="asp")
    AspEngine().check(Task(network, "fixed_points", semantics))


def test_deadline_stops_a_long_count() -> None:
    network = parse_bnet("\n".join(f"X{i}, X{i}" for i in range(40)))  # 2^40 fixed points
    started = time.monotonic()
    with pytest.raises(LimitReached, match="fixed points hit the time limit"):
        solve(network, "fixed_points", count=True, deadline=started + 0.2)
    assert time.monotonic() - started < 5


def test_negated_sums_of_products_are_encoded_by_blockers() -> None:
    # !(x1 y1 | ... | x12 y12) has 2^12 terms in any DNF: its rise is written
    # as "each of the 12 terms has a literal that can be false".
    pairs = " | ".join(f"X{i} & Y{i}" for i in range(12))
    text = "\n".join([f"T, !({pairs})", *(f"X{i}, X{i}\nY{i}, Y{i}" for i in range(12))])
    network = parse_bnet(text)
    functions = local_functions(network)
    assert functions.up[0].blockers is not None and len(functions.up[0].blockers) == 12
    assert len(functions.down[0].terms) == 12
    fixed = {"X0": 1, "Y0": 1}
    perturbed = Perturbation(fixed=FrozenMap(fixed)).apply(network)
    found = spaces(solve(perturbed, "fixed_points", limit=3).attractors)
    assert all(space[0] == (0,) for space in found)
    only_ones = Perturbation(fixed=FrozenMap({n: 0 for n in network.names if n != "T"})).apply(network)
    assert spaces(solve(only_ones, "fixed_points").attractors) == {((1,),) + ((0,),) * 24}
    assert spaces(solve(only_ones).attractors) == {((1,),) + ((0,),) * 24}


def test_large_non_monotone_rules_are_encoded_through_their_bdd() -> None:
    # the parity of 10 inputs: 2^9 terms in any DNF of it or of its negation,
    # not unate, a BDD of 19 nodes
    parity = "X0"
    for i in range(1, 10):
        parity = f"(({parity}) & !X{i} | !({parity}) & X{i})"
    text = "\n".join([f"T, {parity}", *(f"X{i}, X{i}" for i in range(10))])
    network = parse_bnet(text)
    functions = local_functions(network)
    assert functions.up[0].diagram_key is not None and functions.down[0].diagram_key is not None
    odd = Perturbation(fixed=FrozenMap({f"X{i}": int(i < 3) for i in range(10)})).apply(network)
    assert spaces(solve(odd, "fixed_points").attractors) == {((1,),) + tuple((int(i < 3),) for i in range(10))}


def test_rules_are_compiled_in_their_own_variable_order() -> None:
    # 20 terms of 3 regulators, declared interleaved: in one shared order the
    # BDD of H would be exponential; in the rule's own order it is linear
    terms = [f"A{i} & B{i} & C{i}" for i in range(20)]
    lines = [f"H, {' | '.join(terms)}"]
    lines += [f"{x}{i}, {x}{i}" for x in "ABC" for i in range(20)]
    network = parse_bnet("\n".join(lines))
    started = time.monotonic()
    functions = local_functions(network)
    assert time.monotonic() - started < 5
    assert len(functions.up[0].terms) == 20
    assert functions.down[0].blockers is not None and len(functions.down[0].blockers) == 20
    all_on = Perturbation(fixed=FrozenMap({n: 1 for n in network.names if n != "H"})).apply(network)
    assert spaces(solve(all_on, "fixed_points").attractors) == {((1,),) * 61}


# --------------------------------------------------------------------------- multivalued

MULTIVALUED = """
logicnet: 1
name: three levels
nodes:
  S: {input: true}
  X:
    levels: 2
    rule:
      - {level: 2, when: "S & !Y"}
      - {level: 1, when: "S | Y"}
      - {level: 0}
  Y: "X >= 2 | Y & X"
  Z:
    levels: 3
    rule:
      - {level: 3, when: "X >= 2"}
      - {level: 1, when: "!Z >= 2"}
      - {level: 2}
"""


def test_multivalued_fixed_points_and_trap_spaces_match_brute_force() -> None:
    network = parse_yaml(MULTIVALUED)
    assert spaces(solve(network, "fixed_points").attractors) == brute_force_fixed_points(network)
    assert spaces(solve(network).attractors) == brute_force_minimal_traps(network)
    assert solve(network, "fixed_points", count=True).count == len(brute_force_fixed_points(network))


def test_multivalued_reachability_matches_brute_force() -> None:
    network = parse_yaml(MULTIVALUED)
    for start in product(*(range(node.levels + 1) for node in network.nodes.values())):
        space = tuple((v,) for v in start)
        found = spaces(solve(network, starts=[space]).attractors)
        assert found == brute_force_reachable_multivalued(network, [space])


def test_multivalued_fixed_points_of_the_booleanization_are_admissible() -> None:
    network = parse_yaml(MULTIVALUED)
    bits = booleanize(network)
    for space in spaces(solve(bits.network, "fixed_points").attractors):
        state = dict(zip(bits.network.names, (levels[0] for levels in space)))
        assert bits.encode_state(bits.decode_state(state)) == state


# --------------------------------------------------------------------------- brute force


def targets(network: Network) -> Callable[[tuple[int, ...]], tuple[int, ...]]:
    """The target level of every node in a state."""
    names = network.names
    rules = [node.update_rule() for node in network.nodes.values()]
    return lambda state: tuple(r.evaluate(dict(zip(names, state))) for r in rules)


def all_states(network: Network) -> list[tuple[int, ...]]:
    return list(product(*(range(node.levels + 1) for node in network.nodes.values())))


def brute_force_fixed_points(network: Network) -> set[Subspace]:
    target = targets(network)
    return {tuple((v,) for v in s) for s in all_states(network) if target(s) == s}


def interval_spaces(network: Network) -> list[Subspace]:
    choices = []
    for node in network.nodes.values():
        m = node.levels
        choices.append([tuple(range(a, b + 1)) for a in range(m + 1) for b in range(a, m + 1)])
    return list(product(*choices))


def is_trap(space: Subspace, target: Callable[[tuple[int, ...]], tuple[int, ...]]) -> bool:
    """No asynchronous unit step leaves ``space``."""
    for state in product(*space):
        for i, (level, goal) in enumerate(zip(state, target(state))):
            if goal != level and level + (1 if goal > level else -1) not in space[i]:
                return False
    return True


def minimal(found: list[Subspace]) -> set[Subspace]:
    def inside(a: Subspace, b: Subspace) -> bool:
        return all(set(x) <= set(y) for x, y in zip(a, b))

    return {a for a in found if not any(b != a and inside(b, a) for b in found)}


def brute_force_minimal_traps(network: Network) -> set[Subspace]:
    target = targets(network)
    return minimal([s for s in interval_spaces(network) if is_trap(s, target)])


def boolean_tables(network: Network) -> tuple[int, list[list[int]]]:
    """The truth table of every node's function of a Boolean network (states as bit masks)."""
    n = len(network.names)
    target = targets(network)
    states = [tuple((k >> i) & 1 for i in range(n)) for k in range(2**n)]
    tables = [[0] * 2**n for _ in range(n)]
    for k, state in enumerate(states):
        for i, v in enumerate(target(state)):
            tables[i][k] = v
    return n, tables


def mp_reachable(network: Network, starts: Iterable[tuple[int, ...]]) -> set[tuple[int, ...]]:
    """Boolean states most-permissive reachable from ``starts``: search of the
    configurations in {0, 1, up (2), down (3)}^n, as defined by Paulevé et al."""
    n, tables = boolean_tables(network)

    def cube(config: tuple[int, ...]) -> list[int]:
        masks = [0]
        for i, v in enumerate(config):
            if v == 1:
                masks = [m | (1 << i) for m in masks]
            elif v in (2, 3):
                masks = masks + [m | (1 << i) for m in masks]
        return masks

    seen = set(starts)
    stack = list(seen)
    while stack:
        config = stack.pop()
        states = cube(config)
        for i, v in enumerate(config):
            if v == 0 and any(tables[i][z] for z in states):
                nxt = 2
            elif v == 1 and not all(tables[i][z] for z in states):
                nxt = 3
            elif v in (2, 3):
                nxt = 1 if v == 2 else 0
            else:
                continue
            successor = config[:i] + (nxt,) + config[i + 1:]
            if successor not in seen:
                seen.add(successor)
                stack.append(successor)
    return {c for c in seen if all(v in (0, 1) for v in c)}


def brute_force_boolean_traps(network: Network) -> set[Subspace]:
    n, tables = boolean_tables(network)
    found = []
    for space in product(((0,), (1,), (0, 1)), repeat=n):
        states = [sum(v << i for i, v in enumerate(s)) for s in product(*space)]
        if all({tables[i][z] for z in states} <= set(space[i]) for i in range(n)):
            found.append(space)
    return minimal(found)


def brute_force_reachable_traps(network: Network, starts: Iterable[tuple[int, ...]]) -> set[Subspace]:
    reached = mp_reachable(network, starts)
    return {
        space for space in brute_force_boolean_traps(network)
        if any(all(v in levels for v, levels in zip(s, space)) for s in reached)
    }


def brute_force_reachable_multivalued(network: Network, starts: Iterable[Subspace]) -> set[Subspace]:
    """Most permissive reachability is defined on the booleanization."""
    bits = booleanize(network)
    names = bits.network.names
    encoded = []
    for space in starts:
        for state in product(*space):
            encoded_state = bits.encode_state(dict(zip(network.names, state)))
            encoded.append(tuple(encoded_state[b] for b in names))
    out = set()
    for space in brute_force_reachable_traps(bits.network, encoded):
        levels = bits.decode_space(dict(zip(names, space)))
        out.add(tuple(levels[n] for n in network.names))
    return out


# --------------------------------------------------------------------------- random networks


def expressions(atoms: list[Atom]) -> st.SearchStrategy[Expr]:
    leaves = st.sampled_from(atoms) | st.sampled_from([TRUE, FALSE])
    return st.recursive(
        leaves,
        lambda inner: st.builds(Not, inner)
        | st.lists(inner, min_size=2, max_size=3).map(lambda a: And(tuple(a)))
        | st.lists(inner, min_size=2, max_size=3).map(lambda a: Or(tuple(a))),
        max_leaves=6,
    )


@st.composite
def boolean_networks(draw: st.DrawFn, max_nodes: int = 5) -> Network:
    n = draw(st.integers(1, max_nodes))
    names = [f"N{i}" for i in range(n)]
    atoms = [Atom(name) for name in names]
    nodes = {name: Node(name, Rule.boolean(draw(expressions(atoms)))) for name in names}
    return Network("random", FrozenMap(nodes))


@st.composite
def multivalued_networks(draw: st.DrawFn) -> Network:
    n = draw(st.integers(1, 3))
    levels = [draw(st.integers(1, 3)) for _ in range(n)]
    names = [f"M{i}" for i in range(n)]
    atoms = [Atom(name, k) for name, m in zip(names, levels) for k in range(1, m + 1)]
    nodes = {}
    for name, m in zip(names, levels):
        cases = tuple(
            Case(draw(st.integers(0, m)), draw(expressions(atoms)))
            for _ in range(draw(st.integers(1, 2)))
        )
        nodes[name] = Node(name, Rule(cases, draw(st.integers(0, m))), levels=m)
    return Network("random", FrozenMap(nodes))


def random_start(draw: st.DrawFn, network: Network) -> Subspace:
    return tuple(
        tuple(sorted(draw(st.sets(st.integers(0, node.levels), min_size=1))))
        for node in network.nodes.values()
    )


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(boolean_networks())
def test_random_boolean_fixed_points_and_trap_spaces(network: Network) -> None:
    assert spaces(solve(network, "fixed_points").attractors) == brute_force_fixed_points(network)
    assert spaces(solve(network).attractors) == brute_force_boolean_traps(network)


@PROPERTY
@given(st.data())
def test_random_boolean_reachable_attractors(data: st.DataObject) -> None:
    network = data.draw(boolean_networks())
    starts = [random_start(data.draw, network) for _ in range(data.draw(st.integers(1, 2)))]
    states = {s for space in starts for s in product(*space)}
    found = spaces(solve(network, starts=starts).attractors)
    assert found == brute_force_reachable_traps(network, states)


@PROPERTY
@given(multivalued_networks())
def test_random_multivalued_fixed_points_and_trap_spaces(network: Network) -> None:
    assert spaces(solve(network, "fixed_points").attractors) == brute_force_fixed_points(network)
    assert spaces(solve(network).attractors) == brute_force_minimal_traps(network)


@PROPERTY
@given(st.data())
def test_random_multivalued_reachable_attractors(data: st.DataObject) -> None:
    network = data.draw(multivalued_networks())
    starts = [random_start(data.draw, network)]
    found = spaces(solve(network, starts=starts).attractors)
    assert found == brute_force_reachable_multivalued(network, starts)
