"""``compare``, ``diff`` and ``sweep``: assumption sets side by side."""

from __future__ import annotations

from pathlib import Path

from ..assumptions import as_option
from ..compare import PointSetError, compare, compare_draws
from ..config import ConfigError, load_study
from ..console import format_comparison, format_diff, format_sweep
from ..console_words import arm_labels, w
from ..engine import ExecutionError
from ..outputs import output_folder
from ..plots._labels import number
from .common import (
    COHORT_HELP,
    CONFIG_HELP,
    EXIT_OK,
    InputError,
    add_lang,
    add_overrides,
    add_progress,
    add_workers,
    cohort_type,
    draws_type,
    execution_of,
    language,
    load_config,
    progress_bar,
    seed_type,
)

COMPARISON = "comparison.csv"


def add_compare_parser(sub) -> None:
    """The parser of ``compare``."""
    cmp = sub.add_parser(
        "compare", help="run assumption sets side by side with common random numbers"
    )
    cmp.add_argument(
        "configs", nargs="+", metavar="CONFIG", help="study configs (TOML), one per assumption set"
    )
    cmp.add_argument(
        "--draws",
        type=draws_type,
        help="draws per set (default: the largest of the sets' run.draws)",
    )
    cmp.add_argument(
        "--seed", type=seed_type, help="one seed for every set (default: the first config's)"
    )
    cmp.add_argument(
        "--cohort",
        type=cohort_type,
        help=COHORT_HELP + " (default: the first config's)",
    )
    cmp.add_argument(
        "--out", type=Path, help=f"write {COMPARISON} (every summary row of every set) here"
    )
    cmp.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    add_workers(cmp, "sets' blocks")
    cmp.add_argument("--quiet", action="store_true", help="print the table only")
    cmp.add_argument(
        "--allow-point",
        action="store_true",
        help="compare a point config (every input fixed) with uncertain sets",
    )
    add_progress(cmp)
    add_lang(cmp)
    add_overrides(cmp)
    cmp.set_defaults(handler=_compare)


def add_diff_parser(sub) -> None:
    """The parser of ``diff``."""
    dif = sub.add_parser(
        "diff", help="what differs between two assumption sets, and what each difference moves"
    )
    dif.add_argument("a", metavar="A", help="study config (TOML), the reference")
    dif.add_argument(
        "b", metavar="B", nargs="?", help="study config (TOML) compared with A (default: A)"
    )
    dif.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY.PATH=VALUE",
        help="override one value of B, the value in TOML, e.g. "
        "--set parameters.months_earlier_exit.value=6; repeatable",
    )
    dif.add_argument(
        "--set-a",
        dest="overrides_a",
        action="append",
        default=[],
        metavar="KEY.PATH=VALUE",
        help="override one value of A; repeatable",
    )
    dif.add_argument(
        "--csv",
        type=Path,
        help="write the three tables, and which configs and overrides were compared "
        "(diff-configs.csv), as CSV into this folder",
    )
    dif.add_argument("--force", action="store_true", help="overwrite --csv if it exists")
    add_lang(dif)
    dif.set_defaults(handler=_diff)


def _compare(args) -> int:
    execution = execution_of(args)
    studies = [load_config(path, args.overrides) for path in args.configs]
    lang = language(args, studies[0])
    labels = {name: label for study in studies for name, label in arm_labels(study, lang).items()}
    titles = {study.title: study.translate(study.title, lang) for study in studies}
    draws = compare_draws(studies, args.draws)
    options = dict(
        allow_point=args.allow_point,
        draws=draws,
        seed=args.seed,
        cohort=args.cohort,
        execution=execution,
    )
    try:
        with progress_bar(args) as progress:
            if args.out is not None:
                with output_folder(args.out, "compare", force=args.force) as tmp:
                    table = compare(studies, progress=progress, **options)
                    table.to_csv(tmp / COMPARISON, index=False)
            else:
                table = compare(studies, progress=progress, **options)
    except PointSetError as exc:
        raise InputError(f"{exc} (--allow-point)") from None
    except ExecutionError as exc:
        raise InputError(str(exc)) from None
    if args.draws is None and not args.quiet:
        print(w("compare_draws", lang, draws=number(draws, lang)))
    print(format_comparison(table, labels, lang, titles))
    if args.out is not None and not args.quiet:
        print("\n" + w("wrote", lang, what=f"{args.out}/{COMPARISON}"))
    return EXIT_OK


def _diff(args) -> int:
    from ..diff import diff_studies

    try:
        a = load_study(args.a, args.overrides_a)
    except ConfigError as exc:
        raise as_option(exc, args.overrides_a, "--set-a") from None
    b = load_study(args.a if args.b is None else args.b, args.overrides)
    result = diff_studies(a, b)
    if args.csv is not None:
        with output_folder(args.csv, "diff", force=args.force) as tmp:
            for name in ("sides", "inputs", "settings", "effects"):
                file = "diff-configs.csv" if name == "sides" else f"diff-{name}.csv"
                getattr(result, name).to_csv(tmp / file, index=False)
    print(format_diff(result, language(args, a)))
    return EXIT_OK


def add_sweep_parser(sub) -> None:
    """The parser of ``sweep``."""
    from ..sweep import SWEEP_DRAWS

    swp = sub.add_parser("sweep", help="run a grid of --set overrides with common random numbers")
    swp.add_argument("config", nargs="?", help=CONFIG_HELP)
    swp.add_argument(
        "--grid",
        action="append",
        required=True,
        metavar="KEY.PATH=VALUES",
        help="a key and its values: TOML values separated by commas (0,0.0225,0.04) or a "
        "range LOW..HIGH[:STEP] (4..12); repeat for a grid of several keys",
    )
    swp.add_argument(
        "--draws", type=draws_type, help=f"draws per grid point (default {SWEEP_DRAWS:,})"
    )
    swp.add_argument(
        "--seed", type=seed_type, help="one seed for every point (default: the config's)"
    )
    swp.add_argument("--cohort", type=cohort_type, help=COHORT_HELP)
    add_workers(swp, "grid points' blocks")
    swp.add_argument("--out", type=Path, help="write sweep.nc, sweep.csv and sweep.png here")
    swp.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    swp.add_argument("--quiet", action="store_true", help="print the table only")
    add_progress(swp)
    add_lang(swp)
    add_overrides(swp)
    swp.set_defaults(handler=_sweep)


def _first_point(args, grid: dict):
    """The study at the sweep's first grid point (which the sweep has validated), for its
    labels, and the language it is printed in."""
    from ..assumptions import toml_value

    first = [f"{key}={toml_value(values[0])}" for key, values in grid.items()]
    study = load_study(args.config, [*args.overrides, *first])
    return study, language(args, study)


def _sweep(args) -> int:
    from ..sweep import grid_values, sweep

    execution = execution_of(args)
    grid = dict(grid_values(text) for text in args.grid)
    if len(grid) < len(args.grid):
        raise InputError("--grid: a key is given twice")
    options = dict(
        overrides=args.overrides,
        draws=args.draws,
        seed=args.seed,
        cohort=args.cohort,
        execution=execution,
    )
    try:
        if args.out is None:
            with progress_bar(args, "points") as progress:
                ds = sweep(args.config, grid, progress=progress, **options)
            study, lang = _first_point(args, grid)
            print(format_sweep(ds, lang, study))
            return EXIT_OK
        from ..plots.sweep import sweep_figure  # matplotlib only when writing figures

        with output_folder(args.out, "sweep", force=args.force) as tmp:
            with progress_bar(args, "points") as progress:
                ds = sweep(args.config, grid, progress=progress, **options)
            study, lang = _first_point(args, grid)
            ds.to_netcdf(tmp / "sweep.nc")
            ds.drop_vars("config_hash").to_dataframe().to_csv(tmp / "sweep.csv")
            shown = ds.isel({key: 0 for key in list(grid)[2:]})
            sweep_figure(shown, lang=lang).savefig(tmp / "sweep.png")
    except ExecutionError as exc:
        raise InputError(str(exc)) from None
    print(format_sweep(ds, lang, study))
    if not args.quiet:
        print("\n" + w("wrote", lang, what=f"{args.out}/sweep.nc, sweep.csv, sweep.png"))
    return EXIT_OK
