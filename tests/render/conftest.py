"""Small networks written for the picture tests."""

from __future__ import annotations

import pytest

from logicnet.io import parse_yaml
from logicnet.model.network import Network

#: every kind of node and edge: input, phenotype, group clusters, a label that
#: needs escaping, a node called like a DOT keyword, a multivalued node acting
#: from level 2, a slow node, a dual influence (X), a fixing and a capping drug
TOY = """
logicnet: 1
name: toy
nodes:
  GF: {input: true, group: outside}
  R: {rule: GF, group: receptors, label: "R<1> & co"}
  K: {levels: 2, rule: [{level: 2, when: "R & !P"}, {level: 1, when: R}, {level: 0}]}
  P: {rule: "K >= 2", speed: slow}
  X: "R & !K | !R & K"
  node: {rule: X, label: node}
  Out: {rule: "K >= 2", phenotype: true, goal: 0}
drugs:
  d1: {targets: [K]}
  d2: {targets: {K: "<=1"}}
contexts: {on: {GF: 1}}
"""

#: a treatment (dA) escaped in two waves: a fast bypass through I, and a slow
#: positive loop J -> S -> L -> J that L closes only once A is off
BYPASS = """
logicnet: 1
name: bypass
nodes:
  GF: {input: true}
  R: GF
  A: R
  M: A
  F: M
  I: R & !F
  J: I | L
  S: J
  L: {rule: S & !A, speed: slow}
  P: {rule: M | S, phenotype: true, goal: 0}
drugs:
  dA: {targets: [A]}
  dJ: {targets: [J]}
alterations:
  M_on: {M: 1}
contexts:
  on: {GF: 1}
"""


@pytest.fixture
def toy() -> Network:
    return parse_yaml(TOY)


@pytest.fixture
def bypass() -> Network:
    return parse_yaml(BYPASS)
