"""matplotlib figures: attractor heatmaps, the drug-pair heatmap, attractors --plot."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from logicnet.cli.main import cli
from logicnet.dynamics import Attractor
from logicnet.errors import RenderError
from logicnet.render import styles
import matplotlib.pyplot as plt

from logicnet.render.plots import attractor_heatmap, drug_pair_heatmap, drug_pair_heatmap_figure

from tests.render.conftest import BYPASS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DRUGS = ["BEZ235", "BSK805", "ruxolitinib", "linsitinib"]


def test_level_colours_run_from_grey_to_orange():
    assert styles.level_colours(1) == [styles.OFF_FILL, "#e6550d"]
    assert styles.level_colours(2) == [styles.OFF_FILL, "#fdd9b5", "#e6550d"]
    assert styles.level_colour(0.5, 1) == styles.mix(styles.OFF_FILL, "#e6550d", 0.5)


def test_attractor_heatmap(tmp_path):
    nodes = ("A", "B", "C")
    attractors = [Attractor.from_states(nodes, [(1, 0, 2)]), Attractor.from_states(nodes, [(0, 0, 1), (1, 0, 1)])]
    path = attractor_heatmap(attractors, tmp_path / "h.png", levels={"C": 2}, columns=["fixed", "cycle"])
    assert path == tmp_path / "h.png" and path.read_bytes().startswith(PNG_SIGNATURE)
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none"}):
        svg = attractor_heatmap(attractors, tmp_path / "h.svg", title="two attractors")
    text = svg.read_text()
    ET.fromstring(text)
    assert "two attractors" in text and ">0/1<" in text  # A varies in the cycle


def test_attractor_heatmap_refuses_nothing_and_unknown_suffixes(tmp_path):
    with pytest.raises(RenderError, match="no attractor"):
        attractor_heatmap([], tmp_path / "h.png")
    with pytest.raises(RenderError, match="use .png, .svg or .pdf"):
        attractor_heatmap([Attractor.from_states(("A",), [(1,)])], tmp_path / "h.gif")


class TestDrugPairHeatmap:
    def values(self) -> dict[tuple[str, str], float]:
        out = {(d, d): 0.1 * i for i, d in enumerate(DRUGS)}
        out[("BEZ235", "BSK805")] = 0.9
        out[("ruxolitinib", "BEZ235")] = 0.8  # either order
        out[("linsitinib", "BSK805")] = -0.3  # a signed score: centred scale
        return out

    def test_signature_and_png(self, tmp_path):
        path = drug_pair_heatmap(DRUGS, self.values(), tmp_path / "pairs.png",
                                 marks={("BEZ235", "BSK805"): "*", ("BEZ235", "BEZ235"): "x"},
                                 title="Bliss excess", value_label="excess over Bliss")
        assert isinstance(path, Path) and path.read_bytes().startswith(PNG_SIGNATURE)

    def test_svg_text_shows_marks_on_both_sides_and_labels(self, tmp_path):
        import matplotlib

        with matplotlib.rc_context({"svg.fonttype": "none"}):
            path = drug_pair_heatmap(DRUGS, self.values(), str(tmp_path / "pairs.svg"), marks={("BSK805", "BEZ235"): "S"},
                                     value_label="score")
        text = path.read_text()
        ET.fromstring(text)
        assert text.count(">S<") == 2  # the pair is drawn on both sides of the diagonal
        assert "linsitinib" in text and "the drug alone" in text

    def test_fifteen_long_names_fit_without_overlap(self):
        drugs = [f"inhibitor_of_kinase_{i:02d}" for i in range(15)]
        values = {(a, b): (i - j) / 10 for i, a in enumerate(drugs) for j, b in enumerate(drugs) if i < j}
        figure = drug_pair_heatmap_figure(drugs, values, diagonal={d: "0.50" for d in drugs}, centre=0.0,
                                          title="a title long enough to need wrapping " * 4)
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()
        axes = figure.axes[0]
        for labels, along in ((axes.get_xticklabels(), "x"), (axes.get_yticklabels(), "y")):
            boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: getattr(b, f"{along}0"))
            assert len(boxes) == 15
            for first, second in zip(boxes, boxes[1:]):  # neighbours do not overlap along the axis
                if along == "y":
                    assert first.y1 <= second.y0 + 0.5
                else:  # rotated labels: their baselines are one cell apart, wider than the text height
                    assert second.x0 - first.x0 >= 8
        image = axes.get_window_extent(renderer)
        assert all(t.get_window_extent(renderer).x1 <= image.x0 for t in axes.get_yticklabels())
        plt.close(figure)

    def test_unknown_drug(self, tmp_path):
        with pytest.raises(RenderError, match="unknown drug 'X'"):
            drug_pair_heatmap(DRUGS, {("X", "BEZ235"): 1.0}, tmp_path / "p.png")
        with pytest.raises(RenderError, match="unknown drug 'Y'"):
            drug_pair_heatmap(DRUGS, {}, tmp_path / "p.png", marks={("Y", "Y"): "*"})


def test_attractors_command_plot(tmp_path, write):
    network, out = str(write(BYPASS)), tmp_path / "att.png"
    result = CliRunner().invoke(cli, ["attractors", network, "--context", "on", "--plot", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(PNG_SIGNATURE)
    result = CliRunner().invoke(cli, ["attractors", network, "--plot", str(tmp_path / "att.txt")])
    assert result.exit_code == 2 and "use a .png, .svg or .pdf" in result.output
