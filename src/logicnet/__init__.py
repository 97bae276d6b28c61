"""logicnet: rule-based logical network models of signalling pathways.

Read a network (:func:`read_network`), perturb it (:class:`Perturbation`),
find attractors, explain escape routes and find minimal drug combinations.
"""

__version__ = "0.1.0"

from logicnet.io import read_network, write_network  # noqa: E402
from logicnet.model import Network, Perturbation  # noqa: E402

__all__ = ["__version__", "read_network", "write_network", "Network", "Perturbation"]
