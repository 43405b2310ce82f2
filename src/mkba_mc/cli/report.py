"""``report``: a council's report (HTML, Markdown, PDF) or its tables (Excel)."""

from __future__ import annotations

from pathlib import Path

import xarray as xr

from ..compare import compare
from ..config import DEFAULT_STUDY
from ..console_words import w
from ..outputs import check_target
from ..readback import RunFileError, check_run
from ..results import open_run
from ..simulation import simulate
from ..spec import LANGUAGES, Study
from .common import (
    EXIT_OK,
    InputError,
    add_lang,
    add_overrides,
    add_progress,
    check_memory,
    draws_type,
    load_config,
    progress_bar,
    seed_type,
)

REPORT_FORMATS = ("html", "md", "pdf", "xlsx")


def add_parser(sub) -> None:
    """The parser of ``report``."""
    report = sub.add_parser(
        "report",
        help="write a report for a council (HTML, Markdown or PDF) or its tables (Excel), "
        "in English or Dutch",
    )
    report.add_argument(
        "source",
        nargs="?",
        type=Path,
        help="a results folder (mkba-mc run --out) or a study config (TOML), which is "
        "run first; default: the embedded Regioplan 2020 study",
    )
    add_lang(report)
    add_progress(report)
    report.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        help="html (one self-contained file), md (with a folder of PNG figures), pdf (A4, "
        "printed by headless Chromium) or xlsx (the tables as an Excel workbook); "
        "default: from --out's extension, else html",
    )
    report.add_argument(
        "--out",
        type=Path,
        help="the report file, its format from the extension (.html, .md, .pdf, .xlsx); "
        "default report-LANG.FORMAT in a results folder, or CONFIG-report-LANG.FORMAT here",
    )
    report.add_argument(
        "--draws",
        type=draws_type,
        help="draws when running a config; of a results folder, report on its first N draws "
        "(the run of N draws)",
    )
    report.add_argument("--seed", type=seed_type, help="seed when running a config")
    report.add_argument("--force", action="store_true", help="overwrite the report if it exists")
    report.add_argument(
        "--versus",
        nargs="*",
        metavar="SET",
        help="assumption sets (configs or shipped names) to show beside the answer; "
        "default: the config's [study] alternatives; give none to leave them out",
    )
    add_overrides(report)
    report.set_defaults(handler=_report)


def _report(args) -> int:
    from ..report import check_output  # matplotlib only when reporting
    from ..report.build import MIN_DRAWS

    source = args.source
    from_results = source is not None and source.is_dir()
    if from_results and (args.seed is not None or args.overrides):
        raise InputError(
            f"{source}: --seed and --set apply when the report runs a config, "
            "not to a results folder"
        )
    if args.out is not None:
        check_target(args.out)  # the root or a path under a file: said before the format
    fmt = _report_format(args.out, args.format)
    if fmt == "pdf":
        _check_chromium()
    study = None if from_results else load_config(source, args.overrides)
    stored = _stored_study(source) if from_results else None  # no draw read yet
    if args.lang is None:
        args.lang = _results_language(source, stored) if from_results else study.language
    if args.out is not None:
        out = args.out
    elif from_results:
        out = source / f"report-{args.lang}.{fmt}"
    else:
        stem = Path(DEFAULT_STUDY).stem if source is None else source.stem
        out = Path(f"{stem}-report-{args.lang}.{fmt}")
    check_output(out, fmt, args.force)  # before any work, so a refusal costs nothing
    if from_results:
        ds, path = _open_results(source, args.draws)
        with ds:
            try:
                check_run(ds, str(path))
            except RunFileError as exc:
                raise InputError(str(exc)) from None
            if ds.sizes.get("draw", 0) < MIN_DRAWS:
                raise InputError(
                    f"{path}: holds {ds.sizes.get('draw', 0)} draw(s); a report needs "
                    f"at least {MIN_DRAWS}"
                )
            written = _write_report(ds, out, fmt, args)
    else:
        draws = study.draws if args.draws is None else args.draws
        if draws < MIN_DRAWS:
            raise InputError(
                f"{study.origin}: run.draws is {draws}; a report needs at least "
                f"{MIN_DRAWS} draws (use --draws)"
            )
        check_memory(study, draws, "a report")
        with progress_bar(args) as progress:
            ds = simulate(study, draws=args.draws, seed=args.seed, progress=progress)
        written = _write_report(ds, out, fmt, args)
    what = (" and " if args.lang == "en" else " en ").join(str(p) for p in written)
    print(w("wrote", args.lang, what=what))
    return EXIT_OK


def _stored_study(source: Path) -> Study | None:
    """The study of a results folder's store, from its attributes alone (no block read);
    ``None`` where there is none or it cannot be read: reading the run says why."""
    from ..store import StoreError, stored_run

    store = source / "results.zarr"
    try:
        return stored_run(store)[0] if store.is_dir() else None
    except StoreError:
        return None


def _results_language(source: Path, stored: Study | None) -> str:
    """The ``[study] language`` of the run in a results folder: of the config its store
    holds (``stored``), else of the folder's ``config.toml`` beside a netCDF export;
    ``en`` when it names none or there is none (reading the run says what is wrong)."""
    import tomllib

    if stored is not None:
        language = stored.language
    else:
        try:
            config = tomllib.loads((source / "config.toml").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return LANGUAGES[0]
        language = config.get("study", {}).get("language", LANGUAGES[0])
    return language if language in LANGUAGES else LANGUAGES[0]


def _open_results(source: Path, draws: int | None) -> tuple[xr.Dataset, Path]:
    """A results folder's run (its first ``draws`` draws, if given): its store, verified
    block by block, or else a netCDF export (``results.nc``, checked by
    :func:`mkba_mc.readback.check_run` only)."""
    from ..store import StoreError, stored_run

    store, export = source / "results.zarr", source / "results.nc"
    if store.is_dir():
        try:
            study, settings = stored_run(store)
            if draws is not None and draws > settings.draws:
                raise InputError(
                    f"{store}: holds {settings.draws:,} draws; --draws {draws:,} asks for more"
                )
            check_memory(study, settings.draws if draws is None else draws, "a report", str(source))
            return open_run(source, draws), store
        except StoreError as exc:
            raise InputError(str(exc)) from None
    if not export.is_file():
        if source.name == store.name:  # the store itself, given for its folder
            raise InputError(
                f"{source}: is the store inside a results folder; give the folder: "
                f"mkba-mc report {source.parent}"
            )
        raise InputError(
            f"{source}: not a results folder (no results.zarr; write one with mkba-mc run --out)"
        )
    try:
        ds = xr.open_dataset(export)
    except (OSError, ValueError) as exc:
        raise InputError(f"{export}: cannot be read as a run ({exc})") from None
    if draws is None:
        return ds, export
    if draws > ds.sizes.get("draw", 0):
        raise InputError(
            f"{export}: holds {ds.sizes.get('draw', 0):,} draws; --draws {draws:,} asks for more"
        )
    return ds.isel(draw=slice(draws)).assign_attrs(draws=draws), export


def _report_format(out: Path | None, asked: str | None) -> str:
    """The report's format: from ``--out``'s extension, which ``--format`` must not
    contradict; ``--format`` (or html) when there is no ``--out``."""
    from ..report import SUFFIXES

    if out is None:
        return asked or "html"
    supported = ", ".join(dict.fromkeys(SUFFIXES))
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"--out {out}: unknown extension {suffix or '(none)'!r}; supported: {supported}"
        )
    if asked is not None and asked != SUFFIXES[suffix]:
        raise InputError(
            f"--format {asked} contradicts --out {out} (a {suffix} file is {SUFFIXES[suffix]})"
        )
    return SUFFIXES[suffix]


def _check_chromium() -> None:
    """Refuse a PDF before any work when headless Chromium is not installed."""
    from ..report.pdf import PdfError, find_chromium

    try:
        find_chromium()
    except PdfError as exc:
        raise InputError(f"--format pdf: {exc}") from None


def _assumption_sets(ds: xr.Dataset, names: list[str] | None, args):
    """The run's study and the sets to show beside it (``--versus``, else the config's
    ``[study] alternatives``), compared with the run's draws, seed and cohort; ``None``
    when there are none."""
    from ..compare import PointSetError, alternative_sets
    from ..config import config_hash
    from ..report.common import study_of

    study = study_of(ds)
    own = config_hash(study.text)
    others = [s for s in alternative_sets(study, names) if config_hash(s.text) != own]
    if not others:
        return None
    cohort = str(ds.attrs.get("cohort", "expected"))
    try:
        with progress_bar(args) as progress:
            return compare(
                [study, *others],
                draws=int(ds.sizes["draw"]),
                seed=int(ds.attrs["seed"]),
                cohort=cohort if cohort == "expected" else int(cohort),
                progress=progress,
            )
    except PointSetError as exc:
        raise InputError(f"--versus: {exc}") from None


def _write_report(ds: xr.Dataset, out: Path, fmt: str, args) -> list[Path]:
    """Write the report of a run, or for ``xlsx`` its tables, atomically."""
    from ..report import PdfError, build_report, write_report, write_workbook

    sets = _assumption_sets(ds, args.versus, args)
    if fmt == "xlsx":
        from ..report.common import study_of
        from ..risk import investment_risk

        risk = investment_risk(study_of(ds), ds)
        return write_workbook(ds, out, sets=sets, lang=args.lang, force=args.force, risk=risk)
    try:
        with progress_bar(args, "sections") as progress:
            report = build_report(ds, args.lang, sets=sets, progress=progress)
        return write_report(report, out, fmt, force=args.force)
    except PdfError as exc:
        raise InputError(f"{out}: {exc}; nothing was written") from None
