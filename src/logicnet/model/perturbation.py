"""Perturbations: a context, genetic alterations, drugs and explicit node
settings composed into node fixings and caps.

Precedence, where several touch the same node (later wins):

1. the context (levels of inputs, or of nodes a cell line pins);
2. alterations (a genetic change overrides the environment);
3. drugs (a drug acts on the protein whatever the genotype: where a drug and
   an alteration touch the same node, the drug wins). A fixing drug sets the
   level; a capping drug (``"<=k"``) lowers a fixed level to at most ``k`` and
   otherwise caps the node's target level. Two drugs fixing one node at
   different levels: the lower level wins (inhibition dominates); two caps: the
   lower cap wins;
4. explicit settings (``--set N=L``, ``--ko N``, ``--oe N``): the modeller's
   direct intervention replaces anything above, caps included.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping

from logicnet.errors import PerturbationError, did_you_mean
from logicnet.model.frozen import FrozenMap
from logicnet.model.network import Network, Node
from logicnet.model.rules import Rule
from logicnet.serialize import json_field

__all__ = ["Perturbation", "Fixings"]


def _sorted(levels: Mapping[str, int]) -> dict[str, int]:
    return dict(sorted(levels.items()))


@dataclass(frozen=True)
class Fixings:
    """What a perturbation does to the network, and nothing else: node
    fixings and caps. Two treatments with equal fixings give the same
    dynamics (a cache key for their attractors)."""

    fixed: FrozenMap[str, int] = field(default_factory=FrozenMap)
    caps: FrozenMap[str, int] = field(default_factory=FrozenMap)


@dataclass(frozen=True)
class Perturbation:
    """Node fixings and caps, with the names they came from (for reports).

    A value: build it once (:meth:`build`) and pass it down; it is its own
    cache key. ``background`` is the same cells without the treatment (the
    context, alterations and genetic changes only), ``None`` when there is
    no treatment to take away.
    """

    fixed: FrozenMap[str, int] = json_field(default_factory=FrozenMap, value=_sorted)
    caps: FrozenMap[str, int] = json_field(default_factory=FrozenMap, value=_sorted)
    context: str | None = json_field(None, skip=True)
    alterations: tuple[str, ...] = json_field((), skip=True)
    drugs: tuple[str, ...] = json_field((), skip=True)
    settings: FrozenMap[str, int] = json_field(default_factory=FrozenMap, skip=True)
    genetic: FrozenMap[str, int] = json_field(default_factory=FrozenMap, skip=True)
    background: "Perturbation | None" = json_field(None, skip=True, repr=False)

    def __post_init__(self) -> None:
        for attr in ("fixed", "caps", "settings", "genetic"):
            value = getattr(self, attr)
            if not isinstance(value, FrozenMap):
                object.__setattr__(self, attr, FrozenMap(value))
        object.__setattr__(self, "alterations", tuple(self.alterations))
        object.__setattr__(self, "drugs", tuple(self.drugs))

    @property
    def fixings(self) -> Fixings:
        """The fixings and caps alone (what the dynamics depend on)."""
        return Fixings(self.fixed, self.caps)

    @property
    def untreated(self) -> "Perturbation":
        """The same cells without drugs and settings: context, alterations and
        genetic changes only (the cells a treatment finds)."""
        return self.background if self.background is not None else self

    @property
    def is_treatment(self) -> bool:
        """Whether drugs or settings act (beyond the background)."""
        return bool(self.drugs or self.settings)

    @staticmethod
    def build(
        network: Network,
        *,
        context: str | None = None,
        alterations: Iterable[str] = (),
        drugs: Iterable[str] = (),
        settings: Mapping[str, int] | None = None,
        genetic: Mapping[str, int] | None = None,
    ) -> "Perturbation":
        """Compose a perturbation from the names declared in ``network``.

        ``genetic`` adds node fixings with the precedence of alterations (used
        for candidate genetic escapes). Unknown names raise
        :class:`PerturbationError` naming the closest match.
        """
        alterations, drugs = tuple(alterations), tuple(drugs)
        fixed: dict[str, int] = {}
        caps: dict[str, int] = {}
        try:
            if context is not None:
                fixed.update(network.context(context).levels)
            for name in alterations:
                fixed.update(network.alteration(name).levels)
            for node, level in (genetic or {}).items():
                _check_setting(network, node, level)
                fixed[node] = level
            drug_fixed: dict[str, int] = {}
            drug_caps: dict[str, int] = {}
            for name in drugs:
                for target, effect in network.drug(name).targets.items():
                    table = drug_caps if effect.cap else drug_fixed
                    table[target] = min(effect.level, table.get(target, effect.level))
        except PerturbationError:
            raise
        except Exception as exc:  # ModelError from lookups
            raise PerturbationError(str(exc)) from None
        fixed.update(drug_fixed)
        for target, cap in drug_caps.items():
            if target in fixed:  # an alteration's or another drug's fixing, lowered
                fixed[target] = min(fixed[target], cap)
            else:
                caps[target] = cap
        for node, level in (settings or {}).items():
            _check_setting(network, node, level)
            fixed[node] = level
            caps.pop(node, None)
        background = None
        if drugs or settings:
            background = Perturbation.build(network, context=context, alterations=alterations, genetic=genetic)
        return Perturbation(
            fixed=FrozenMap(fixed),
            caps=FrozenMap(caps),
            context=context,
            alterations=alterations,
            drugs=drugs,
            settings=FrozenMap(settings or {}),
            genetic=FrozenMap(genetic or {}),
            background=background,
        )

    def treated(self, network: Network, *, drugs: Iterable[str] = (),
                settings: Mapping[str, int] | None = None) -> "Perturbation":
        """These cells (context, alterations, genetic changes) treated with
        ``drugs`` and ``settings`` instead of this perturbation's treatment."""
        base = self.untreated
        return Perturbation.build(network, context=base.context, alterations=base.alterations,
                                  genetic=base.genetic, drugs=drugs, settings=settings)

    def altered(self, network: Network, genetic: Mapping[str, int]) -> "Perturbation":
        """The same treatment of cells that also carry the ``genetic`` changes."""
        return Perturbation.build(network, context=self.context, alterations=self.alterations,
                                  genetic={**self.genetic, **genetic}, drugs=self.drugs, settings=self.settings)

    @property
    def is_empty(self) -> bool:
        return not self.fixed and not self.caps

    def apply(self, network: Network) -> Network:
        """The network a perturbed cell runs: fixed nodes get constant rules,
        capped nodes have their target levels limited. ``network`` is unchanged."""
        for name, level in (*self.fixed.items(), *self.caps.items()):
            _check_setting(network, name, level)
        nodes: dict[str, Node] = {}
        for name, node in network.nodes.items():
            if name in self.fixed:
                node = replace(node, rule=Rule.constant(self.fixed[name]), value=None)
            elif name in self.caps:
                node = replace(node, rule=node.update_rule().capped(self.caps[name]), value=None)
            nodes[name] = node
        return network.with_nodes(nodes, check=False)  # valid: the settings were just checked

    def project(self, state: Mapping[str, int]) -> dict[str, int]:
        """A state as the perturbation finds it: fixed nodes take their level at
        once, capped nodes are lowered to their cap (a drug acts immediately)."""
        out = dict(state)
        for name, level in self.fixed.items():
            out[name] = level
        for name, cap in self.caps.items():
            if name in out and out[name] > cap:
                out[name] = cap
        return out

    def reasons(self, network: Network) -> dict[str, str]:
        """Why each fixed or capped node is so: ``"drug BEZ235"``, ``"context serum"``,
        ``"alteration MYC_amp"`` or ``"set"`` (the last one that acted, as in :meth:`build`)."""
        out: dict[str, str] = {}
        if self.context is not None:
            out.update({n: f"context {self.context}" for n in network.context(self.context).levels})
        for name in self.alterations:
            out.update({n: f"alteration {name}" for n in network.alteration(name).levels})
        out.update({n: "genetic change" for n in self.genetic})
        for name in self.drugs:
            out.update({n: f"drug {name}" for n in network.drug(name).targets})
        out.update({n: "set" for n in self.settings})
        return {n: r for n, r in out.items() if n in self.fixed or n in self.caps}

    def describe(self) -> str:
        """``context serum, alterations MYC_amp, drugs BEZ235`` (or ``no perturbation``)."""
        parts = []
        if self.context:
            parts.append(f"context {self.context}")
        if self.alterations:
            parts.append("alterations " + ", ".join(self.alterations))
        if self.genetic:
            parts.append("genetic " + ", ".join(f"{k}={v}" for k, v in self.genetic.items()))
        if self.drugs:
            parts.append("drugs " + ", ".join(self.drugs))
        if self.settings:
            parts.append("set " + ", ".join(f"{k}={v}" for k, v in self.settings.items()))
        return "; ".join(parts) if parts else "no perturbation"



def _check_setting(network: Network, node: str, level: int) -> None:
    if node not in network.nodes:
        raise PerturbationError(f"cannot set unknown node '{node}'{did_you_mean(node, network.nodes)}")
    top = network.nodes[node].levels
    if not 0 <= level <= top:
        raise PerturbationError(f"cannot set '{node}' to {level}: '{node}' has levels 0..{top}")
