"""Hostile input (issue 7): every case is exit 2 with one line naming the file, the key or
argument and the problem, and the limit where there is one, before any work starts;
through the config parser, the Python API and the command line."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import time
import warnings

import numpy as np
import pytest
import xarray as xr

from mkba_mc.bounds import check_bounds
from mkba_mc.cli import main
from mkba_mc.config import (
    DEFAULT_STUDY,
    ConfigError,
    UnusedParameterWarning,
    embedded_config,
    load_study,
    parse_study,
)
from mkba_mc.distributions import from_config
from mkba_mc.limits import (
    MAX_COHORT,
    MAX_CONFIG_BYTES,
    MAX_DEPTH,
    MAX_DRAWS,
    MAX_MAGNITUDE,
    MAX_MEMORY_BYTES,
    MAX_NAME_LENGTH,
    MAX_SEED,
    REACH_SD,
)
from mkba_mc.results import open_run
from mkba_mc.simulation import bytes_per_draw, simulate
from mkba_mc.voi import evpi, evppi

DEFAULT = embedded_config(DEFAULT_STUDY)
DISCOUNTED = embedded_config("regioplan2020_discounted.toml")
PW_COST = "mean = 14000\ncv = 0.10"
MONTHS = 'dist = "fixed"\nvalue = 4'
FACTOR = (
    'params = ["share_pw", "exit_share", "pw_cost_per_year", "months_earlier_exit"], '
    'factor = "1/12"'
)


def mutate(old: str, new: str, text: str = DEFAULT) -> str:
    assert text.count(old) == 1, f"{old!r} must occur exactly once in the config"
    return text.replace(old, new)


def run_cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("mkba-mc: error: ")
    return lines[0]


# --------------------------------------------------------------------------- item 1: bounds

BOUNDS = [
    # (case, config text, key named, words of the problem)
    (
        "gamma mean 1e308",
        mutate(PW_COST, "mean = 1e308\ncv = 0.10"),
        "parameters.pw_cost_per_year.mean",
        "must lie within ±1e+12 (the limit), got 1e+308",
    ),
    (
        "fixed value 1.79e308",
        mutate(MONTHS, 'dist = "fixed"\nvalue = 1.79e308'),
        "parameters.months_earlier_exit.value",
        "(the limit)",
    ),
    (
        "lognormal mu 700",
        mutate(MONTHS, 'dist = "lognormal"\nmu = 700\nsigma = 1'),
        "parameters.months_earlier_exit",
        "the mean of LogNormal",
    ),
    (
        "lognormal mu 1000 (overflows a float)",
        mutate(MONTHS, 'dist = "lognormal"\nmu = 1000\nsigma = 1'),
        "parameters.months_earlier_exit",
        "beyond any float (it overflows)",
    ),
    (
        "gamma cv 1e200",
        mutate(PW_COST, "mean = 14000\ncv = 1e200"),
        "parameters.pw_cost_per_year.cv",
        "(the limit)",
    ),
    (
        "gamma cv 1e9: a vanishing shape",
        mutate(PW_COST, "mean = 14000\ncv = 1e9"),
        "parameters.pw_cost_per_year.cv",
        "must be at most 1000 (the limit: the shape 1/cv² at least 1e-06)",
    ),
    (
        "lognormal with a finite mean and a vast standard deviation",
        mutate(MONTHS, 'dist = "lognormal"\nmu = -200\nsigma = 20'),
        "parameters.months_earlier_exit",
        "the standard deviation of LogNormal",
    ),
    (
        "beta with a vanishing concentration",
        mutate("mean = 0.85\nn = 100", "mean = 0.85\nn = 1e-300"),
        "parameters.settlement_success.n",
        "must be at least 1e-06 (the limit)",
    ),
    (
        "normal truncated where it has no probability",
        mutate(MONTHS, 'dist = "normal"\nmean = 0\nsd = 1\nlow = 1000\nhigh = 1001'),
        "parameters.months_earlier_exit.low",
        "more than 10 sd from its mean",
    ),
    (
        "gamma cv 1e-300: its square vanishes",
        mutate(PW_COST, "mean = 14000\ncv = 1e-300"),
        "parameters.pw_cost_per_year.cv",
        "must be at least 1e-06 (the limit",
    ),
    (
        "gamma whose tail reaches past the limit",
        mutate(PW_COST, "mean = 1e12\ncv = 0.10"),
        "parameters.pw_cost_per_year",
        "can reach",
    ),
    (
        "factor 1e308",
        mutate(FACTOR, FACTOR.replace('"1/12"', "1e308")),
        "benefits.shorter_pw.terms[0].factor",
        "(the limit)",
    ),
    (
        "a fraction that is a huge factor",
        mutate(FACTOR, FACTOR.replace('"1/12"', '"1/0.0000000000000000000001"')),
        "benefits.shorter_pw.terms[0].factor",
        "(the limit)",
    ),
    (
        "PERT bounds of ±1e308",
        mutate(MONTHS, 'dist = "pert"\nlow = -1e308\nmode = 0\nhigh = 1e308'),
        "parameters.months_earlier_exit.low",
        "(the limit)",
    ),
    (
        "uniform bounds within the limit, but the product is not",
        mutate(MONTHS, 'dist = "uniform"\nlow = 0\nhigh = 1e11'),
        "benefits.shorter_pw.terms[0]",
        "euros per client",
    ),
    (
        "factor within the limit, the item beyond it",
        mutate(FACTOR, FACTOR.replace('"1/12"', "1e8")),
        "benefits.shorter_pw.terms[0]",
        "can reach",
    ),
    (
        "discount rate -0.99999 with timing",
        mutate("rate = 0.0225", "rate = -0.99999", DISCOUNTED),
        "costs.debt_arrangement.timing",
        "discount factor reaches",
    ),
]


@pytest.mark.parametrize(("case", "text", "key", "problem"), BOUNDS, ids=[c[0] for c in BOUNDS])
def test_numbers_that_would_overflow_are_named(case, text, key, problem):
    with pytest.raises(ConfigError) as info:
        parse_study(text, origin="study.toml")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"study.toml: {key}")
    assert problem in message


def test_the_largest_term_is_bounded_by_its_parameters_reach():
    """Stream 1's term is share_pw × exit_share × pw_cost_per_year × months / 12: with
    shares at most 1 its bound is the gamma's reach × months / 12. Months that put the
    bound just over the limit are refused naming the term; half of that runs, and no
    draw exceeds the bound."""
    gamma = load_study().parameters["pw_cost_per_year"].distribution
    reach = gamma.reach()[1]
    from scipy import special, stats

    tail = float(special.ndtr(-REACH_SD))  # the quantile REACH_SD deviations out
    assert reach == pytest.approx(stats.gamma(gamma.shape, scale=gamma.scale).isf(tail))
    months_at_limit = MAX_MAGNITUDE * 12 / reach
    over = mutate(MONTHS, f'dist = "fixed"\nvalue = {1.01 * months_at_limit!r}')
    with pytest.raises(ConfigError, match=r"s.toml: benefits.shorter_pw.terms\[0\]: can reach"):
        parse_study(over, origin="s.toml")
    half = mutate(MONTHS, f'dist = "fixed"\nvalue = {0.5 * months_at_limit!r}')
    ds = simulate(parse_study(half, origin="s.toml"), draws=2000, seed=5)
    largest = float(ds["benefit"].sel(stream="shorter_pw").max())
    assert 0 < largest <= 0.5 * MAX_MAGNITUDE
    assert np.isfinite(ds["balance"].values).all()


def test_reach_of_each_unbounded_family_is_its_far_quantile():
    z = REACH_SD
    normal = from_config("normal", {"mean": 10, "sd": 2})
    assert normal.reach() == (10 - z * 2, 10 + z * 2)
    truncated = from_config("normal", {"mean": 10, "sd": 2, "low": 0})
    assert truncated.reach() == (0, 10 + z * 2)
    lognormal = from_config("lognormal", {"mu": 1.0, "sigma": 0.5})
    assert lognormal.reach() == (0.0, pytest.approx(math.exp(1.0 + z * 0.5)))
    assert from_config("lognormal", {"mu": 1000.0, "sigma": 1.0}).reach()[1] == math.inf
    assert from_config("beta", {"a": 2, "b": 3}).reach() == (0.0, 1.0)


def test_a_valid_study_passes_the_bounds_and_runs_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        study = load_study()
        check_bounds(study)
        ds = simulate(study, draws=2000, seed=1)
    for name in ("investment", "total_benefit", "balance"):
        assert np.isfinite(ds[name].values).all()
        assert np.abs(ds[name].values).max() <= MAX_MAGNITUDE


def test_a_study_without_costs_runs_and_has_no_benefit_cost_ratio(capsys, tmp_path):
    """Valid input at an edge: zero investment in every draw. Every amount is finite; the
    undefined ratio is said to be so ("n/a"), never printed as nan or inf."""
    text = DEFAULT
    for component in ("intake", "settlement", "debt_arrangement", "budget_management"):
        start = text.index(f"[costs.{component}]")
        end = text.index("\n\n", start)
        text = (
            text[:start]
            + text[start:end].replace("{ clients", "{ factor = 0, clients")
            + text[end:]
        )
    path = tmp_path / "free.toml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli(capsys, "run", path, "--draws", 500, "--quiet")
    assert code == 0, err
    ratio_lines = [line for line in out.splitlines() if "benefit-cost ratio" in line]
    assert ratio_lines and all(line.split()[2:] == ["n/a"] * 4 for line in ratio_lines)
    assert not re.search(r"\b(nan|inf)\b", out, flags=re.IGNORECASE)
    investment = [line for line in out.splitlines() if line.strip().startswith("investment")]
    assert investment and all("€0  ± 0.0" in line for line in investment)


def test_validate_never_exits_1_on_overflowing_numbers(capsys, tmp_path):
    for case, text, key, _ in BOUNDS:
        path = tmp_path / "study.toml"
        path.write_text(text, encoding="utf-8")
        for command in ("validate", "run"):
            code, out, err = run_cli(
                capsys, command, path, *(["--draws", 500] * (command == "run"))
            )
            assert code == 2, (case, err)
            assert f"{path}: {key}" in one_error_line(err)
            assert out == ""


# --------------------------------------------------------------------------- item 2: sizes

SIZES = [
    # (flag, value, config key, the config line it replaces, the limit said)
    ("--draws", 10**12, "run.draws", "draws = 100000", f"at most {MAX_DRAWS} (the limit)"),
    ("--draws", 10**30, "run.draws", "draws = 100000", "a number of 31 digits"),
    ("--seed", 2**64, "run.seed", "seed = 20200101", f"at most {MAX_SEED} (the limit)"),
    (
        "--cohort",
        10**20,
        "cohort.clients",
        'clients = "expected"',
        f"at most {MAX_COHORT} (the limit)",
    ),
]


@pytest.mark.parametrize(("flag", "value", "key", "line", "limit"), SIZES)
def test_sizes_have_the_same_limit_on_the_command_line_and_in_a_config(
    capsys, tmp_path, flag, value, key, line, limit
):
    started = time.monotonic()
    out_dir = tmp_path / "out"
    code, out, err = run_cli(capsys, "run", flag, value, "--out", out_dir)
    assert code == 2
    assert f"argument {flag}: must be" in one_error_line(err) and limit in err

    path = tmp_path / "big.toml"
    path.write_text(mutate(line, f"{line.split(' = ')[0]} = {value}"), encoding="utf-8")
    for args in (["validate", path], ["run", path, "--out", out_dir]):
        code, out, err = run_cli(capsys, *args)
        assert code == 2
        assert f"{path}: {key}: must be" in one_error_line(err) and limit in err
    assert not out_dir.exists()
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("command", ["report", "sensitivity"])
def test_runs_held_in_memory_are_refused_beyond_the_memory_limit(capsys, tmp_path, command):
    study = load_study()
    most = MAX_MEMORY_BYTES // bytes_per_draw(study)
    # bytes_per_draw is what simulate holds: measured on a small run, within 2% (coords)
    assert simulate(study, draws=1000, seed=1).nbytes / 1000 == pytest.approx(
        bytes_per_draw(study), rel=0.02
    )
    started = time.monotonic()
    target = tmp_path / ("o.html" if command == "report" else "o")
    code, out, err = run_cli(capsys, command, "--draws", most + 1, "--out", target)
    assert code == 2
    line = one_error_line(err)
    assert f"of {most + 1} draws would hold" in line and f"{most} draws of this study" in line
    assert not target.exists()
    assert time.monotonic() - started < 5


def test_the_api_refuses_the_same_sizes():
    study = load_study()
    for kwargs, word in (
        ({"draws": MAX_DRAWS + 1}, "draws"),
        ({"seed": MAX_SEED + 1}, "seed"),
        ({"cohort": MAX_COHORT + 1}, "cohort"),
    ):
        with pytest.raises(ValueError, match=f"{word} must be at most"):
            simulate(study, **kwargs)


def test_the_largest_seed_is_stored_and_read_back(capsys, tmp_path):
    code, out, err = run_cli(
        capsys, "run", "--draws", 200, "--seed", MAX_SEED, "--quiet", "--out", tmp_path / "r"
    )
    assert code == 0, err
    with open_run(tmp_path / "r") as ds:
        assert int(ds.attrs["seed"]) == MAX_SEED


def test_validate_dev_zero_answers_at_once():
    """Not a config: refused after reading one byte more than the limit."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "mkba_mc.cli", "validate", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert f"/dev/zero: is larger than {MAX_CONFIG_BYTES} bytes" in one_error_line(result.stderr)
    assert time.monotonic() - started < 10


def test_extends_reads_its_parent_within_the_size_limit(capsys, tmp_path):
    """A parent is read as a config is: ``extends = "/dev/zero"`` answers at once."""
    child = tmp_path / "child.toml"
    child.write_text('extends = "/dev/zero"\n', encoding="utf-8")
    started = time.monotonic()
    code, out, err = run_cli(capsys, "validate", child)
    assert code == 2
    assert f"/dev/zero: is larger than {MAX_CONFIG_BYTES} bytes" in one_error_line(err)
    assert time.monotonic() - started < 10


def test_a_config_over_the_size_limit(tmp_path):
    text = DEFAULT + "\n" + "# padding\n" * (MAX_CONFIG_BYTES // 10)
    with pytest.raises(ConfigError, match=f"larger than {MAX_CONFIG_BYTES} bytes"):
        parse_study(text, origin="big.toml")
    path = tmp_path / "big.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=f"{path}: is larger than"):
        load_study(path)


def test_a_name_over_the_length_limit_is_refused_before_the_run():
    long = "x" * (MAX_NAME_LENGTH + 1)
    text = mutate("[parameters.exit_share]", f"[parameters.{long}]").replace(
        '"exit_share"', f'"{long}"'
    )
    with pytest.raises(ConfigError) as info:
        parse_study(text, origin="s.toml")
    assert f"parameters.{long}: a name of {MAX_NAME_LENGTH + 1} characters is too long" in str(
        info.value
    )
    assert f"(the limit is {MAX_NAME_LENGTH})" in str(info.value)
    # At the limit it runs, and its netCDF names are accepted.
    ok = "x" * MAX_NAME_LENGTH
    study = parse_study(
        mutate("[parameters.exit_share]", f"[parameters.{ok}]").replace('"exit_share"', f'"{ok}"'),
        origin="s.toml",
    )
    assert f"param_{ok}" in simulate(study, draws=10, seed=1)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5000])
@pytest.mark.parametrize("kind", ["[]", "{}"])
def test_deep_nesting_is_refused_with_the_limit(depth, kind):
    open_, close = kind
    inner = "x = 1" if kind == "{}" else "1"
    value = (open_ + ("a = " if kind == "{}" else "")) * (depth - 1) + open_ + inner + close
    value += close * (depth - 1)
    text = DEFAULT + f"\n[extra]\ndeep = {value}\n"
    with pytest.raises(ConfigError) as info:
        parse_study(text, origin="deep.toml")
    message = str(info.value)
    assert message.startswith("deep.toml: ")
    assert f"more than {MAX_DEPTH} levels deep (the limit)" in message


def test_an_integer_too_long_for_python_is_invalid_toml():
    text = mutate("seed = 20200101", "seed = " + "9" * 5000)
    with pytest.raises(ConfigError, match="invalid TOML: Exceeds the limit"):
        parse_study(text, origin="s.toml")


# --------------------------------------------------------------------------- item 3: structure


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + DEFAULT.encode("utf-8"))
    study = load_study(path)
    assert study.title == load_study().title
    assert study.text == DEFAULT  # the mark is not part of the config


def test_duplicate_arm_labels_are_refused(capsys, tmp_path):
    path = tmp_path / "dup.toml"
    path.write_text(mutate('label = "FIG-route"', 'label = "Klantreis"'), encoding="utf-8")
    code, out, err = run_cli(capsys, "validate", path)
    assert code == 2
    line = one_error_line(err)
    assert f"{path}: arms.KR.label: 'Klantreis' is already the label of arm FIG" in line


UNUSED = mutate(
    "[parameters.exit_share]",
    '[parameters.forgotten]\nunit = "EUR"\nsource = "x"\ndist = "fixed"\nvalue = 1\n\n'
    "[parameters.exit_share]",
)


def test_an_unused_parameter_is_a_warning_in_the_api():
    with pytest.warns(UnusedParameterWarning, match="s.toml: parameters.forgotten: is defined"):
        parse_study(UNUSED, origin="s.toml")


@pytest.mark.parametrize("command", ["validate", "run"])
def test_an_unused_parameter_is_a_warning_line_or_under_strict_exit_2(capsys, tmp_path, command):
    path = tmp_path / "unused.toml"
    path.write_text(UNUSED, encoding="utf-8")
    extra = ["--draws", 500] if command == "run" else []
    code, out, err = run_cli(capsys, command, path, *extra)
    assert code == 0
    assert err.strip() == (
        f"mkba-mc: warning: {path}: parameters.forgotten: is defined but no cost, "
        "benefit, resolution or relative effect uses it"
    )
    code, out, err = run_cli(capsys, command, path, "--strict", *extra)
    assert code == 2 and out == ""
    assert "parameters.forgotten: is defined but" in one_error_line(err)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("runs") / "ok"
    assert main(["run", "--draws", "1000", "--seed", "3", "--quiet", "--out", str(folder)]) == 0
    with open_run(folder) as ds:  # written as a store, exported to netCDF below
        return ds.load()


def _results_folder(tmp_path, ds: xr.Dataset):
    folder = tmp_path / "res"
    folder.mkdir()
    ds.to_netcdf(folder / "results.nc")
    return folder


@pytest.mark.parametrize(
    ("case", "change", "problem"),
    [
        ("no arm variable", lambda ds: ds.drop_vars("balance"), "variable 'balance' is missing"),
        (
            "other variables",
            lambda ds: xr.Dataset({"x": ("y", [1.0, 2.0])}, attrs=ds.attrs),
            "variable 'investment' is missing",
        ),
        (
            "other dims",
            lambda ds: ds.assign(balance=ds["balance"].T),
            "variable 'balance' has dims (arm, draw)",
        ),
        (
            "bad stored config",
            lambda ds: ds.assign_attrs(config="this is [not toml"),
            "(stored config): invalid TOML",
        ),
        (
            "stored config out of bounds",
            lambda ds: ds.assign_attrs(config=mutate(PW_COST, "mean = 1e308\ncv = 0.1")),
            "(stored config): parameters.pw_cost_per_year.mean: must lie within",
        ),
        ("no attributes", lambda ds: ds.assign_attrs(config=None).drop_attrs(), "not an mkba-mc"),
    ],
)
def test_report_names_the_results_file_of_the_wrong_shape(
    capsys, tmp_path, results, case, change, problem
):
    folder = _results_folder(tmp_path, change(results.copy()))
    code, out, err = run_cli(capsys, "report", folder, "--out", tmp_path / "r.html")
    assert code == 2, err
    line = one_error_line(err)
    assert line.startswith(f"mkba-mc: error: {folder / 'results.nc'}")
    assert problem in line
    assert "mkba_mc:" not in line, "names the results file, not the built-in config"
    assert not (tmp_path / "r.html").exists()


# --------------------------------------------------------------------------- item 4: VOI


def test_value_of_information_refuses_a_finite_cohort():
    study = load_study()
    cohort = simulate(study, draws=300, seed=4, cohort=23)
    for function in (evpi, evppi):
        with pytest.raises(ValueError, match="needs a run with the expected cohort, got a "):
            function(cohort, [0.0, 10_000.0], n_resamples=2)
    population = simulate(study, draws=300, seed=4, cohort="expected")
    table = evpi(population, [0.0], n_resamples=2)
    assert np.isfinite(table["per_client"]).all()


# --------------------------------------------------------------------------- item 5: Markdown


@pytest.mark.slow
def test_markdown_escapes_config_text_as_the_html_does():
    import matplotlib

    matplotlib.use("Agg")
    from mkba_mc.report import SensitivityAnalyses, build_report, render_html
    from mkba_mc.report.document import render_markdown

    evil = "<script>alert(1)</script> [x](javascript:y) *b* | c"
    text = mutate('label = "Klantreis"', f'label = "{evil}"').replace(
        'title = "', f'title = "{evil} ', 1
    )
    ds = simulate(parse_study(text, origin="evil.toml"), draws=2000, seed=1)
    report = build_report(ds, "en", analyses=SensitivityAnalyses(ds, voi_draws=2048, sobol_n=256))
    markdown, _ = render_markdown(report, "figures")
    page = render_html(report)
    assert "<script>" not in markdown and "<script>" not in page
    assert not re.search(r"(?<!\\)\]\(javascript:", markdown), "no link a renderer follows"
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:y) \\*b\\* \\| c" in markdown
    # The label shows as often as in the HTML, less the HTML's <title> element.
    assert markdown.count("&lt;script&gt;") == page.count("&lt;script&gt;") - 1 > 0


# --------------------------------------------------------------------------- numpy warnings


def test_numpy_floating_point_warnings_are_errors_in_cli_tests():
    """conftest.py makes them errors in every CLI test, so an overflow cannot slip by."""
    with pytest.raises((RuntimeWarning, FloatingPointError)):
        np.float64(1e308) * np.float64(10.0)
