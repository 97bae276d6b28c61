"""Rate-based semantics against the exact Markov chain.

The chain is built here, independently of logicnet's tables: every state of a
small network, each node's target from its rule (``Rule.evaluate``), a move of
one level toward it with the node's rate. ``stochastic`` is checked against
``p0 expm(Q t)``, ``random-async`` against ``p0 (I + Q/R)^k``, and the share of
runs in each attractor against the exact mass of its states (and, at long
times, against the absorption probabilities from a linear solve). Seeds are
fixed; every comparison allows 3 standard errors of the simulated proportion.
"""

from __future__ import annotations

from itertools import product

import numpy as np
import pytest
import scipy.integrate
import scipy.linalg
import scipy.sparse.csgraph

from logicnet.dynamics.semantics import choose_moves, propensities, resolve_simulated_semantics
from logicnet.dynamics.simulate import simulate
from logicnet.errors import AnalysisError
from logicnet.execution import LocalPoolExecutor
from logicnet.io import parse_yaml
from logicnet.model.expression import Atom, conj, disj, neg
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Network, Node
from logicnet.model.perturbation import Perturbation
from logicnet.model.rules import Rule

TOY = """
logicnet: 1
name: rates toy
rates: {fast: 3, slow: 0.5}
time_unit: hour
nodes:
  S: {input: true}
  A: {rule: "S & !C", rate_up: 2, rate_down: 1}
  B:
    levels: 2
    rule: [{level: 2, when: A & S}, {level: 1, when: A}, {level: 0}]
  C: {rule: "B >= 2", speed: slow}
  D: {rule: "B | D", speed: slow, rate_up: 0.25}
  E: {rule: "!D & A"}
drugs:
  capB: {targets: {B: "<=1"}}
  dA: {targets: [A]}
contexts:
  on: {S: 1}
"""


class Chain:
    """The exact chain of a network under a perturbation."""

    def __init__(self, network: Network, perturbation: Perturbation):
        self.network = network
        self.names = network.names
        tops = [network.nodes[n].levels for n in self.names]
        self.states = list(product(*(range(t + 1) for t in tops)))
        self.index = {s: k for k, s in enumerate(self.states)}
        size = len(self.states)
        self.Q = np.zeros((size, size))
        for k, state in enumerate(self.states):
            named = dict(zip(self.names, state))
            for i, name in enumerate(self.names):
                if name in perturbation.fixed:
                    target = perturbation.fixed[name]
                else:
                    target = min(network.nodes[name].update_rule().evaluate(named),
                                 perturbation.caps.get(name, tops[i]))
                if target == state[i]:
                    continue
                up, down = network.node_rates(name)
                rate = up if target > state[i] else down
                if rate == 0:
                    continue
                moved = list(state)
                moved[i] += 1 if target > state[i] else -1
                self.Q[k, self.index[tuple(moved)]] += rate
        self.Q -= np.diag(self.Q.sum(axis=1))
        self.perturbation = perturbation

    def start(self, distribution: dict[str, object]) -> np.ndarray:
        """A product start distribution (levels or probabilities), put through the perturbation."""
        p = np.zeros(len(self.states))
        for k, state in enumerate(self.states):
            weight = 1.0
            for name, level in zip(self.names, state):
                value = distribution.get(name, 0)
                top = self.network.nodes[name].levels
                if isinstance(value, int):
                    probs = [1.0 if v == value else 0.0 for v in range(top + 1)]
                elif isinstance(value, float):
                    probs = [1 - value, value]
                else:
                    probs = list(value)
                weight *= probs[level]
            if weight:
                treated = dict(zip(self.names, state))
                treated = self.perturbation.project(treated)
                p[self.index[tuple(treated[n] for n in self.names)]] += weight
        return p

    def at(self, p0: np.ndarray, t: float) -> np.ndarray:
        return p0 @ scipy.linalg.expm(self.Q * t)

    def steps(self, p0: np.ndarray, k: int) -> np.ndarray:
        R = sum(max(self.network.node_rates(n)) for n in self.names)
        return p0 @ np.linalg.matrix_power(np.eye(len(self.states)) + self.Q / R, k)

    def level(self, p: np.ndarray, name: str, level: int) -> float:
        i = self.names.index(name)
        return float(sum(pk for pk, s in zip(p, self.states) if s[i] == level))

    def attractors(self) -> list[frozenset[int]]:
        """Terminal strongly connected components of the chain's graph."""
        graph = scipy.sparse.csr_matrix(self.Q > 0)
        count, labels = scipy.sparse.csgraph.connected_components(graph, directed=True, connection="strong")
        out = []
        for c in range(count):
            members = np.flatnonzero(labels == c)
            leaves = np.flatnonzero((self.Q[members] > 0).any(axis=0))
            if set(leaves.tolist()) <= set(members.tolist()):
                out.append(frozenset(members.tolist()))
        return out

    def absorption(self, p0: np.ndarray) -> dict[frozenset[int], float]:
        """The probability of ending in each attractor (a linear solve)."""
        classes = self.attractors()
        recurrent = sorted(set().union(*classes))
        transient = [k for k in range(len(self.states)) if k not in set(recurrent)]
        out = {}
        for members in classes:
            into = self.Q[np.ix_(transient, sorted(members))].sum(axis=1)
            reach = np.linalg.solve(-self.Q[np.ix_(transient, transient)], into) if transient else np.zeros(0)
            out[members] = float(p0[sorted(members)].sum() + p0[transient] @ reach)
        return out


def close(simulated: float, exact: float, runs: int) -> bool:
    """Within 3 standard errors (exact when the probability is 0 or 1, up to rounding)."""
    exact = min(max(exact, 0.0), 1.0)
    return abs(simulated - exact) <= 3 * np.sqrt(exact * (1 - exact) / runs) + 1e-9


def check_levels(course, chain: Chain, exact_at) -> None:
    for k, t in enumerate(course.time_points):
        p = exact_at(t)
        for name in chain.names:
            for level in range(chain.network.nodes[name].levels + 1):
                simulated = float(course.fraction(name, level)[k])
                expected = chain.level(p, name, level)
                assert close(simulated, expected, course.runs), (course.semantics, t, name, level, simulated, expected)


def check_attractors(course, chain: Chain, p_end: np.ndarray) -> None:
    shares = {frozenset(chain.index[s] for s in share.attractor.iter_states()): share.runs / course.runs
              for share in course.attractors if share.attractor is not None}
    unsettled = sum(s.runs for s in course.attractors if s.attractor is None) / course.runs
    classes = chain.attractors()
    assert set(shares) <= set(classes)
    for members in classes:
        expected = float(p_end[sorted(members)].sum())
        assert close(shares.get(members, 0.0), expected, course.runs), (members, shares.get(members), expected)
    expected_unsettled = 1 - sum(float(p_end[sorted(m)].sum()) for m in classes)
    assert close(unsettled, expected_unsettled, course.runs)


@pytest.fixture(scope="module")
def toy() -> Network:
    return parse_yaml(TOY)


CASES = [
    ("no perturbation", {}, {"S": 0.5, "A": 0.3, "D": 0.2}),
    ("context and cap", {"context": "on", "drugs": ["capB"]}, {"A": 1, "B": (0.2, 0.3, 0.5)}),
    ("drug fixing A", {"context": "on", "drugs": ["dA"]}, {"A": 1, "B": 2, "C": 0.5, "E": 0.7}),
]


@pytest.mark.parametrize("label, treatment, start", CASES, ids=[c[0] for c in CASES])
def test_stochastic_matches_the_matrix_exponential(toy, label, treatment, start):
    perturbation = Perturbation.build(toy, **treatment)
    chain = Chain(toy, perturbation)
    p0 = chain.start(start)
    course = simulate(toy, [start], semantics="stochastic", perturbation=perturbation, runs=20000, time=6,
                      sample_every=1.5, seed=11)
    assert course.time_points.tolist() == [0.0, 1.5, 3.0, 4.5, 6.0] and course.time_unit == "hour"
    check_levels(course, chain, lambda t: chain.at(p0, t))
    check_attractors(course, chain, chain.at(p0, 6))


@pytest.mark.parametrize("label, treatment, start", CASES, ids=[c[0] for c in CASES])
def test_random_async_matches_the_matrix_power(toy, label, treatment, start):
    perturbation = Perturbation.build(toy, **treatment)
    chain = Chain(toy, perturbation)
    p0 = chain.start(start)
    course = simulate(toy, [start], semantics="random-async", perturbation=perturbation, runs=20000, steps=60,
                      sample_every=15, seed=13)
    assert course.time_points.tolist() == [0, 15, 30, 45, 60]
    check_levels(course, chain, lambda k: chain.steps(p0, int(k)))
    check_attractors(course, chain, chain.steps(p0, 60))


def test_long_runs_end_in_attractors_with_the_absorption_probabilities(toy):
    perturbation = Perturbation.build(toy, context="on")
    chain = Chain(toy, perturbation)
    start = {"A": 0.5, "B": (0.4, 0.3, 0.3), "D": 0.1}
    p0 = chain.start(start)
    exact = chain.absorption(p0)
    course = simulate(toy, [start], semantics="stochastic", perturbation=perturbation, runs=10000, time=200,
                      sample_every=100, seed=3)
    assert all(s.attractor is not None for s in course.attractors)  # every run has settled
    assert any(s.attractor.kind == "cyclic" for s in course.attractors)  # the A-B-C loop
    for share in course.attractors:
        members = frozenset(chain.index[s] for s in share.attractor.iter_states())
        assert close(share.probability, exact[members], course.runs)
    assert sum(exact.values()) == pytest.approx(1.0)


def random_network(seed: int, size: int) -> Network:
    rng = np.random.default_rng(seed)
    names = [f"x{i}" for i in range(size)]
    nodes = {}
    for i, name in enumerate(names):
        regs = rng.choice(size, size=int(rng.integers(1, 4)), replace=False)
        literals = [Atom(names[r]) if rng.random() < 0.6 else neg(Atom(names[r])) for r in regs]
        expr = disj(conj(*literals[:2]), *literals[2:]) if rng.random() < 0.5 else conj(*literals)
        up, down = (float(v) for v in rng.choice([0.5, 1.0, 2.0, 4.0], size=2))
        nodes[name] = Node(name, Rule.boolean(expr), rate_up=up, rate_down=down)
    return Network("random", FrozenMap(nodes))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_networks_both_semantics(seed):
    network = random_network(seed, 8)
    perturbation = Perturbation(fixed={"x0": 1})
    chain = Chain(network, perturbation)
    start = {name: 0.5 for name in network.names}
    p0 = chain.start(start)
    course = simulate(network, [start], semantics="stochastic", perturbation=perturbation, runs=10000, time=2,
                      sample_every=1, seed=seed)
    check_levels(course, chain, lambda t: chain.at(p0, t))
    check_attractors(course, chain, chain.at(p0, 2))
    course = simulate(network, [start], semantics="random-async", perturbation=perturbation, runs=10000, steps=40,
                      sample_every=20, seed=seed)
    check_levels(course, chain, lambda k: chain.steps(p0, int(k)))


def test_window_averages_match_the_integral(toy):
    """``average``: the mean over each window of the exact probability (as MaBoSS reports)."""
    perturbation = Perturbation.build(toy, context="on")
    chain = Chain(toy, perturbation)
    start = {"A": 0.5}
    p0 = chain.start(start)
    course = simulate(toy, [start], semantics="stochastic", perturbation=perturbation, runs=20000, time=4,
                      sample_every=1, average=True, seed=5)
    assert course.averaged and course.time_points.tolist() == [0.0, 1.0, 2.0, 3.0]
    grid = np.linspace(0, 4, 401)
    hop = scipy.linalg.expm(chain.Q * (grid[1] - grid[0]))
    exact = [p0]
    for _ in grid[1:]:
        exact.append(exact[-1] @ hop)
    exact = np.array(exact)
    for k, t in enumerate(course.time_points):
        window = (grid >= t) & (grid <= t + 1)
        mean = scipy.integrate.trapezoid(exact[window], grid[window], axis=0)
        for name in chain.names:
            for level in range(toy.nodes[name].levels + 1):
                assert close(float(course.fraction(name, level)[k]), chain.level(mean, name, level), course.runs)


def test_same_seed_same_result_with_any_number_of_workers(toy):
    perturbation = Perturbation.build(toy, context="on")
    options = dict(semantics="stochastic", perturbation=perturbation, runs=6000, time=5, sample_every=0.5, seed=9)
    alone = simulate(toy, [{"A": 0.5}], **options)
    pooled = simulate(toy, [{"A": 0.5}], executor=LocalPoolExecutor(2), **options)
    assert (alone.counts == pooled.counts).all() and alone.to_csv() == pooled.to_csv()
    assert alone.to_dict() == pooled.to_dict()
    other = simulate(toy, [{"A": 0.5}], **{**options, "seed": 10})
    assert (other.counts != alone.counts).any()


def test_moves_are_chosen_in_proportion_to_their_rates():
    step = np.array([[1], [-1], [0], [1]], dtype=np.int8)
    rates = propensities(step, np.array([1.0, 5.0, 7.0, 3.0]), np.array([9.0, 2.0, 7.0, 1.0]))
    assert rates[:, 0].tolist() == [1.0, 2.0, 0.0, 3.0]
    chosen = choose_moves(np.repeat(rates, 60000, axis=1), np.random.default_rng(0))
    shares = np.bincount(chosen, minlength=4) / 60000
    for share, expected in zip(shares, [1 / 6, 2 / 6, 0, 3 / 6]):
        assert close(share, expected, 60000)


def test_errors(toy):
    with pytest.raises(AnalysisError, match="cannot simulate the mostpermissive"):
        resolve_simulated_semantics("mostpermissive", toy)
    with pytest.raises(AnalysisError, match="unknown semantics 'stochastik' \\(did you mean 'stochastic'\\?\\)"):
        resolve_simulated_semantics("stochastik", toy)
    with pytest.raises(AnalysisError, match="give a time \\(--time\\), not steps"):
        simulate(toy, [{}], semantics="stochastic", steps=10)
    with pytest.raises(AnalysisError, match="give --steps, not --time"):
        simulate(toy, [{}], semantics="random-async", time=10)
    with pytest.raises(AnalysisError, match="start probabilities need a rate-based semantics"):
        simulate(toy, [{"A": 0.5}], semantics="asynchronous")
    with pytest.raises(AnalysisError, match="start probabilities of 'B' must be 3 numbers"):
        simulate(toy, [{"B": (0.5, 0.6, 0.1)}], semantics="stochastic")
    with pytest.raises(AnalysisError, match="'B' has levels 0..2; give the probability of each level"):
        simulate(toy, [{"B": 0.5}], semantics="stochastic")


def test_same_result_on_a_dask_cluster(toy):
    distributed = pytest.importorskip("distributed")
    from logicnet.execution import DaskExecutor

    options = dict(semantics="stochastic", runs=6000, time=5, sample_every=0.5, seed=9)
    alone = simulate(toy, [{"A": 0.5}], **options)
    with distributed.LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        clustered = simulate(toy, [{"A": 0.5}], executor=DaskExecutor(client), **options)
    assert (alone.counts == clustered.counts).all() and alone.to_dict() == clustered.to_dict()
