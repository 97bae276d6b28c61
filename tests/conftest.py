"""Shared fixtures: paths to the shipped test models and small networks."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
DATA = TESTS / "data"
MODELS = TESTS / "models"
NETWORKS = ROOT / "networks"


def shipped_bnet_models() -> list[Path]:
    """The published BNet models the tests ship (see tests/models/README.md)."""
    return sorted((MODELS / "bbm").glob("*.bnet"))


def spaces(found):  # type: ignore[no-untyped-def]
    """Each (trap-space) attractor as its one subspace."""
    out = set()
    for attractor in found:
        assert len(attractor.cover) == 1
        out.add(attractor.cover[0])
    return out


def load_quietly(path: Path):  # type: ignore[no-untyped-def]
    """Read a model as the reference tools read it; BBM files leave inputs
    without a line (a warning each), and bits ``X_b1 .. X_bm`` stay Boolean
    nodes (no --fold-levels), since mpbn, PyBoolNet and AEON see the bits."""
    from logicnet.io import read_network

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_network(path, fold_levels=False)


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write text to a file under the test's folder and return its path."""

    def _write(text: str, name: str = "net.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text)
        return path

    return _write
