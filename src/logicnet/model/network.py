"""The network: nodes with levels and rules, and the modeller's drugs,
alterations, contexts and scenarios. All values are immutable; every change
(a perturbation, a booleanization) returns a new :class:`Network`.
"""

from __future__ import annotations

import math
from dataclasses import InitVar, dataclass, field, replace
from typing import Iterable, Literal, Mapping

from logicnet.errors import ModelError, SourceLocation, did_you_mean
from logicnet.limits import MAX_LEVEL, MAX_NAME_LENGTH, MAX_RULE_DEPTH, shown_name
from logicnet.model.expression import NAME_PATTERN, RESERVED_WORDS, And, Atom, Expr, Not, Or, format_expression
from logicnet.model.frozen import FrozenMap
from logicnet.model.rules import Rule
from logicnet.model.states import StartState, check_state, parse_state_text

__all__ = [
    "FAST",
    "SLOW",
    "SEMANTICS",
    "Goal",
    "Effect",
    "Node",
    "Drug",
    "Alteration",
    "Context",
    "Expectation",
    "Scenario",
    "Network",
]

FAST = 0
SLOW = 1
SEMANTICS = ("synchronous", "asynchronous", "priority", "mostpermissive")
STARTS = ("untreated", "any")
PHASES = ("early", "late")


@dataclass(frozen=True)
class Goal:
    """A level a phenotype should reach: ``node == level``, ``<=`` or ``>=``."""

    node: str
    op: Literal["==", "<=", ">="]
    level: int

    def holds(self, level: int) -> bool:
        if self.op == "==":
            return level == self.level
        if self.op == "<=":
            return level <= self.level
        return level >= self.level

    @property
    def value_text(self) -> str | int:
        """``0`` for ``== 0``, ``"<=1"`` for ``<= 1``: the form of the network file."""
        return self.level if self.op == "==" else f"{self.op}{self.level}"

    def __str__(self) -> str:
        return f"{self.node}={self.level}" if self.op == "==" else f"{self.node}{self.op}{self.level}"


@dataclass(frozen=True)
class Effect:
    """What a drug does to one target: fix it at ``level``, or cap it at ``level``."""

    level: int
    cap: bool = False

    @property
    def value_text(self) -> str | int:
        return f"<={self.level}" if self.cap else self.level

    def __str__(self) -> str:
        return f"<={self.level}" if self.cap else f"={self.level}"


@dataclass(frozen=True)
class Node:
    """A species or read-out. ``rule is None`` marks an input."""

    name: str
    rule: Rule | None
    levels: int = 1
    value: int | None = None
    speed: int = FAST
    phenotype: bool = False
    goal: Goal | None = None
    label: str | None = None
    description: str | None = None
    group: str | None = None
    references: tuple[str, ...] = ()
    #: rates of the stochastic semantics (per unit of the network's time);
    #: ``None``: the network's default rate of the node's speed class
    rate_up: float | None = None
    rate_down: float | None = None

    @property
    def is_input(self) -> bool:
        return self.rule is None

    @property
    def is_free_input(self) -> bool:
        """An input with no default level: it keeps whatever level it starts at."""
        return self.rule is None and self.value is None

    def update_rule(self) -> Rule:
        """The rule the dynamics use: inputs keep their level or take their ``value``."""
        if self.rule is not None:
            return self.rule
        if self.value is not None:
            return Rule.constant(self.value)
        return Rule.identity(self.name, self.levels)

    @property
    def display_name(self) -> str:
        return self.label or self.name


@dataclass(frozen=True)
class Drug:
    """A drug of the panel: its effect on each target node."""

    name: str
    targets: FrozenMap[str, Effect]
    description: str | None = None
    drug_class: str | None = None
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alteration:
    """A genetic change of a clone: nodes fixed at levels."""

    name: str
    levels: FrozenMap[str, int]


@dataclass(frozen=True)
class Context:
    """An environment: levels of inputs (or of other nodes a cell line pins),
    and the start state its untreated cells are in (a name of ``states``)."""

    name: str
    levels: FrozenMap[str, int]
    start: str | None = None


@dataclass(frozen=True)
class Expectation:
    """``all``: every state of every attractor has ``level``; ``some``: at least one
    state does; ``none``: no state does."""

    kind: Literal["all", "some", "none"]
    level: int

    @property
    def value_text(self) -> object:
        return self.level if self.kind == "all" else {self.kind: self.level}

    def __str__(self) -> str:
        return f"= {self.level}" if self.kind == "all" else f"{self.kind} {self.level}"


@dataclass(frozen=True)
class Scenario:
    """An experiment and its expected outcome (checked by ``logicnet check``)."""

    name: str
    expect: FrozenMap[str, Expectation]
    context: str | None = None
    alterations: tuple[str, ...] = ()
    drugs: tuple[str, ...] = ()
    sequence: tuple[tuple[str, ...], ...] | None = None
    semantics: str | None = None
    start: str = "untreated"  # untreated, any, or a declared start state
    phase: Literal["early", "late"] = "late"
    description: str | None = None

    @property
    def steps(self) -> tuple[tuple[str, ...], ...]:
        """The treatments one after another (a single step for ``drugs``)."""
        return self.sequence if self.sequence is not None else (self.drugs,)


@dataclass(frozen=True)
class Network:
    """A logical network model and everything the modeller declared around it."""

    name: str
    nodes: FrozenMap[str, Node]
    drugs: FrozenMap[str, Drug] = field(default_factory=FrozenMap)
    alterations: FrozenMap[str, Alteration] = field(default_factory=FrozenMap)
    contexts: FrozenMap[str, Context] = field(default_factory=FrozenMap)
    scenarios: tuple[Scenario, ...] = ()
    description: str | None = None
    references: tuple[str, ...] = ()
    #: named start states, and the one untreated cells start in unless their context names one
    states: FrozenMap[str, StartState] = field(default_factory=FrozenMap)
    start: str | None = None
    #: default rate of each speed class (stochastic semantics); classes not named have rate 1
    rates: FrozenMap[int, float] = field(default_factory=FrozenMap)
    #: the unit of time of the rates (``hour``); ``None``: unitless
    time_unit: str | None = None
    source: str | None = field(default=None, compare=False)
    locations: FrozenMap[str, SourceLocation] = field(
        default_factory=FrozenMap, compare=False, repr=False
    )
    #: ``False`` only for copies made from a network already checked (a
    #: perturbation, percolation, booleanization), which are valid by construction
    check: InitVar[bool] = True

    def __post_init__(self, check: bool) -> None:
        for attr in ("nodes", "drugs", "alterations", "contexts", "states", "locations", "rates"):
            value = getattr(self, attr)
            if not isinstance(value, FrozenMap):
                object.__setattr__(self, attr, FrozenMap(value))
        object.__setattr__(self, "scenarios", tuple(self.scenarios))
        if check:
            _check_network(self)

    # ----------------------------------------------------------------- lookup
    def node(self, name: str) -> Node:
        """The node called ``name``; a clear error (with a suggestion) if there is none."""
        try:
            return self.nodes[name]
        except KeyError:
            raise ModelError(
                f"unknown node '{name}'{did_you_mean(name, self.nodes)}"
            ) from None

    def drug(self, name: str) -> Drug:
        try:
            return self.drugs[name]
        except KeyError:
            known = ", ".join(self.drugs) or "none declared"
            raise ModelError(
                f"unknown drug '{name}'{did_you_mean(name, self.drugs)}; drugs: {known}"
            ) from None

    def alteration(self, name: str) -> Alteration:
        try:
            return self.alterations[name]
        except KeyError:
            known = ", ".join(self.alterations) or "none declared"
            raise ModelError(
                f"unknown alteration '{name}'{did_you_mean(name, self.alterations)};"
                f" alterations: {known}"
            ) from None

    def context(self, name: str) -> Context:
        try:
            return self.contexts[name]
        except KeyError:
            known = ", ".join(self.contexts) or "none declared"
            raise ModelError(
                f"unknown context '{name}'{did_you_mean(name, self.contexts)}; contexts: {known}"
            ) from None

    def state(self, name: str) -> StartState:
        """The declared start state ``name``; a clear error if there is none."""
        try:
            return self.states[name]
        except KeyError:
            known = ", ".join(self.states) or "none declared"
            raise ModelError(
                f"unknown start state '{name}'{did_you_mean(name, self.states)}; states: {known}"
                " (or untreated, any, or NODE=LEVEL,...)"
            ) from None

    def start_state(self, text: str, what: str = "--from") -> StartState:
        """A declared state by name, or one written ``NODE=LEVEL,...`` (nodes
        not named at 0, ``N=*`` any level), checked against the nodes."""
        state = self.state(text) if "=" not in text else parse_state_text(text, what)
        problem = check_state(state, {n: node.levels for n, node in self.nodes.items()}, what)
        if problem is not None:
            raise ModelError(problem)
        return state

    def untreated_state(self, context: str | None) -> StartState | None:
        """The state untreated cells of ``context`` start in: the context's own,
        else the network's ``start``, else ``None`` (every attractor counts)."""
        name = self.contexts[context].start if context is not None and context in self.contexts else None
        name = name or self.start
        return None if name is None else self.states[name]

    def location(self, key: str) -> SourceLocation | None:
        """Where ``key`` (``node:X``, ``drug:D``, ``scenario:N`` ...) was written, if known."""
        return self.locations.get(key)

    # ---------------------------------------------------------------- summary
    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.nodes)

    @property
    def inputs(self) -> tuple[str, ...]:
        return tuple(n for n, node in self.nodes.items() if node.is_input)

    @property
    def phenotypes(self) -> tuple[str, ...]:
        return tuple(n for n, node in self.nodes.items() if node.phenotype)

    @property
    def goals(self) -> tuple[Goal, ...]:
        """The phenotype goals declared in the file (``goal`` keys)."""
        return tuple(node.goal for node in self.nodes.values() if node.goal is not None)

    @property
    def is_boolean(self) -> bool:
        return all(node.levels == 1 for node in self.nodes.values())

    @property
    def speed_classes(self) -> tuple[int, ...]:
        return tuple(sorted({node.speed for node in self.nodes.values()}))

    @property
    def has_slow_nodes(self) -> bool:
        return len(self.speed_classes) > 1

    @property
    def slow_nodes(self) -> tuple[str, ...]:
        """Nodes slower than the fastest speed class (held still in the early
        phase, when only the fast processes have acted)."""
        fastest = min(self.speed_classes, default=FAST)
        return tuple(n for n, node in self.nodes.items() if node.speed != fastest)

    @property
    def default_semantics(self) -> str:
        """``priority`` when the network has slow nodes, else ``asynchronous``."""
        return "priority" if self.has_slow_nodes else "asynchronous"

    def node_rates(self, name: str) -> tuple[float, float]:
        """``(rate_up, rate_down)`` of a node under the stochastic semantics: its
        own rates, else the default rate of its speed class (``rates``), else 1."""
        node = self.node(name)
        default = float(self.rates.get(node.speed, 1.0))
        up = default if node.rate_up is None else node.rate_up
        down = default if node.rate_down is None else node.rate_down
        return float(up), float(down)

    @property
    def has_rates(self) -> bool:
        """Whether the file gives any rate (``rates`` or a node's ``rate``)."""
        return bool(self.rates) or any(n.rate_up is not None or n.rate_down is not None for n in self.nodes.values())

    def max_level(self, name: str) -> int:
        return self.node(name).levels

    def with_nodes(self, nodes: Mapping[str, Node] | Iterable[Node], *, check: bool = True) -> "Network":
        """A copy with these nodes (keyed by name), keeping everything else
        (``check=False`` for a transformation known to keep the network valid)."""
        if not isinstance(nodes, Mapping):
            nodes = {n.name: n for n in nodes}
        return replace(self, nodes=FrozenMap(nodes), check=check)


# --------------------------------------------------------------------------- checks


def _fail(net: Network, key: str, message: str, *closer_keys: str) -> None:
    """Raise at the most precise location recorded for ``closer_keys`` or ``key``."""
    for k in (*closer_keys, key):
        location = net.location(k)
        if location is not None:
            raise ModelError(message, location)
    raise ModelError(message, SourceLocation(net.source) if net.source else None)


def _speed_name(speed: object) -> str:
    return {FAST: "fast", SLOW: "slow"}.get(speed, str(speed))  # type: ignore[call-overload]


def _rule_text(node: Node) -> str:
    assert node.rule is not None
    plain = node.rule.boolean_expression(node.levels)
    return format_expression(plain) if plain is not None else node.rule.describe()


def _unknown_node(net: Network, node: str) -> str:
    return f"unknown node '{node}'{did_you_mean(node, net.nodes)} (nodes are declared under 'nodes')"


def _check_level(net: Network, key: str, what: str, node: str, level: int, closer: str) -> None:
    if node not in net.nodes:
        _fail(net, key, f"{what} names {_unknown_node(net, node)}", closer)
    top = net.nodes[node].levels
    if not 0 <= level <= top:
        _fail(net, key, f"{what} sets '{node}' to {level}, but '{node}' has levels 0..{top}", closer)


def _known(kind: str, names: Iterable[str]) -> str:
    names = list(names)
    return f"; {kind}: {', '.join(names)}" if names else f"; no {kind} are declared"


def _atoms_and_depth(expr: Expr) -> tuple[set[Atom], int]:
    """The atoms of ``expr`` and how deep its operators nest (an atom or a
    constant is 0), in one walk, level by level: rules are checked every time
    a network is built."""
    found: dict[int, Atom] = {}  # by identity first: parsed rules share their atoms
    depth = -1
    level: list[Expr] = [expr]
    while level:
        depth += 1
        below: list[Expr] = []
        for e in level:
            kind = type(e)
            if kind is Atom:
                found[id(e)] = e  # type: ignore[assignment]
            elif kind is Not:
                below.append(e.arg)  # type: ignore[union-attr]
            elif kind is And or kind is Or:
                below.extend(e.args)  # type: ignore[union-attr]
        level = below
    return set(found.values()), depth


def _too_long(kind: str, name: str) -> str:
    return (f"the {kind} name '{shown_name(name)}' is too long: names have at most {MAX_NAME_LENGTH}"
            " characters (put long display names in 'label' or 'description')")


def _check_names(net: Network) -> None:
    """Names within :data:`~logicnet.limits.MAX_NAME_LENGTH` (before any message repeats them)."""
    for kind, names in (("node", net.nodes), ("drug", net.drugs), ("alteration", net.alterations),
                        ("context", net.contexts), ("scenario", [s.name for s in net.scenarios])):
        for name in names:
            if len(name) > MAX_NAME_LENGTH:  # a node only named in rules is located where it is named
                mentions = [k for k in net.locations if kind == "node" and k.startswith("atom:")
                            and k.endswith(f":{name}")]
                _fail(net, f"{kind}:{name}", _too_long(kind, name), *mentions[:1])
    for dname, drug in net.drugs.items():
        for target in drug.targets:
            if len(target) > MAX_NAME_LENGTH:
                _fail(net, f"drug:{dname}", _too_long("node", target), f"drug:{dname}:{target}")


def _check_network(net: Network) -> None:
    """Raise :class:`ModelError` on anything that makes the model meaningless
    or exceeds the limits of :mod:`logicnet.limits`."""
    _check_names(net)
    for name, node in net.nodes.items():
        key = f"node:{name}"
        if not NAME_PATTERN.match(name) or name.lower() in RESERVED_WORDS:
            _fail(
                net,
                key,
                f"'{name}' is not a valid node id: ids are letters, digits and '_', start"
                " with a letter or '_', and are not and/or/not/true/false"
                " (put display names in 'label')",
            )
        if node.levels < 1:
            _fail(net, key, f"node '{name}' has levels {node.levels}: levels must be 1 or more")
        if node.levels > MAX_LEVEL:
            _fail(net, key, f"node '{name}' has levels {node.levels}: logicnet handles levels up to {MAX_LEVEL}"
                            f" (levels 0..{MAX_LEVEL})")
        if node.value is not None and not 0 <= node.value <= node.levels:
            _fail(net, key, f"input '{name}' has value {node.value}, outside 0..{node.levels}")
        if node.goal is not None:
            if not node.phenotype:
                _fail(net, key, f"node '{name}' has a goal but is not a phenotype: add 'phenotype: true'")
            if not 0 <= node.goal.level <= node.levels:
                _fail(net, key, f"goal of '{name}' is {node.goal.level}, outside 0..{node.levels}")
        if node.rule is None:
            continue
        rule_key = f"rule:{name}" if f"rule:{name}" in net.locations else key
        for case in node.rule.cases:
            case_atoms, depth = _atoms_and_depth(case.when)
            if depth > MAX_RULE_DEPTH:
                _fail(net, rule_key, f"rule for '{name}' nests operators {depth} deep: logicnet reads rules nested"
                                     f" at most {MAX_RULE_DEPTH} deep (a run of '!' or alternating '&' and '|' in"
                                     " parentheses); simplify it")
            if not 0 <= case.level <= node.levels:
                _fail(net, rule_key, f"rule for '{name}' targets level {case.level}, outside 0..{node.levels}")
            for atom in sorted(case_atoms, key=lambda a: (a.node, a.threshold)):
                atom_key = f"atom:{name}:{atom.node}"
                if len(atom.node) > MAX_NAME_LENGTH:
                    _fail(net, rule_key, _too_long("node", atom.node), atom_key)
                if atom.node not in net.nodes:
                    _fail(
                        net,
                        rule_key,
                        f"rule for '{name}' uses unknown node '{atom.node}'"
                        f"{did_you_mean(atom.node, net.nodes)} in: {_rule_text(node)}",
                        atom_key,
                    )
                top = net.nodes[atom.node].levels
                if atom.threshold > top:
                    _fail(
                        net,
                        rule_key,
                        f"rule for '{name}' uses threshold '{atom.node} >= {atom.threshold}', but"
                        f" '{atom.node}' has levels 0..{top}"
                        + (" (it is Boolean)" if top == 1 else ""),
                        f"{atom_key}:{atom.threshold}",
                        atom_key,
                    )
        if not 0 <= node.rule.default <= node.levels:
            _fail(net, rule_key, f"rule for '{name}' defaults to {node.rule.default}, outside 0..{node.levels}")

    for name, node in net.nodes.items():
        for which, rate in (("rate_up", node.rate_up), ("rate_down", node.rate_down)):
            if rate is not None and not (math.isfinite(rate) and rate >= 0):
                _fail(net, f"node:{name}", f"node '{name}' has {which} {rate}: a rate is a number >= 0"
                      " (events per unit of time)", f"node:{name}:{which}")
    for speed, rate in net.rates.items():
        if not isinstance(speed, int) or speed < 0:
            _fail(net, "rates", f"'rates' names speed class {speed!r}: use fast, slow or a whole-number rank")
        if not (math.isfinite(rate) and rate >= 0):
            _fail(net, "rates", f"'rates' gives speed class {_speed_name(speed)} the rate {rate}: a rate is a"
                  " number >= 0 (events per unit of time)", f"rates:{_speed_name(speed)}")

    for dname, drug in net.drugs.items():
        key = f"drug:{dname}"
        if not drug.targets:
            _fail(net, key, f"drug '{dname}' has no targets")
        for target, effect in drug.targets.items():
            closer = f"drug:{dname}:{target}"
            if target not in net.nodes:
                _fail(net, key, f"drug '{dname}' targets {_unknown_node(net, target)}", closer)
            top = net.nodes[target].levels
            if effect.cap and top == 1:
                _fail(
                    net,
                    key,
                    f"drug '{dname}' caps '{target}' at '<={effect.level}', but '{target}' is Boolean:"
                    " a cap needs a multivalued node (use 0 to inhibit fully)",
                    closer,
                )
            if not 0 <= effect.level <= top:
                _fail(net, key, f"drug '{dname}' sets '{target}' to {effect.level}, outside 0..{top}", closer)

    for aname, alteration in net.alterations.items():
        for node_name, level in alteration.levels.items():
            _check_level(net, f"alteration:{aname}", f"alteration '{aname}'", node_name, level,
                         f"alteration:{aname}:{node_name}")
    tops = {n: node.levels for n, node in net.nodes.items()}
    for sname, state in net.states.items():
        problem = check_state(state, tops, f"start state '{sname}'")
        if problem is not None:
            bad = next((n for n in state.levels if n not in tops or any(
                not 0 <= v <= tops[n] for v in state.levels[n] or ())), None)
            _fail(net, f"state:{sname}", problem, f"state:{sname}:{bad}")
    if net.start is not None and net.start not in net.states:
        _fail(net, "start", f"'start' names unknown start state '{net.start}'{did_you_mean(net.start, net.states)}"
              f"{_known('states', net.states)}")
    for cname, context in net.contexts.items():
        for node_name, level in context.levels.items():
            _check_level(net, f"context:{cname}", f"context '{cname}'", node_name, level,
                         f"context:{cname}:{node_name}")
        if context.start is not None and context.start not in net.states:
            _fail(net, f"context:{cname}", f"context '{cname}' starts in unknown state '{context.start}'"
                  f"{did_you_mean(context.start, net.states)}{_known('states', net.states)}",
                  f"context:{cname}:start")

    seen: set[str] = set()
    for scenario in net.scenarios:
        key = f"scenario:{scenario.name}"
        where = f"scenario '{scenario.name}'"
        if scenario.name in seen:
            _fail(net, key, f"two scenarios are called '{scenario.name}': names must be unique")
        seen.add(scenario.name)
        field_key = lambda f: f"{key}:{f}"  # noqa: E731
        if scenario.context is not None and scenario.context not in net.contexts:
            _fail(net, key, f"{where} uses unknown context '{scenario.context}'"
                  f"{did_you_mean(scenario.context, net.contexts)}{_known('contexts', net.contexts)}",
                  field_key("context"))
        for a in scenario.alterations:
            if a not in net.alterations:
                _fail(net, key, f"{where} uses unknown alteration '{a}'{did_you_mean(a, net.alterations)}"
                      f"{_known('alterations', net.alterations)}", field_key("alterations"))
        for step in scenario.steps:
            for d in step:
                if d not in net.drugs:
                    _fail(net, key, f"{where} uses unknown drug '{d}'{did_you_mean(d, net.drugs)}"
                          f"{_known('drugs', net.drugs)}", field_key("drugs"), field_key("sequence"))
        if scenario.semantics is not None and scenario.semantics not in SEMANTICS:
            _fail(net, key, f"{where} has semantics '{scenario.semantics}'; expected one of"
                  f" {', '.join(SEMANTICS)}", field_key("semantics"))
        if scenario.start not in STARTS and scenario.start not in net.states:
            _fail(net, key, f"{where} has start '{scenario.start}'; expected untreated, any or a declared"
                  f" start state{_known('states', net.states)}", field_key("start"))
        if scenario.phase not in PHASES:
            _fail(net, key, f"{where} has phase '{scenario.phase}'; expected early or late",
                  field_key("phase"))
        if not scenario.expect:
            _fail(net, key, f"{where} expects nothing: give 'expect' as node: level", field_key("expect"))
        for node_name, expectation in scenario.expect.items():
            _check_level(net, key, f"{where} expects", node_name, expectation.level, field_key("expect"))
