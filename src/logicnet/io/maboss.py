"""MaBoSS export: a ``.bnd`` network and a ``.cfg`` run configuration.

MaBoSS (Stoll et al. 2012, 2017) simulates a Boolean network as a
continuous-time Markov chain: a node flips with ``rate_up`` when its
``logic`` is true and it is 0, with ``rate_down`` when the logic is false and
it is 1. That is logicnet's ``stochastic`` semantics, so the export keeps the
meaning of a model with rates:

* every node gets ``logic`` (its rule; a multivalued node is booleanized
  first, see :mod:`logicnet.model.booleanize`, each bit taking the node's
  rates), ``rate_up = @logic ? $u_X : 0`` and ``rate_down = @logic ? 0 :
  $d_X``, the parameters ``$u_X``/``$d_X`` set in the ``.cfg`` from the
  node's rates;
* drugs, alterations and contexts become MaBoSS mutations in the convention
  of pyMaBoSS: a node they touch gets the switches ``$Low_X`` (forced to 0)
  and ``$High_X`` (forced to 1), off by default; the ``.cfg`` lists, for every
  drug, alteration and context, the switches to turn on. A perturbation given
  to :func:`generate_maboss` is applied (its switches on, its nodes starting
  at their fixed levels, as a drug acts at once);
* ``istate`` gives the start: a level or per-node probabilities, by default
  inputs at their value (free inputs at random) and other nodes at 0;
* ``time_tick``, ``max_time`` and ``sample_count`` mirror ``simulate``'s
  sampling interval, time and runs; output nodes are the phenotypes (all
  nodes in a network without phenotypes), the others ``is_internal``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from logicnet.errors import FormatError, LogicnetError, SourceLocation, did_you_mean
from logicnet.io.textfile import check_writable
from logicnet.model.booleanize import booleanize
from logicnet.model.expression import format_expression
from logicnet.model.network import Network
from logicnet.model.perturbation import Perturbation

__all__ = ["generate_maboss", "write_maboss", "maboss_mutations"]

#: The rate MaBoSS mutations use to force a node (pyMaBoSS's convention).
_FORCE = "1E308/$nb_mutable"


def _number(value: float) -> str:
    return repr(float(value))


def _bits_of_level(count: int, level: int) -> list[int]:
    return [1 if k <= level else 0 for k in range(1, count + 1)]


def maboss_mutations(network: Network, perturbation: Perturbation) -> dict[str, str]:
    """The MaBoSS switches a perturbation turns on: ``{"$Low_X": ..., }`` →
    ``"Low"`` or ``"High"`` per bit (fixed nodes fully, capped nodes' bits above the cap)."""
    bits = booleanize(network).bits
    out: dict[str, str] = {}
    for name, level in perturbation.fixed.items():
        for bit, value in zip(bits[name], _bits_of_level(len(bits[name]), level)):
            out[bit] = "High" if value else "Low"
    for name, cap in perturbation.caps.items():
        for bit in bits[name][cap:]:
            out[bit] = "Low"
    return out


def _mutable(network: Network) -> set[str]:
    """The nodes some drug, alteration or context touches."""
    names: set[str] = set()
    for drug in network.drugs.values():
        names.update(drug.targets)
    for alteration in network.alterations.values():
        names.update(alteration.levels)
    for context in network.contexts.values():
        names.update(context.levels)
    return names


def generate_maboss(network: Network, *, perturbation: Perturbation | None = None,
                    start: Mapping[str, Any] | None = None, time: float | None = None,
                    sample_every: float | None = None, runs: int = 10000, seed: int = 0,
                    outputs: Sequence[str] | None = None, threads: int = 1) -> tuple[str, str]:
    """The text of the ``.bnd`` and ``.cfg`` files for ``network`` (see the module).

    ``start`` maps nodes to a level, the probability of level 1 (Boolean
    nodes) or one probability per level; ``outputs`` are the nodes MaBoSS
    reports (default: the phenotypes, else every node)."""
    perturbation = perturbation or Perturbation()
    encoded = booleanize(network)
    bits = encoded.bits
    boolean = encoded.network
    for name in outputs or ():
        network.node(name)
    mutable = _mutable(network) | set(perturbation.fixed) | set(perturbation.caps)
    mutable_bits = [b for n in network.names if n in mutable for b in bits[n]]
    switches = maboss_mutations(network, perturbation)

    bnd = [f"// {network.name}: MaBoSS network written by logicnet"]
    if not network.is_boolean:
        bnd.append("// booleanized: a node X with levels 0..m is X_b1 .. X_bm, X_bk meaning X >= k")
    for name, node in network.nodes.items():
        for bit in bits[name]:
            rule = boolean.nodes[bit].update_rule()
            plain = rule.boolean_expression(1)
            if plain is None:  # pragma: no cover - booleanized rules are Boolean
                raise LogicnetError(f"rule for '{bit}' is not Boolean")
            logic = format_expression(plain, style="bnet")
            up, down = f"@logic ? $u_{bit} : 0.0", f"@logic ? 0.0 : $d_{bit}"
            if bit in mutable_bits:
                up = f"$Low_{bit} ? 0.0 : ($High_{bit} ? {_FORCE} : ({up}))"
                down = f"$High_{bit} ? 0.0 : ($Low_{bit} ? {_FORCE} : ({down}))"
            label = f"  // {node.display_name}" if bit == name and node.label else ""
            bnd.append(f"Node {bit} {{{label}\n  logic = {logic};\n  rate_up = {up};\n  rate_down = {down};\n}}")

    if time is None:
        rates = [r for n in network.names for r in network.node_rates(n) if r > 0]
        time = 10.0 / min(rates, default=1.0)
    every = time / 100 if sample_every is None else sample_every
    cfg = [f"// {network.name}: MaBoSS run configuration written by logicnet",
           f"// rates are per {network.time_unit}" if network.time_unit else "// rates are per unit of time"]
    for name in network.names:
        up, down = network.node_rates(name)
        for bit in bits[name]:
            cfg.append(f"$u_{bit} = {_number(up)};")
            cfg.append(f"$d_{bit} = {_number(down)};")
    if mutable_bits:
        cfg.append(f"$nb_mutable = {len(mutable_bits)};")
        for bit in mutable_bits:
            cfg.append(f"$Low_{bit} = {int(switches.get(bit) == 'Low')};")
            cfg.append(f"$High_{bit} = {int(switches.get(bit) == 'High')};")
    cfg.extend(_istates(network, bits, perturbation, start))
    shown = set(outputs) if outputs else set(network.phenotypes) or set(network.names)
    for name in network.names:
        for bit in bits[name]:
            cfg.append(f"{bit}.is_internal = {0 if name in shown else 1};")
    cfg += [
        f"time_tick = {_number(every)};",
        f"max_time = {_number(time)};",
        f"sample_count = {runs};",
        "discrete_time = 0;",
        "use_physrandgen = 0;",
        f"seed_pseudorandom = {seed};",
        f"thread_count = {threads};",
        "statdist_traj_count = 0;",
        "statdist_cluster_threshold = 1;",
        "display_traj = 0;",
    ]
    notes = _mutation_notes(network)
    if notes:
        cfg.append("// drugs, alterations and contexts as MaBoSS mutations: set these switches to 1"
                   " (and the nodes' istate to the same levels)")
        cfg.extend(notes)
    return "\n".join(bnd) + "\n", "\n".join(cfg) + "\n"


def _mutation_notes(network: Network) -> list[str]:
    lines = []
    groups = [("context", n, dict(network.context(n).levels), {}) for n in network.contexts]
    groups += [("alteration", n, dict(network.alteration(n).levels), {}) for n in network.alterations]
    for name, drug in network.drugs.items():
        fixed = {t: e.level for t, e in drug.targets.items() if not e.cap}
        caps = {t: e.level for t, e in drug.targets.items() if e.cap}
        groups.append(("drug", name, fixed, caps))
    for kind, name, fixed, caps in groups:
        switches = maboss_mutations(network, Perturbation(fixed=fixed, caps=caps))
        text = " ".join(f"${value}_{bit} = 1;" for bit, value in switches.items())
        lines.append(f"// {kind} {name}: {text}")
    return lines


def _istates(network: Network, bits: Mapping[str, tuple[str, ...]], perturbation: Perturbation,
             start: Mapping[str, Any] | None) -> list[str]:
    """``istate`` lines: one distribution over each node's levels (joint over its bits)."""
    given = dict(start or {})
    for name in given:
        network.node(name)
    lines = []
    for name, node in network.nodes.items():
        levels = node.levels
        if name in perturbation.fixed:
            probs = [1.0 if k == perturbation.fixed[name] else 0.0 for k in range(levels + 1)]
        elif name in given:
            probs = _probabilities(name, levels, given[name])
        elif node.is_input and node.value is not None:
            probs = [1.0 if k == node.value else 0.0 for k in range(levels + 1)]
        elif node.is_free_input:
            probs = [1.0 / (levels + 1)] * (levels + 1)
        else:
            probs = [1.0] + [0.0] * levels
        if name in perturbation.caps:  # a capping drug lowers the start at once
            cap = perturbation.caps[name]
            probs = probs[:cap] + [sum(probs[cap:])] + [0.0] * (levels - cap)
        names = bits[name]
        if len(names) == 1:
            lines.append(f"[{names[0]}].istate = {_number(probs[1])} [1], {_number(probs[0])} [0];")
        else:
            terms = ", ".join(f"{_number(p)} [{', '.join(map(str, _bits_of_level(levels, k)))}]"
                              for k, p in enumerate(probs))
            lines.append(f"[{', '.join(names)}].istate = {terms};")
    return lines


def _probabilities(name: str, levels: int, value: Any) -> list[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float, list, tuple)):
        raise LogicnetError(f"start of '{name}': give a level, a probability or one probability per level")
    if isinstance(value, int):
        if not 0 <= value <= levels:
            raise LogicnetError(f"start state sets '{name}' to {value}, outside 0..{levels}")
        return [1.0 if k == value else 0.0 for k in range(levels + 1)]
    if isinstance(value, float):
        if levels != 1 or not 0.0 <= value <= 1.0:
            raise LogicnetError(f"start probability {value:g} of '{name}': a probability of level 1 needs a"
                                " Boolean node and a value in 0..1")
        return [1.0 - value, value]
    probs = [float(v) for v in value]
    if len(probs) != levels + 1 or min(probs) < 0 or abs(sum(probs) - 1) > 1e-6:
        raise LogicnetError(f"start probabilities of '{name}' must be {levels + 1} numbers summing to 1")
    return probs


def write_maboss(network: Network, path: str | Path, *, force: bool = False, **options: Any) -> Path:
    """Write ``path`` (the ``.bnd``) and the ``.cfg`` beside it (same name);
    ``options`` as for :func:`generate_maboss`."""
    path = Path(path)
    if path.suffix.lower() != ".bnd":
        raise FormatError(f"a MaBoSS network is written to a .bnd file (the .cfg goes beside it), not"
                          f" '{path.suffix or path.name}'{did_you_mean(path.suffix, ['.bnd'])}",
                          SourceLocation(str(path)))
    config = path.with_suffix(".cfg")
    check_writable(path, force=force)
    check_writable(config, force=force)
    bnd, cfg = generate_maboss(network, **options)
    path.write_text(bnd, encoding="utf-8")
    config.write_text(cfg, encoding="utf-8")
    return path
