"""BNet files as the reference tools need them.

BBM files leave free inputs without a line; mpbn, PyBoolNet and AEON read an
undeclared regulator as an error or a constant, so every benchmark hands them
a copy with an identity line ``x, x`` for each free input (logicnet reads the
original file, where such regulators are free inputs too).
"""

from __future__ import annotations

import re
from pathlib import Path

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def bnet_variables(text: str) -> tuple[list[str], list[str], int]:
    """The targets of a BNet text, the regulators without a line (free
    inputs), and the number of targets written as inputs (``x, x``)."""
    targets: list[str] = []
    used: set[str] = set()
    identities = 0
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.lower().startswith("targets,"):
            continue
        target, rule = (part.strip() for part in line.split(",", 1))
        targets.append(target)
        identities += rule == target
        used |= set(NAME.findall(rule))
    missing = sorted(used - set(targets) - {"true", "false", "TRUE", "FALSE"})
    return targets, missing, identities


def prepared(path: Path, folder: Path) -> tuple[Path, int, int]:
    """A copy of ``path`` in ``folder`` with an identity line for every free
    input; its number of nodes and of inputs."""
    text = path.read_text()
    targets, missing, identities = bnet_variables(text)
    out = folder / path.name.replace("[", "").replace("]", "")
    out.write_text(text.rstrip("\n") + "\n" + "".join(f"{x}, {x}\n" for x in missing))
    return out, len(targets) + len(missing), len(missing) + identities


def depth_first_renamed(path: Path, folder: Path) -> Path:
    """A copy of the BNet file ``path`` (every node with a line) whose names
    ``v00000``... follow a depth-first walk of the regulatory graph.

    AEON orders its BDD variables by name; in a file's alphabetical order a
    rule's regulators can lie far apart, and on some models its fixed-point
    BDD then does not fit in minutes (BBM id-144). Renamed, a node sits next
    to the nodes it was reached from: the same network, a better order."""
    import networkx as nx

    rules: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.lower().startswith("targets,"):
            target, rule = (part.strip() for part in line.split(",", 1))
            rules[target] = rule
    graph = nx.Graph()
    graph.add_nodes_from(rules)
    for target, rule in rules.items():
        graph.add_edges_from((name, target) for name in NAME.findall(rule) if name in rules and name != target)
    order: list[str] = []
    for component in sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c))):
        start = max(sorted(component), key=graph.degree)  # the best-connected node, ties by name
        order += nx.dfs_preorder_nodes(graph, start, sort_neighbors=sorted)
    width = len(str(len(order)))
    names = {name: f"v{k:0{width}d}" for k, name in enumerate(order)}

    def renamed(rule: str) -> str:
        return NAME.sub(lambda m: names.get(m.group(0), m.group(0)), rule)

    out = folder / f"{path.stem}.dfs.bnet"
    out.write_text("targets, factors\n" + "".join(f"{names[t]}, {renamed(r)}\n" for t, r in rules.items()))
    return out
