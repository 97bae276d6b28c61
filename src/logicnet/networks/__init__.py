"""The curated networks installed with logicnet, addressable by name.

``logicnet analyze tnbc_pi3k`` reads ``tnbc_pi3k.yaml`` from this folder
wherever logicnet is installed; a path to a file works as well.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["shipped_names", "shipped_path"]


def _folder() -> Path:
    return Path(str(resources.files(__name__)))


def shipped_names() -> tuple[str, ...]:
    """The names of the shipped networks (file names without ``.yaml``)."""
    return tuple(sorted(p.stem for p in _folder().glob("*.yaml")))


def shipped_path(name: str) -> Path | None:
    """The file of the shipped network ``name`` (``tnbc_pi3k`` or
    ``tnbc_pi3k.yaml``), or ``None`` when there is no such network."""
    stem = name[:-5] if name.endswith(".yaml") else name
    if "/" in stem or "\\" in stem or stem not in shipped_names():
        return None
    return _folder() / f"{stem}.yaml"
