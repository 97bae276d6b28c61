"""Pictures of networks and results: Graphviz pathway diagrams, matplotlib
plots, the self-contained HTML report and report folders. Renderers present
what the analyses return; a report adds only the time course it shows."""

from logicnet.render.folder import write_report, write_report_folder
from logicnet.render.pathway import DiagramFiles, diagram_svg, pathway_diagram, write_diagram

__all__ = ["pathway_diagram", "write_diagram", "diagram_svg", "DiagramFiles", "write_report", "write_report_folder"]
