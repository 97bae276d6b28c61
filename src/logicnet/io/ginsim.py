"""GINsim models (``.zginml``, a zip holding ``GINsim-data/regulatoryGraph.ginml``,
or a plain ``.ginml``): read only.

Each ``<node id maxvalue>`` is a node with levels 0..maxvalue (``name``
becomes the label, ``input="true"`` makes it a free input). Each ``<edge>``
is an interaction ``from -> to``, functional while the source's level is in
``[minvalue, maxvalue]``. The rule comes from the logical parameters: a
``<parameter val="k" idActiveInteractions="...">`` says the target goes to
level k when exactly the listed interactions are functional (a parameter
without interactions, or the node's ``basevalue``, covers the case where none
is); every combination not listed gives 0. A node that has only logical
functions (``<value val="k"><exp str="A:2 & !B"/></value>``, ``A:2`` meaning
"A >= 2") takes them as cases, the highest value first. Node positions
(``nodevisualsetting``) are returned by :func:`read_ginsim_positions`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path

from logicnet.errors import FormatError, SourceLocation
from logicnet.model.expression import NAME_PATTERN, RESERVED_WORDS, Atom, Expr, ExpressionSyntaxError, conj, disj, neg
from logicnet.model.expression import parse_expression
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Network, Node
from logicnet.model.rules import Case, Rule

__all__ = ["parse_ginml", "read_ginsim", "read_ginsim_positions"]

_MEMBER = "GINsim-data/regulatoryGraph.ginml"


def _ginml_text(path: Path) -> tuple[str, str]:
    """The GINML text of a ``.zginml`` or ``.ginml`` file and the name to cite in messages."""
    where = SourceLocation(str(path))
    if not path.exists():
        raise FormatError("GINsim file not found", where)
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
                member = _MEMBER if _MEMBER in names else next((n for n in names if n.endswith(".ginml")), None)
                if member is None:
                    raise FormatError(f"this zip has no {_MEMBER}: not a GINsim model", where)
                return archive.read(member).decode("utf-8"), f"{path}!{member}"
        except zipfile.BadZipFile as exc:
            raise FormatError(f"damaged zip file ({exc})", where) from None
    if path.suffix.lower() == ".zginml":
        raise FormatError("a .zginml file must be a zip archive (GINsim's format); this one is not", where)
    return path.read_text(encoding="utf-8"), str(path)


def _root(text: str, source: str | None) -> ElementTree.Element:
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        line, column = exc.position
        raise FormatError(f"not valid XML: {str(exc).split(':')[0]}", SourceLocation(source, line, column + 1)) from None
    graph = root if root.tag == "graph" else root.find("graph")
    if graph is None or graph.get("class", "regulatory") != "regulatory":
        raise FormatError("no regulatory <graph> in this GINML file", SourceLocation(source))
    return graph


def parse_ginml(text: str, *, source: str | None = None, name: str | None = None) -> Network:
    """Read a network from GINML text (see the module notes)."""
    graph = _root(text, source)
    where = SourceLocation(source)
    levels: dict[str, int] = {}
    elements = {}
    for node in graph.findall("node"):
        ident = node.get("id") or ""
        if not NAME_PATTERN.match(ident) or ident.lower() in RESERVED_WORDS:
            raise FormatError(f"node id '{ident}' is not a valid logicnet id (letters, digits and '_')", where)
        if ident in levels:
            raise FormatError(f"two nodes have the id '{ident}'", where)
        try:
            levels[ident] = int(node.get("maxvalue", "1"))
        except ValueError:
            raise FormatError(f"node '{ident}' has maxvalue '{node.get('maxvalue')}': a whole number is expected",
                              where) from None
        if levels[ident] < 1:
            raise FormatError(f"node '{ident}' has maxvalue {levels[ident]}: 1 or more is expected", where)
        elements[ident] = node
    if not levels:
        raise FormatError("the GINML graph has no nodes", where)
    edges: dict[str, tuple[str, str, int, int | None]] = {}
    incoming: dict[str, list[str]] = {}
    for edge in graph.findall("edge"):
        ident, source_node, target = edge.get("id"), edge.get("from"), edge.get("to")
        for end in (source_node, target):
            if end not in levels:
                raise FormatError(f"edge '{ident}' names unknown node '{end}'", where)
        assert source_node is not None and target is not None
        ident = ident or f"{source_node}:{target}"
        low = int(edge.get("minvalue", "1"))
        high = edge.get("maxvalue")
        high_level = int(high) if high not in (None, "", "-1", "max") else None
        edges[ident] = (source_node, target, low, high_level)
        incoming.setdefault(target, []).append(ident)

    def functional(edge_id: str) -> Expr:
        regulator, _, low, high = edges[edge_id]
        expr: Expr = Atom(regulator, low)
        if high is not None and high < levels[regulator]:
            expr = conj(expr, neg(Atom(regulator, high + 1)))
        return expr

    nodes: dict[str, Node] = {}
    for ident, element in elements.items():
        label = element.get("name") if element.get("name") not in (None, "", ident) else None
        if element.get("input", "false").lower() == "true":
            nodes[ident] = Node(ident, None, levels=levels[ident], label=label)
            continue
        parameters = element.findall("parameter")
        values = element.findall("value")
        cases: list[Case] = []
        if parameters or not values:
            by_level: dict[int, list[Expr]] = {}
            listed_empty = False
            for parameter in parameters:
                level = int(parameter.get("val", "0"))
                active = (parameter.get("idActiveInteractions") or "").split()
                for edge_id in active:
                    if edge_id not in edges or edges[edge_id][1] != ident:
                        raise FormatError(f"node '{ident}': a parameter names interaction '{edge_id}', which is not"
                                          f" an edge into '{ident}'", where)
                listed_empty |= not active
                inactive = [e for e in incoming.get(ident, []) if e not in active]
                condition = conj(*(functional(e) for e in active), *(neg(functional(e)) for e in inactive))
                by_level.setdefault(level, []).append(condition)
            base = int(element.get("basevalue", "0"))
            if base and not listed_empty:
                by_level.setdefault(base, []).append(conj(*(neg(functional(e)) for e in incoming.get(ident, []))))
            for level in sorted(by_level, reverse=True):
                if level > levels[ident]:
                    raise FormatError(f"node '{ident}': a parameter gives level {level}, above its maxvalue"
                                      f" {levels[ident]}", where)
                if level > 0:
                    cases.append(Case(level, disj(*by_level[level])))
        else:
            for value in sorted(values, key=lambda v: -int(v.get("val", "0"))):
                level = int(value.get("val", "0"))
                terms = []
                for exp in value.findall("exp"):
                    try:
                        terms.append(parse_expression(exp.get("str", "")))
                    except ExpressionSyntaxError as exc:
                        raise FormatError(f"node '{ident}', value {level}: {exc.message}: {exp.get('str')}",
                                          where) from None
                if level > 0 and terms:
                    cases.append(Case(level, disj(*terms)))
        rule = Rule(tuple(cases), 0)
        if len(rule.cases) == 1 and rule.cases[0].level == levels[ident]:
            rule = Rule.boolean(rule.cases[0].when, levels[ident])
        nodes[ident] = Node(ident, rule, levels=levels[ident], label=label)
    if name is None:
        name = graph.get("id") or (Path(source).stem if source else "network")
    return Network(name=name, nodes=FrozenMap(nodes), source=source)


def read_ginsim(path: str | Path) -> Network:
    """Read a GINsim model (``.zginml`` or ``.ginml``)."""
    text, source = _ginml_text(Path(path))
    return parse_ginml(text, source=source, name=None)


def read_ginsim_positions(path: str | Path) -> dict[str, tuple[float, float]]:
    """The diagram position (x, y) of each node of a GINsim model, where the file gives one."""
    text, source = _ginml_text(Path(path))
    graph = _root(text, source)
    out: dict[str, tuple[float, float]] = {}
    for node in graph.findall("node"):
        setting = node.find("nodevisualsetting")
        if setting is None:
            continue
        holder = setting if setting.get("x") is not None else next(
            (child for child in setting if child.get("x") is not None), None)
        if holder is not None:
            out[node.get("id", "")] = (float(holder.get("x", "0")), float(holder.get("y", "0")))
    return out
