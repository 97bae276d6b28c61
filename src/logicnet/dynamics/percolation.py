"""Percolation of constants: the smallest network with the same attractors.

A node whose rule becomes constant once the known constants are folded in is
removed, and its level folded into the rules that read it. This is exact:

* for fixed points, minimal trap spaces, and asynchronous or synchronous
  attractors over the whole state space (every attractor has such a node at its
  constant level);
* under ``priority`` only for nodes of the fastest class still moving (a slow
  node can be held off forever by fast nodes that keep changing);
* when attractors are sought from given start states, only for nodes that sit
  at their constant level in every start state (otherwise the node's transient
  level could open paths the reduced network would miss).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from logicnet.dynamics.attractor import Subspace
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Network, Node
from logicnet.model.rules import Rule

__all__ = ["Reduction", "percolate", "freeze"]


@dataclass(frozen=True)
class Reduction:
    """The reduced network and the levels of the nodes taken out of it."""

    network: Network
    constants: FrozenMap[str, int]


def percolate(
    network: Network,
    *,
    semantics: str,
    starts: tuple[Subspace, ...] | None = None,
    keep: frozenset[str] = frozenset(),
) -> Reduction:
    """Remove the nodes that are constant in every attractor (see module notes).

    ``semantics`` is one of the four names or ``"fixed_points"``. Nodes in
    ``keep`` stay (their rules may later be overridden, see
    :mod:`logicnet.dynamics.scan`).
    """
    names = network.names
    index = {n: i for i, n in enumerate(names)}
    rules = {n: node.update_rule() for n, node in network.nodes.items()}
    readers: dict[str, list[str]] = {n: [] for n in names}
    for name, rule in rules.items():
        for regulator in rule.regulators:
            readers[regulator].append(name)
    known: dict[str, int] = {}
    # a rule is folded again only when one of its regulators became known
    # since it was last folded (each pass is linear in the size of the rules
    # it touches); every rule is folded once at first (constants in the text)
    stale = set(names)
    changed = True
    while changed:
        changed = False
        if semantics == "priority":
            moving = [network.nodes[n].speed for n in names if n not in known]
            fastest = min(moving) if moving else 0
        for name in names:
            if name in known or name in keep:
                continue
            if semantics == "priority" and network.nodes[name].speed != fastest:
                continue
            if name in stale:
                rules[name] = rules[name].substitute(known)
                stale.discard(name)
            level = rules[name].constant_level
            if level is None:
                continue
            if starts is not None and any(space[index[name]] != (level,) for space in starts):
                continue
            known[name] = level
            stale.update(readers[name])
            changed = True
    nodes: dict[str, Node] = {}
    for name, node in network.nodes.items():
        if name not in known:
            rule = rules[name].substitute(known) if name in stale else rules[name]
            nodes[name] = replace(node, rule=rule, value=None)
    reduced = replace(network, nodes=FrozenMap(nodes), drugs=FrozenMap(), alterations=FrozenMap(),
                      contexts=FrozenMap(), scenarios=(), states=FrozenMap(), start=None, check=False)
    return Reduction(reduced, FrozenMap(known))


def freeze(network: Network, names: set[str] | frozenset[str]) -> Network:
    """``network`` with ``names`` unable to change (each keeps its current level).

    Used for the early phase: slow nodes stay at their untreated levels.
    """
    nodes = {
        n: (replace(node, rule=Rule.identity(n, node.levels), value=None) if n in names else node)
        for n, node in network.nodes.items()
    }
    return network.with_nodes(nodes, check=False)
