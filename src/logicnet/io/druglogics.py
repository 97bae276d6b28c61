"""The DrugLogics pipeline's side files: ``drugpanel``, ``modeloutputs`` and
the observed synergies of a cell line.

* ``drugpanel``: ``NAME <tab> inhibits|activates <tab> TARGET [<tab> TARGET ...]``
  (``#`` comments). An inhibitor fixes its targets at 0, an activator at their
  highest level. Targets the network does not have are skipped with one
  warning (DrugLogics panels list gene aliases for several networks); a drug
  left with no target is an error.
* ``modeloutputs``: ``NODE <tab> WEIGHT`` (+1 growth, -1 death): the weighted
  sum of the outputs (DrugLogics' global output) becomes the screen's score,
  lower being better.
* observed synergies: one combination a line, drug names joined by ``~``
  (``PI~PD``), ``-``, ``+`` or ``,``.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from logicnet.errors import FormatError, SourceLocation, did_you_mean
from logicnet.io.textfile import read_text
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Drug, Effect, Network

__all__ = ["read_drug_panel", "parse_drug_panel", "read_model_outputs", "parse_model_outputs",
           "read_observed_synergies", "parse_observed_synergies", "with_drug_panel"]


def _lines(text: str) -> list[tuple[int, list[str]]]:
    out = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append((number, line.split()))
    return out


def parse_drug_panel(text: str, network: Network, *, source: str | None = None) -> dict[str, Drug]:
    """The drugs of a DrugLogics ``drugpanel`` that act on ``network``'s nodes."""
    drugs: dict[str, Drug] = {}
    skipped: list[str] = []
    from logicnet.io.sif import sif_id

    for number, parts in _lines(text):
        where = SourceLocation(source, number)
        if len(parts) < 3 or parts[1].lower() not in ("inhibits", "activates"):
            raise FormatError("expected 'NAME inhibits|activates TARGET ...' (tab-separated), found"
                              f" '{' '.join(parts)}'", where)
        name, effect = parts[0], parts[1].lower()
        if name in drugs:
            raise FormatError(f"drug '{name}' is listed twice", where)
        targets: dict[str, Effect] = {}
        for raw in parts[2:]:
            node = raw if raw in network.nodes else sif_id(raw)
            if node not in network.nodes:
                skipped.append(f"{name}: {raw}")
                continue
            targets[node] = Effect(0 if effect == "inhibits" else network.nodes[node].levels)
        if not targets:
            raise FormatError(f"drug '{name}': none of its targets ({', '.join(parts[2:])}) is a node of the"
                              " network", where)
        drugs[name] = Drug(name, FrozenMap(targets))
    if not drugs:
        raise FormatError("no drugs found: expected lines 'NAME inhibits TARGET ...'", SourceLocation(source))
    if skipped:
        warnings.warn(f"{SourceLocation(source)}: {len(skipped)} target(s) are not nodes of the network and are"
                      f" skipped ({', '.join(skipped[:6])}{', ...' if len(skipped) > 6 else ''})", stacklevel=2)
    return drugs


def read_drug_panel(path: str | Path, network: Network) -> dict[str, Drug]:
    """Read a DrugLogics ``drugpanel`` file for ``network``."""
    return parse_drug_panel(read_text(path, what="drug panel"), network, source=str(path))


def with_drug_panel(network: Network, drugs: dict[str, Drug]) -> Network:
    """``network`` with these drugs added to (or replacing those of the same name in) its panel."""
    from dataclasses import replace

    return replace(network, drugs=FrozenMap({**network.drugs, **drugs}))


def parse_model_outputs(text: str, network: Network, *, source: str | None = None) -> dict[str, float]:
    """The output weights of a DrugLogics ``modeloutputs`` file (node -> weight)."""
    weights: dict[str, float] = {}
    for number, parts in _lines(text):
        where = SourceLocation(source, number)
        if len(parts) != 2 or not re.fullmatch(r"[-+]?[0-9]*\.?[0-9]+", parts[1]):
            raise FormatError(f"expected 'NODE WEIGHT' (e.g. 'MYC 1'), found '{' '.join(parts)}'", where)
        node = parts[0]
        if node not in network.nodes:
            raise FormatError(f"output '{node}' is not a node of the network{did_you_mean(node, network.nodes)}",
                              where)
        weights[node] = weights.get(node, 0.0) + float(parts[1])
    if not weights:
        raise FormatError("no outputs found: expected lines 'NODE WEIGHT'", SourceLocation(source))
    return weights


def read_model_outputs(path: str | Path, network: Network) -> dict[str, float]:
    """Read a DrugLogics ``modeloutputs`` file for ``network``."""
    return parse_model_outputs(read_text(path, what="model outputs file"), network, source=str(path))


def parse_observed_synergies(text: str, drugs: list[str] | tuple[str, ...], *,
                             source: str | None = None) -> list[tuple[str, ...]]:
    """The observed synergistic combinations (sorted drug names), checked against ``drugs``."""
    out: list[tuple[str, ...]] = []
    known = set(drugs)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        names = [n for n in re.split(r"\s*[~+,\t]\s*|\s+", line) if n]
        if len(names) == 1 and "-" in line and line not in known:
            names = line.split("-")
        where = SourceLocation(source, number)
        if len(names) < 2:
            raise FormatError(f"expected a combination such as 'PI~PD', found '{line}'", where)
        for name in names:
            if name not in known:
                raise FormatError(f"unknown drug '{name}'{did_you_mean(name, known)}; drugs: {', '.join(sorted(known))}",
                                  where)
        combo = tuple(sorted(names))
        if combo not in out:
            out.append(combo)
    if not out:
        raise FormatError("no combinations found: expected lines such as 'PI~PD'", SourceLocation(source))
    return out


def read_observed_synergies(path: str | Path, drugs: list[str] | tuple[str, ...]) -> list[tuple[str, ...]]:
    """Read a file of observed synergies (one combination a line)."""
    return parse_observed_synergies(read_text(path, what="observed synergies file"), drugs, source=str(path))
