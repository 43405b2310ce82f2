"""The rendered report, as a reader's browser shows it (headless Chromium; skipped where it
is not installed): the English, the Dutch, a three-arm and a four-arm report (Dutch and
English) render to a PNG, nothing
runs off the page sideways (at a laptop's width and a narrow one), and every figure loads.

What a person must still judge by eye (overlapping labels inside a figure, awkward
wording) is not checked here; see /work/shared/tools/shoot.py to render the pages for a
look.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

import mkba_mc as mm  # noqa: E402
from mkba_mc.report import SensitivityAnalyses, build_report, render_html  # noqa: E402
from mkba_mc.report.pdf import PdfError, find_chromium  # noqa: E402

pytestmark = pytest.mark.slow

THREE_ARMS = Path(__file__).parent / "configs" / "three_arms.toml"
FOUR_ARMS = Path(__file__).parent / "configs" / "four_arms.toml"
PNG = b"\x89PNG\r\n\x1a\n"
WIDTHS = (1300, 700)
"""Viewport widths in CSS pixels: a laptop's browser, and a narrow window."""

# Measures the laid-out page and writes the result into it, for --dump-dom to print.
PROBE = """<script>
window.addEventListener("load", () => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const wide = [...document.querySelectorAll("main *")]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : ""));
  const broken = [...document.images]
    .filter(i => !(i.complete && i.naturalWidth > 0))
    .map(i => i.alt);
  const probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify({
    viewport: width, page: root.scrollWidth, wide: wide.slice(0, 10),
    images: document.images.length, broken: broken,
  });
  document.body.appendChild(probe);
});
</script>"""


@pytest.fixture(scope="module")
def chromium():
    try:
        return find_chromium()
    except PdfError as exc:
        pytest.skip(str(exc))


def _report(study, lang: str) -> str:
    ds = mm.simulate(study, draws=2000, seed=3)
    analyses = SensitivityAnalyses(ds, voi_draws=2000, sobol_n=256)
    return render_html(build_report(ds, lang, analyses=analyses))


@pytest.fixture(scope="module")
def pages():
    default, three, four = mm.load_study(), mm.load_study(THREE_ARMS), mm.load_study(FOUR_ARMS)
    return {
        "en": _report(default, "en"),
        "nl": _report(default, "nl"),
        "three-arms": _report(three, "en"),
        "four-arms": _report(four, "nl"),
        "four-arms-en": _report(four, "en"),
    }


def _chromium(exe: str, page: Path, width: int, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={width},1600",
                *args,
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=True,
        )


def _measure(exe: str, html: str, width: int, folder: Path) -> dict:
    page = folder / f"probe-{width}.html"
    page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = _chromium(exe, page, width, "--virtual-time-budget=10000", "--dump-dom").stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, flags=re.S)
    assert found, "the page did not finish loading"
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


@pytest.mark.parametrize("name", ["en", "nl", "three-arms", "four-arms", "four-arms-en"])
def test_the_report_renders_and_fits_the_page(chromium, pages, name, tmp_path):
    html = pages[name]
    page = tmp_path / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    shot = tmp_path / f"{name}.png"
    _chromium(chromium, page, WIDTHS[0], f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == PNG and shot.stat().st_size > 20_000  # not a blank page
    figures = html.count("<img ")
    assert figures >= 8
    for width in WIDTHS:
        seen = _measure(chromium, html, width, tmp_path)
        assert seen["page"] == seen["viewport"], (name, width, seen["wide"])
        assert seen["wide"] == [], (name, width)
        assert seen["images"] == figures and seen["broken"] == [], (name, width)
