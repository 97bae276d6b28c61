"""The verdict as terminal text: the lines ``logicnet analyze`` prints first.

Plain lines, one per route (never wrapped), so that they can be searched and
compared; :func:`verdict_lines` gives them, ``detail`` shows every route and
every genetic escape instead of the first route per wave and goal.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from logicnet.analysis.genetic import TIMINGS, GeneticEscape
from logicnet.analysis.verdict import GeneticGroup, RouteReading, SetVerdict, TreatmentVerdict, Verdict

__all__ = ["verdict_lines", "route_line", "genetic_text"]

KINDS = {"gain": "hypothetical gain of function", "loss": "hypothetical loss of function",
         "changes": "hypothetical changes"}


def route_line(number: int, reading: RouteReading) -> str:
    """``[1] wave 1 · goal Proliferation=0 · S6K=0 (...) ⊣ IRS1=2 → ... → Proliferation=1``."""
    return f"[{number}] wave {reading.wave} · goal {reading.goal} · {reading.text}"


def _numbers(numbers: Sequence[int]) -> str:
    """``1-3, 5``."""
    out: list[str] = []
    run: list[int] = []
    for n in sorted(numbers):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)))
        run = [n]
    if run:
        out.append(f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)))
    return ", ".join(out)


def _shown_routes(treatment: TreatmentVerdict, detail: bool) -> list[tuple[int, RouteReading]]:
    """Every route (detail), else the first route of each wave and goal."""
    numbered = list(enumerate(treatment.routes, start=1))
    if detail:
        return numbered
    seen: set[tuple[int, str]] = set()
    shown = []
    for number, reading in numbered:
        if (reading.wave, reading.goal) not in seen:
            seen.add((reading.wave, reading.goal))
            shown.append((number, reading))
    return shown


def _treatment_lines(treatment: TreatmentVerdict, detail: bool, said: dict[str, str]) -> list[str]:
    waves = " and ".join(map(str, treatment.escape_waves))
    moved = "; ".join(str(c) for c in treatment.phenotypes)
    lines = [f"    {treatment.label}: escaped in wave{'s' if len(treatment.escape_waves) > 1 else ''} {waves}"
             f" — {moved}"]
    shown = _shown_routes(treatment, detail)
    for number, reading in shown:
        line = route_line(number, reading)
        key = f"{reading.wave}|{reading.goal}|{reading.text}"
        if key in said:  # printed already for another treatment: said once
            line = f"[{number}] wave {reading.wave} · goal {reading.goal} · as {said[key]}"
        else:
            said[key] = f"{treatment.label} [{number}]"
        lines.append(f"      {line}")
    hidden = len(treatment.routes) - len(shown)
    if hidden:
        lines.append(f"      … {hidden} more route{'s' if hidden > 1 else ''} (--detail)")
    return lines


def _timings(escapes: Sequence[GeneticEscape]) -> str:
    found = {e.timing for e in escapes}
    return "" if set(TIMINGS) <= found else f" ({', '.join(t for t in TIMINGS if t in found)} only)"


def _by_change(escapes: Iterable[GeneticEscape]) -> list[list[GeneticEscape]]:
    """Escapes of one change (both timings) together, in the order given."""
    groups: dict[tuple[object, ...], list[GeneticEscape]] = {}
    for escape in escapes:
        groups.setdefault((escape.name, tuple(escape.levels.items())), []).append(escape)
    return list(groups.values())


def genetic_text(escapes: Sequence[GeneticEscape]) -> str:
    """``MYC_amp (MYC=2) → Proliferation`` or ``STAT5=1 (hypothetical gain of function) → Proliferation``,
    with the timings when not both."""
    first = escapes[0]
    kind = "" if first.kind == "declared" else f" ({KINDS[first.kind]})"
    restores = sorted({p for e in escapes for p in e.restores})
    return f"{first}{kind} → {', '.join(restores)}{_timings(escapes)}"


def _group_title(group: GeneticGroup, one: bool = False) -> str:
    if group.reopens:
        return f"re-open{'s' if one else ''} {group.reopens}"
    return "opens a new route" if one else "open new routes"


def _set_lines(minimal: SetVerdict, detail: bool) -> list[str]:
    by_closer: dict[tuple[str, str, str], list[int]] = {}
    by_member: dict[str, list[int]] = {}
    for closure in minimal.closes:
        if closure.cut is None:
            by_member.setdefault(closure.drug, []).append(closure.route)
        else:
            by_closer.setdefault((closure.by or "", closure.cut, closure.drug), []).append(closure.route)
    closes = [f"{closer} ({cut}) closes {member} route{'s' if len(numbers) > 1 else ''} {_numbers(numbers)}"
              for (closer, cut, member), numbers in by_closer.items()]
    closes += [f"{member} route{'s' if len(n) > 1 else ''} {_numbers(n)} close{'' if len(n) > 1 else 's'} through"
               f" the dynamics" for member, n in by_member.items()]
    if not closes:
        closes = ["meets the goals alone" if len(minimal.drugs) == 1 else "no member is escaped alone"]
    lines = [f"    {minimal.label}: {'; '.join(closes)}"]
    if minimal.robust is None and not minimal.genetic:
        lines.append("      genetic escapes not searched")
        return lines
    if not minimal.genetic:
        lines.append("      no genetic escape found (robust)")
        return lines
    if detail:
        for group in minimal.genetic:
            lines.append(f"      genetic escapes that {_group_title(group)}:")
            lines += [f"        {genetic_text(e)}" for e in _by_change(group.escapes)]
        return lines
    parts = []
    for group in minimal.genetic:
        named = [f"{e[0].name}{_timings(e)}" for e in _by_change(group.declared)]
        hypothetical = _by_change(group.hypothetical)
        if len(hypothetical) <= 2:
            named += [f"{e[0]} ({KINDS[e[0].kind]}){_timings(e)}" for e in hypothetical]
        elif hypothetical:
            named.append(f"{len(hypothetical)} hypothetical changes")
        what = ", ".join(named[:-1]) + (" and " if len(named) > 1 else "") + named[-1]
        parts.append(f"{what} {_group_title(group, one=len(_by_change(group.declared)) + len(hypothetical) == 1)}")
    lines.append(f"      defeated by: {'; '.join(parts)}")
    return lines


def verdict_lines(verdict: Verdict, *, detail: bool = False) -> list[str]:
    """The verdict block of one context (see module notes)."""
    lines = []
    if verdict.goals_met_untreated:
        return ["  the goals are already met without treatment: nothing to treat"]
    working = verdict.with_status("meets the goals")
    lines.append(f"  meet the goals alone: {', '.join(t.label for t in working) or 'none'}")
    escaped = verdict.with_status("escaped")
    if escaped:
        lines.append("  escaped (a goal phenotype moves, then the network holds it away from the goal):")
        said: dict[str, str] = {}
        for treatment in escaped:
            lines += _treatment_lines(treatment, detail, said)
    partial = verdict.with_status("partly effective")
    if partial:
        lines.append("  partly effective (the goal phenotypes they move reach their goals, the others never move):")
        lines += [f"    {t.label}: {'; '.join(str(c) for c in t.phenotypes)}" for t in partial]
    ineffective = verdict.with_status("ineffective")
    if ineffective:
        idle = [t.label for t in ineffective if not t.hits_targets]
        acting = [t.label for t in ineffective if t.hits_targets]
        parts = []
        if acting:
            parts.append(", ".join(acting))
        if idle:
            parts.append(f"{', '.join(idle)} (their targets already sit at the drug's level)")
        lines.append(f"  ineffective (no goal phenotype moves towards its goal): {'; '.join(parts)}")
    drugs = f"{verdict.max_size} drug{'s' if verdict.max_size > 1 else ''}"
    extent = f"complete up to {drugs}" if verdict.sets_complete else f"searched up to {drugs}, incomplete"
    if verdict.sets:
        lines.append(f"  minimal combinations ({extent}) and the routes their members close:")
        for minimal in verdict.sets:
            lines += _set_lines(minimal, detail)
    else:
        lines.append(f"  no combination of up to {drugs} meets the goals ({extent})")
    if not verdict.complete:
        lines.append("  incomplete: an engine limit cut some attractor sets short; the answer may miss attractors")
    return lines
