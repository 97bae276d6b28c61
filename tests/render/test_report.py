"""The HTML report: content on a small network, analyze -o, and the TNBC report in Chromium."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from logicnet.analysis.analyze import analyze
from logicnet.cli.main import cli
from logicnet.dynamics.simulate import simulate
from logicnet.io import parse_yaml
from logicnet.model.perturbation import Perturbation
from logicnet.render.report import html_report, report_pictures

from tests.conftest import NETWORKS
from tests.render.conftest import BYPASS

HAS_DOT = shutil.which("dot") is not None
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def assert_self_contained(page: str) -> None:
    """Nothing is fetched: no external scripts, styles, images or fonts."""
    assert not re.search(r'(src|href)="(?!data:|#)', page), "the page refers to another file"
    assert "@import" not in page and "url(http" not in page


@pytest.fixture(scope="module")
def bypass_page() -> str:
    network = parse_yaml(BYPASS)
    analysis = analyze(network, max_size=2)
    course = simulate(network, perturbation=Perturbation.build(network, context="on", drugs=["dA"]), steps=20,
                      runs=20)
    return html_report(network, analysis, time_course=course, verdict=[])


def test_by_default_the_analysis_verdict_comes_first() -> None:
    network = parse_yaml(BYPASS)
    page = html_report(network, analyze(network, max_size=2))
    assert page.index('<section id="verdict">') < page.index('<section id="model">')
    assert '<section id="summary">' not in page


class TestContent:
    def test_sections(self, bypass_page):
        for anchor in ("model", "diagram", "context-on", "scenarios", "time-course"):
            assert f'<section id="{anchor}">' in bypass_page
        assert "<h3>Minimal combination intersection sets</h3>" in bypass_page
        assert "<b>dA + dJ</b>" in bypass_page  # the minimal set closing both waves
        assert "Escape routes of <b>dA</b> (2)" in bypass_page
        assert "J → S → L → J" in bypass_page  # the sustaining loop, in words
        assert "No scenario was checked." in bypass_page
        assert "@media print" in bypass_page

    @pytest.mark.skipif(not HAS_DOT, reason="Graphviz's dot program is not installed")
    def test_diagrams_inline_with_unique_ids(self, bypass_page):
        assert bypass_page.count('<svg class="diagram"') == 3  # the pathway, escapes of dA and of dJ
        assert "<?xml" not in bypass_page
        ids = re.findall(r'\bid="([^"]+)"', bypass_page)
        assert len(ids) == len(set(ids))
        assert_self_contained(bypass_page)
        assert bypass_page.count('src="data:image/png;base64,') == 2  # heatmap and time course

    def test_without_graphviz_the_dot_text_is_shown(self, monkeypatch, tmp_path):
        monkeypatch.setenv("PATH", str(tmp_path))
        network = parse_yaml(BYPASS)
        analysis = analyze(network, max_size=1, genetic_depth=0)
        pictures = report_pictures(network, analysis)
        assert all(p.svg is None for p in pictures)
        page = html_report(network, analysis, pictures=pictures)
        assert "apt install graphviz" in page and "digraph bypass {" in page
        assert "<svg" not in page


HOSTILE = BYPASS.replace("name: bypass", "name: bypass\ndescription: '<img src=x onerror=alert(1)>'").replace(
    "  A: R\n", "  A: {rule: R, label: \"<script>alert('A')</script>\"}\n").replace(
    "  P: {rule: M | S,", "  P: {label: \"P&<b>\", rule: M | S,")


def test_hostile_labels_stay_escaped():
    network = parse_yaml(HOSTILE)
    page = html_report(network, analyze(network, max_size=1, genetic_depth=0))
    assert page.count("<script>") == 1  # the page's own
    assert "&lt;script&gt;alert(&#39;A&#39;)&lt;/script&gt;" in page or "&lt;script&gt;alert(&#x27;A&#x27;)" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "P&<b>" not in page and "P&amp;&lt;b&gt;" in page
    assert_self_contained(page)


#: a verdict in its JSON form (logicnet.serialize.to_jsonable of a Verdict), one context
VERDICT = [{
    "context": "on", "summary": "on: 0 of 2 drugs meet the goals, 1 escaped, 1 ineffective; 1 minimal set",
    "goals_met_untreated": False, "max_size": 2,
    "treatments": [
        {"drugs": ["dA"], "status": "escaped", "escape_waves": [1, 2], "routes": [
            {"phenotype": "P", "goal": "P=0", "wave": 1, "text": "R=1 → I=1 → J=1 → S=1 → P=1",
             "steps": [{"node": "F", "level": 0, "sign": "-", "off": True, "notes": "M inhibited by dA"},
                       {"node": "I", "level": 1, "sign": "+", "off": False, "notes": ""},
                       {"node": "J", "level": 1, "sign": "+", "off": False, "notes": ""},
                       {"node": "S", "level": 1, "sign": "+", "off": False, "notes": ""},
                       {"node": "P", "level": 1, "sign": "", "off": False, "notes": ""}],
             "loops": [[{"node": "J", "level": 1, "sign": "+", "off": False, "notes": ""},
                        {"node": "S", "level": 1, "sign": "+", "off": False, "notes": ""},
                        {"node": "L", "level": 1, "sign": "+", "off": False, "notes": ""},
                        {"node": "J", "level": 1, "sign": "", "off": False, "notes": ""}]]}]},
        {"drugs": ["dJ"], "status": "ineffective", "escape_waves": [], "routes": []},
    ],
    "sets": [{"drugs": ["dA", "dJ"], "robust": False,
              "closes": [{"drug": "dA", "route": 1, "cut": "J=0", "by": "dJ"}],
              "genetic": [{"drug": None, "route": None, "reopens": None,
                           "escapes": [{"alteration": {"M": 1}, "name": "M_on", "kind": "declared",
                                        "timing": "pre-existing"},
                                       {"alteration": {"M": 1}, "name": "M_on", "kind": "declared",
                                        "timing": "acquired"},
                                       {"alteration": {"S": 1}, "kind": "gain", "timing": "acquired"}]}]}],
}]


def test_verdict_comes_first_with_routes_as_steps():
    network = parse_yaml(BYPASS)
    page = html_report(network, analyze(network, max_size=2, genetic_depth=0), verdict=VERDICT)
    assert page.index('<section id="verdict">') < page.index('<section id="model">')
    assert '<section id="summary">' not in page
    assert "on: 0 of 2 drugs meet the goals, 1 escaped, 1 ineffective; 1 minimal set" in page
    assert '<span class="step off">F=0</span> <span class="notes">(M inhibited by dA)</span>' in page
    assert '<span class="sign minus">⊣</span> <span class="step">I=1</span>' in page
    assert ", sustained by <span class=\"step\">J=1</span>" in page
    assert "<b>dA</b> escaped in wave 1 and 2" in page and "dJ <span class=\"note\">(no goal phenotype" in page
    assert "dA route 1: J=0 by dJ" in page
    assert ("new route: M_on (M=1) (pre-existing, acquired); S=1 (hypothetical gain of function) (acquired)"
            in page)
    if HAS_DOT:
        assert page.count('<svg class="route"') == 1 + 2 + 1  # the verdict's route; dA's two and dJ's one


def test_without_a_verdict_a_summary_comes_first(bypass_page):
    assert bypass_page.index('<section id="summary">') < bypass_page.index('<section id="model">')
    assert "0 of 2 drugs meet the goals alone; 2 have escape routes; 1 minimal set(s) of at most 2 drugs" in bypass_page
    assert "<p>Minimal sets: <b>dA + dJ</b></p>" in bypass_page


def test_analyze_writes_the_report_and_diagrams(tmp_path, write):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["analyze", str(write(BYPASS)), "--max-size", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    suffix = "svg" if HAS_DOT else "dot"
    assert names == sorted(["analysis.json", "report.html", "attractors_on.png", f"pathway.{suffix}",
                            f"escape_on_dA.{suffix}", f"escape_on_dJ.{suffix}"])
    assert (out / "attractors_on.png").read_bytes().startswith(PNG_SIGNATURE)
    assert "Time course" in (out / "report.html").read_text()
    again = CliRunner().invoke(cli, ["analyze", str(write(BYPASS)), "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.output


def test_report_command_refuses_to_overwrite(tmp_path, write):
    out = tmp_path / "r.html"
    out.write_text("keep")
    result = CliRunner().invoke(cli, ["report", str(write(BYPASS)), "-o", str(out)])
    assert result.exit_code == 2 and out.read_text() == "keep"
    result = CliRunner().invoke(cli, ["report", str(write(BYPASS)), "-o", str(tmp_path / "s.html"),
                                      "--course-drug", "dZ"])
    assert result.exit_code == 2 and "unknown drug 'dZ'" in result.output


def _chromium():  # type: ignore[no-untyped-def]
    """A headless Chromium driven by chromedriver, or a skip outside CI when it is missing."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    in_ci = os.environ.get("CI") == "true"
    if missing and not in_ci:
        pytest.skip(f"Debian's chromium and chromium-driver are needed ({', '.join(missing)} missing);"
                    " scripts/test installs them")
    if in_ci:
        from selenium import webdriver  # CI installs the dev extra: a missing selenium must fail
    else:
        webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    return webdriver, Service, WebDriverWait


@pytest.mark.browser
def test_tnbc_report_in_headless_chromium(tmp_path):
    webdriver, Service, WebDriverWait = _chromium()
    page = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", str(NETWORKS / "tnbc_pi3k.yaml"), "--context", "serum",
                                      "--runs", "100", "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert_self_contained(page.read_text())

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=1366,900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.get(page.as_uri())
        WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.readyState") == "complete")
        assert driver.title.startswith("TNBC escape from PI3K/mTOR inhibition")
        # the answer comes first: the first section of the page, at the top of the window
        first = driver.find_element("css selector", "main > section")
        assert first.get_attribute("id") == "verdict"  # the analysis's own verdict, by default
        assert first.find_element("css selector", "h2").text == "Verdict"
        assert first.location["y"] < 300
        assert "BEZ235" in first.text and "minimal set" in first.text
        assert driver.find_elements("css selector", "#diagram svg.diagram")
        assert driver.find_elements("css selector", "details.escape svg.route")  # one small diagram per route
        tables = driver.find_elements("css selector", "table")
        assert len(tables) >= 7  # summary, facts, drug panel, untreated, responses, combinations, scenarios
        headers = {h.text.rstrip(" ⇅▲▼") for h in driver.find_elements("css selector", "th")}
        assert {"scenario", "genetic escapes (third wave)", "Proliferation"} <= headers

        # a click on a header sorts its table, a second click reverses it
        panel = driver.find_element("css selector", "#model table.sortable")
        header = panel.find_element("css selector", "th")
        names = [c.text for c in panel.find_elements("css selector", "tbody tr td:first-child")]
        assert len(names) == 15 and names != sorted(names, key=str.casefold)
        header.click()  # text sorts as people read it: case aside
        assert [c.text for c in panel.find_elements("css selector", "tbody tr td:first-child")] == \
            sorted(names, key=str.casefold)
        assert header.get_attribute("aria-sort") == "ascending"
        header.click()
        assert [c.text for c in panel.find_elements("css selector", "tbody tr td:first-child")] == \
            sorted(names, key=str.casefold, reverse=True)

        # route lists are collapsible
        details = driver.find_element("css selector", "details.escape")
        assert details.get_attribute("open") is None
        details.find_element("css selector", "summary").click()
        assert details.get_attribute("open") is not None

        broken = driver.execute_script(
            "return Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).length")
        assert broken == 0
        errors = [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
        assert errors == []
        driver.execute_script("window.scrollTo(0, 0)")
        shot = tmp_path / "report.png"
        assert driver.save_screenshot(str(shot))
        assert shot.read_bytes().startswith(PNG_SIGNATURE)
        if os.environ.get("LOGICNET_SCREENSHOT"):  # refresh the README's picture: LOGICNET_SCREENSHOT=docs/report.png
            shutil.copyfile(shot, os.environ["LOGICNET_SCREENSHOT"])
    finally:
        driver.quit()
