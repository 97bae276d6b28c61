"""One serialisation path: JSON, tables and notebook output of every result."""

from __future__ import annotations

import json

import pytest

import logicnet
from logicnet.serialize import Result, to_json, to_jsonable

from tests.conftest import DATA

NET = logicnet.read_network(DATA / "escape_toy.yaml")


@pytest.fixture(scope="module")
def results() -> dict[str, Result]:
    treated = logicnet.Perturbation.build(NET, context="on", drugs=["dA"])
    return {
        "attractors": logicnet.attractors(NET, perturbation=treated),
        "escape": logicnet.escape_routes(NET, treated),
        "combos": logicnet.minimal_combinations(NET, context="on", max_size=2),
        "screen": logicnet.screen(NET, contexts=["on"], max_size=1),
        "check": logicnet.check_scenarios(NET),
    }


def test_every_result_is_json(results: dict[str, Result]) -> None:
    for name, result in results.items():
        assert json.loads(to_json(result)) == result.to_dict() == to_jsonable(result), name


def test_frames_have_one_row_per_item(results: dict[str, Result]) -> None:
    pandas = pytest.importorskip("pandas")
    frame = results["attractors"].to_frame()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns[:3]) == ["attractor", "type", "size"] and set(NET.names) <= set(frame.columns)
    assert len(frame) == len(results["attractors"].attractors)
    assert len(results["screen"].to_frame()) == len(results["screen"].rows)
    assert "score" in results["screen"].to_frame().columns
    combos = results["combos"]
    assert len(combos.to_frame()) == len(combos.minimal_sets)
    assert len(results["escape"].to_frame()) == len(results["escape"].routes)
    assert len(results["check"].to_frame()) == len(results["check"].results)


def test_notebooks_show_an_escaped_table(results: dict[str, Result]) -> None:
    shown = results["screen"]._repr_html_()
    assert shown.startswith("<p><b>ScreenReport</b></p><table>") and "<th>score</th>" in shown
    assert "<script" not in results["escape"]._repr_html_()


def test_json_leaves_out_what_a_field_says_and_adds_what_a_class_computes(results: dict[str, Result]) -> None:
    data = results["combos"].to_dict()
    assert "network" not in data and "combinations_checked" in data
    assert all(set(m) >= {"drugs", "nodes", "size", "robust"} for m in data["minimal_sets"])
    attractor = results["attractors"].to_dict()["attractors"][0]
    assert set(attractor) == {"type", "size", "space", "states"}
    assert "escaped" in results["escape"].to_dict()
