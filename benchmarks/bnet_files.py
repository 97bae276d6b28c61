"""BNet files as the reference tools need them.

BBM files leave free inputs without a line; mpbn, PyBoolNet and AEON read an
undeclared regulator as an error or a constant, so every benchmark hands them
a copy with an identity line ``x, x`` for each free input (logicnet reads the
original file, where such regulators are free inputs too).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.bnet_text import renamed_depth_first  # noqa: E402

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
    """A copy of the BNet file ``path`` (every node with a line) in ``folder``,
    its names along a depth-first walk of the regulatory graph
    (``tests.bnet_text.renamed_depth_first``): the order AEON's BDD is given."""
    out = folder / f"{path.stem}.dfs.bnet"
    out.write_text(renamed_depth_first(path.read_text()))
    return out
