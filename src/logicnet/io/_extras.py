"""logicnet's extras: what another format cannot hold, kept where that format
tolerates it so that a round trip through it gives the same network.

The extras are a small logicnet YAML document (same keys as a network file,
all optional; under ``nodes`` only the fields the format lacks). BNet,
BooleanNet and AEON files carry it in comment lines starting ``#|``; SBML-qual
files in an annotation of the model in logicnet's namespace. Other tools skip
both. When reading, the extras are trusted only where they agree with the file:
rules given in the extras must have the same function as the file's own rules
(so a file edited in another tool keeps its edits, with a warning).
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from typing import Any, Mapping, Sequence

from logicnet.errors import ModelError, SourceLocation
from logicnet.io._logic import Functions
from logicnet.model.booleanize import booleanize, target_at_least
from logicnet.model.expression import Atom, atoms, map_atoms
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Network, Node
from logicnet.model.rules import Rule

__all__ = [
    "Native",
    "extras_document",
    "extras_text",
    "comment_block",
    "read_comment_block",
    "apply_extras",
    "losses",
    "loss_header",
    "PREFIX",
]

#: Comment lines of the text formats that carry the extras.
PREFIX = "#| "


class Native:
    """What a format keeps itself; everything else goes to the extras."""

    def __init__(self, *, name: bool = False, description: bool = False, labels: bool = False,
                 node_descriptions: bool = False, input_values: bool = False, multivalued: bool = False,
                 references: bool = False):
        self.name = name
        self.description = description
        self.labels = labels
        self.node_descriptions = node_descriptions
        self.input_values = input_values
        self.multivalued = multivalued
        self.references = references


def _booleanized_rule(network: Network, node: Node) -> bool:
    """Whether a Boolean format writes the rule of ``node`` in another form
    (it names a multivalued node, whose bits it then uses)."""
    if node.rule is None:
        return False
    return any(a.threshold > 1 or network.nodes[a.node].levels > 1 for case in node.rule.cases for a in atoms(case.when))


def extras_document(network: Network, native: Native, bits: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
    """The extras of ``network`` for a format that keeps ``native`` (empty when
    the format holds everything). ``bits`` names the booleanized nodes."""
    from logicnet.io.yaml_format import _Flow, node_entry, yaml_document  # PyYAML: only with extras

    full = yaml_document(network)
    doc: dict[str, Any] = {}
    if not native.name:
        doc["name"] = network.name
    if network.description is not None and not native.description:
        doc["description"] = network.description
    if network.references and not native.references:
        doc["references"] = list(network.references)
    nodes: dict[str, Any] = {}
    for name, node in network.nodes.items():
        entry = node_entry(node)
        entry = {"rule": entry} if isinstance(entry, str) else dict(entry)
        keep: dict[str, Any] = {}
        for key, value in entry.items():
            if key == "rule":
                plain = node.rule is None or node.rule.boolean_expression(node.levels) is not None
                if node.levels > 1 or not plain or (not native.multivalued and _booleanized_rule(network, node)):
                    keep[key] = value
            elif key == "levels":
                if not native.multivalued:
                    keep[key] = value
            elif key == "input":
                if "value" in entry and not native.input_values:
                    keep[key] = value
            elif key == "value":
                if not native.input_values:
                    keep[key] = value
            elif key == "label":
                if not native.labels:
                    keep[key] = value
            elif key == "description":
                if not native.node_descriptions:
                    keep[key] = value
            elif key == "references":
                if not native.references:
                    keep[key] = value
            else:  # speed, rates, phenotype, goal, group
                keep[key] = value
        if node.levels > 1 and not native.multivalued:
            keep["levels"] = node.levels
            if node.rule is None:
                keep["input"] = True
                if node.value is not None:
                    keep["value"] = node.value
        if bits is not None and node.levels > 1 and tuple(bits[name]) != tuple(f"{name}_b{k}" for k in range(1, node.levels + 1)):
            keep["booleanized"] = list(bits[name])
        if keep:
            flat = all(not isinstance(v, (list, dict)) or isinstance(v, _Flow) for v in keep.values())
            nodes[name] = _Flow(keep) if flat and len(keep) <= 3 and "rule" not in keep else keep
    if nodes:
        doc["nodes"] = nodes
    for key in ("rates", "time_unit", "drugs", "alterations", "contexts", "states", "start", "scenarios"):
        if key in full:
            doc[key] = full[key]
    if not doc:
        return {}
    return {"logicnet": full["logicnet"], **doc}


def extras_text(network: Network, native: Native, bits: Mapping[str, Sequence[str]] | None = None) -> str | None:
    """The extras as YAML text, or ``None`` when there are none."""
    doc = extras_document(network, native, bits)
    if not doc:
        return None
    from logicnet.io.yaml_format import dump_yaml

    return dump_yaml(doc)


def comment_block(text: str | None) -> list[str]:
    """The extras as ``#|`` comment lines (with a line saying what they are)."""
    if not text:
        return []
    lines = ["# logicnet extras (YAML after '#| '): what this format cannot hold; other tools ignore them"]
    lines += [(PREFIX + line).rstrip() for line in text.splitlines()]
    return lines


def read_comment_block(text: str) -> tuple[str | None, int]:
    """The YAML of the ``#|`` lines of a text file and the line before its first one."""
    found: list[str] = []
    first = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#|"):
            if not found:
                first = number - 1
            found.append(line[3:] if line.startswith(PREFIX) else line[2:])
    return ("\n".join(found) if found else None), first


def losses(network: Network, native: Native, *, keeps_extras: bool, booleanized: bool = True) -> list[str]:
    """What a format that keeps ``native`` cannot hold of ``network``, in words
    (for the header comment and for ``convert``)."""
    out: list[str] = []
    nodes = network.nodes.values()

    def count(what: str, n: int) -> None:
        if n:
            out.append(f"{what} of {n} node{'s' if n != 1 else ''}")

    if not native.multivalued:
        multivalued = [n.name for n in nodes if n.levels > 1]
        if multivalued:
            out.append(f"levels of {len(multivalued)} multivalued node{'s' if len(multivalued) != 1 else ''}"
                       f" ({', '.join(multivalued[:6])}{', ...' if len(multivalued) > 6 else ''}"
                       f"{': booleanized' if booleanized else ''})")
    count("speeds", sum(1 for n in nodes if n.speed != 0))
    count("rates", sum(1 for n in nodes if n.rate_up is not None or n.rate_down is not None))
    count("phenotype marks", sum(1 for n in nodes if n.phenotype))
    count("goals", sum(1 for n in nodes if n.goal is not None))
    count("groups", sum(1 for n in nodes if n.group is not None))
    if not native.labels:
        count("labels", sum(1 for n in nodes if n.label is not None))
    if not native.node_descriptions:
        count("descriptions", sum(1 for n in nodes if n.description is not None))
    if not native.references:
        count("references", sum(1 for n in nodes if n.references))
    if not native.input_values:
        count("input values", sum(1 for n in nodes if n.is_input and n.value is not None))
    if network.description is not None and not native.description:
        out.append("the network's description")
    if network.references and not native.references:
        out.append("the network's references")
    if network.rates:
        out.append("the rates of the speed classes")
    for what, items in (("drugs", network.drugs), ("alterations", network.alterations),
                        ("contexts", network.contexts), ("start states", network.states),
                        ("scenarios", network.scenarios)):
        if items:
            out.append(f"{len(items)} {what}")
    return out


def loss_header(network: Network, native: Native, *, keeps_extras: bool, format_label: str) -> list[str]:
    """Header comment lines saying what the format cannot hold and where it went."""
    lost = losses(network, native, keeps_extras=keeps_extras)
    if not lost:
        return []
    if keeps_extras:
        head = f"{format_label} cannot hold these; logicnet keeps them in its extras below (other tools ignore them):"
    else:
        head = f"{format_label} cannot hold these, and they are not in this file:"
    return [head] + [f"  - {item}" for item in lost]


# --------------------------------------------------------------------------- reading


def _warn(message: str, where: SourceLocation | None) -> None:
    warnings.warn(f"{where}: {message}" if where is not None else message, stacklevel=3)


def apply_extras(body: Network, yaml_text: str | None, *, source: str | None, line: int = 0, column: int = 0,
                 fold: bool = True, booleanized: bool = True) -> Network:
    """``body`` (the network as the format gives it) completed by its extras.

    ``booleanized``: the format is Boolean, multivalued nodes appear as their
    bits; ``fold=False`` keeps those bits (the extras' multivalued rules are
    then not applied).
    """
    if not yaml_text or not yaml_text.strip():
        return body
    levels = {n: node.levels for n, node in body.nodes.items()}
    from logicnet.io.yaml_format import parse_extras

    extras = parse_extras(yaml_text, source=source, line=line, column=column, levels=levels)
    where = SourceLocation(source, line + 1) if source else None
    node_extras: dict[str, dict[str, Any]] = extras.get("nodes", {})
    nodes = dict(body.nodes)

    candidate = _restore_rules(body, node_extras, booleanized=booleanized, fold=fold, where=where)
    if candidate is not None:
        nodes = candidate
    for name, fields in node_extras.items():
        node = nodes.get(name)
        if node is None:
            if not (booleanized and not fold and fields.get("levels", 1) > 1):
                _warn(f"the logicnet extras describe node '{name}', which the file does not have: ignored", where)
            continue
        changes: dict[str, Any] = {}
        for key in ("speed", "phenotype", "goal", "label", "description", "group", "references", "rate_up",
                    "rate_down"):
            if key in fields:
                changes[key] = fields[key]
        if fields.get("input") and "value" in fields:
            value = fields["value"]
            current = node.rule.constant_level if node.rule is not None else node.value
            if node.rule is None or current == value:
                changes["rule"] = None
                changes["value"] = value
        elif "value" in fields and node.rule is None:
            changes["value"] = fields["value"]
        nodes[name] = replace(node, **changes)
    network = replace(body, nodes=FrozenMap(nodes), locations=FrozenMap({**body.locations, **extras["locations"]}))
    top: dict[str, Any] = {k: extras[k] for k in ("name", "description", "references", "rates", "time_unit")
                           if k in extras}
    sections = {k: extras[k] for k in ("drugs", "alterations", "contexts", "states", "start", "scenarios")
                if k in extras}
    try:
        return replace(network, **top, **sections)
    except ModelError as exc:
        _warn(f"the logicnet extras do not fit the network in the file ({exc.message}): their drugs,"
              " alterations, contexts and scenarios are ignored", where)
        return replace(network, **top)


def _restore_rules(body: Network, node_extras: Mapping[str, Mapping[str, Any]], *, booleanized: bool, fold: bool,
                   where: SourceLocation | None) -> dict[str, Node] | None:
    """The nodes with the extras' rules (multivalued nodes folded from their
    bits), or ``None`` when there is nothing to restore or the rules disagree."""
    with_rules = {n: f for n, f in node_extras.items() if "rule" in f or (booleanized and f.get("levels", 1) > 1)}
    if not with_rules:
        return None
    multivalued = {n: f for n, f in with_rules.items() if f.get("levels", 1) > 1}
    if booleanized and multivalued and not fold:
        return None
    bits: dict[str, tuple[str, ...]] = {}
    if booleanized:
        for name, fields in multivalued.items():
            names = tuple(fields.get("booleanized") or (f"{name}_b{k}" for k in range(1, fields["levels"] + 1)))
            if len(names) != fields["levels"] or any(b not in body.nodes for b in names) or name in body.nodes:
                _warn(f"the logicnet extras make '{name}' multivalued, but the file does not have its bits"
                      f" {', '.join(names)}: the file's nodes are kept", where)
                return None
            bits[name] = names
    owner = {b: n for n, names in bits.items() for b in names}
    nodes: dict[str, Node] = {}
    for name, node in body.nodes.items():
        if name in owner:
            original = owner[name]
            if original not in nodes:
                fields = with_rules[original]
                nodes[original] = Node(name=original, rule=fields.get("rule"), levels=fields["levels"],
                                       value=fields.get("value") if fields.get("input") else None)
            continue
        fields = with_rules.get(name)
        if owner and node.rule is not None and (fields is None or "rule" not in fields):
            node = replace(node, rule=_unbit(node.rule, bits))
        if fields is not None:
            if node.levels != fields["levels"]:
                _warn(f"the logicnet extras give '{name}' levels 0..{fields['levels']}, the file 0..{node.levels}:"
                      " the file's rules are kept", where)
                return None
            if "rule" in fields:
                node = replace(node, rule=fields["rule"])
        nodes[name] = node
    try:
        candidate = replace(body, nodes=FrozenMap(nodes), drugs=FrozenMap(), alterations=FrozenMap(),
                            contexts=FrozenMap(), scenarios=(), states=FrozenMap(), start=None)
    except ModelError as exc:
        _warn(f"the rules in the logicnet extras do not fit the file ({exc.message}): the file's rules are kept", where)
        return None
    disagree = _first_disagreement(body, candidate, bits, booleanized)
    if disagree is not None:
        _warn(f"the rule of '{disagree}' in the file differs from the one in the logicnet extras (edited in"
              " another tool?): the file's rules are kept", where)
        return None
    return nodes


def _unbit(rule: Rule, bits: Mapping[str, Sequence[str]]) -> Rule:
    """A rule over bits rewritten over the multivalued nodes (``X_bk`` is ``X >= k``)."""
    level = {b: (n, k) for n, names in bits.items() for k, b in enumerate(names, start=1)}

    def fold(atom: Atom) -> Atom:
        if atom.node in level:
            node, k = level[atom.node]
            return Atom(node, k)
        return atom

    return Rule(tuple(replace(c, when=map_atoms(c.when, fold)) for c in rule.cases), rule.default)


def _first_disagreement(body: Network, candidate: Network, bits: Mapping[str, Sequence[str]], booleanized: bool) -> str | None:
    """The first node whose function in ``candidate`` (encoded as the file
    encodes it) differs from the file's, or ``None``."""
    functions = Functions()
    if booleanized:
        encoded = booleanize(candidate)
        names = {n: tuple(b) for n, b in encoded.bits.items()}
        if any(names[n] != tuple(b) for n, b in bits.items()):
            # the bits were named differently in the file: compare through a renaming
            rename = {new: old for n, b in bits.items() for new, old in zip(names[n], b)}
        else:
            rename = {}
        for name, node in encoded.network.nodes.items():
            target = rename.get(name, name)
            theirs = body.nodes[target]
            if not _same_rule(functions, node, theirs, rename):
                return next((n for n, b in names.items() if name in b), name)
        return None
    functions.admissible({n: node.levels for n, node in candidate.nodes.items() if node.levels > 1})
    for name, node in candidate.nodes.items():
        if not _same_rule(functions, node, body.nodes[name], {}):
            return name
    return None


def _same_rule(functions: Functions, ours: Node, theirs: Node, rename: Mapping[str, str]) -> bool:
    if ours.levels != theirs.levels:
        return False
    a, b = ours.update_rule(), theirs.update_rule()
    if ours.rule is None and theirs.rule is None:
        return True

    def renamed(atom: Atom) -> Any:
        return Atom(rename.get(atom.node, atom.node), atom.threshold)

    for k in range(1, ours.levels + 1):
        mine = functions.compile(target_at_least(a, k), renamed)
        other = functions.compile(target_at_least(b, k))
        if not functions.equal(mine, other):
            return False
    return True
