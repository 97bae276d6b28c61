"""The candidates the succession keeps for the attractors of a trap space, and
the BDD machinery under them, against brute force on random networks:

* the retained set narrows the candidates, and they still meet every
  attractor of the trap space outside its children;
* candidates of a minimal trap space moved forward together still meet its
  attractors;
* the seeds of a trap space (candidates random walks do not take into one of
  its minimal trap spaces) meet every attractor outside those, and the
  product of all but one of many BDDs, kept in a tree, is the product;
* the searches do not depend on the variable order: reordering the BDD at
  random during every saturation leaves the attractors the explicit engine's;
* an attractor summarised on its BDD, its cover decoded later, is the one
  decoded at once, and pickles as a plain attractor.
"""

from __future__ import annotations

import pickle
from random import Random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import logicnet.dynamics.engines.symbolic as symbolic
from logicnet.dynamics import attractors
from logicnet.dynamics.attractor import Attractor, DeferredCover
from logicnet.dynamics.engines.symbolic import _reach, _succession
from logicnet.dynamics.engines.base import Task
from logicnet.dynamics.engines.symbolic._system import SymbolicSystem, cudd
from logicnet.io import parse_bnet
from logicnet.model import Network, Perturbation
from tests.dynamics.test_engines_agree import networks
from tests.dynamics.test_succession import SETTINGS, boolean_bnets, expanded, state_sets


def recorded(method: str, network: Network, walks: bool = False) -> tuple[list[dict[str, Any]], Any]:
    """Every call of ``_Succession.<method>`` in an expanded succession of
    ``network``: the trap space, its children and what the method returned."""
    calls: list[dict[str, Any]] = []
    original = getattr(_succession._Succession, method)

    def spy(self, candidates, *args):  # type: ignore[no-untyped-def]
        out = original(self, candidates, *args)
        fixed = args[-1] if method == "coalesced" else None
        calls.append({"succession": self, "before": candidates, "after": out, "args": args, "fixed": fixed})
        return out

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_succession._Succession, method, spy)
        result = expanded(network, walks=walks)
    return calls, result


def states_of(succession: Any, attractor: Attractor) -> Any:
    """The attractor's states as a BDD of the succession's system, read-outs
    (which the candidates keep at rest) left out."""
    system = succession.system
    u = system.union([tuple((v,) for v in s) for s in attractor.iter_states()])
    readouts = sorted(succession.readouts.bits)
    return system.bdd.exist(readouts, u) if readouts else u


def truth_and_calls(text: str, method: str) -> tuple[tuple[Attractor, ...], list[dict[str, Any]], Any]:
    """The explicit engine's attractors of a BNet text, and the calls of
    ``method`` in the symbolic succession of the same network."""
    network = parse_bnet(text)
    truth = attractors(network, semantics="asynchronous", engine="explicit").attractors
    calls, result = recorded(method, network)
    return truth, calls, result


def inside(attractor: Attractor, fixed: dict[str, bool]) -> bool:
    return all(attractor.levels(b) == (int(v),) for b, v in fixed.items())


@SETTINGS
@given(boolean_bnets())
def test_retained_candidates_meet_every_attractor_outside_the_children(text: str) -> None:
    truth, calls, _ = truth_and_calls(text, "retained")
    for call in calls:
        succession, after, before = call["succession"], call["after"], call["before"]
        held, restricted, children = call["args"][:3]
        system = succession.system
        assert after & ~before == system.false  # only narrows
        cube = next(iter(system.cubes(before)))  # (its trap space's bits are fixed in every cube)
        fixed = {b: v for b, v in cube.items() if b in succession.index and b not in restricted}
        for attractor in truth:
            if not inside(attractor, fixed) or any(inside(attractor, c) for c in children):
                continue
            assert states_of(succession, attractor) & after != system.false, (text, fixed, attractor.space)


@SETTINGS
@given(boolean_bnets())
def test_candidates_moved_forward_together_meet_every_attractor_of_a_minimal_trap_space(text: str) -> None:
    truth, calls, result = truth_and_calls(text, "coalesced")
    assert state_sets(result) == {frozenset(a.iter_states()) for a in truth}
    for call in calls:
        succession, after, fixed = call["succession"], call["after"], call["fixed"]
        system = succession.system
        assert system.count(after) <= system.count(call["before"])
        for attractor in truth:
            if inside(attractor, fixed):
                assert states_of(succession, attractor) & after != system.false, (text, fixed, attractor.space)


def test_every_state_of_two_negative_rings_coalesces_to_one_in_the_attractor() -> None:
    """Two independent negative rings of three: the attractor is 36 of the 64
    states. All 64 moved forward together merge into a few, all in it (sweeps
    that only rotate a ring keep the phases apart, so not always into one)."""
    network = parse_bnet("a, !c\nb, a\nc, b\nd, !f\ne, d\nf, e\n")
    calls, result = recorded("coalesced", network)
    assert [a.size for a in result.attractors] == [36]
    succession, (free, restricted, fixed) = calls[0]["succession"], calls[0]["args"]
    system = succession.system
    everything = succession.space(fixed)
    assert system.count(everything) == 64
    one = succession.coalesced(everything, free, restricted, fixed)
    assert 1 <= system.count(one) <= 8
    assert one & ~states_of(succession, result.attractors[0]) == system.false


@SETTINGS
@given(boolean_bnets())
def test_seeds_meet_every_attractor_outside_the_minimal_trap_spaces(text: str) -> None:
    """The seeds of a trap space meet every attractor of it that no minimal
    trap space holds: when there are none, its children need no search."""
    network = parse_bnet(text)
    truth = attractors(network, semantics="asynchronous", engine="explicit").attractors
    calls: list[dict[str, Any]] = []
    original = _succession._Succession.seeds

    def spy(self, fixed, free, restricted, held, minimal):  # type: ignore[no-untyped-def]
        out = original(self, fixed, free, restricted, held, minimal)
        calls.append({"succession": self, "fixed": fixed, "minimal": minimal, "after": out})
        return out

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_succession._Succession, "seeds", spy)
        result = expanded(network)
    assert state_sets(result) == {frozenset(a.iter_states()) for a in truth}
    for call in calls:
        succession, fixed = call["succession"], call["fixed"]
        system = succession.system
        assert all(all(m.get(b) == v for b, v in fixed.items()) for m in call["minimal"])
        for attractor in truth:
            if not inside(attractor, fixed) or any(inside(attractor, m) for m in call["minimal"]):
                continue
            assert states_of(succession, attractor) & call["after"] != system.false, (text, fixed, attractor.space)


def test_seeds_skip_the_children_of_a_trap_space_whose_candidates_all_reach_a_minimal_one() -> None:
    """A switch (a and b each inhibit the other) beside a ring: the root's
    candidates all walk into one of the two minimal trap spaces, so the
    maximal trap spaces are never asked for, and the attractors are theirs."""
    network = parse_bnet("a, !b\nb, !a\nc, e\nd, c\ne, !d | a\n")
    asked: list[Any] = []
    original = _succession._Succession.maximal.fget

    def counted(self):  # type: ignore[no-untyped-def]
        asked.append(self)
        return original(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_succession._Succession, "maximal", property(counted))
        result = expanded(network)
    explicit = attractors(network, semantics="asynchronous", engine="explicit")
    assert state_sets(result) == state_sets(explicit)
    assert sorted(a.size for a in result.attractors) == [1, 6]
    assert asked == []


@SETTINGS
@given(st.lists(st.integers(0, 255), min_size=1, max_size=12), st.lists(st.tuples(st.integers(0, 11),
                                                                                 st.integers(0, 255))))
def test_the_product_of_all_parts_but_one_is_kept_in_a_tree(tables: list[int],
                                                            changes: list[tuple[int, int]]) -> None:
    network = parse_bnet("x0, x0\nx1, x1\nx2, x2\n")
    system = SymbolicSystem(network)
    bdd = system.bdd

    def function(table: int) -> Any:  # the function of (x0, x1, x2) with this truth table
        out = system.false
        for n in range(8):
            if table >> n & 1:
                out |= bdd.cube({f"x{j}": bool(n >> j & 1) for j in range(3)})
        return out

    parts = [function(t) for t in tables]
    products = _succession._Products(list(parts), Task(network, "attractors"))
    for index, table in [*changes, (0, tables[0])]:
        index %= len(parts)
        parts[index] = function(table)
        products.replace(index, parts[index])
        everything = system.true
        for part in parts:
            everything &= part
        assert products.all() == everything
        for k in range(len(parts)):
            others = system.true
            for part in products.others(k):
                others &= part
            expected = system.true
            for j, part in enumerate(parts):
                if j != k:
                    expected &= part
            assert others == expected


# --------------------------------------------------------------------------- variable order


def shuffling_saturation(seed: int) -> Any:
    """``Saturation.step`` that first moves the BDD's variables to a random
    order, one step in three."""
    rng = Random(seed)
    original = _reach.Saturation.step

    def step(self, bits):  # type: ignore[no-untyped-def]
        if rng.random() < 1 / 3:
            names = sorted(self.system.bdd.vars)
            rng.shuffle(names)
            cudd.reorder(self.system.bdd, {v: i for i, v in enumerate(names)})
        return original(self, bits)

    return step


@SETTINGS
@given(networks(), st.sampled_from(["asynchronous", "priority"]), st.integers(0, 2**16), st.booleans())
def test_attractors_do_not_depend_on_the_variable_order(case: tuple[Network, Perturbation], semantics: str,
                                                        seed: int, deferred: bool) -> None:
    """Random reorderings during every saturation (the succession, the
    terminal-SCC search, the states reachable from a start), attractors
    summarised on the BDD or decoded at once: the explicit engine's."""
    network, perturbation = case
    explicit = attractors(network, semantics=semantics, perturbation=perturbation, engine="explicit")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_reach.Saturation, "step", shuffling_saturation(seed))
        patch.setattr(symbolic, "TINY", False)
        patch.setattr(_succession, "DIRECT_BITS", 0)
        if deferred:
            patch.setattr(symbolic, "EAGER_CUBES", 0)
        ours = attractors(network, semantics=semantics, perturbation=perturbation, engine="symbolic")
        start = {name: 0 for name in network.names}
        reached = attractors(network, semantics=semantics, perturbation=perturbation, engine="symbolic",
                             starts=[start])
    assert state_sets(ours) == state_sets(explicit)
    for attractor in ours.attractors:
        assert attractor.size == len(set(attractor.iter_states()))
    direct = attractors(network, semantics=semantics, perturbation=perturbation, engine="explicit", starts=[start])
    assert state_sets(reached) == state_sets(direct)


# --------------------------------------------------------------------------- deferred covers


@SETTINGS
@given(networks())
def test_an_attractor_summarised_on_its_bdd_is_the_one_decoded_at_once(case: tuple[Network, Perturbation]) -> None:
    network, perturbation = case
    eager = attractors(network, semantics="asynchronous", perturbation=perturbation, engine="symbolic")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(symbolic, "EAGER_CUBES", 0)
        patch.setattr(symbolic, "TINY", False)
        late = attractors(network, semantics="asynchronous", perturbation=perturbation, engine="symbolic")
    by_states = {frozenset(a.iter_states()): a for a in eager.attractors}
    assert set(by_states) == state_sets(late)
    for attractor in late.attractors:
        twin = by_states[frozenset(attractor.iter_states())]
        assert (attractor.size, attractor.values) == (twin.size, twin.values)
        assert attractor.mean == pytest.approx(twin.mean, abs=1e-12)
        assert attractor.states == twin.states


def test_a_deferred_cover_decodes_once_and_pickles_as_a_tuple() -> None:
    calls: list[int] = []

    def decode() -> list[tuple[tuple[int, ...], ...]]:
        calls.append(1)
        return [((1,), (0, 1)), ((0,), (1,))]

    cover = DeferredCover(decode)
    assert repr(cover) == "DeferredCover(not decoded)"
    attractor = Attractor.summarised(("a", "b"), cover, 3, [(0, 1), (0, 1)], [2 / 3, 2 / 3])
    assert calls == []
    assert attractor.space == {"a": "*", "b": "*"} and attractor.size == 3
    assert attractor.states == ((0, 1), (1, 0), (1, 1))
    assert list(cover) == [((0,), (1,)), ((1,), (0, 1))]  # sorted, as from_cover sorts
    assert calls == [1] and repr(cover) == "DeferredCover(2 subspaces)"
    same = Attractor.from_cover(("a", "b"), decode(), "cyclic")
    assert attractor == same and hash(attractor) == hash(same)
    copy = pickle.loads(pickle.dumps(attractor))
    assert copy == attractor and type(copy.cover) is tuple


def test_a_deferred_attractor_keeps_its_cover_deferred_when_constants_are_put_back() -> None:
    spaces = [((1,), (0, 1)), ((0,), (1,))]
    lazy = Attractor.summarised(("a", "b"), DeferredCover(lambda: spaces), 3, [(0, 1), (0, 1)], [2 / 3, 2 / 3])
    lifted = lazy.project(("a", "c", "b"), {"c": 1})
    assert isinstance(lifted.cover, DeferredCover) and not lifted.cover.decoded
    assert lifted.space == {"a": "*", "c": 1, "b": "*"} and lifted.mean == (2 / 3, 1.0, 2 / 3)
    assert lifted == Attractor.from_cover(("a", "b"), spaces, "cyclic").project(("a", "c", "b"), {"c": 1})
