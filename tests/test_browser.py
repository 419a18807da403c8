"""The HTML report in a real browser: Debian's Chromium, driven by playwright through
executable_path, at 1280 and 390 px. Skipped only where Chromium is not installed (.ci/run
installs it). `make screenshots` saves the seeds report's pictures into docs/."""

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import DATA
from test_report_views import barge_report

from kcheck.cli import app
from kcheck.pages import html_page
from kcheck.report import summary

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Chromium is not installed (apt-get install -y chromium; .ci/run does it)"
)
# what a root user in a container needs, and nothing that reaches the network
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {1280: 900, 390: 844}
COUNTED = ("sources", "claims", "conflicts", "agreements", "single_attestations")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        # a persistent context on a fresh folder: its own --user-data-dir, nothing shared
        context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield context
        context.close()


def rendered(runner, db, tmp_path, name):
    html, js = tmp_path / f"{name}.html", tmp_path / f"{name}.json"
    assert runner.invoke(app, ["report", "--db", str(db), "-f", "html", "-o", str(html)]).exit_code == 0
    assert runner.invoke(app, ["report", "--db", str(db), "-f", "json", "-o", str(js)]).exit_code == 0
    return html, json.loads(js.read_text(encoding="utf-8"))


def check(browser, page_path: Path, report: dict, shots: str | None = None) -> None:
    conflicts = [g for g in report["groups"] if g["verdict"] == "conflict"]
    for width, height in WIDTHS.items():
        page = browser.new_page()
        page.set_viewport_size({"width": width, "height": height})
        page.goto(page_path.as_uri())
        overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        assert page.evaluate(overflow) <= 0, f"{page_path.name} is wider than the screen at {width} px"
        seen = page.evaluate("""[...document.querySelectorAll('article.conflict')].map(a => ({
            heading: (a.querySelector('h3') || {innerText: ''}).innerText.trim(),
            marks: a.querySelectorAll('mark').length}))""")
        assert len(seen) == len(conflicts)
        for group, shown in zip(conflicts, seen):
            assert shown["heading"].startswith("CONFLICT · ") and shown["marks"] >= 1, (group["id"], shown)
        counts = page.evaluate(
            "Object.fromEntries([...document.querySelectorAll('[data-count]')].map(e => [e.dataset.count, +e.textContent]))"
        )
        assert {k: counts[k] for k in COUNTED} == {k: report["summary"][k] for k in COUNTED}
        if report["summary"].get("figures") is not None:
            assert counts["figures_disagree"] == report["summary"]["figures_disagree"]
        if shots:
            page.screenshot(path=str(Path(shots) / f"report-{width}.png"), full_page=True)
        # unfolded, the single attestations and agreements still fit the screen
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert page.evaluate(overflow) <= 0, f"{page_path.name} opened is wider than the screen at {width} px"
        # and no table hides columns behind a scroll bar of its own: they reflow
        hidden = page.evaluate(
            "[...document.querySelectorAll('.scroll')].filter(d => d.scrollWidth > d.clientWidth).length"
        )
        assert hidden == 0, f"{hidden} tables of {page_path.name} scroll sideways at {width} px"
        # and in print, folded sections are printed too
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = false)")
        page.emulate_media(media="print")
        for section in ("singles", "agreements"):
            if page.locator(f"#{section}").count():
                assert page.locator(f"#{section} details > :not(summary)").first.is_visible(), (
                    f"{section} is not printed"
                )
        page.close()


def test_seeds_report_in_chromium(browser, runner, seeded_db, tmp_path):
    page, report = rendered(runner, seeded_db, tmp_path, "seeds")
    # the summary is the JSON report's, and that one counts what the groups hold
    groups = report["groups"]
    assert report["summary"]["conflicts"] == sum(g["verdict"] == "conflict" for g in groups)
    assert report["summary"]["agreements"] == sum(g["verdict"] == "agree" for g in groups)
    assert report["summary"]["single_attestations"] == sum(g["verdict"] == "single" for g in groups)
    assert report["summary"]["claims"] == sum(len(g["claims"]) for g in groups)
    check(browser, page, report, shots=os.environ.get("KCHECK_SCREENSHOTS"))


def test_generated_report_in_chromium(browser, runner, tmp_path):
    db = tmp_path / "ferry.db"
    assert runner.invoke(app, ["ingest", "--db", str(db), "--quiet", str(DATA / "ferry")]).exit_code == 0
    page, report = rendered(runner, db, tmp_path, "ferry")
    assert report["summary"]["conflicts"] >= 1
    check(browser, page, report)


def test_report_with_measures_and_figures_in_chromium(browser, tmp_path):
    report = barge_report()
    report["summary"] = summary(report)
    page = tmp_path / "barge.html"
    page.write_text(html_page(report), encoding="utf-8")
    check(browser, page, report)
