"""Output formats: the Excel workbook, the rounded summary CSVs, and the report's format
taken from its file name (the PDF itself is tested with the report, tests/test_report.py)."""

from __future__ import annotations

import io
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import openpyxl  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import mkba_mc as mm  # noqa: E402
from mkba_mc import decision as dq  # noqa: E402
from mkba_mc.analysis import pairwise, prob_best  # noqa: E402
from mkba_mc.bridge import bridge  # noqa: E402
from mkba_mc.cli import main  # noqa: E402
from mkba_mc.compare import compare  # noqa: E402
from mkba_mc.config import embedded_config, parse_study  # noqa: E402
from mkba_mc.report import write_workbook  # noqa: E402
from mkba_mc.report.pdf import CHROMIUM_ENV, PdfError, find_chromium  # noqa: E402
from mkba_mc.results import open_run  # noqa: E402
from mkba_mc.risk import investment_risk  # noqa: E402
from mkba_mc.workbook import workbook_bytes, write_summary_csv  # noqa: E402
from mkba_mc.workbook_risk import RISK_SHEETS, risk_column  # noqa: E402

DRAWS, SEED = 3000, 5
BOM = b"\xef\xbb\xbf"

FOUR_ARMS = Path(__file__).parent / "configs" / "four_arms.toml"


def run_cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def ds():
    return mm.simulate(mm.load_study(), draws=DRAWS, seed=SEED)


@pytest.fixture(scope="module")
def book(ds, tmp_path_factory):
    path = tmp_path_factory.mktemp("book") / "tables.xlsx"
    path.write_bytes(workbook_bytes(ds))
    return openpyxl.load_workbook(path)


def _rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def _close(a, b) -> bool:
    if a is None:
        return b is None or not math.isfinite(b)
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)


# --------------------------------------------------------------------------- Excel


def test_workbook_sheets_are_frozen_labelled_and_formatted(book):
    assert book.sheetnames == ["Summary", "Decision", "Benefit streams", "Stakeholders", "Bridge"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(isinstance(c.value, str) and c.value for c in sheet[1]), sheet.title
        assert all(sheet.column_dimensions[c.column_letter].width >= 10 for c in sheet[1])
    summary = book["Summary"]
    header = [c.value for c in summary[1]]
    balance = next(r for r in summary.iter_rows(min_row=2) if r[4].value == "Balance")
    assert balance[1].value == "FIG-route" and balance[5].value == "€ per client"
    assert "€" in balance[header.index("mean")].number_format
    assert balance[header.index("P(> 0) (%)")].number_format == "0.0%"
    ratio = next(r for r in summary.iter_rows(min_row=2) if r[4].value == "Benefit-cost ratio")
    assert ratio[header.index("mean")].number_format == "0.00"


def test_workbook_summary_is_the_runs_summary(ds, book):
    expected = mm.summarize(ds)
    rows = _rows(book["Summary"])
    assert len(rows) == len(expected)
    labels = {"FIG": "FIG-route", "KR": "Klantreis"}
    for row, (_, want) in zip(rows, expected.iterrows(), strict=True):
        assert row["arm"] == want["arm"] and row["arm label"] == labels[want["arm"]]
        assert (row["against"] or "") == want["versus"]
        for column, key in [
            ("mean", "mean"),
            ("MCSE of the mean", "mean_se"),
            ("median", "median"),
            ("5%", "q05"),
            ("95%", "q95"),
            ("P(> 0) (%)", "p_positive"),
        ]:
            assert _close(row[column], want.get(key, math.nan)), (row, column)


def test_workbook_decision_streams_stakeholders_and_bridge_are_the_analyses(ds, book):
    decisions = dq.decision_summary(ds)
    beats = mm.prob_beats_baseline(ds)
    rows = {r["arm"]: r for r in _rows(book["Decision"])}
    assert _close(rows["KR"]["P(beats the baseline)"], float(beats["probability"].sel(arm="KR")))
    assert rows["FIG"]["P(beats the baseline)"] is None
    for arm in ("FIG", "KR"):
        assert _close(
            rows[arm]["share of benefits with the municipality (partly)"],
            float(decisions["payer_partly"].sel(arm=arm)),
        )
        assert _close(
            rows[arm]["share of clients successful"],
            float(ds["share_successful"].sel(arm=arm).mean()),
        )

    streams = _rows(book["Benefit streams"])
    assert len(streams) == ds.sizes["arm"] * ds.sizes["stream"]
    means = ds["benefit"].mean("draw")
    for row in streams:
        stream = next(
            str(s)
            for s in ds["stream"].values
            if ds["stream_label"].sel(stream=s) == row["benefit stream"]
        )
        assert _close(row["mean (€ per client)"], float(means.sel(arm=row["arm"], stream=stream)))

    holders = dq.stakeholder_benefits(ds)
    for row in _rows(book["Stakeholders"]):
        holder = next(
            str(h)
            for h in ds["stakeholder"].values
            if ds["stakeholder_label"].sel(stakeholder=h) == row["stakeholder"]
        )
        at = holders.sel(arm=row["arm"], stakeholder=holder)
        assert _close(row["mean (€ per client)"], float(at["mean"]))
        assert _close(row["share of the arm's benefits"], float(at["share"]))

    steps = bridge(mm.load_study(), ds)
    rows = _rows(book["Bridge"])
    assert len(rows) == len(steps)
    for row, (_, want) in zip(rows, steps.iterrows(), strict=True):
        assert row["step"] == want["step"]
        assert _close(row["balance after the step (€ per client)"], want["level"])
    assert rows[0]["what changes"] == "balance as the study published it"
    assert rows[-1]["arm or difference"] == "Klantreis − FIG-route"


def test_workbook_with_assumption_sets(ds, tmp_path):
    literature = parse_study(
        embedded_config("regioplan2020_literature.toml"), origin="regioplan2020_literature.toml"
    )
    sets = compare([mm.load_study(), literature], draws=1000, seed=SEED)
    path = tmp_path / "sets.xlsx"
    write_workbook(ds, path, sets=sets, lang="nl")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[-1] == "Sets aannames"
    rows = _rows(book["Sets aannames"])
    balance = sets[sets["measure"] == "balance"]
    assert len(rows) == len(balance)
    assert {r["set"] for r in rows} == {"regioplan2020", "regioplan2020_literature"}
    for row, (_, want) in zip(rows, balance.iterrows(), strict=True):
        assert _close(row["kans > 0"], want["p_positive"])
    assert book["Samenvatting"]["E2"].value == "Investering"


# --------------------------------------------------------------------------- CSV


def test_summary_csv_is_labelled_and_rounded(ds, tmp_path):
    path = write_summary_csv(ds, tmp_path / "summary.csv")
    assert path.read_bytes().startswith(BOM)
    table = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    expected = mm.summarize(ds)
    assert list(table.columns[:6]) == [
        "arm",
        "arm label",
        "against",
        "against (label)",
        "measure",
        "unit",
    ]
    assert set(table["arm label"]) == {"FIG-route", "Klantreis"}
    for (_, row), (_, want) in zip(table.iterrows(), expected.iterrows(), strict=True):
        ratio = want["measure"] == "bcr"
        assert row["unit"] == ("ratio" if ratio else "€ per client")
        for column, key in [("mean", "mean"), ("median", "median"), ("5%", "q05")]:
            assert float(row[column]) == round(want[key], 2 if ratio else 0)
            assert len(row[column].partition(".")[2]) == (2 if ratio else 0)
        if want["measure"] == "balance":
            assert float(row["P(> 0) (%)"]) == round(100 * want["p_positive"], 1)
        else:
            assert row["P(> 0) (%)"] == ""
    assert not {"-0", "-0.0", "-0.00"} & set(table.to_numpy().ravel())


def test_dutch_csv_opens_in_dutch_excel(ds, tmp_path):
    english = pd.read_csv(write_summary_csv(ds, tmp_path / "s.csv"), encoding="utf-8-sig")
    path = write_summary_csv(ds, tmp_path / "s-nl.csv", lang="nl")
    raw = path.read_bytes()
    assert raw.startswith(BOM)
    lines = raw[len(BOM) :].decode("utf-8").splitlines()
    assert lines[0].startswith("arm;naam arm;") and all("," not in c for c in lines[0].split(";"))
    assert len({line.count(";") for line in lines}) == 1
    dutch = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
    np.testing.assert_array_equal(dutch["gemiddelde"], english["mean"])
    np.testing.assert_array_equal(dutch["kans > 0 (%)"], english["P(> 0) (%)"])
    assert "Saldo" in set(dutch["grootheid"]) and "0,0" not in lines[0]


# --------------------------------------------------------------------------- CLI


def test_run_out_writes_the_workbook_and_both_csvs(capsys, tmp_path):
    out = tmp_path / "res"
    code, stdout, err = run_cli(capsys, "run", "--draws", 2000, "--seed", 9, "--out", out)
    assert code == 0, err
    assert {"summary.csv", "summary-nl.csv", "summary.xlsx"} <= {p.name for p in out.iterdir()}
    with open_run(out) as run:
        expected = mm.summarize(run)
    rows = _rows(openpyxl.load_workbook(out / "summary.xlsx")["Summary"])
    for row, want in zip(rows, expected["mean"], strict=True):
        assert _close(row["mean"], want)

    book = tmp_path / "tables.xlsx"
    code, stdout, err = run_cli(capsys, "report", out, "--out", book)
    assert code == 0, err and stdout.strip() == f"Wrote {book}."
    again = _rows(openpyxl.load_workbook(book)["Summary"])
    assert [r["mean"] for r in again] == [r["mean"] for r in rows]


def test_run_out_workbook_has_the_risk_sheets_of_the_printed_view(capsys, tmp_path):
    out = tmp_path / "res"
    args = ("--draws", 2000, "--seed", 9, "--loss-limit", 1_000_000, "--intakes", 500)
    code, stdout, err = run_cli(capsys, "run", *args, "--out", out)
    assert code == 0, err
    # the run reduces its view from the values it stored, as every reader of the folder
    with mm.open_run(out) as ds:
        view = investment_risk(mm.load_study(), ds, intakes=500, loss_limits=[1_000_000])
    run_book = openpyxl.load_workbook(out / "summary.xlsx")
    for name, table in view.tables().items():
        rows = _rows(run_book[RISK_SHEETS[name][0]])
        assert len(rows) == len(table)
        for column in ("mean", "p_recover", "p_loss", "var"):
            if column in table:
                got = [r[risk_column(column, "en")] for r in rows]
                assert all(_close(g, w) for g, w in zip(got, table[column], strict=True))
    # the same sheets as the report's workbook of the run
    book = tmp_path / "tables.xlsx"
    assert run_cli(capsys, "report", out, "--out", book)[0] == 0
    risk_sheets = [n for n in openpyxl.load_workbook(book).sheetnames if n.startswith("Risk –")]
    assert risk_sheets and set(risk_sheets) <= set(run_book.sheetnames)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--out", "r.docx"], "--out r.docx: unknown extension '.docx'; supported: .html"),
        (["--out", "r.html", "--format", "md"], "--format md contradicts --out r.html"),
        (["--out", "r.pdf", "--format", "xlsx"], "--format xlsx contradicts --out r.pdf"),
        (["--out", "report"], "unknown extension '(none)'"),
    ],
)
def test_report_format_from_the_extension(capsys, tmp_path, monkeypatch, args, fragment):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, "report", "--draws", 100, *args)
    assert code == 2 and fragment in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_pdf_without_chromium_is_refused_before_any_work(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv(CHROMIUM_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PdfError, match="apt-get install chromium"):
        find_chromium()
    code, out, err = run_cli(capsys, "report", "--out", tmp_path / "r.pdf")
    assert code == 2 and "apt-get install chromium" in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv(CHROMIUM_ENV, "no-such-browser")
    code, out, err = run_cli(capsys, "report", "--out", tmp_path / "r.pdf")
    assert code == 2 and f"{CHROMIUM_ENV}=no-such-browser" in err


def test_workbook_of_three_arms_has_each_arms_chance_of_being_best_and_every_pair(tmp_path):
    study = mm.load_study(Path(__file__).parent / "configs" / "three_arms.toml")
    run = mm.simulate(study, draws=2000, seed=SEED)
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(run)))
    assert "Pairs" in book.sheetnames
    best = prob_best(run).set_index("arm")["p_best"]
    rows = _rows(book["Decision"])
    assert [r["arm label"] for r in rows] == [a.label for a in study.arms]
    for row in rows:
        assert _close(row["P(best of all arms)"], float(best[row["arm"]]))
    assert math.isclose(sum(r["P(best of all arms)"] for r in rows), 1.0)
    pairs = pairwise(run)
    got = _rows(book["Pairs"])
    assert len(got) == len(pairs) == 3
    labels = {a.name: a.label for a in study.arms}
    for row, (_, want) in zip(got, pairs.iterrows(), strict=True):
        assert row["arm − other arm"] == f"{labels[want['arm']]} − {labels[want['versus']]}"
        assert _close(row["P(arm beats the other)"], want["p_beats"])
        assert _close(row["mean Δ balance (€ per client)"], want["mean"])


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_four_arm_workbook_speaks_the_readers_language(lang):
    """A Dutch-language study with payer 'city': in either language the risk sheets carry
    words, not code (no ``delta_mc_se``, ``p_recover``, ``payer_partly``), the
    arms their labels in that language and the decision sheet's statuses words."""
    study = mm.load_study(FOUR_ARMS)
    run = mm.simulate(study, draws=400, seed=3)
    view = investment_risk(study, run, intakes=100)
    sheets = openpyxl.load_workbook(io.BytesIO(workbook_bytes(run, lang=lang, risk=view)))
    labels = {study.translate(a.label, lang) for a in study.arms}
    holders = {study.translate(label, lang) for label in study.stakeholders.values()}
    for name, table in view.tables().items():
        title = RISK_SHEETS[name][0 if lang == "en" else 1]
        rows = list(sheets[title].iter_rows(values_only=True))
        header = rows[0]
        assert not [h for h in header if "_" in str(h)], header
        assert len(rows) - 1 == len(table)
        arm_labels = {r[header.index(risk_column("arm_label", lang))] for r in rows[1:]}
        assert arm_labels == labels
        cases = {r[header.index(risk_column("case", lang))] for r in rows[1:]}
        assert holders <= cases and not [c for c in cases if "_" in c or c == "societal"]
        # the numbers are the analysis's, unchanged
        got = [r[header.index(risk_column(table.columns[3], lang))] for r in rows[1:]]
        assert all(_close(g, w) for g, w in zip(got, table.iloc[:, 3], strict=True))
    decision = _rows(sheets["Decision" if lang == "en" else "Beslissing"])
    statuses = {r[k] for r in decision for k in list(r)[-3::2]}
    assert statuses and statuses.isdisjoint(dq.BREAK_EVEN_STATUS), statuses
