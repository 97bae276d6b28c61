"""MaBoSS export: the files, and MaBoSS's own trajectories against logicnet's.

The agreement test runs the exported ``.bnd``/``.cfg`` in MaBoSS (``cmaboss``,
a test-only dependency) on five published models of 17 to 53 nodes given
rates, with start probabilities and a knockout (a MaBoSS mutation), and
compares every node's probability in every window with logicnet's
``stochastic`` simulation averaged over the same windows (MaBoSS reports
window means): within 3 standard errors of the difference.
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import pytest
from click.testing import CliRunner

from logicnet.cli.main import cli
from logicnet.dynamics.simulate import simulate
from logicnet.errors import FormatError
from logicnet.io import generate_maboss, parse_yaml, read_network, write_maboss
from logicnet.model.network import Network
from logicnet.model.perturbation import Perturbation

from tests.conftest import MODELS

SMALL = """
logicnet: 1
name: small
rates: {fast: 4, slow: 0.5}
time_unit: hour
nodes:
  S: {input: true}
  V: {input: true, value: 1}
  A: {rule: "S & !B", rate_up: 2, rate_down: 0.25}
  B: {levels: 2, speed: slow, rule: [{level: 2, when: A & V}, {level: 1, when: A}, {level: 0}]}
  P: {rule: "B >= 1", phenotype: true, label: Proliferation}
drugs:
  dA: {targets: [A]}
  capB: {targets: {B: "<=1"}}
alterations:
  B_up: {B: 2}
contexts:
  on: {S: 1}
"""


def test_files_for_a_small_model():
    network = parse_yaml(SMALL)
    bnd, cfg = generate_maboss(network, time=12, sample_every=0.5, runs=500, seed=3)
    assert "Node A {\n  logic = S & !B_b1;\n  rate_up = $Low_A ? 0.0 : ($High_A ? 1E308/$nb_mutable" in bnd
    assert "Node B_b2 {\n  logic = A & V & B_b1;" in bnd
    assert "Node P {  // Proliferation\n  logic = B_b1;\n  rate_up = @logic ? $u_P : 0.0;" in bnd
    for line in ["$u_A = 2.0;", "$d_A = 0.25;", "$u_B_b1 = 0.5;", "$u_P = 4.0;", "$nb_mutable = 4;",
                 "$Low_A = 0;", "[S].istate = 0.5 [1], 0.5 [0];", "[V].istate = 1.0 [1], 0.0 [0];",
                 "[B_b1, B_b2].istate = 1.0 [0, 0], 0.0 [1, 0], 0.0 [1, 1];", "P.is_internal = 0;",
                 "A.is_internal = 1;", "time_tick = 0.5;", "max_time = 12.0;", "sample_count = 500;",
                 "seed_pseudorandom = 3;", "// rates are per hour", "// drug dA: $Low_A = 1;",
                 "// drug capB: $Low_B_b2 = 1;", "// alteration B_up: $High_B_b1 = 1; $High_B_b2 = 1;",
                 "// context on: $High_S = 1;"]:
        assert line in cfg.splitlines(), line
    treated, _ = generate_maboss(network, perturbation=Perturbation.build(network, drugs=["dA"]))
    _, cfg = generate_maboss(network, perturbation=Perturbation.build(network, drugs=["dA"]))
    assert treated == bnd and "$Low_A = 1;" in cfg.splitlines() and "[A].istate = 0.0 [1], 1.0 [0];" in cfg


def test_convert_writes_both_files(tmp_path):
    source = tmp_path / "small.yaml"
    source.write_text(SMALL)
    result = CliRunner().invoke(cli, ["convert", str(source), str(tmp_path / "small.bnd")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "small.bnd").read_text().startswith("// small: MaBoSS network written by logicnet")
    assert (tmp_path / "small.cfg").exists()
    again = CliRunner().invoke(cli, ["convert", str(source), str(tmp_path / "small.bnd")])
    assert again.exit_code == 2 and "already exists; use --force" in again.output
    with pytest.raises(FormatError, match="a MaBoSS network is written to a .bnd file"):
        write_maboss(parse_yaml(SMALL), tmp_path / "small.cfg")


def with_rates(network: Network, seed: int) -> Network:
    """The model with rates drawn once per node (fixed seed)."""
    rng = np.random.default_rng(seed)
    nodes = {}
    for name, node in network.nodes.items():
        up, down = (float(v) for v in rng.choice([0.5, 1.0, 2.0, 3.0], size=2))
        nodes[name] = replace(node, rate_up=up, rate_down=down)
    return network.with_nodes(nodes)


AGREEMENT = [
    ("bbm-024-budding-yeast-cell-cycle.bnet", None),
    ("bbm-003-mammalian-cell-cycle.bnet", None),
    ("bbm-008-death-receptor-signaling.bnet", "v_CASP8"),
    ("bbm-020-apoptosis-network.bnet", "v_IAP"),
    ("bbm-070-mapk-cancer-cell-fate.bnet", "v_PTEN"),
]


@pytest.mark.parametrize("file, knockout", AGREEMENT, ids=[a[0][:7] for a in AGREEMENT])
def test_maboss_agrees_with_stochastic(tmp_path, file, knockout):
    cmaboss = pytest.importorskip("cmaboss")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        network = with_rates(read_network(MODELS / "bbm" / file), seed=len(file))
    perturbation = Perturbation(fixed={knockout: 0}) if knockout else Perturbation()
    start = {n: (0.5 if node.is_free_input else 0.25) for n, node in network.nodes.items()}
    runs, horizon, every = 4000, 3.0, 0.75
    bnd, cfg = generate_maboss(network, perturbation=perturbation, start=start, time=horizon, sample_every=every,
                               runs=runs, seed=1, outputs=list(network.names))
    (tmp_path / "m.bnd").write_text(bnd)
    (tmp_path / "m.cfg").write_text(cfg)
    result = cmaboss.MaBoSSSim(network=str(tmp_path / "m.bnd"), config=str(tmp_path / "m.cfg")).run()
    theirs, times, names, _ = result.get_nodes_probtraj()
    ours = simulate(network, [start], semantics="stochastic", perturbation=perturbation, runs=runs, time=horizon,
                    sample_every=every, average=True, attractors=False, seed=2)
    assert ours.time_points.tolist() == pytest.approx(list(times))
    for j, name in enumerate(names):
        mine = ours.fraction(name, 1)
        for k in range(len(times)):
            pooled = (mine[k] + theirs[k, j]) / 2
            error = np.sqrt(2 * pooled * (1 - pooled) / runs)
            assert abs(mine[k] - theirs[k, j]) <= 3 * error + 1e-9, (name, times[k], mine[k], theirs[k, j])
    # nodes MaBoSS never saw on are never on in logicnet's runs either
    for name in set(network.names) - set(names):
        assert ours.fraction(name, 1).max() == 0.0, name
