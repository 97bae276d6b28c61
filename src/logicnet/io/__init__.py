"""Network files in and out, chosen by extension.

========  =========================================
.yaml     logicnet's own format (:mod:`logicnet.io.yaml_format`)
.yml      the same
.bnet     BNet ``targets, factors`` (:mod:`logicnet.io.bnet`)
========  =========================================
"""

from __future__ import annotations

from pathlib import Path

from logicnet.errors import FormatError, SourceLocation
from logicnet.io.bnet import generate_bnet, parse_bnet, read_bnet, write_bnet
from logicnet.io.yaml_format import generate_yaml, parse_yaml, read_yaml, write_yaml
from logicnet.model.network import Network

__all__ = [
    "read_network",
    "write_network",
    "parse_yaml",
    "read_yaml",
    "generate_yaml",
    "write_yaml",
    "parse_bnet",
    "read_bnet",
    "generate_bnet",
    "write_bnet",
    "FORMATS",
]

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".bnet": "bnet"}


def _format_of(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise FormatError(
            f"unknown file type '{path.suffix or '(none)'}': use .yaml or .yml (logicnet) or .bnet",
            SourceLocation(str(path)),
        ) from None


def read_network(path: str | Path) -> Network:
    """Read a network from a .yaml/.yml or .bnet file."""
    path = Path(path)
    return read_yaml(path) if _format_of(path) == "yaml" else read_bnet(path)


def write_network(network: Network, path: str | Path, *, force: bool = False) -> Path:
    """Write ``network`` in the format of ``path``'s extension (never overwriting
    an existing file unless ``force``)."""
    path = Path(path)
    if _format_of(path) == "yaml":
        return write_yaml(network, path, force=force)
    return write_bnet(network, path, force=force)
