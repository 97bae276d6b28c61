"""The logicnet network file (YAML, format version 1).

The file is composed with PyYAML into a node tree (which keeps line and column
of everything) and read by hand from that tree, so that:

* names are read exactly as written: YAML 1.1 coercions never apply
  (``NO``, ``on`` and ``yes`` stay strings; levels must be plain integers);
* duplicate keys are errors, not silent overwrites;
* every error carries ``file:line:column`` and says what would be accepted;
* the limits of :mod:`logicnet.limits` hold: nesting is checked while the
  file is composed (PyYAML's composer recurses), names and numbers as they
  are read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml
from yaml.nodes import MappingNode, Node as YamlNode, ScalarNode, SequenceNode

from logicnet.errors import FormatError, ModelError, SourceLocation, did_you_mean
from logicnet.io.textfile import check_text, line_and_column, read_text, write_text
from logicnet.limits import MAX_LEVEL, MAX_NAME_LENGTH, MAX_NESTING, MAX_NUMBER_DIGITS, shown_name
from logicnet.model.expression import ExpressionSyntaxError, format_expression, parse_expression_with_offsets
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import (
    FAST,
    SLOW,
    Alteration,
    Context,
    Drug,
    Effect,
    Expectation,
    Goal,
    Network,
    Node,
    Scenario,
)
from logicnet.model.rules import Case, Rule
from logicnet.model.states import StartState

__all__ = ["parse_yaml", "read_yaml", "generate_yaml", "write_yaml", "FORMAT_VERSION", "parse_extras",
           "yaml_document", "dump_yaml", "node_entry"]

FORMAT_VERSION = 1

TOP_KEYS = ("logicnet", "name", "description", "references", "nodes", "drugs", "alterations",
            "contexts", "scenarios", "rates", "time_unit", "states", "start")
NODE_KEYS = ("rule", "input", "value", "levels", "speed", "phenotype", "goal", "label",
             "description", "group", "references", "rate", "rate_up", "rate_down")
DRUG_KEYS = ("targets", "description", "class", "references")
SCENARIO_KEYS = ("name", "description", "context", "alterations", "drugs", "sequence",
                 "semantics", "start", "phase", "expect")
CASE_KEYS = ("level", "when")

_INT = re.compile(r"[0-9]+\Z")
_NUMBER = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
_BOUND = re.compile(r"\s*(<=|>=|=)?\s*([0-9]+)\s*\Z")
_LINE_BREAK = re.compile("[\r\n\x85\u2028\u2029]")
#: the longest key PyYAML reads without quotes (a "simple key")
_YAML_KEY_LIMIT = 1024


class _TooDeep(Exception):
    def __init__(self, mark: Any):
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing lists and mappings nested deeper than
    :data:`~logicnet.limits.MAX_NESTING` before its recursive composer runs
    out of stack."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _quoted(node: ScalarNode) -> str:
    """A quoted scalar as it was written (block scalars shown in double quotes)."""
    quote = node.style if node.style in ("'", '"') else '"'
    return f"{quote}{node.value}{quote}"


def _number(text: str) -> int | None:
    """The value of a whole number of at most MAX_NUMBER_DIGITS digits, else None."""
    digits = text.strip().lstrip("0") or "0"
    return int(digits) if len(digits) <= MAX_NUMBER_DIGITS else None


class _Reader:
    """Reads one composed YAML document into a :class:`Network`. ``line`` and
    ``column`` shift locations when the YAML sits inside another file (the
    logicnet extras of a BNet, BooleanNet, AEON or SBML-qual file)."""

    def __init__(self, source: str | None, line: int = 0, column: int = 0):
        self.source = source
        self.line_offset = line
        self.column_offset = column
        self.locations: dict[str, SourceLocation] = {}

    # ------------------------------------------------------------------ helpers
    def at(self, node: YamlNode, offset: int | None = None) -> SourceLocation:
        line = node.start_mark.line + 1 + self.line_offset
        column = node.start_mark.column + 1 + self.column_offset
        if (
            offset is not None
            and isinstance(node, ScalarNode)
            and node.start_mark.line == node.end_mark.line
            and node.style in (None, "'", '"')
        ):
            column += offset + (1 if node.style else 0)
        return SourceLocation(self.source, line, column)

    def fail(self, node: YamlNode, message: str, offset: int | None = None) -> Any:
        raise ModelError(message, self.at(node, offset))

    def mapping(self, node: YamlNode, what: str, allowed: Iterable[str] | None = None
                ) -> list[tuple[str, ScalarNode, YamlNode]]:
        """``(key, key node, value node)`` of a mapping, refusing duplicates and unknown keys."""
        if not isinstance(node, MappingNode):
            self.fail(node, f"{what} must be a mapping (key: value)")
        allowed = tuple(allowed) if allowed is not None else None
        seen: dict[str, ScalarNode] = {}
        out = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.fail(key_node, f"keys in {what} must be plain names")
            key = key_node.value
            if len(key) > MAX_NAME_LENGTH:
                self.fail(key_node, _long_name(key))
            self.one_line(key_node, key, f"a key in {what}")
            if key in seen:
                first = seen[key].start_mark.line + 1
                self.fail(key_node, f"duplicate key '{key}' in {what} (first written on line {first})")
            seen[key] = key_node
            if allowed is not None and key not in allowed:
                self.fail(
                    key_node,
                    f"unknown key '{key}' in {what}{did_you_mean(key, allowed)};"
                    f" accepted keys: {', '.join(allowed)}",
                )
            out.append((key, key_node, value_node))
        return out

    def scalar(self, node: YamlNode, what: str) -> str:
        if not isinstance(node, ScalarNode):
            self.fail(node, f"{what} must be a single value, not a {'list' if isinstance(node, SequenceNode) else 'mapping'}")
        if node.tag.startswith("!") :
            self.fail(
                node,
                f"YAML read '{node.tag}' as a tag in {what}: quote values that start with"
                f" '!', as in \"{node.tag} ...\"",
            )
        return node.value

    def one_line(self, node: YamlNode, value: str, what: str) -> None:
        """Refuse a name that spans lines (only quotes can make one)."""
        if _LINE_BREAK.search(value):
            self.fail(node, f"{what} contains a line break: '{shown_name(value)}'; names are on one line")

    def text(self, node: YamlNode, what: str) -> str:
        value = self.scalar(node, what)
        if value == "" and node.style is None:
            self.fail(node, f"{what} is empty")
        return value

    def integer(self, node: YamlNode, what: str) -> int:
        value = self.scalar(node, what)
        if _INT.match(value.strip()):
            if node.style is not None:
                self.fail(node, f"{what} must be a number, but {_quoted(node)} is quoted, which makes it text:"
                                f" write {value.strip()} without quotes")
            number = _number(value)
            if number is None:
                self.fail(node, f"{what} is a number of {len(value.strip())} digits: numbers here have at most"
                                f" {MAX_NUMBER_DIGITS} digits")
            return number  # type: ignore[return-value]
        return self.fail(node, f"{what} must be a whole number 0, 1, 2 ..., not '{shown_name(value)}'")

    def rate(self, node: YamlNode, what: str) -> float:
        """A rate: a number >= 0 (events per unit of time)."""
        value = self.scalar(node, what)
        if node.style is None and _NUMBER.match(value.strip()):
            number = float(value)
            if number != float("inf"):
                return number
        return self.fail(node, f"{what} must be a number >= 0 (events per unit of time), such as 1 or 0.25,"
                               f" not '{value}'")

    def boolean(self, node: YamlNode, what: str) -> bool:
        value = self.scalar(node, what)
        if value.lower() in ("true", "false"):
            if node.style is not None:
                self.fail(node, f"{what} must be true or false, but {_quoted(node)} is quoted, which makes it"
                                f" text: write {value.lower()} without quotes")
            return value.lower() == "true"
        return self.fail(node, f"{what} must be true or false, not '{shown_name(value)}'")

    def strings(self, node: YamlNode, what: str) -> tuple[str, ...]:
        if isinstance(node, ScalarNode):
            return (self.text(node, what),)
        if not isinstance(node, SequenceNode):
            self.fail(node, f"{what} must be a list of strings")
        return tuple(self.text(item, what) for item in node.value)

    def names(self, node: YamlNode, what: str) -> tuple[str, ...]:
        """A list of names (or a single name) exactly as written; a name listed
        twice is refused (it is a slip: the second says nothing new)."""
        if isinstance(node, ScalarNode) and node.value != "":
            items = [node]
        elif isinstance(node, SequenceNode):
            items = node.value
        else:
            return self.fail(node, f"{what} must be a list of names, as in [A, B]")
        seen: dict[str, YamlNode] = {}
        for item in items:
            name = self.text(item, what)
            if len(name) > MAX_NAME_LENGTH:
                self.fail(item, _long_name(name))
            self.one_line(item, name, f"a name in {what}")
            if name in seen:
                first = seen[name].start_mark
                where = "earlier on this line" if first.line == item.start_mark.line else f"first on line {first.line + 1}"
                self.fail(item, f"{what} lists '{name}' twice ({where}): list each name once")
            seen[name] = item
        return tuple(seen)

    def levels_map(self, node: YamlNode, what: str, key_prefix: str) -> FrozenMap[str, int]:
        if isinstance(node, ScalarNode) and node.value == "":
            return FrozenMap()
        out = {}
        for key, key_node, value in self.mapping(node, what):
            self.locations[f"{key_prefix}:{key}"] = self.at(key_node)
            out[key] = self.integer(value, f"level of '{key}' in {what}")
        return FrozenMap(out)

    # ------------------------------------------------------------------ document
    def document(self, root: YamlNode | None) -> Network:
        if root is None:
            raise FormatError("the network file is empty", SourceLocation(self.source))
        top = self.mapping(root, "the network file", TOP_KEYS)
        entries = {key: (key_node, value) for key, key_node, value in top}
        if "logicnet" not in entries:
            self.fail(root, "missing 'logicnet: 1' (the format version) at the top of the file")
        version_node = entries["logicnet"][1]
        version = self.integer(version_node, "'logicnet' (the format version)")
        if version != FORMAT_VERSION:
            self.fail(version_node, f"format version {version} is not supported: this logicnet reads version {FORMAT_VERSION}")
        for required in ("name", "nodes"):
            if required not in entries:
                self.fail(root, f"missing required key '{required}'")
        name = self.text(entries["name"][1], "'name'")
        nodes = self.nodes(entries["nodes"][1])
        get = lambda key, fn, default: fn(entries[key][1]) if key in entries else default  # noqa: E731
        return Network(
            name=name,
            nodes=nodes,
            drugs=get("drugs", self.drugs, FrozenMap()),
            alterations=get("alterations", lambda n: self.named_levels(n, "alteration", Alteration), FrozenMap()),
            contexts=get("contexts", self.contexts, FrozenMap()),
            states=get("states", self.states, FrozenMap()),
            start=get("start", lambda n: self.text(n, "'start' (the start state of untreated cells)"), None),
            scenarios=get("scenarios", self.scenarios, ()),
            description=get("description", lambda n: self.scalar(n, "'description'"), None),
            references=get("references", lambda n: self.strings(n, "'references'"), ()),
            rates=get("rates", self.rates, FrozenMap()),
            time_unit=get("time_unit", lambda n: self.text(n, "'time_unit'"), None),
            source=self.source,
            locations=FrozenMap(self.locations),
        )

    # -------------------------------------------------------------------- extras
    def extras(self, root: YamlNode | None, levels: dict[str, int]) -> dict[str, Any]:
        """The logicnet extras of a file in another format: top-level keys as in a
        network file (all optional); under ``nodes`` each node has only the keys
        that format cannot hold, plus ``booleanized`` (its bit names) for a
        multivalued node written to a Boolean format. ``levels`` are the nodes'
        levels as the format itself gives them."""
        if root is None:
            return {}
        allowed = TOP_KEYS
        out: dict[str, Any] = {}
        for key, key_node, value in self.mapping(root, "the logicnet extras", allowed):
            if key == "logicnet":
                version = self.integer(value, "'logicnet' (the format version)")
                if version != FORMAT_VERSION:
                    self.fail(value, f"format version {version} is not supported: this logicnet reads version {FORMAT_VERSION}")
            elif key == "name":
                out["name"] = self.text(value, "'name'")
            elif key == "description":
                out["description"] = self.scalar(value, "'description'")
            elif key == "references":
                out["references"] = self.strings(value, "'references'")
            elif key == "nodes":
                out["nodes"] = {name: self.node_extras(name, key_node2, v, levels)
                                for name, key_node2, v in self.mapping(value, "'nodes'")}
            elif key == "drugs":
                out["drugs"] = self.drugs(value)
            elif key == "alterations":
                out[key] = self.named_levels(value, "alteration", Alteration)
            elif key == "contexts":
                out[key] = self.contexts(value)
            elif key == "scenarios":
                out["scenarios"] = self.scenarios(value)
            elif key == "rates":
                out["rates"] = self.rates(value)
            elif key == "time_unit":
                out["time_unit"] = self.text(value, "'time_unit'")
            elif key == "states":
                out["states"] = self.states(value)
            elif key == "start":
                out["start"] = self.text(value, "'start' (the start state of untreated cells)")
        out["locations"] = dict(self.locations)
        return out

    def node_extras(self, name: str, key_node: YamlNode, value: YamlNode, levels: dict[str, int]) -> dict[str, Any]:
        what = f"node '{name}' in the logicnet extras"
        self.locations.setdefault(f"node:{name}", self.at(key_node))
        fields = {k: (kn, v) for k, kn, v in self.mapping(value, what, NODE_KEYS + ("booleanized",))}
        out: dict[str, Any] = {}
        top = self.integer(fields["levels"][1], f"'levels' of {what}") if "levels" in fields else levels.get(name, 1)
        if top < 1:
            self.fail(fields["levels"][1], f"'levels' of {what} must be 1 (Boolean) or more")
        out["levels"] = top
        for key, (kn, v) in fields.items():
            if key == "rule":
                out["rule"] = self.rule(name, v, top)
            elif key in ("input", "phenotype"):
                out[key] = self.boolean(v, f"'{key}' of {what}")
            elif key == "value":
                out["value"] = self.integer(v, f"'value' of {what}")
            elif key == "speed":
                out["speed"] = self.speed(v, what)
            elif key == "goal":
                out["goal"] = self.goal(name, v)
            elif key in ("label", "description", "group"):
                out[key] = self.scalar(v, f"'{key}' of {what}")
            elif key == "references":
                out["references"] = self.strings(v, f"'references' of {what}")
            elif key == "booleanized":
                out["booleanized"] = self.names(v, f"'booleanized' of {what}")
        if any(k in fields for k in ("rate", "rate_up", "rate_down")):
            out["rate_up"], out["rate_down"] = self.node_rates(name, fields)
        return out

    # --------------------------------------------------------------------- nodes
    def nodes(self, node: YamlNode) -> FrozenMap[str, Node]:
        pairs = self.mapping(node, "'nodes'")
        if not pairs:
            self.fail(node, "'nodes' is empty: a network needs at least one node")
        out = {}
        for name, key_node, value in pairs:
            self.locations[f"node:{name}"] = self.at(key_node)
            out[name] = self.node(name, key_node, value)
        return FrozenMap(out)

    def node(self, name: str, key_node: YamlNode, value: YamlNode) -> Node:
        if isinstance(value, ScalarNode):
            self.scalar(value, f"rule for '{name}'")  # refuses YAML tags such as !A
            if value.value == "" and value.style is None:
                self.fail(key_node, f"node '{name}' has no rule: write a rule, or {{input: true}} for an input")
            return Node(name=name, rule=self.boolean_rule(name, value, 1))
        if isinstance(value, SequenceNode):
            self.fail(value, f"node '{name}': a list of cases needs the long form"
                             f" {{levels: 2, rule: [...]}}")
        fields = {key: (key_node2, v) for key, key_node2, v in self.mapping(value, f"node '{name}'", NODE_KEYS)}
        what = f"node '{name}'"
        levels = self.integer(fields["levels"][1], f"'levels' of {what}") if "levels" in fields else 1
        if levels < 1:
            self.fail(fields["levels"][1], f"'levels' of {what} must be 1 (Boolean) or more")
        if levels > MAX_LEVEL:
            self.fail(fields["levels"][1], f"'levels' of {what} is {levels}: logicnet handles levels up to"
                                           f" {MAX_LEVEL} (levels 0..{MAX_LEVEL}); see 'Limits' in the format"
                                           " documentation")
        is_input = self.boolean(fields["input"][1], f"'input' of {what}") if "input" in fields else False
        rule = None
        if "rule" in fields:
            if is_input:
                self.fail(fields["rule"][0], f"{what} is an input and has a rule: an input takes its level from a context or 'value'; remove one of them")
            rule = self.rule(name, fields["rule"][1], levels)
        elif not is_input:
            self.fail(key_node, f"{what} has neither 'rule' nor 'input: true'")
        value_level = None
        if "value" in fields:
            if not is_input:
                self.fail(fields["value"][0], f"'value' is the default level of an input, but {what} is not an input")
            value_level = self.integer(fields["value"][1], f"'value' of {what}")
        phenotype = self.boolean(fields["phenotype"][1], f"'phenotype' of {what}") if "phenotype" in fields else False
        goal = self.goal(name, fields["goal"][1]) if "goal" in fields else None
        if goal is not None:
            self.locations[f"goal:{name}"] = self.at(fields["goal"][1])
        text = lambda key: self.scalar(fields[key][1], f"'{key}' of {what}") if key in fields else None  # noqa: E731
        rate_up, rate_down = self.node_rates(name, fields)
        return Node(
            name=name,
            rule=rule,
            levels=levels,
            value=value_level,
            speed=self.speed(fields["speed"][1], what) if "speed" in fields else FAST,
            phenotype=phenotype,
            goal=goal,
            label=text("label"),
            description=text("description"),
            group=text("group"),
            references=self.strings(fields["references"][1], f"'references' of {what}") if "references" in fields else (),
            rate_up=rate_up,
            rate_down=rate_down,
        )

    def node_rates(self, name: str, fields: dict[str, tuple[YamlNode, YamlNode]]) -> tuple[float | None, float | None]:
        """``rate`` (both directions) or ``rate_up``/``rate_down`` of a node."""
        what = f"node '{name}'"
        for key in ("rate", "rate_up", "rate_down"):
            if key in fields:
                self.locations[f"node:{name}:{key}"] = self.at(fields[key][1])
        if "rate" in fields:
            both = [k for k in ("rate_up", "rate_down") if k in fields]
            if both:
                self.fail(fields[both[0]][0], f"{what} has both 'rate' and '{both[0]}': give 'rate' (both"
                                              " directions) or 'rate_up' and 'rate_down'")
            rate = self.rate(fields["rate"][1], f"'rate' of {what}")
            return rate, rate
        up = self.rate(fields["rate_up"][1], f"'rate_up' of {what}") if "rate_up" in fields else None
        down = self.rate(fields["rate_down"][1], f"'rate_down' of {what}") if "rate_down" in fields else None
        return up, down

    def rates(self, node: YamlNode) -> FrozenMap[int, float]:
        """``rates: {fast: 5, slow: 1}``: the default rate of each speed class."""
        out: dict[int, float] = {}
        for key, key_node, value in self.mapping(node, "'rates'"):
            if key in ("fast", "slow"):
                speed = FAST if key == "fast" else SLOW
            elif _INT.match(key) and key_node.style is None:
                speed = int(key)
            else:
                return self.fail(key_node, f"unknown speed class '{key}' in 'rates'{did_you_mean(key, ('fast', 'slow'))};"
                                           " use fast, slow or a whole-number rank, as in rates: {fast: 5, slow: 1}")
            if speed in out:
                self.fail(key_node, f"speed class '{key}' is given twice in 'rates'")
            self.locations[f"rates:{key}"] = self.at(key_node)
            out[speed] = self.rate(value, f"rate of speed class '{key}' in 'rates'")
        return FrozenMap(out)

    def speed(self, node: YamlNode, what: str) -> int:
        value = self.scalar(node, f"'speed' of {what}")
        if node.style is None and value in ("fast", "slow"):
            return FAST if value == "fast" else SLOW
        if node.style is None and _INT.match(value) and _number(value) is not None:
            return _number(value)  # type: ignore[return-value]
        return self.fail(node, f"'speed' of {what} must be fast, slow or a whole-number rank of at most"
                               f" {MAX_NUMBER_DIGITS} digits (lower first), not '{shown_name(value)}'")

    def goal(self, name: str, node: YamlNode) -> Goal:
        value = self.scalar(node, f"'goal' of node '{name}'")
        match = _BOUND.match(value)
        level = _number(match.group(2)) if match else None
        if match is None or level is None:
            self.fail(node, f"'goal' of node '{name}' must be a level (0, 1 ...) or a bound such as \"<=1\" or"
                            f" \">=1\", not '{shown_name(value)}'")
        op = {None: "==", "=": "==", "<=": "<=", ">=": ">="}[match.group(1)]  # type: ignore[union-attr]
        return Goal(name, op, level)  # type: ignore[arg-type]

    # --------------------------------------------------------------------- rules
    def expression(self, target: str, node: YamlNode, what: str):  # type: ignore[no-untyped-def]
        text = self.scalar(node, what)
        if text == "" and node.style is None:
            self.fail(node, f"{what} is empty: write an expression, or 0 or 1")
        try:
            expr, offsets = parse_expression_with_offsets(text)
        except ExpressionSyntaxError as exc:
            raise ModelError(f"{what}: {exc.message}: {shown_name(text.strip(), 120)}",
                             self.at(node, exc.offset)) from None
        for atom, offset in offsets.items():
            self.locations.setdefault(f"atom:{target}:{atom.node}", self.at(node, offset))
            self.locations.setdefault(f"atom:{target}:{atom.node}:{atom.threshold}", self.at(node, offset))
        return expr

    def boolean_rule(self, name: str, node: YamlNode, levels: int) -> Rule:
        self.locations[f"rule:{name}"] = self.at(node)
        return Rule.boolean(self.expression(name, node, f"rule for '{name}'"), levels)

    def rule(self, name: str, node: YamlNode, levels: int) -> Rule:
        if isinstance(node, ScalarNode):
            return self.boolean_rule(name, node, levels)
        if not isinstance(node, SequenceNode):
            self.fail(node, f"rule for '{name}' must be an expression or a list of cases {{level: k, when: ...}}")
        self.locations[f"rule:{name}"] = self.at(node)
        if not node.value:
            self.fail(node, f"rule for '{name}' has no cases")
        cases: list[Case] = []
        default: int | None = None
        for item in node.value:
            fields = {k: v for k, _, v in self.mapping(item, f"a case of the rule for '{name}'", CASE_KEYS)}
            if "level" not in fields:
                self.fail(item, f"a case of the rule for '{name}' has no 'level'")
            level = self.integer(fields["level"], f"'level' in the rule for '{name}'")
            if level > levels:
                self.fail(fields["level"], f"rule for '{name}' targets level {level}, but '{name}' has levels 0..{levels}")
            if default is not None:
                self.fail(item, f"rule for '{name}': the case without 'when' (the default) must come last")
            if "when" in fields:
                cases.append(Case(level, self.expression(name, fields["when"], f"condition of the level-{level} case for '{name}'")))
            else:
                default = level
        if default is None:
            self.fail(node, f"rule for '{name}' has no default case: end the list with a case"
                            " without 'when', such as {level: 0}")
        return Rule(tuple(cases), default)  # type: ignore[arg-type]

    # --------------------------------------------------------------------- drugs
    def drugs(self, node: YamlNode) -> FrozenMap[str, Drug]:
        out = {}
        for name, key_node, value in self.mapping(node, "'drugs'"):
            self.locations[f"drug:{name}"] = self.at(key_node)
            what = f"drug '{name}'"
            if isinstance(value, SequenceNode):
                self.fail(value, f"{what}: write {{targets: [...]}}")
            fields = {k: v for k, _, v in self.mapping(value, what, DRUG_KEYS)}
            if "targets" not in fields:
                self.fail(key_node, f"{what} has no 'targets'")
            text = lambda key: self.scalar(fields[key], f"'{key}' of {what}") if key in fields else None  # noqa: E731
            out[name] = Drug(
                name=name,
                targets=self.targets(fields["targets"], what),
                description=text("description"),
                drug_class=text("class"),
                references=self.strings(fields["references"], f"'references' of {what}") if "references" in fields else (),
            )
        return FrozenMap(out)

    def targets(self, node: YamlNode, what: str) -> FrozenMap[str, Effect]:
        key = what.split("'")[1]
        if isinstance(node, (SequenceNode, ScalarNode)):
            names = self.names(node, f"'targets' of {what}")
            items = node.value if isinstance(node, SequenceNode) else [node]
            for n, item in zip(names, items):
                self.locations.setdefault(f"drug:{key}:{n}", self.at(item))
            return FrozenMap((n, Effect(0)) for n in names)
        out = {}
        for target, target_node, value in self.mapping(node, f"'targets' of {what}"):
            self.locations[f"drug:{key}:{target}"] = self.at(target_node)
            text = self.scalar(value, f"effect of {what} on '{target}'")
            if _INT.match(text.strip()):
                out[target] = Effect(self.integer(value, f"effect of {what} on '{target}'"))
                continue
            match = re.match(r"\s*<=\s*([0-9]+)\s*\Z", text)
            level = _number(match.group(1)) if match else None
            if level is None:
                self.fail(value, f"effect of {what} on '{target}' must be a level (0 inhibits) or a cap such as"
                                 f" \"<=1\", not '{shown_name(text)}'")
            out[target] = Effect(level, cap=True)  # type: ignore[arg-type]
        return FrozenMap(out)

    # ------------------------------------------------------ alterations/contexts
    def named_levels(self, node: YamlNode, kind: str, cls: Callable[..., Any]) -> FrozenMap[str, Any]:
        out = {}
        for name, key_node, value in self.mapping(node, f"'{kind}s'"):
            self.locations[f"{kind}:{name}"] = self.at(key_node)
            out[name] = cls(name=name, levels=self.levels_map(value, f"{kind} '{name}'", f"{kind}:{name}"))
        return FrozenMap(out)

    def contexts(self, node: YamlNode) -> FrozenMap[str, Context]:
        """Contexts: node levels, and ``start: STATE`` for the state untreated cells start in."""
        out = {}
        for name, key_node, value in self.mapping(node, "'contexts'"):
            self.locations[f"context:{name}"] = self.at(key_node)
            start = None
            if isinstance(value, MappingNode):
                kept = []
                for k, v in value.value:
                    if isinstance(k, ScalarNode) and k.value == "start" and isinstance(v, ScalarNode) \
                            and not _INT.match(v.value):
                        self.locations[f"context:{name}:start"] = self.at(v)
                        start = self.text(v, f"'start' of context '{name}'")
                    else:
                        kept.append((k, v))
                value = MappingNode(value.tag, kept, value.start_mark, value.end_mark, value.flow_style)
            levels = self.levels_map(value, f"context '{name}'", f"context:{name}")
            out[name] = Context(name=name, levels=levels, start=start)
        return FrozenMap(out)

    # -------------------------------------------------------------------- states
    def states(self, node: YamlNode) -> FrozenMap[str, StartState]:
        """Named start states: node → level, list of levels or "*", and ``default`` (0 or "*")."""
        out = {}
        for name, key_node, value in self.mapping(node, "'states'"):
            self.locations[f"state:{name}"] = self.at(key_node)
            what = f"start state '{name}'"
            levels: dict[str, tuple[int, ...] | None] = {}
            default: int | None = 0
            for node_name, node_key, level_node in self.mapping(value, what):
                if node_name == "default":
                    default = self.state_levels(level_node, f"'default' of {what}", single=True)  # type: ignore[assignment]
                    continue
                self.locations[f"state:{name}:{node_name}"] = self.at(node_key)
                levels[node_name] = self.state_levels(level_node, f"the level of '{node_name}' in {what}")
            out[name] = StartState(name, FrozenMap(levels), default)
        return FrozenMap(out)

    def state_levels(self, node: YamlNode, what: str, single: bool = False) -> tuple[int, ...] | int | None:
        """A level, a list of levels, or "*" (any level: ``None``)."""
        if isinstance(node, SequenceNode) and not single:
            levels = tuple(sorted({self.integer(item, what) for item in node.value}))
            if not levels:
                self.fail(node, f"{what} is an empty list: give levels such as [0, 1], or \"*\" for any")
            return levels
        value = self.scalar(node, what)
        if value.strip() == "*":
            return None
        if node.style is None and _INT.match(value.strip()):
            return int(value) if single else (int(value),)
        accepted = "0 or \"*\"" if single else "a level, a list of levels such as [0, 1], or \"*\" (any level)"
        return self.fail(node, f"{what} must be {accepted}, not '{value}'")

    # ----------------------------------------------------------------- scenarios
    def scenarios(self, node: YamlNode) -> tuple[Scenario, ...]:
        if not isinstance(node, SequenceNode):
            self.fail(node, "'scenarios' must be a list of scenarios (- name: ...)")
        return tuple(self.scenario(item, i + 1) for i, item in enumerate(node.value))

    def scenario(self, node: YamlNode, index: int) -> Scenario:
        fields = {k: v for k, _, v in self.mapping(node, f"scenario {index}", SCENARIO_KEYS)}
        if "name" not in fields:
            self.fail(node, f"scenario {index} has no 'name'")
        name = self.text(fields["name"], f"'name' of scenario {index}")
        self.one_line(fields["name"], name, f"'name' of scenario {index}")
        self.locations[f"scenario:{name}"] = self.at(node)
        what = f"scenario '{name}'"
        if "expect" not in fields:
            self.fail(node, f"{what} has no 'expect' (node: level)")
        if "drugs" in fields and "sequence" in fields:
            self.fail(fields["sequence"], f"{what} has both 'drugs' and 'sequence': use one")
        sequence = None
        if "sequence" in fields:
            seq = fields["sequence"]
            if not isinstance(seq, SequenceNode) or not seq.value:
                self.fail(seq, f"'sequence' of {what} must be a list of treatments, as in [[BEZ235], [BEZ235, linsitinib]]")
            sequence = tuple(self.names(step, f"a step of the sequence of {what}") if not (isinstance(step, ScalarNode) and step.value == "") else () for step in seq.value)  # type: ignore[union-attr]
        for key, value in fields.items():
            self.locations[f"scenario:{name}:{key}"] = self.at(value)
        choice = lambda key, default: self.scalar(fields[key], f"'{key}' of {what}") if key in fields else default  # noqa: E731
        return Scenario(
            name=name,
            expect=self.expectations(fields["expect"], what),
            context=choice("context", None),
            alterations=self.names(fields["alterations"], f"'alterations' of {what}") if "alterations" in fields else (),
            drugs=self.names(fields["drugs"], f"'drugs' of {what}") if "drugs" in fields else (),
            sequence=sequence,
            semantics=choice("semantics", None),
            start=choice("start", "untreated"),
            phase=choice("phase", "late"),
            description=choice("description", None),
        )

    def expectations(self, node: YamlNode, what: str) -> FrozenMap[str, Expectation]:
        out = {}
        for target, _, value in self.mapping(node, f"'expect' of {what}"):
            if isinstance(value, MappingNode):
                pairs = self.mapping(value, f"expectation on '{target}' in {what}", ("some", "none"))
                if len(pairs) != 1:
                    self.fail(value, f"expectation on '{target}' in {what} must be one of {{some: k}} or {{none: k}}")
                kind, _, level_node = pairs[0]
                out[target] = Expectation(kind, self.integer(level_node, f"expected level of '{target}'"))  # type: ignore[arg-type]
            else:
                out[target] = Expectation("all", self.integer(value, f"expected level of '{target}' in {what}"))
        return FrozenMap(out)


def _long_name(name: str) -> str:
    return (f"the name '{shown_name(name)}' is too long: names have at most {MAX_NAME_LENGTH} characters"
            " (put long display names in 'label' or 'description')")


def _yaml_error(exc: yaml.YAMLError, source: str | None, text: str) -> ModelError:
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML refuses, located by offset only
        line, column = line_and_column(text, exc.position)
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return FormatError(f"not valid YAML: character U+{ord(char):04X} is not allowed in a YAML file",
                           SourceLocation(source, line, column))
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    location = SourceLocation(source, mark.line + 1, mark.column + 1) if mark is not None else SourceLocation(source)
    message = f"not valid YAML: {problem}"
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if problem == "but found another document":
        message = ("a network file holds one YAML document, but a second one starts here: remove it"
                   " (or the '---' line) or split the file")
    elif context and context_mark is not None and mark is not None and context_mark.line != mark.line:
        message += f" ({context} that starts at line {context_mark.line + 1}, column {context_mark.column + 1})"
    if mark is not None:
        lines = text.splitlines()
        line = lines[mark.line] if mark.line < len(lines) else ""
        key = line.split(":", 1)[0].strip().lstrip("-? ").strip()
        if problem in ("mapping values are not allowed here", "could not find expected ':'") \
                and len(key) > _YAML_KEY_LIMIT:
            return FormatError(_long_name(key), SourceLocation(source, mark.line + 1,
                                                               len(line) - len(line.lstrip(" -?")) + 1))
        if "'\\t'" in problem:
            message += "; indent with spaces, not tabs"
        elif problem == "mapping values are not allowed here":
            message += "; quote text that contains ': ', as in description: \"IL-8: a chemokine\""
        elif re.search(r":\s*[!&*|>%@`]", line):
            message += (
                "; a rule that starts with '!', '&', '*', '|' or '>' must be quoted,"
                ' as in A: "!B & C"'
            )
    return FormatError(message, location)


def parse_yaml(text: str, *, source: str | None = None) -> Network:
    """Read a network from the text of a logicnet YAML file."""
    check_text(text, source)
    loader = None
    try:
        loader = _Loader(text)  # refuses characters YAML does not allow
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source, text) from None
    except _TooDeep as exc:
        raise FormatError(
            f"lists and mappings are nested more than {MAX_NESTING} deep (a network file needs 5):"
            " check the brackets and indentation here; see 'Limits' in the format documentation",
            SourceLocation(source, exc.mark.line + 1, exc.mark.column + 1),
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    return _Reader(source).document(root)


def parse_extras(text: str, *, source: str | None = None, line: int = 0, column: int = 0,
                 levels: dict[str, int] | None = None) -> dict[str, Any]:
    """Read logicnet extras (see :meth:`_Reader.extras`) embedded in another
    format; ``line``/``column`` say where the YAML starts in ``source``."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        error = _yaml_error(exc, source, text)
        where = error.location
        if where is not None and where.line is not None:
            where = SourceLocation(where.file, where.line + line, (where.column or 0) + column)
        raise FormatError(f"logicnet extras: {error.message}", where) from None
    return _Reader(source, line, column).extras(root, levels or {})


def read_yaml(path: str | Path) -> Network:
    """Read a network from a logicnet YAML file."""
    return parse_yaml(read_text(path), source=str(path))


# ------------------------------------------------------------------------- writing


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


class _Flow(dict):  # a mapping written on one line
    pass


class _FlowList(list):
    pass


_Dumper.add_representer(str, _str_representer)
_Dumper.add_representer(_Flow, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, data: d.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True))


_SPEED_NAMES = {FAST: "fast", SLOW: "slow"}


def _rate_value(rate: float) -> int | float:
    """A rate as written: ``5`` rather than ``5.0``."""
    return int(rate) if float(rate).is_integer() and abs(rate) < 2**53 else float(rate)


def node_entry(node: Node) -> Any:
    """A node as written under ``nodes`` (a rule text, a one-line mapping, or a mapping)."""
    entry: dict[str, Any] = {}
    if node.is_input:
        entry["input"] = True
        if node.value is not None:
            entry["value"] = node.value
    if node.levels != 1:
        entry["levels"] = node.levels
    if node.rule is not None:
        plain = node.rule.boolean_expression(node.levels)
        if plain is not None:
            entry["rule"] = format_expression(plain)
        else:
            cases: list[Any] = [_Flow(level=c.level, when=format_expression(c.when)) for c in node.rule.cases]
            cases.append(_Flow(level=node.rule.default))
            entry["rule"] = cases
    if node.speed != FAST:
        entry["speed"] = "slow" if node.speed == SLOW else node.speed
    if node.rate_up is not None and node.rate_up == node.rate_down:
        entry["rate"] = _rate_value(node.rate_up)
    else:
        if node.rate_up is not None:
            entry["rate_up"] = _rate_value(node.rate_up)
        if node.rate_down is not None:
            entry["rate_down"] = _rate_value(node.rate_down)
    if node.phenotype:
        entry["phenotype"] = True
    if node.goal is not None:
        entry["goal"] = node.goal.value_text
    for key in ("label", "description", "group"):
        if getattr(node, key) is not None:
            entry[key] = getattr(node, key)
    if node.references:
        entry["references"] = list(node.references)
    if list(entry) == ["rule"] and isinstance(entry["rule"], str):
        return entry["rule"]
    if all(not isinstance(v, (list, dict)) and not (isinstance(v, str) and "\n" in v) for v in entry.values()) and len(entry) <= 4:
        return _Flow(entry)
    return entry


def generate_yaml(network: Network) -> str:
    """The text of a logicnet YAML file that reads back as an equal network."""
    return dump_yaml(yaml_document(network))


def dump_yaml(doc: dict[str, Any]) -> str:
    """YAML text of a document built by :func:`yaml_document` (or a part of one)."""
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def yaml_document(network: Network) -> dict[str, Any]:
    """The logicnet file of ``network`` as plain data (mappings in file order)."""
    doc: dict[str, Any] = {"logicnet": FORMAT_VERSION, "name": network.name}
    if network.description is not None:
        doc["description"] = network.description
    if network.references:
        doc["references"] = list(network.references)
    if network.rates:
        doc["rates"] = _Flow((_SPEED_NAMES.get(k, k), _rate_value(v)) for k, v in sorted(network.rates.items()))
    if network.time_unit is not None:
        doc["time_unit"] = network.time_unit
    doc["nodes"] = {name: node_entry(node) for name, node in network.nodes.items()}
    if network.drugs:
        drugs = {}
        for name, drug in network.drugs.items():
            if all(e == Effect(0) for e in drug.targets.values()):
                targets: Any = _FlowList(drug.targets)
            else:
                targets = _Flow((t, e.value_text) for t, e in drug.targets.items())
            entry: dict[str, Any] = {"targets": targets}
            for key, attr in (("description", "description"), ("class", "drug_class")):
                if getattr(drug, attr) is not None:
                    entry[key] = getattr(drug, attr)
            if drug.references:
                entry["references"] = list(drug.references)
            drugs[name] = entry
        doc["drugs"] = drugs
    if network.alterations:
        doc["alterations"] = {n: _Flow(a.levels) for n, a in network.alterations.items()}
    if network.contexts:
        doc["contexts"] = {n: _Flow({**c.levels, **({"start": c.start} if c.start else {})})
                           for n, c in network.contexts.items()}
    if network.states:
        doc["states"] = {n: _state_entry(state) for n, state in network.states.items()}
    if network.start is not None:
        doc["start"] = network.start
    if network.scenarios:
        doc["scenarios"] = [_scenario_entry(s) for s in network.scenarios]
    return doc


def _state_entry(state: StartState) -> Any:
    entry: dict[str, Any] = {}
    if state.default != 0:
        entry["default"] = "*" if state.default is None else state.default
    for node, levels in state.levels.items():
        entry[node] = "*" if levels is None else (levels[0] if len(levels) == 1 else _FlowList(levels))
    return _Flow(entry)


def _scenario_entry(s: Scenario) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": s.name}
    if s.description is not None:
        entry["description"] = s.description
    if s.context is not None:
        entry["context"] = s.context
    if s.alterations:
        entry["alterations"] = _FlowList(s.alterations)
    if s.sequence is not None:
        entry["sequence"] = _FlowList(_FlowList(step) for step in s.sequence)
    elif s.drugs:
        entry["drugs"] = _FlowList(s.drugs)
    if s.semantics is not None:
        entry["semantics"] = s.semantics
    if s.start != "untreated":
        entry["start"] = s.start
    if s.phase != "late":
        entry["phase"] = s.phase
    entry["expect"] = _Flow((n, e.value_text) for n, e in s.expect.items())
    return entry


def write_yaml(network: Network, path: str | Path, *, force: bool = False) -> Path:
    """Write ``network`` as a logicnet YAML file (refusing to overwrite unless ``force``)."""
    return write_text(path, generate_yaml(network), force=force)
