"""SIF signed topologies: ``A -> B`` (activates), ``A -| B`` (inhibits), as in
the DrugLogics pipeline; CellNOpt's ``A 1 B`` / ``A -1 B`` as well.

A SIF file has edges, no logic, so reading it builds rules by a documented
scheme from each node's activators a1..an and inhibitors i1..im:

* ``and-not`` (default; the DrugLogics/Gitsbe default equation, inhibitor-dominant):
  ``(a1 | ... | an) & !(i1 | ... | im)`` - any active inhibitor switches the
  target off;
* ``or-not`` (activator-dominant, Gitsbe's other link operator):
  ``(a1 | ... | an) | !(i1 | ... | im)`` - any activator switches it on.

A node with only activators takes their OR, one with only inhibitors
``!(i1 | ... | im)``; a node without incoming edges is a free input. Names
that are not ids (``MEK1/2``) become ids with ``_``, the original kept as label.

Writing gives the signed interaction graph of the rules' functions (a dual
regulator is written with both edges); the rules themselves are lost, which
the header comment says.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from logicnet.errors import FormatError, SourceLocation
from logicnet.io._extras import Native, losses
from logicnet.io.textfile import read_text, write_text
from logicnet.model.expression import RESERVED_WORDS, Atom, Expr, conj, disj, neg
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Network, Node
from logicnet.model.rules import Rule

__all__ = ["parse_sif", "read_sif", "generate_sif", "write_sif", "SIF_SCHEMES", "sif_id"]

#: The rule schemes for SIF topologies.
SIF_SCHEMES = ("and-not", "or-not")

_SIGNS = {"->": "+", "1": "+", "+1": "+", "-|": "-", "-1": "-"}


def sif_id(name: str) -> str:
    """The logicnet id for a SIF name (characters other than letters, digits and ``_`` become ``_``)."""
    ident = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if not re.match(r"[A-Za-z_]", ident):
        ident = "_" + ident
    if ident.lower() in RESERVED_WORDS:
        ident += "_"
    return ident


def _rule(activators: list[str], inhibitors: list[str], scheme: str) -> Expr:
    up = disj(*(Atom(a) for a in activators)) if activators else None
    down = neg(disj(*(Atom(i) for i in inhibitors))) if inhibitors else None
    if up is None:
        assert down is not None
        return down
    if down is None:
        return up
    return conj(up, down) if scheme == "and-not" else disj(up, down)


def parse_sif(text: str, *, source: str | None = None, name: str | None = None, scheme: str = "and-not") -> Network:
    """A network from a signed SIF topology, its rules built by ``scheme`` (see the module notes)."""
    if scheme not in SIF_SCHEMES:
        raise FormatError(f"unknown SIF rule scheme '{scheme}': use {' or '.join(SIF_SCHEMES)}")
    ids: dict[str, str] = {}
    labels: dict[str, str] = {}
    order: dict[str, None] = {}
    regulators: dict[str, tuple[list[str], list[str]]] = {}
    locations: dict[str, SourceLocation] = {}
    seen: dict[tuple[str, str, str], int] = {}

    def ident(raw: str) -> str:
        if raw not in ids:
            new = sif_id(raw)
            if new in labels and labels[new] != raw:
                raise FormatError(f"'{raw}' and '{labels[new]}' would both become the id '{new}'", SourceLocation(source))
            ids[raw] = new
            labels[new] = raw
        return ids[raw]

    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        where = SourceLocation(source, number)
        if len(parts) != 3 or parts[1] not in _SIGNS:
            raise FormatError(f"expected 'SOURCE -> TARGET' or 'SOURCE -| TARGET' (or 1 / -1), found '{line}'", where)
        source_id, target_id = ident(parts[0]), ident(parts[2])
        sign = _SIGNS[parts[1]]
        order.setdefault(source_id)
        order.setdefault(target_id)
        if (source_id, sign, target_id) in seen:
            continue
        seen[(source_id, sign, target_id)] = number
        other = (source_id, "-" if sign == "+" else "+", target_id)
        if other in seen:
            warnings.warn(f"{where}: '{parts[0]}' both activates and inhibits '{parts[2]}' (also line {seen[other]})",
                          stacklevel=2)
        activators, inhibitors = regulators.setdefault(target_id, ([], []))
        (activators if sign == "+" else inhibitors).append(source_id)
        locations.setdefault(f"node:{target_id}", where)
        locations.setdefault(f"atom:{target_id}:{source_id}", where)
    if not order:
        raise FormatError("no edges found: expected lines 'SOURCE -> TARGET' or 'SOURCE -| TARGET'",
                          SourceLocation(source))
    nodes = {}
    for node in order:
        label = labels[node] if labels[node] != node else None
        if node in regulators:
            rule = Rule.boolean(_rule(*regulators[node], scheme))
            nodes[node] = Node(node, rule, label=label)
        else:
            nodes[node] = Node(node, None, label=label)
    if name is None:
        name = Path(source).parent.name if source and Path(source).stem == "network" else (
            Path(source).stem if source else "network")
    return Network(name=name, nodes=FrozenMap(nodes), source=source, locations=FrozenMap(locations))


def read_sif(path: str | Path, *, scheme: str = "and-not") -> Network:
    """Read a signed SIF topology (``.sif``), rules by ``scheme``."""
    return parse_sif(read_text(path, what="SIF file"), source=str(path), scheme=scheme)


def generate_sif(network: Network) -> str:
    """The signed interaction graph of ``network`` as SIF (a header comment says what is lost)."""
    from logicnet.model.functions import influences, new_bdd

    lost = ["the rules (SIF holds the signed graph only)"] + losses(network, Native(), keeps_extras=False, booleanized=False)
    lines = [f"# {network.name}", "# SIF cannot hold these, and they are not in this file:"]
    lines += [f"#   - {item}" for item in lost]
    bdd = new_bdd()
    for name in network.nodes:
        found, _ = influences(network, name, bdd)
        for influence in found:
            if influence.sign in ("+", "±"):
                lines.append(f"{influence.source}\t->\t{name}")
            if influence.sign in ("-", "±"):
                lines.append(f"{influence.source}\t-|\t{name}")
    return "\n".join(lines) + "\n"


def write_sif(network: Network, path: str | Path, *, force: bool = False) -> Path:
    """Write the signed topology of ``network`` as SIF (refusing to overwrite unless ``force``)."""
    return write_text(path, generate_sif(network), force=force)
