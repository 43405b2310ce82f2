"""The report: parsed back from its HTML, its numbers are the run's; rendered, it shows."""

from __future__ import annotations

import base64
import math
import re
import shutil
import subprocess
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from report_html import parse  # noqa: E402

from mkba_mc import decision as dq  # noqa: E402
from mkba_mc.cli import main  # noqa: E402
from mkba_mc.config import load_study  # noqa: E402
from mkba_mc.plots._labels import money, number, percent  # noqa: E402
from mkba_mc.report import (  # noqa: E402
    SensitivityAnalyses,
    build_report,
    figures_folder,
    format_mean,
    format_probability,
    render_html,
    write_report,
)
from mkba_mc.results import OutputExistsError  # noqa: E402
from mkba_mc.simulation import simulate  # noqa: E402

FIGURES = {
    "bridge",
    "balance",
    "plane",
    "streams",
    "stakeholders",
    "acceptability",
    "convergence",
    "tornado-KR",
    "evppi",
    "enbs",
    "risk-profile",
}
SECTIONS = [
    "question",
    "answer",
    "bridge",
    "replication",
    "distributions",
    "decision",
    "drivers",
    "risk",
    "assumptions",
    "limits",
    "sensitivity",
]
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def ds():
    return simulate(load_study(), draws=4000, seed=7)


@pytest.fixture(scope="module")
def analyses(ds):
    """The sensitivity section's analyses with small samples, shared by every report."""
    return SensitivityAnalyses(ds, voi_draws=2048, sobol_n=512)


@pytest.fixture(scope="module")
def html_en(ds, analyses):
    return render_html(build_report(ds, "en", analyses=analyses))


@pytest.fixture(scope="module")
def html_nl(ds, analyses):
    return render_html(build_report(ds, "nl", analyses=analyses))


def _p_beats(ds) -> tuple[float, float]:
    kr, fig = ds["balance"].sel(arm="KR").values, ds["balance"].sel(arm="FIG").values
    p = float((kr > fig).mean())
    return p, math.sqrt(p * (1 - p) / kr.size)


def _mean_se(x: np.ndarray) -> tuple[float, float]:
    return float(x.mean()), float(x.std(ddof=1) / math.sqrt(x.size))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_section_and_figure_is_there_and_embedded(lang, html_en, html_nl):
    report = parse(html_en if lang == "en" else html_nl)
    assert report.sections == SECTIONS
    assert set(report.images) == FIGURES
    for key, src in report.images.items():
        head, _, data = src.partition(",")
        assert head == "data:image/png;base64", key
        png = base64.b64decode(data, validate=True)
        assert png[:8] == PNG and len(png) > 10_000, key
    assert report.external == []  # one self-contained file


def test_the_numbers_shown_are_the_runs(ds, html_en):
    report = parse(html_en)
    p, se = _p_beats(ds)
    assert report.row("decision", "P(Klantreis beats FIG-route)")[1] == format_probability(
        p, se, "en"
    )
    assert percent(p, "en") in report.answer
    for arm, label in (("FIG", "FIG-route"), ("KR", "Klantreis")):
        balance = ds["balance"].sel(arm=arm).values
        mean, mean_se = _mean_se(balance)
        assert report.row("decision", f"mean balance of the {label} (€ per client)")[
            1
        ] == format_mean(mean, mean_se, "en")
        pays = float((balance > 0).mean())
        assert report.row("decision", f"P(balance of the {label} > 0)")[1] == format_probability(
            pays, math.sqrt(pays * (1 - pays) / balance.size), "en"
        )
        assert money(mean, "en") in report.answer
        summary = [r for r in report.tables["summary"] if r[:2] == [label, "balance"]][0]
        assert summary[2] == money(mean, "en")
        assert summary[5] == money(float(np.quantile(balance, 0.05)), "en")
    diff = ds["balance"].sel(arm="KR").values - ds["balance"].sel(arm="FIG").values
    assert report.row(
        "decision", "mean difference in balance, Klantreis − FIG-route (€ per client)"
    )[1] == format_mean(*_mean_se(diff), "en")


def test_decision_quantities_are_those_of_the_decision_module(ds, html_en):
    report = parse(html_en)
    strict = dq.municipality_share(ds, "strict")
    label = "share of the benefits with the municipality, Klantreis (its own part only)"
    assert report.row("decision", label)[1] == format_probability(
        float(strict["share"].sel(arm="KR")), float(strict["mc_se"].sel(arm="KR")), "en"
    )
    holders = dq.stakeholder_benefits(ds)
    row = report.row("stakeholders", "Municipality (gemeente)")
    assert row[3] == format_mean(
        float(holders["mean"].sel(arm="KR", stakeholder="municipality")),
        float(holders["mc_se"].sel(arm="KR", stakeholder="municipality")),
        "en",
    )
    yearly = dq.scale_up(ds, 3000)
    row = [r for r in report.tables["scale_up"] if r[:2] == ["Klantreis", "balance"]][0]
    assert row[2:] == [
        money(float(yearly[k].sel(arm="KR", measure="balance")), "en")
        for k in ("mean", "q05", "q95")
    ]
    pays = dq.break_even_wtp(ds, against="nothing")
    assert pays["status"].sel(arm="FIG").item() == "above"  # FIG needs λ > 0 to pay for itself
    cell = report.row(
        "decision", "value λ of a successful client at which the FIG-route pays for itself"
    )
    value, se = float(pays.sel(arm="FIG")), float(pays["mc_se"].sel(arm="FIG"))
    assert cell[1] == f"{money(value, 'en')} ± {number(se, 'en', 0)}"
    status = dq.break_even_wtp(ds)["status"].sel(arm="KR").item()
    cell = report.row(
        "decision", "break-even value λ of an extra successful client, Klantreis against FIG-route"
    )[1]
    assert cell == ("€0 (preferred at every λ ≥ 0)" if status == "always" else cell)


def test_replication_and_erratum_match_the_study(html_en):
    report = parse(html_en)
    header = report.tables["replication"][0]
    assert header == [
        "",
        "FIG-route: mkba-mc",
        "FIG-route: study",
        "Klantreis: mkba-mc",
        "Klantreis: study",
    ]
    assert report.row("replication", "investment")[1:] == ["€1,539", "€1,539", "€2,601", "€2,601"]
    assert report.row("replication", "total benefits, as published")[1:] == [
        "€1,085",
        "€1,085",
        "€2,370",
        "€2,370",
    ]
    assert report.row("replication", "total benefits, corrected (all streams)")[1:] == [
        "€1,099",
        "€1,099",
        "€2,392",
        "€2,392",
    ]
    assert report.row("replication", "balance, corrected")[1:] == [
        "€−440",
        "€−440",
        "€−209",
        "€−209",
    ]
    text = " ".join(report.text)
    assert "Erratum: the published total benefits leave out “re-integration avoided”" in text
    assert "not the published €−454 for the FIG-route and €−231 for the Klantreis" in text


def test_every_parameter_is_listed_with_its_source(ds, html_en):
    report = parse(html_en)
    rows = report.tables["assumptions"][1:]
    params = [v for v in ds.data_vars if ds[v].attrs.get("role") == "parameter"]
    assert len(rows) == len(params)
    for v in params:
        name = v.removeprefix("param_")
        row = next(
            r for r in rows if r[1].endswith(f"({name})") or r[1] == ds[v].attrs["long_name"]
        )
        # a per-arm distribution names each arm by its label ("Klantreis: …; FIG-route: …")
        shown = ds[v].attrs["distribution"]
        for arm in ds["arm"].values:
            label = str(ds["arm_label"].sel(arm=arm).item())
            shown = re.sub(rf"(^|; ){arm}: ", rf"\g<1>{label}: ", shown)
        assert row[3] == shown
        assert row[4] == ds[v].attrs["source"]


def test_dutch_report_uses_the_terms_of_the_field(ds, html_nl):
    report = parse(html_nl)
    text = " ".join(report.text)
    for word in (
        "investering",
        "baten",
        "saldo",
        "baten-kostenverhouding",
        "gemeente",
        "schuldhulpverlening",
        "kans dat de Klantreis beter uitpakt dan de FIG-route",
    ):
        assert word in text, word
    p, se = _p_beats(ds)
    assert report.row("decision", "kans dat de Klantreis beter uitpakt dan de FIG-route")[
        1
    ] == format_probability(p, se, "nl")
    assert percent(p, "nl") in report.answer and "," in percent(p, "nl")
    assert report.row("replication", "totale baten, gecorrigeerd (alle batenposten)")[1:] == [
        "€ 1.099",
        "€ 1.099",
        "€ 2.392",
        "€ 2.392",
    ]


@pytest.mark.parametrize(
    "mean, se, en, nl",
    [
        (464.2, 3.74, "€464 ± 3.7", "€ 464 ± 3,7"),
        (-53.0, 0.04, "€−53 ± 0.0", "€ −53 ± 0,0"),
        (1_976_984.4, 7_732.3, "€1,976,984 ± 7,732", "€ 1.976.984 ± 7.732"),
        (812.0, 12.46, "€812 ± 12", "€ 812 ± 12"),
    ],
)
def test_a_standard_error_in_euros_is_rounded_like_its_mean(mean, se, en, nl):
    """A decimal on an error of thousands says nothing the whole euros of the mean do not."""
    assert format_mean(mean, se, "en") == en
    assert format_mean(mean, se, "nl") == nl


def test_dutch_amounts_stay_on_one_line(html_nl):
    """``€ 1.234`` has a space that must not break a line: the HTML keeps it in a span."""
    paragraphs = re.findall(r"<p[^>]*>(.*?)</p>", html_nl, flags=re.DOTALL)
    assert any('<span class="amount">€ ' in p for p in paragraphs)
    for p in paragraphs:
        assert not re.search(r'(?<!amount">)€ [−\d]', p), p


def test_markdown_report_has_its_figures_beside_it(ds, analyses, tmp_path):
    out = tmp_path / "report.md"
    written = write_report(build_report(ds, "en", analyses=analyses), out, fmt="md")
    folder = figures_folder(out)
    assert written == [out, folder]
    text = out.read_text(encoding="utf-8")
    for key in FIGURES:
        assert f"](report_figures/{key}.png)" in text
        assert (folder / f"{key}.png").read_bytes()[:8] == PNG
    p, se = _p_beats(ds)
    assert f"| P(Klantreis beats FIG-route) | {format_probability(p, se, 'en')} |" in text
    assert sorted(x.name for x in tmp_path.iterdir()) == ["report.md", "report_figures"]


def test_writing_is_atomic_and_refuses_to_overwrite(ds, analyses, tmp_path):
    report = build_report(ds, "en", analyses=analyses)
    out = tmp_path / "r.html"
    write_report(report, out)
    before = out.read_bytes()
    with pytest.raises(OutputExistsError, match="already exists"):
        write_report(report, out)
    assert out.read_bytes() == before
    write_report(report, out, force=True)
    assert sorted(x.name for x in tmp_path.iterdir()) == ["r.html"]  # no temporary files left
    with pytest.raises(OutputExistsError, match="is a folder"):
        write_report(report, tmp_path)


def test_a_report_file_that_appears_while_writing_is_kept(ds, analyses, tmp_path, monkeypatch):
    """Two reports aimed at one file: the one that finishes second is refused, not
    silently replacing the first (the rename never clobbers without --force)."""
    import mkba_mc.report as report_module

    report = build_report(ds, "en", analyses=analyses)
    out = tmp_path / "r.html"
    render = report_module.render_html

    def render_while_another_run_finishes(rep):
        out.write_text("the other run's report")  # appears after the check, before the rename
        return render(rep)

    monkeypatch.setattr(report_module, "render_html", render_while_another_run_finishes)
    with pytest.raises(OutputExistsError, match="appeared while the report was made"):
        write_report(report, out)
    assert out.read_text() == "the other run's report"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["r.html"]  # no temporary files left


# --------------------------------------------------------------------------- command line


def run_cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow
def test_cli_reports_a_config_and_a_results_folder(capsys, tmp_path):
    out = tmp_path / "rapport.html"
    code, stdout, err = run_cli(
        capsys, "report", "--draws", 2000, "--seed", 3, "--lang", "nl", "--out", out
    )
    assert code == 0, err
    assert stdout.strip() == f"Geschreven: {out}."
    html = parse(out.read_text(encoding="utf-8"))
    assert set(html.images) == FIGURES | {"sets"}  # the config names its alternatives
    ds = simulate(load_study(), draws=2000, seed=3)
    p, se = _p_beats(ds)
    assert html.row("decision", "kans dat de Klantreis beter uitpakt dan de FIG-route")[
        1
    ] == format_probability(p, se, "nl")

    code, _, err = run_cli(capsys, "report", "--draws", 2000, "--out", out)
    assert code == 2 and "already exists" in err and "--force" in err

    results = tmp_path / "res"
    assert run_cli(capsys, "run", "--draws", 1500, "--seed", 4, "--out", results, "--quiet")[0] == 0
    code, stdout, err = run_cli(capsys, "report", results, "--format", "md")
    assert code == 0, err
    assert (results / "report-en.md").is_file() and (
        results / "report-en_figures" / "plane.png"
    ).is_file()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--seed", "10"], "apply when the report runs a config"),
        (["--draws", "501"], "holds 500 draws; --draws 501 asks for more"),
        (["--lang", "fr"], "invalid choice"),
    ],
)
def test_cli_bad_input_exits_2_without_output(capsys, tmp_path, args, message):
    results = tmp_path / "res"
    assert run_cli(capsys, "run", "--draws", 500, "--out", results, "--quiet")[0] == 0
    before = sorted(p.name for p in results.iterdir())
    code, out, err = run_cli(capsys, "report", results, *args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in results.iterdir()) == before


def test_cli_refuses_what_is_not_a_run(capsys, tmp_path):
    code, _, err = run_cli(capsys, "report", tmp_path)
    assert code == 2 and "not a results folder" in err
    code, _, err = run_cli(capsys, "report", tmp_path / "missing.toml")
    assert code == 2 and "no such file" in err
    point = Path(__file__).resolve().parents[1] / "configs" / "regioplan2020_point.toml"
    code, _, err = run_cli(capsys, "report", point, "--out", tmp_path / "point.html")
    assert code == 2 and "a report needs at least 2 draws (use --draws)" in err
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- rendering


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_the_html_renders_in_a_browser(ds, analyses, tmp_path):
    from matplotlib.image import imread

    page = tmp_path / "report.html"
    write_report(build_report(ds, "en", analyses=analyses), page)
    shot = tmp_path / "report.png"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--screenshot={shot}",
            "--window-size=1000,5000",
            page.resolve().as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pixels = imread(shot)
    assert pixels.shape[:2] == (5000, 1000)
    grey = pixels[..., :3].mean(axis=-1)
    assert (grey < 0.5).mean() > 0.005  # text and figures, not a blank page
    r, g, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    orange = (r > 0.8) & (g > 0.5) & (g < 0.75) & (b < 0.25)  # the Klantreis' Okabe-Ito orange
    assert orange.sum() > 2000  # only the embedded figures use it: they were decoded and drawn


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_pdf_report_opens_on_a4_with_its_text(ds, analyses, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    report = build_report(ds, "nl", analyses=analyses)
    path = tmp_path / "rapport.pdf"
    assert write_report(report, path, fmt="pdf") == [path]
    assert path.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.pdf"], "no temporary files left"
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) >= 5
    width, height = (float(x) for x in reader.pages[0].mediabox.upper_right)
    assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1  # A4 in points
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert " ".join(report.title.split()) in text
    assert sum(len(page.images) for page in reader.pages) >= 5  # the figures


def test_the_bridge_follows_the_answer_and_equals_the_api(ds, html_en, html_nl):
    """SPEC 4: from the published balance to the simulation's mean, first after the answer."""
    from mkba_mc.bridge import bridge

    table = bridge(load_study(), ds)
    for lang, html in (("en", html_en), ("nl", html_nl)):
        report = parse(html)
        assert report.sections.index("bridge") == report.sections.index("answer") + 1
        rows = report.tables["bridge"]
        assert len(rows) == 1 + table["step"].nunique()
        published = table[(table["kind"] == "published")].set_index("target")["level"]
        assert rows[1][1:] == [money(published[t], lang) for t in ("FIG", "KR", "KR-FIG")]
        last = table[table["kind"] == "simulation"].set_index("target")
        expected = [
            f"{money(last.loc[t, 'level'], lang)} ± {number(last.loc[t, 'mc_se'], lang, 1)}"
            for t in ("FIG", "KR", "KR-FIG")
        ]
        assert rows[-1][1:] == expected
    assert parse(html_nl).tables["bridge"][1][0] == "saldo zoals de studie het publiceerde"


@pytest.mark.slow
def test_assumption_sets_stand_beside_the_answer(capsys, tmp_path):
    """SPEC 3: the study's own choices stay in the answer; the alternatives the config
    names are shown beside it, with the run's draws and seed (common random numbers)."""
    from mkba_mc.compare import compare
    from mkba_mc.config import embedded_config, parse_study

    out = tmp_path / "r.html"
    code, _, err = run_cli(
        capsys,
        "report",
        "--draws",
        2000,
        "--seed",
        3,
        "--out",
        out,
        "--versus",
        "regioplan2020_literature.toml",
    )
    assert code == 0, err
    html = parse(out.read_text(encoding="utf-8"))
    assert html.sections.index("sets") == html.sections.index("bridge") + 1
    literature = parse_study(embedded_config("regioplan2020_literature.toml"))
    table = compare([load_study(), literature], draws=2000, seed=3)
    rows = html.tables["sets"]
    versus = table[(table["versus"] != "") & (table["measure"] == "balance")]
    expected = [percent(p, "en") for p in versus["p_positive"]]
    assert [r[1] for r in rows[1:]] == expected
    assert rows[1][0].endswith("(this answer)") and rows[2][0].startswith("literature months")
    # one other set: its own chance, not a range from it to itself
    text = out.read_text(encoding="utf-8")
    assert (
        f"Under the other assumption set ({rows[2][0]}) the chance that the Klantreis beats "
        f"the FIG-route is {rows[2][1]}, against {rows[1][1]} in the answer." in text
    )
    assert "beats the FIG-route lies between" not in text
    # none named: no section
    code, _, err = run_cli(capsys, "report", "--draws", 2000, "--out", out, "--force", "--versus")
    assert code == 0, err
    assert "sets" not in parse(out.read_text(encoding="utf-8")).sections
