"""Pictures of networks and results: Graphviz pathway diagrams, matplotlib
plots and the self-contained HTML report. Renderers only present what the
analyses return; they never run an analysis themselves."""

from logicnet.render.pathway import DiagramFiles, diagram_svg, pathway_diagram, write_diagram

__all__ = ["pathway_diagram", "write_diagram", "diagram_svg", "DiagramFiles"]
