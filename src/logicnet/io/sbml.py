"""SBML-qual (SBML Level 3 "qual" package), CoLoMoTo's exchange format, through python-libsbml.

Reading: every ``qualitativeSpecies`` is a node (``id``; ``name`` becomes the
label, ``maxLevel`` the levels, notes the description, MIRIAM annotations the
references). A ``transition`` gives the rule of its output species: each
``functionTerm`` is a case (its ``resultLevel`` when its MathML holds, in
document order), the ``defaultTerm`` the level otherwise. MathML relations
``eq neq geq gt leq lt`` between a species and a number (or an input id whose
``thresholdLevel`` gives the number, as bioLQM writes) become thresholds; a bare
species means "at least its input's threshold (1 if none)". A species without
a transition is an input: ``constant`` with an ``initialLevel`` is a constant,
otherwise a free input (an ``initialLevel`` becomes its value). A transition
with neither function nor default term leaves its species a free input.
Compartments are ignored (a warning when a model has several).

Writing: one compartment, a species per node, a transition per node with a
rule (mutually exclusive function terms, ``eq(X, 1)`` for a Boolean regulator
and ``geq(X, k)`` for a threshold), input signs from the rule's function.
What SBML-qual has no place for is kept in logicnet's extras, an annotation of
the model in the namespace :data:`NAMESPACE` that other tools ignore.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

from logicnet.errors import FormatError, SourceLocation
from logicnet.io._extras import Native, apply_extras, extras_text, loss_header
from logicnet.io.textfile import read_text, write_text
from logicnet.model.expression import FALSE, TRUE, And, Atom, Const, Expr, Not, conj, disj, neg
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Network, Node
from logicnet.model.rules import Case, Rule


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as XML entities (what ``xml.sax.saxutils.escape``
    does, without importing it and, through it, urllib for every command)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

__all__ = ["parse_sbml", "read_sbml", "generate_sbml", "write_sbml", "NAMESPACE", "NATIVE"]

#: The XML namespace of logicnet's annotation (its extras).
NAMESPACE = "https://logicnet.readthedocs.io/ns/sbml-qual/1"

#: What SBML-qual holds itself.
NATIVE = Native(name=True, description=True, labels=True, node_descriptions=True, multivalued=True)

_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_MISSING_ENCODING = 1002  # libsbml's error id for an XML declaration without encoding


def _libsbml() -> Any:
    try:
        import libsbml
    except ImportError:  # pragma: no cover - a declared dependency
        raise FormatError("SBML-qual needs python-libsbml: pip install python-libsbml") from None
    return libsbml


# --------------------------------------------------------------------------- reading


class _MathReader:
    """MathML of one transition → an expression, iteratively (deeply nested files exist)."""

    def __init__(self, lib: Any, levels: dict[str, int], thresholds: dict[str, int], input_species: dict[str, str],
                 fail: Any):
        self.lib = lib
        self.levels = levels
        self.thresholds = thresholds  # input id -> thresholdLevel
        self.input_species = input_species  # input id -> species
        self.fail = fail
        self.species_threshold: dict[str, int] = {}

    def read(self, root: Any) -> Expr:
        """Parse libsbml's infix form of the MathML (one fast C++ call, then an
        iterative operator-precedence parse: deeply nested files exist)."""
        text = self.lib.formulaToL3String(root)
        operands: list[Any] = []
        operators: list[Any] = []  # ("op", symbol) | ("(", function name or None, operand count at open)
        expect_operand = True
        for token in _L3_TOKEN.findall(text):
            first = token[0]
            if first.isalpha() or first == "_":
                if token[-1] == "(":
                    operators.append(("(", token[:-1].strip(), len(operands)))
                    expect_operand = True
                    continue
                lowered = token.lower()
                operands.append(TRUE if lowered == "true" else FALSE if lowered == "false" else ("name", token))
                expect_operand = False
            elif first == "(":
                if len(token) > 1:  # "(X == 1)", the bulk of real files: one step
                    name, op, level = _L3_RELATION.match(token).groups()  # type: ignore[union-attr]
                    operands.append(self.relation(_RELATIONS[op], ("name", name), ("level", level)))
                    expect_operand = False
                    continue
                operators.append(("(", None, len(operands)))
                expect_operand = True
            elif first == ")" or first == ",":
                while operators and operators[-1][0] != "(":
                    self._apply(operands, operators.pop()[1])
                if not operators:
                    self.fail(f"unbalanced parentheses in the MathML ({text[:200]})")
                if first == ")":
                    _, function, start = operators.pop()
                    if function is not None:
                        args = operands[start:]
                        del operands[start:]
                        operands.append(self._call(function, args))
                expect_operand = first == ","
            elif first.isdigit():
                operands.append(("level", token))
                expect_operand = False
            elif token in _PRECEDENCE:
                if token == "!" and expect_operand:
                    operators.append(("op", "!"))
                    continue
                precedence = _PRECEDENCE[token]
                while operators and operators[-1][0] == "op" and _PRECEDENCE[operators[-1][1]] >= precedence:
                    self._apply(operands, operators.pop()[1])
                operators.append(("op", token))
                expect_operand = True
            else:
                self.fail(f"unexpected '{token}' in the MathML (as libsbml prints it: {text[:200]})")
        while operators:
            top = operators.pop()
            if top[0] == "(":
                self.fail(f"unbalanced parentheses in the MathML ({text[:200]})")
            self._apply(operands, top[1])
        if len(operands) != 1:
            self.fail(f"could not read the MathML ({text[:200]})")
        return self._boolean(operands[0])

    def _boolean(self, operand: Any) -> Expr:
        if isinstance(operand, tuple):
            kind, value = operand
            if kind == "name":
                if value in self.levels:
                    return self.at_least(value, self.species_default_threshold(value))
                self.fail(f"MathML names '{value}', which is neither a species nor an input of the transition")
            if value in ("0", "1"):
                return Const(value == "1")
            self.fail(f"the number {value} is used as a condition (compare a species with it instead)")
        return operand

    def _apply(self, operands: list[Any], symbol: str) -> None:
        if symbol == "!":
            if not operands:
                self.fail("'not' without an argument in the MathML")
            operands.append(self.negate(self._boolean(operands.pop())))
            return
        if len(operands) < 2:
            self.fail(f"'{symbol}' needs two arguments in the MathML")
        right, left = operands.pop(), operands.pop()
        if symbol == "&&":
            operands.append(_and(self._boolean(left), self._boolean(right)))
        elif symbol == "||":
            operands.append(_or(self._boolean(left), self._boolean(right)))
        else:
            operands.append(self.relation(_RELATIONS[symbol], left, right))

    def _call(self, function: str, args: list[Any]) -> Expr:
        name = function.lower()
        if name in _RELATION_NAMES and len(args) == 2:
            return self.relation(name, args[0], args[1])
        values = [self._boolean(a) for a in args]
        if name == "and":
            return conj(*values)
        if name == "or":
            return disj(*values)
        if name == "not" and len(values) == 1:
            return self.negate(values[0])
        if name == "xor":
            result: Expr = values[0] if values else FALSE
            for v in values[1:]:
                result = disj(conj(result, neg(v)), conj(neg(result), v))
            return result
        return self.fail(f"unsupported MathML function '{function}': logicnet reads and, or, not, xor, true,"
                         " false and comparisons of a species with a level")

    def species_default_threshold(self, species: str) -> int:
        return self.species_threshold.get(species, 1)

    def operand(self, item: Any) -> tuple[str, Any]:
        """('species', name) or ('level', k)."""
        if isinstance(item, tuple):
            kind, value = item
            if kind == "name":
                if value in self.thresholds:
                    return "level", self.thresholds[value]
                if value in self.levels:
                    return "species", value
                self.fail(f"MathML names '{value}', which is neither a species nor an input of the transition")
            number = float(value)
            if number.is_integer():
                return "level", int(number)
        return self.fail("a comparison needs a species and a whole-number level")

    def relation(self, op: str, left: Any, right: Any) -> Expr:
        (lk, lv), (rk, rv) = self.operand(left), self.operand(right)
        if lk == "level" and rk == "species":
            (lk, lv), (rk, rv) = (rk, rv), (lk, lv)
            op = {"geq": "leq", "gt": "lt", "leq": "geq", "lt": "gt"}.get(op, op)
        if lk != "species" or rk != "level":
            self.fail("a comparison needs a species on one side and a level on the other")
        species, k = lv, int(rv)
        if op == "geq":
            return self.at_least(species, k)
        if op == "gt":
            return self.at_least(species, k + 1)
        if op == "lt":
            return self.negate(self.at_least(species, k))
        if op == "leq":
            return self.negate(self.at_least(species, k + 1))
        exactly = self.exactly(species, k)
        return exactly if op == "eq" else self.negate(exactly)

    def negate(self, e: Expr) -> Expr:
        return neg(e)  # kept as written (constants are not folded: the rule reads back as it was)

    def at_least(self, species: str, k: int) -> Expr:
        if k <= 0:
            return TRUE
        if k > self.levels[species]:
            return FALSE
        return Atom(species, k)

    def exactly(self, species: str, k: int) -> Expr:
        top = self.levels[species]
        if k < 0 or k > top:
            return FALSE
        if k == 0:
            return neg(Atom(species, 1))
        if k == top:
            return Atom(species, k)
        return conj(Atom(species, k), neg(Atom(species, k + 1)))


_L3_TOKEN = re.compile(
    r"\(\s*[A-Za-z_][A-Za-z0-9_]*\s*(?:==|!=|>=|<=|>|<)\s*[0-9]+\s*\)|[A-Za-z_][A-Za-z0-9_]*(?:\s*\()?|[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|&&|\|\||==|!=|>=|<=|[()!<>,]|[^\s]"
)
_L3_RELATION = re.compile(r"\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*(==|!=|>=|<=|>|<)\s*([0-9]+)\s*\)")
_PRECEDENCE = {"||": 1, "&&": 2, "==": 3, "!=": 3, ">=": 3, "<=": 3, ">": 3, "<": 3, "!": 4}
_RELATIONS = {"==": "eq", "!=": "neq", ">=": "geq", "<=": "leq", ">": "gt", "<": "lt"}
_RELATION_NAMES = set(_RELATIONS.values())


_and = conj
_or = disj


def _text_of_notes(sbase: Any) -> str | None:
    """The plain text of an element's XHTML notes (paragraphs joined by newlines)."""
    if not sbase.isSetNotes():
        return None
    notes = sbase.getNotes()
    paragraphs: list[str] = []

    def walk(node: Any, into: list[str]) -> None:
        for i in range(node.getNumChildren()):
            child = node.getChild(i)
            if child.isText():
                into.append(child.getCharacters())
            else:
                if child.getName() in ("p", "div", "pre", "li", "h1", "h2", "h3") and into:
                    paragraphs.append("".join(into))
                    into.clear()
                if child.getName() == "br":
                    into.append("\n")
                walk(child, into)
                if child.getName() in ("p", "div", "pre", "li", "h1", "h2", "h3"):
                    paragraphs.append("".join(into))
                    into.clear()

    rest: list[str] = []
    walk(notes, rest)
    if rest:
        paragraphs.append("".join(rest))
    lines = [p for p in (p.strip("\n") for p in paragraphs) if p.strip()]
    text = "\n".join(lines)
    return text or None


def _references(sbase: Any) -> tuple[str, ...]:
    out = []
    for i in range(sbase.getNumCVTerms()):
        term = sbase.getCVTerm(i)
        for j in range(term.getNumResources()):
            out.append(term.getResourceURI(j))
    return tuple(dict.fromkeys(out))


def _extras_of(lib: Any, model: Any) -> tuple[str | None, int]:
    if not model.isSetAnnotation():
        return None, 0
    annotation = model.getAnnotation()
    for i in range(annotation.getNumChildren()):
        child = annotation.getChild(i)
        if child.getURI() == NAMESPACE:
            text = "".join(child.getChild(j).getCharacters() for j in range(child.getNumChildren())
                           if child.getChild(j).isText())
            return text, child.getLine()
    return None, 0


def parse_sbml(text: str, *, source: str | None = None, fold_levels: bool | None = None) -> Network:
    """Read a network from SBML-qual text (see the module notes)."""
    lib = _libsbml()
    doc = lib.readSBMLFromString(text)
    for i in range(doc.getNumErrors()):
        error = doc.getError(i)
        if error.getErrorId() == _MISSING_ENCODING:
            continue  # libsbml insists on encoding="UTF-8"; the text is UTF-8 anyway
        if error.getSeverity() >= lib.LIBSBML_SEV_ERROR and (error.getCategory() == lib.LIBSBML_CAT_XML or error.isFatal()):
            message = " ".join(error.getMessage().split())
            line = min(error.getLine(), text.count("\n") + (not text.endswith("\n"))) if error.getLine() else None
            raise FormatError(f"not valid XML: {message}", SourceLocation(source, line or None))
    model = doc.getModel()
    if model is None:
        raise FormatError("no <model> in this SBML file", SourceLocation(source))
    qual = model.getPlugin("qual")
    if qual is None or not doc.isPackageEnabled("qual"):
        raise FormatError(
            "this SBML file does not use the qual package: logicnet reads logical models in SBML-qual"
            " (qualitativeSpecies and transitions), not reaction networks", SourceLocation(source, model.getLine() or None))
    return _SbmlReader(lib, source).read(model, qual, fold_levels)


class _SbmlReader:
    def __init__(self, lib: Any, source: str | None):
        self.lib = lib
        self.source = source
        self.locations: dict[str, SourceLocation] = {}

    def where(self, element: Any) -> SourceLocation:
        line = element.getLine() if element is not None else 0
        return SourceLocation(self.source, line or None, element.getColumn() + 1 if line else None)

    def read(self, model: Any, qual: Any, fold_levels: bool | None) -> Network:
        lib = self.lib
        species: dict[str, Any] = {}
        levels: dict[str, int] = {}
        for qs in qual.getListOfQualitativeSpecies():
            name = qs.getId()
            where = self.where(qs)
            if not name:
                raise FormatError("a qualitativeSpecies has no id", where)
            if not _ID.match(name):
                raise FormatError(f"species id '{name}' is not a valid id", where)
            if name in species:
                raise FormatError(f"two qualitativeSpecies have the id '{name}'", where)
            species[name] = qs
            levels[name] = qs.getMaxLevel() if qs.isSetMaxLevel() else 1
            if levels[name] < 1:
                raise FormatError(f"species '{name}' has maxLevel {levels[name]}: logicnet needs 1 or more", where)
            self.locations[f"node:{name}"] = where
        if not species:
            raise FormatError("the model has no qualitativeSpecies", self.where(model))
        if model.getNumCompartments() > 1:
            warnings.warn(f"{SourceLocation(self.source)}: {model.getNumCompartments()} compartments: logicnet"
                          " ignores compartments (species keep their ids)", stacklevel=3)
        rules: dict[str, Rule | None] = {}
        assigned_by: dict[str, str] = {}
        for transition in qual.getListOfTransitions():
            tid = transition.getId() or "(no id)"
            outputs = []
            for output in transition.getListOfOutputs():
                target = output.getQualitativeSpecies()
                if target not in species:
                    raise FormatError(f"transition '{tid}' has output '{target}', which is not a species"
                                      f" of the model", self.where(output))
                if output.isSetTransitionEffect() and output.getTransitionEffect() != lib.OUTPUT_TRANSITION_EFFECT_ASSIGNMENT_LEVEL:
                    raise FormatError(f"transition '{tid}': output '{target}' has transitionEffect 'production'"
                                      " (Petri-net style); logical models use 'assignmentLevel'", self.where(output))
                if target in assigned_by:
                    raise FormatError(f"species '{target}' is assigned by two transitions, '{assigned_by[target]}'"
                                      f" and '{tid}': give each species one transition", self.where(transition))
                assigned_by[target] = tid
                outputs.append(target)
            if not outputs:
                raise FormatError(f"transition '{tid}' has no output species", self.where(transition))
            rule = self.transition_rule(transition, tid, species, levels, outputs)
            for target in outputs:
                rules[target] = rule
                self.locations[f"rule:{target}"] = self.where(transition)
        nodes: dict[str, Node] = {}
        for name, qs in species.items():
            label = qs.getName() if qs.isSetName() and qs.getName() != name and qs.getName() else None
            rule, value = rules.get(name), None
            if name not in rules and qs.isSetInitialLevel():
                initial = qs.getInitialLevel()
                if not 0 <= initial <= levels[name]:
                    raise FormatError(f"species '{name}' has initialLevel {initial}, outside 0..{levels[name]}",
                                      self.where(qs))
                if qs.getConstant():
                    rule = Rule.constant(initial)
                else:
                    value = initial
            nodes[name] = Node(name=name, rule=rule, value=value, levels=levels[name], label=label,
                               description=_text_of_notes(qs), references=_references(qs))
        name = model.getName() or model.getId() or (Path(self.source).stem if self.source else "network")
        body = Network(name=name, nodes=FrozenMap(nodes), description=_text_of_notes(model),
                       references=_references(model), source=self.source, locations=FrozenMap(self.locations))
        extras, line = _extras_of(self.lib, model)
        return apply_extras(body, extras, source=self.source, line=line, booleanized=False,
                            fold=fold_levels is not False)

    def transition_rule(self, transition: Any, tid: str, species: dict[str, Any], levels: dict[str, int],
                        outputs: list[str]) -> Rule | None:
        lib = self.lib
        thresholds: dict[str, int] = {}
        input_species: dict[str, str] = {}
        by_species: dict[str, int] = {}
        for item in transition.getListOfInputs():
            regulator = item.getQualitativeSpecies()
            if regulator not in species:
                raise FormatError(f"transition '{tid}' has input '{regulator}', which is not a species of the"
                                  " model", self.where(item))
            if item.isSetId():
                input_species[item.getId()] = regulator
                if item.isSetThresholdLevel():
                    thresholds[item.getId()] = item.getThresholdLevel()
            if item.isSetThresholdLevel():
                by_species.setdefault(regulator, item.getThresholdLevel())
        terms = list(transition.getListOfFunctionTerms())
        default = transition.getDefaultTerm() if transition.isSetDefaultTerm() else None
        if not terms and default is None:
            return None  # an input (as AEON and the BBM collection write them)

        def fail(message: str, element: Any = transition) -> Any:
            raise FormatError(f"transition '{tid}': {message}", self.where(element))

        top = min(levels[o] for o in outputs)
        cases: list[Case] = []
        for term in terms:
            level = term.getResultLevel()
            if not 0 <= level <= top:
                fail(f"a function term has resultLevel {level}, outside 0..{top}", term)
            math = term.getMath()
            if math is None:
                fail("a function term has no MathML", term)
            reader = _MathReader(lib, levels, thresholds, input_species, lambda m: fail(m, term))
            reader.species_threshold = by_species
            cases.append(Case(level, reader.read(math)))
        default_level = default.getResultLevel() if default is not None else 0
        if not 0 <= default_level <= top:
            fail(f"the default term has resultLevel {default_level}, outside 0..{top}", default)
        if len(cases) == 1 and top == 1 and cases[0].level == 1 and default_level == 0:
            return Rule.boolean(cases[0].when)
        return Rule(tuple(cases), default_level)


def read_sbml(path: str | Path, *, fold_levels: bool | None = None) -> Network:
    """Read a network from an SBML-qual file (``.sbml``, ``.xml``)."""
    return parse_sbml(read_text(path, what="SBML file"), source=str(path), fold_levels=fold_levels)


# --------------------------------------------------------------------------- writing


def _mathml(expr: Expr, levels: dict[str, int]) -> str:
    parts: list[str] = []
    stack: list[Any] = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, str):
            parts.append(e)
        elif isinstance(e, Const):
            parts.append("<true/>" if e.value else "<false/>")
        elif isinstance(e, Atom):
            if levels[e.node] == 1:
                parts.append(f'<apply><eq/><ci>{e.node}</ci><cn type="integer">1</cn></apply>')
            else:
                parts.append(f'<apply><geq/><ci>{e.node}</ci><cn type="integer">{e.threshold}</cn></apply>')
        elif isinstance(e, Not):
            parts.append("<apply><not/>")
            stack.append("</apply>")
            stack.append(e.arg)
        else:
            op = "<and/>" if isinstance(e, And) else "<or/>"
            parts.append(f"<apply>{op}")
            stack.append("</apply>")
            stack.extend(reversed(e.args))
    return '<math xmlns="http://www.w3.org/1998/Math/MathML">' + "".join(parts) + "</math>"


def _notes_keep(text: str | None) -> bool:
    """Whether ``text`` reads back unchanged from the notes :func:`_notes` writes."""
    return text is None or text == "\n".join(line for line in text.split("\n") if line.strip()) and text == text.strip()


def _notes(text: str) -> str:
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in text.split("\n"))
    return f'<body xmlns="http://www.w3.org/1999/xhtml">{paragraphs}</body>'


def _check(code: int, what: str) -> None:
    lib = _libsbml()
    if code != lib.LIBSBML_OPERATION_SUCCESS:
        raise FormatError(f"libsbml could not set {what} ({lib.OperationReturnValue_toString(code)})")


def _sbml_id(text: str) -> str:
    ident = re.sub(r"[^A-Za-z0-9_]", "_", text.strip()) or "network"
    return ident if re.match(r"[A-Za-z_]", ident) else "_" + ident


def _exclusive_cases(rule: Rule) -> list[tuple[int, Expr]]:
    """The cases as mutually exclusive terms: each case's condition and no earlier one."""
    out: list[tuple[int, Expr]] = []
    earlier: list[Expr] = []
    for case in rule.cases:
        out.append((case.level, conj(*(neg(e) for e in earlier), case.when) if earlier else case.when))
        earlier.append(case.when)
    return out


def _sign_names(lib: Any) -> dict[str, int]:
    return {"+": lib.INPUT_SIGN_POSITIVE, "-": lib.INPUT_SIGN_NEGATIVE, "±": lib.INPUT_SIGN_DUAL}


def generate_sbml(network: Network) -> str:
    """SBML-qual text of ``network`` (a logicnet annotation keeps what SBML-qual cannot)."""
    from logicnet.model.functions import influences, new_bdd

    lib = _libsbml()
    doc = lib.SBMLDocument(lib.SBMLNamespaces(3, 1, "qual", 1))
    doc.setPackageRequired("qual", True)
    model = doc.createModel()
    _check(model.setId(_sbml_id(network.name)), "the model id")
    _check(model.setName(network.name), "the model name")
    if network.description is not None:
        _check(model.setNotes(_notes(network.description)), "the model notes")
    compartment = model.createCompartment()
    _check(compartment.setId("cell"), "the compartment id")
    _check(compartment.setConstant(True), "the compartment")
    qual = model.getPlugin("qual")
    levels = {n: node.levels for n, node in network.nodes.items()}
    for name, node in network.nodes.items():
        qs = qual.createQualitativeSpecies()
        _check(qs.setId(name), f"the id of '{name}'")
        if node.label is not None:
            _check(qs.setName(node.label), f"the name of '{name}'")
        _check(qs.setCompartment("cell"), f"the compartment of '{name}'")
        _check(qs.setMaxLevel(node.levels), f"the maxLevel of '{name}'")
        if node.description is not None:
            _check(qs.setNotes(_notes(node.description)), f"the notes of '{name}'")
        _check(qs.setConstant(node.is_input), f"'constant' of '{name}'")
        if node.is_input and node.value is not None:
            _check(qs.setInitialLevel(node.value), f"the initialLevel of '{name}'")
    bdd = new_bdd()
    signs = _sign_names(lib)
    for name, node in network.nodes.items():
        if node.rule is None:
            continue
        transition = qual.createTransition()
        _check(transition.setId(f"tr_{name}"), f"the transition of '{name}'")
        found, dead = influences(network, name, bdd)
        for influence in found:
            item = transition.createInput()
            _check(item.setId(f"tr_{name}_in_{influence.source}"), f"an input of '{name}'")
            _check(item.setQualitativeSpecies(influence.source), f"an input of '{name}'")
            _check(item.setTransitionEffect(lib.INPUT_TRANSITION_EFFECT_NONE), f"an input of '{name}'")
            _check(item.setSign(signs[influence.sign]), f"an input sign of '{name}'")
            _check(item.setThresholdLevel(min(influence.thresholds)), f"an input threshold of '{name}'")
        for regulator in dead:
            item = transition.createInput()
            _check(item.setId(f"tr_{name}_in_{regulator}"), f"an input of '{name}'")
            _check(item.setQualitativeSpecies(regulator), f"an input of '{name}'")
            _check(item.setTransitionEffect(lib.INPUT_TRANSITION_EFFECT_NONE), f"an input of '{name}'")
            _check(item.setSign(lib.INPUT_SIGN_UNKNOWN), f"an input sign of '{name}'")
        output = transition.createOutput()
        _check(output.setId(f"tr_{name}_out"), f"the output of '{name}'")
        _check(output.setQualitativeSpecies(name), f"the output of '{name}'")
        _check(output.setTransitionEffect(lib.OUTPUT_TRANSITION_EFFECT_ASSIGNMENT_LEVEL), f"the output of '{name}'")
        for level, when in _exclusive_cases(node.rule):
            term = transition.createFunctionTerm()
            _check(term.setResultLevel(level), f"a function term of '{name}'")
            math = lib.readMathMLFromString(_mathml(when, levels))
            if math is None:  # pragma: no cover - generated MathML is valid
                raise FormatError(f"could not write the rule of '{name}' as MathML")
            _check(term.setMath(math), f"the MathML of '{name}'")
        default = transition.createDefaultTerm()
        _check(default.setResultLevel(node.rule.default), f"the default term of '{name}'")
    native = Native(name=True, description=_notes_keep(network.description),
                    labels=all(n.label != n.name and n.label != "" for n in network.nodes.values()),
                    node_descriptions=all(_notes_keep(n.description) for n in network.nodes.values()),
                    multivalued=True)
    extras = extras_text(network, native)
    if extras is not None:
        annotation = f'<logicnet:extras xmlns:logicnet="{NAMESPACE}">{escape(extras)}</logicnet:extras>'
        _check(model.setAnnotation(annotation), "logicnet's annotation")
    text = lib.writeSBMLToString(doc)
    header = loss_header(network, NATIVE, keeps_extras=True, format_label="SBML-qual")
    if header:
        comment = "<!-- " + "\n     ".join(line.replace("--", "- -") for line in header) + " -->\n"
        declaration_end = text.index("?>") + 3 if text.startswith("<?xml") else 0
        text = text[:declaration_end] + comment + text[declaration_end:]
    return text


def write_sbml(network: Network, path: str | Path, *, force: bool = False) -> Path:
    """Write ``network`` as SBML-qual (refusing to overwrite unless ``force``)."""
    return write_text(path, generate_sbml(network), force=force)
