"""Pathway diagrams: golden DOT, real pictures, a missing Graphviz, the render command."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from logicnet.analysis.escape import escape_routes
from logicnet.analysis.response import Responder
from logicnet.cli.main import cli
from logicnet.model.perturbation import Perturbation
from logicnet.render import pathway_diagram, write_diagram
from logicnet.graph import interaction_graph
from logicnet.io import read_network
from logicnet.render import styles
from logicnet.render.pathway import escape_readings, feedback_edges, shut_off_nodes

from tests.conftest import NETWORKS
from tests.render.conftest import BYPASS, TOY

HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="Graphviz's dot program is not installed")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

HEAD = """\
	graph [bgcolor=white fontname=Helvetica fontsize=12 margin=0.15 newrank=true nodesep=0.25 pad=0.2 ranksep=0.45 splines=true]
	graph [compound=true rankdir=TB]
	node [color="#4d4d4d" fontname=Helvetica fontsize=11 margin="0.12,0.04" penwidth=1.2]
	edge [arrowsize=0.8 fontname=Helvetica fontsize=9 penwidth=1.3]
"""

TOY_DOT = "digraph toy {\n" + HEAD + """\
	K [label=<<FONT POINT-SIZE="13">K</FONT><BR/><FONT POINT-SIZE="9">0–2</FONT>> fillcolor="#ffffff" shape=box style="filled,rounded"]
	P [label=<<FONT POINT-SIZE="13">P</FONT><BR/><FONT POINT-SIZE="9">slow</FONT>> fillcolor="#ffffff" shape=box style="filled,rounded"]
	X [label=<<FONT POINT-SIZE="13">X</FONT>> fillcolor="#ffffff" shape=box style="filled,rounded"]
	"node" [label=<<FONT POINT-SIZE="13">node</FONT>> fillcolor="#ffffff" shape=box style="filled,rounded"]
	Out [label=<<FONT POINT-SIZE="13">Out</FONT>> fillcolor="#e4ecf7" shape=hexagon style=filled]
	subgraph cluster_1 {
		color="#d0d0d0" fillcolor="#f6f6f6" fontcolor="#555555" fontsize=11 label=<<I>outside</I>> labeljust=l margin=10 style="rounded,filled"
		GF [label=<<FONT POINT-SIZE="13">GF</FONT>> fillcolor="#e9f3e2" shape=ellipse style=filled]
	}
	subgraph cluster_2 {
		color="#d0d0d0" fillcolor="#f6f6f6" fontcolor="#555555" fontsize=11 label=<<I>receptors</I>> labeljust=l margin=10 style="rounded,filled"
		R [label=<<FONT POINT-SIZE="13">R&lt;1&gt; &amp; co</FONT>> fillcolor="#ffffff" shape=box style="filled,rounded"]
	}
	GF -> R [arrowhead=normal color="#1b7837"]
	K -> Out [label="≥2" arrowhead=normal color="#1b7837" fontcolor="#1b7837"]
	K -> P [label="≥2" arrowhead=normal color="#1b7837" fontcolor="#1b7837"]
	K -> X [arrowhead=teenormal color="#2f64b5"]
	P -> K [arrowhead=tee color="#c2352b" constraint=false]
	R -> K [arrowhead=normal color="#1b7837"]
	R -> X [arrowhead=teenormal color="#2f64b5"]
	X -> "node" [arrowhead=normal color="#1b7837"]
	"drug d1" [label=<d1> color="#d9a3a3" fillcolor="#fdf3f2" fontcolor="#8a5a5a" penwidth=1 shape=box style="filled,dashed"]
	"drug d1" -> K [arrowhead=tee color="#d9a3a3" penwidth=1 style=dashed]
	"drug d2" [label=<d2> color="#d9a3a3" fillcolor="#fdf3f2" fontcolor="#8a5a5a" penwidth=1 shape=box style="filled,dashed"]
	"drug d2" -> K [label="≤1" arrowhead=tee color="#d9a3a3" fontcolor="#d9a3a3" penwidth=1 style=dashed]
	{rank=min; GF}
	{rank=max; Out}
}
"""

BYPASS_ESCAPE_DOT = "digraph bypass {\n" + HEAD + """\
	GF [label=<<FONT POINT-SIZE="13">GF</FONT><BR/><FONT POINT-SIZE="9">= on</FONT>> color="#1b7837" fillcolor="#e9f3e2" penwidth=2.6 shape=ellipse style=filled]
	R [label=<<FONT POINT-SIZE="13">R</FONT>> fillcolor="#ffffff" shape=box style="filled,rounded"]
	A [label=<<FONT POINT-SIZE="13">A</FONT><BR/><FONT POINT-SIZE="9">= off (drug)</FONT>> color="#a50f15" fillcolor="#d9d9d9" fontcolor="#8c8c8c" penwidth=2.6 shape=box style="filled,rounded"]
	M [label=<<FONT POINT-SIZE="13">M</FONT>> color="#e66101" fillcolor="#d9d9d9" fontcolor="#8c8c8c" penwidth=2.4 shape=box style="filled,rounded,dashed"]
	F [label=<<FONT POINT-SIZE="13">F</FONT>> color="#e66101" fillcolor="#d9d9d9" fontcolor="#8c8c8c" penwidth=2.4 shape=box style="filled,rounded,dashed"]
	I [label=<<FONT POINT-SIZE="13">I</FONT>> color="#e66101" fillcolor="#ffffff" penwidth=2.8 shape=box style="filled,rounded"]
	J [label=<<FONT POINT-SIZE="13">J</FONT>> color="#d01c8b" fillcolor="#ffffff" penwidth=2.8 shape=box style="filled,rounded"]
	S [label=<<FONT POINT-SIZE="13">S</FONT>> color="#d01c8b" fillcolor="#ffffff" penwidth=2.8 shape=box style="filled,rounded"]
	L [label=<<FONT POINT-SIZE="13">L</FONT><BR/><FONT POINT-SIZE="9">slow</FONT>> color="#d01c8b" fillcolor="#ffffff" penwidth=2.8 shape=box style="filled,rounded"]
	P [label=<<FONT POINT-SIZE="13">P</FONT>> color="#e66101" fillcolor="#e4ecf7" penwidth=2.8 shape=hexagon style=filled]
	A -> L [arrowhead=tee color="#7b3294" penwidth=3.2 style=dashed]
	A -> M [arrowhead=normal color="#e66101" penwidth=3.2 style=dashed]
	F -> I [arrowhead=tee color="#e66101" penwidth=3.2 style=dashed]
	GF -> R [arrowhead=normal color="#6ba77d"]
	I -> J [arrowhead=normal color="#e66101" penwidth=3.2]
	J -> S [arrowhead=normal color="#d01c8b" penwidth=3.2]
	L -> J [arrowhead=normal color="#d01c8b" constraint=false penwidth=3.2]
	M -> F [arrowhead=normal color="#e66101" penwidth=3.2 style=dashed]
	M -> P [arrowhead=normal color="#8c8c8c" style=dashed]
	R -> A [arrowhead=normal color="#8c8c8c" style=dashed]
	R -> I [arrowhead=normal color="#6ba77d"]
	S -> L [arrowhead=normal color="#d01c8b" penwidth=3.2]
	S -> P [arrowhead=normal color="#e66101" penwidth=3.2]
	"drug dA" [label=<<B>dA</B>> color="#a50f15" fillcolor="#fbe1df" fontcolor="#a50f15" fontsize=13 margin="0.15,0.06" penwidth=1.8 shape=box style=filled]
	"drug dA" -> A [arrowhead=tee color="#a50f15" penwidth=2.2 style=solid]
	{rank=min; GF}
	{rank=max; P}
}
"""


def lines(source: str, start: str) -> list[str]:
    return [line.strip() for line in source.splitlines() if line.strip().startswith(start)]


class TestGoldenDot:
    def test_structure_signs_clusters_and_panel(self, toy):
        assert pathway_diagram(toy, legend=False).source == TOY_DOT

    def test_escape_overlay_colours_waves_and_loops_and_greys_what_is_shut_off(self, bypass):
        report = escape_routes(bypass, Perturbation.build(bypass, context="on", drugs=["dA"]))
        treated = Perturbation.build(bypass, context="on", drugs=["dA"])
        assert shut_off_nodes(report) == {"A", "M", "F"}
        source = pathway_diagram(bypass, perturbation=treated, escape=report, legend=False).source
        assert source == BYPASS_ESCAPE_DOT

    def test_escape_overlay_draws_one_wave_and_tells_held_off_from_driving(self):
        network = read_network(NETWORKS / "tnbc_pi3k.yaml")
        treated = Perturbation.build(network, context="serum", drugs=["BEZ235"])
        report = escape_routes(network, treated)
        early, late = styles.WAVE_COLOUR["early"], styles.WAVE_COLOUR["late"]
        first = pathway_diagram(network, perturbation=treated, escape=report, wave=1, legend=False).source
        assert lines(first, "S6K [")[0].endswith(f'color="{early}" fillcolor="#d9d9d9" fontcolor="#8c8c8c"'
                                                 ' penwidth=2.4 shape=box style="filled,rounded,dashed"]')
        assert f'color="{early}" fillcolor="#ffffff" penwidth=2.8' in lines(first, "IRS1 [")[0]  # drives: solid
        assert lines(first, "S6K -> IRS1")[0] == \
            f'S6K -> IRS1 [arrowhead=tee color="{early}" constraint=false penwidth=3.2 style=dashed]'
        assert late not in first and styles.LOOP_COLOUR not in first  # wave 1 only
        for quiet in ("PTEN [", "INPP4B [", "PARP -> DNA_damage", "PTEN -> PIP3"):
            assert early not in lines(first, quiet)[0], quiet  # supports held by inputs are no escape sources
        second = pathway_diagram(network, perturbation=treated, escape=report, wave=2).source
        assert f'IL8 -> JAK2 [label="≥2" arrowhead=normal color="{styles.LOOP_COLOUR}"' in second
        assert "wave 2 · goal Proliferation=0:</FONT> IL8=2 → JAK2=2 → STAT5=2 → CCND1=1 → Proliferation=1," \
               " sustained by" in second  # the legend lists the routes drawn, step by step
        defining = [r.chain for r in escape_readings(report)]
        assert defining[0] == "S6K=0 ⊣ IRS1=2 → JAK2=1 → STAT5=1 → Proliferation=1"
        assert [r.wave for r in escape_readings(report)] == [1, 1, 2, 2]

    def test_attractor_overlay_fills_by_level(self, toy):
        perturbation = Perturbation.build(toy, context="on", drugs=["d2"])
        response = Responder(toy).respond(perturbation)
        (attractor,) = response.treated.attractors
        assert attractor.level("K") == 1
        source = pathway_diagram(toy, perturbation=perturbation, levels=dict(zip(attractor.nodes, attractor.values)),
                                 legend=False).source
        assert lines(source, "K [") == [
            'K [label=<<FONT POINT-SIZE="13">K</FONT><BR/><FONT POINT-SIZE="9">level 1 of 2 · ≤ 1 (drug)</FONT>>'
            ' color="#a50f15" fillcolor="#fdd9b5" penwidth=2.6 shape=box style="filled,rounded"]']
        assert lines(source, "Out [") == [
            'Out [label=<<FONT POINT-SIZE="13">Out</FONT><BR/><FONT POINT-SIZE="9">off</FONT>>'
            ' fillcolor="#f4f4f4" fontcolor="#6b6b6b" shape=hexagon style=filled]']
        assert lines(source, "GF [") == [
            'GF [label=<<FONT POINT-SIZE="13">GF</FONT><BR/><FONT POINT-SIZE="9">on · fixed (context)</FONT>>'
            ' color="#1b7837" fillcolor="#e6550d" penwidth=2.6 shape=ellipse style=filled]']
        # the given drug is drawn solid, the rest of the panel is left out
        assert lines(source, '"drug') == [
            '"drug d2" [label=<<B>d2</B>> color="#a50f15" fillcolor="#fbe1df" fontcolor="#a50f15" fontsize=13'
            ' margin="0.15,0.06" penwidth=1.8 shape=box style=filled]',
            '"drug d2" -> K [label="≤1" arrowhead=tee color="#a50f15" fontcolor="#a50f15" penwidth=2.2 style=solid]']

    def test_varying_levels_get_a_gradient(self, toy):
        source = pathway_diagram(toy, levels={"K": (0, 2)}, legend=False).source
        assert 'fillcolor="#f4f4f4:#e6550d"' in lines(source, "K [")[0]
        assert "level 0/2 of 2" in lines(source, "K [")[0]

    def test_legend_and_caption(self, bypass):
        report = escape_routes(bypass, Perturbation.build(bypass, context="on", drugs=["dA"]))
        source = pathway_diagram(bypass, escape=report, title="dA & co").source
        assert "labelloc=b" in source
        assert "<B>dA &amp; co</B>" in source
        for text in ("activates", "inhibits", "escape route from wave 1 (early)", "sustaining loop",
                     "shut off by the treatment"):
            assert text in source
        assert "level in the attractor" not in source

    def test_feedback_edges_leave_the_layering(self):
        network = read_network(NETWORKS / "tnbc_pi3k.yaml")
        graph = interaction_graph(network)
        back = feedback_edges(network, graph)
        assert {("S6K", "IRS1"), ("FOXO", "INSR_IGF1R"), ("STAT5", "CXCR1")} <= back
        graph.remove_edges_from(back)
        assert nx.is_directed_acyclic_graph(nx.DiGraph(e for e in graph.edges if e[0] != e[1]))

    def test_neato_has_no_clusters(self, toy):
        source = pathway_diagram(toy, layout="neato", legend=False).source
        assert "cluster" not in source and "{rank=" not in source and "constraint" not in source
        assert "overlap=false" in source


@needs_dot
class TestPictures:
    def test_svg_is_valid_xml(self, toy, tmp_path):
        written = write_diagram(pathway_diagram(toy, title="toy"), tmp_path / "toy.svg")
        assert written.complete and written.format == "svg"
        root = ET.parse(tmp_path / "toy.svg").getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        titles = {e.text for e in root.iter("{http://www.w3.org/2000/svg}title")}
        assert {"GF", "R", "K", "node", "drug d1", "GF->R", "K->X", "drug d2->K"} <= titles

    def test_png_and_pdf(self, toy, tmp_path):
        write_diagram(pathway_diagram(toy), tmp_path / "toy.png")
        assert (tmp_path / "toy.png").read_bytes().startswith(PNG_SIGNATURE)
        write_diagram(pathway_diagram(toy), tmp_path / "toy.pdf")
        assert (tmp_path / "toy.pdf").read_bytes().startswith(b"%PDF")

    def test_render_command_tnbc_escape_overlay(self, tmp_path):
        out = tmp_path / "tnbc.svg"
        result = CliRunner().invoke(cli, ["render", str(NETWORKS / "tnbc_pi3k.yaml"), "--context", "serum",
                                          "--drug", "BEZ235", "--overlay", "escape", "-o", str(out)])
        assert result.exit_code == 0, result.output
        root = ET.parse(out).getroot()
        text = ET.tostring(root, encoding="unicode")
        assert "BEZ235" in text and "IL-8" in text
        assert "escape route of wave 2 (late)" in text


class TestMissingGraphviz:
    @pytest.fixture
    def no_dot(self, monkeypatch, tmp_path):
        empty = tmp_path / "empty-path"
        empty.mkdir()
        monkeypatch.setenv("PATH", str(empty))

    def test_library_writes_dot_and_says_how_to_install(self, toy, tmp_path, no_dot):
        written = write_diagram(pathway_diagram(toy), tmp_path / "toy.svg")
        assert written.path == tmp_path / "toy.dot" and written.format == "dot"
        assert not (tmp_path / "toy.svg").exists()
        assert (tmp_path / "toy.dot").read_text() == pathway_diagram(toy).source
        assert "apt install graphviz" in written.message and "--format dot" in written.message

    def test_command_exits_1_with_the_hint(self, tmp_path, write, no_dot):
        network = write(TOY)
        result = CliRunner().invoke(cli, ["render", str(network), "-o", str(tmp_path / "toy.png")])
        assert result.exit_code == 1
        assert "apt install graphviz" in result.output and "--format dot" in result.output
        assert (tmp_path / "toy.dot").read_text().startswith("digraph toy {")

    def test_dot_format_needs_no_graphviz(self, tmp_path, write, no_dot):
        network = write(TOY)
        result = CliRunner().invoke(cli, ["render", str(network), "-o", str(tmp_path / "toy.gv"), "--format", "dot"])
        assert result.exit_code == 0, result.output
        assert (tmp_path / "toy.gv").read_text().startswith("digraph toy {")


class TestRenderCommand:
    def run(self, *args: str):
        return CliRunner().invoke(cli, ["render", *args])

    def test_unknown_drug_is_a_clear_error(self, tmp_path, write):
        result = self.run(str(write(TOY)), "--drug", "d3", "-o", str(tmp_path / "x.dot"))
        assert result.exit_code == 2
        assert "unknown drug 'd3'" in result.output and "Traceback" not in result.output

    def test_escape_overlay_needs_a_drug(self, tmp_path, write):
        result = self.run(str(write(BYPASS)), "--overlay", "escape", "-o", str(tmp_path / "x.dot"))
        assert result.exit_code == 2 and "needs the treatment" in result.output

    def test_attractor_number_out_of_range(self, tmp_path, write):
        result = self.run(str(write(BYPASS)), "--context", "on", "--overlay", "attractor", "--attractor", "3",
                          "-o", str(tmp_path / "x.dot"))
        assert result.exit_code == 2 and "the response has 1 attractor(s)" in result.output

    def test_unknown_suffix_and_missing_file(self, tmp_path, write):
        result = self.run(str(write(TOY)), "-o", str(tmp_path / "x.jpeg"))
        assert result.exit_code == 2 and "--format" in result.output
        result = self.run(str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "x.dot"))
        assert result.exit_code == 2 and "not found" in result.output

    def test_refuses_to_overwrite_without_force(self, tmp_path, write):
        network, out = str(write(TOY)), tmp_path / "x.dot"
        out.write_text("keep me")
        result = self.run(network, "-o", str(out))
        assert result.exit_code == 2 and "--force" in result.output
        assert out.read_text() == "keep me"
        assert self.run(network, "-o", str(out), "--force").exit_code == 0
        assert out.read_text().startswith("digraph toy {")

    def test_attractor_overlay_dot(self, tmp_path, write):
        out = tmp_path / "x.dot"
        result = self.run(str(write(BYPASS)), "--context", "on", "--drug", "dA", "--overlay", "attractor",
                          "--phase", "early", "-o", str(out))
        assert result.exit_code == 0, result.output
        source = out.read_text()
        assert "response attractor 1 of 1 (early" in source
        assert 'L [label=<<FONT POINT-SIZE="13">L</FONT><BR/><FONT POINT-SIZE="9">off · slow</FONT>>' in source


def svg_drawing(path: Path) -> dict[str, str]:
    """Each node and edge of a Graphviz SVG (by its title) with the colour of its outline."""
    ns = "{http://www.w3.org/2000/svg}"
    out = {}
    for group in ET.parse(path).getroot().iter(f"{ns}g"):
        if group.get("class") not in ("node", "edge"):
            continue
        title = group.find(f"{ns}title")
        shape = next((e for e in group if e.tag in (f"{ns}path", f"{ns}polygon", f"{ns}ellipse")), None)
        out[title.text] = shape.get("stroke") if shape is not None else ""
    return out


@needs_dot
def test_readme_image_is_what_its_command_draws(tmp_path):
    readme = (NETWORKS.parent / "README.md").read_text()
    command = re.search(r"^logicnet (render .* -o (docs/images/\S+\.svg))$", readme, re.M)
    assert command, "the README shows the render command beside its image"
    assert f"]({command.group(2)})" in readme
    args = command.group(1).split()
    args[args.index("-o") + 1] = str(tmp_path / "fresh.svg")
    args[1] = str(NETWORKS.parent / args[1])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    committed = svg_drawing(NETWORKS.parent / command.group(2))
    assert committed == svg_drawing(tmp_path / "fresh.svg")
    assert committed["S6K->IRS1"] == "#e66101"  # wave 1 starts at the released feedback
    assert committed["IL8->JAK2"] == "#d01c8b"  # the IL-8 loop
