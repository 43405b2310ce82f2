"""Where blocks of draws are computed: in this process, on local worker processes, or on
an existing dask.distributed cluster.

A block's draws depend on the seed and the block number only
(:func:`mkba_mc.sampling.block_stream`), so whichever executor computes a block, it gets the
same numbers. Results come back in block order and are merged in that order, so a run is
bit-identical in every mode.

Local workers and remote clusters both go through dask.distributed: ``workers > 1`` starts a
:class:`distributed.LocalCluster` of that many single-threaded processes on this machine;
``scheduler`` (or dask's ``scheduler-address`` setting, e.g. the environment variable
``DASK_SCHEDULER_ADDRESS``) connects to a running scheduler. A worker rebuilds the study
from its config text (the study object holds read-only mappings that do not pickle), once
per process.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import math
import os
import socket
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .sampling import BLOCK_SIZE
from .simulation import RunSettings, _block, run_attributes
from .spec import Cohort, Study
from .streaming import BlockSummary, RunSummary, reduce_block

__all__ = [
    "Execution",
    "ExecutionError",
    "StopRule",
    "block_count",
    "block_variables",
    "map_blocks",
    "map_jobs",
    "session",
    "stream_run",
    "stream_runs",
]

Task = Callable[[Study, RunSettings, int], Any]
Job = tuple[Study, RunSettings, int]
"""One block of one run: the study, its settings and the block number."""


class ExecutionError(Exception):
    """The executor cannot be reached or started (a bad scheduler address, say)."""


@dataclass(frozen=True)
class Execution:
    """How blocks are executed.

    Attributes
    ----------
    workers
        Local worker processes; 1 computes the blocks in this process (unless a scheduler
        is set).
    scheduler
        Address of a running dask.distributed scheduler (``tcp://host:8786``); ``None``
        uses dask's ``scheduler-address`` setting when there is one.
    """

    workers: int = 1
    scheduler: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.workers, bool) or not isinstance(self.workers, int | np.integer):
            raise ValueError(f"workers must be a whole number, got {self.workers!r}")
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, got {self.workers}")

    def address(self) -> str | None:
        """The scheduler to use: ``scheduler``, or dask's setting; ``None`` for none."""
        if self.scheduler is not None:
            return self.scheduler
        if self.workers > 1 or not _dask_configured():
            return None
        import dask.config

        return dask.config.get("scheduler-address", None)


def _dask_configured() -> bool:
    """Whether dask could have a setting: a ``DASK_*`` variable or a config folder.

    Checked first so that a serial run does not pay for importing dask (half a second).
    """
    if any(key.startswith("DASK_") for key in os.environ):
        return True
    folders = (
        os.environ.get("DASK_CONFIG", "~/.config/dask"),
        "/etc/dask",
        os.path.join(sys.prefix, "etc", "dask"),
    )
    return any(Path(folder).expanduser().is_dir() for folder in folders)


def block_count(draws: int) -> int:
    """Blocks of :data:`~mkba_mc.sampling.BLOCK_SIZE` draws a run of ``draws`` needs."""
    return math.ceil(draws / BLOCK_SIZE)


def block_variables(study: Study, settings: RunSettings, block: int) -> dict[str, np.ndarray]:
    """Every variable of one block, cut to the draws the run asks for."""
    start = block * BLOCK_SIZE
    keep = min(BLOCK_SIZE, settings.draws - start)
    return {name: value[:keep] for name, value in _block(study, settings, block).items()}


@functools.lru_cache(maxsize=8)
def _study_from_text(text: str, origin: str) -> Study:
    from .config import parse_study

    return parse_study(text, origin)


def _remote(task: Task, text: str, origin: str, settings: RunSettings, block: int):
    """Run ``task`` on a worker, rebuilding the study from its config text."""
    return task(_study_from_text(text, origin), settings, block)


def map_blocks(
    study: Study,
    settings: RunSettings,
    task: Task,
    blocks: Iterable[int],
    execution: Execution = Execution(),
    timeout: float = 30.0,
    *,
    client: Any = None,
) -> Iterator[tuple[int, Any]]:
    """Yield ``(block, task(study, settings, block))`` for ``blocks``, in their order.

    With a cluster, a few blocks per worker are in flight at a time, so memory stays
    bounded; a consumer that stops early cancels the rest. ``timeout`` (seconds) bounds
    the wait for a scheduler to answer. ``client`` (from :func:`session`) runs the
    blocks there instead of on ``execution``, and is left open.
    """
    if client is not None:
        jobs = ((study, settings, block) for block in blocks)
        for (_, _, block), result in map_jobs(jobs, task, client):
            yield block, result
        return
    address = execution.address()
    if address is None and execution.workers == 1:
        for block in blocks:
            yield block, task(study, settings, block)
        return
    from distributed import Client, LocalCluster

    if address is None:
        cluster = LocalCluster(
            n_workers=execution.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address="127.0.0.1:0",  # no fixed port; no dashboard
            scheduler_kwargs={"dashboard": False},
            host="127.0.0.1",
            scheduler_port=0,
        )
        client = Client(cluster)
    else:
        cluster = None
        _check_reachable(address, timeout)
        client = Client(address, timeout=timeout)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        window = 2 * workers + 2
        pending: deque = deque()
        todo = iter(blocks)
        for block in todo:
            pending.append(
                (
                    block,
                    client.submit(
                        _remote, task, study.text, study.origin, settings, block, pure=False
                    ),
                )
            )
            if len(pending) >= window:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@contextlib.contextmanager
def session(execution: Execution = Execution(), timeout: float = 30.0) -> Iterator[Any]:
    """Where the blocks of several runs go: one executor for all of them.

    Yields ``None`` for blocks computed in this process, else a
    :class:`distributed.Client` on a :class:`distributed.LocalCluster` of
    ``execution.workers`` processes or connected to ``execution``'s scheduler; the
    client (and a cluster it started) is closed on exit. A sweep or a comparison opens
    one session and passes it to :func:`map_jobs`, so worker processes start once, not
    once per run.

    Raises
    ------
    ExecutionError
        When the scheduler address is malformed or does not answer within ``timeout``
        seconds.
    """
    address = execution.address()
    if address is None and execution.workers == 1:
        yield None
        return
    from distributed import Client, LocalCluster

    if address is not None:
        _check_reachable(address, timeout)
        with Client(address, timeout=timeout) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=execution.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address="127.0.0.1:0",  # no fixed port; no dashboard
            scheduler_kwargs={"dashboard": False},
            host="127.0.0.1",
            scheduler_port=0,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def map_jobs(jobs: Iterable[Job], task: Task, client: Any = None) -> Iterator[tuple[Job, Any]]:
    """Yield ``(job, task(*job))`` for ``jobs``, blocks of any runs, in their order.

    With a ``client`` (:func:`session`) the jobs run as tasks there, a few per worker in
    flight at a time, so memory stays bounded and the blocks of one run overlap those of
    the next; without one they run here, one after another. The results, and their
    order, do not depend on where the jobs ran. A consumer that stops early cancels the
    jobs in flight.
    """
    if client is None:
        for job in jobs:
            yield job, task(*job)
        return
    window = 2 * max(1, len(client.scheduler_info().get("workers", {}))) + 2
    pending: deque = deque()
    try:
        for job in jobs:
            study, settings, block = job
            future = client.submit(
                _remote, task, study.text, study.origin, settings, block, pure=False
            )
            pending.append((job, future))
            if len(pending) >= window:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    finally:
        for _, future in pending:
            future.cancel()


# --------------------------------------------------------------------------- streaming


def _check_reachable(address: str, timeout: float) -> None:
    """Refuse a scheduler address that is malformed or does not answer, before a client
    is made (a client that fails to connect leaves a noisy half-made object behind)."""
    from distributed.comm import get_address_host_port

    try:
        host, port = get_address_host_port(address)
    except ValueError as exc:
        raise ExecutionError(f"--scheduler {address}: not a scheduler address ({exc})") from None
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        raise ExecutionError(f"--scheduler {address}: cannot connect ({exc})") from None


def summary_task(study: Study, settings: RunSettings, block: int) -> BlockSummary:
    """Compute one block and reduce it (runs where the block runs)."""
    return reduce_block(study, block_variables(study, settings, block))


@dataclass(frozen=True)
class StopRule:
    """Stop a run at the first block boundary where the asked MCSEs are reached.

    Attributes
    ----------
    beats_pp
        Target MCSE of P(arm beats baseline), in percentage points, for every arm.
    delta_eur
        Target MCSE of the mean balance of each arm minus the baseline's, euros per client.
    """

    beats_pp: float | None = None
    delta_eur: float | None = None

    def met(self, summary: RunSummary) -> bool:
        """Whether every asked standard error is at most its target (two draws at least)."""
        if summary.n < 2:
            return False
        for arm in (summary.arms[i] for i in summary.others):
            if self.beats_pp is not None and 100 * summary.prob_beats(arm)[1] > self.beats_pp:
                return False
            if self.delta_eur is not None and summary.delta_balance(arm)[1] > self.delta_eur:
                return False
        return True


def accumulate(
    study: Study,
    settings: RunSettings,
    parts: Iterable[tuple[int, BlockSummary]],
    stop: StopRule | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[BlockSummary, str]:
    """Merge block summaries in block order, reporting progress, until the blocks run
    out or ``stop`` is met at a block boundary.

    Returns
    -------
    merged, reason
        The merged summary and why the run ended (``"reached --draws"`` or ``"reached
        the target standard errors"``).
    """
    merged: BlockSummary | None = None
    for block, part in parts:
        if merged is None:
            merged = part
        else:
            merged.merge(part)
        if progress is not None:
            progress(min((block + 1) * BLOCK_SIZE, settings.draws), settings.draws)
        if stop is not None and stop.met(RunSummary(study, merged, {})):
            return merged, "reached the target standard errors"
    return merged, "reached --draws"


def stream_run(
    study: Study,
    draws: int | None = None,
    seed: int | None = None,
    cohort: Cohort | None = None,
    *,
    execution: Execution = Execution(),
    stop: StopRule | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RunSummary:
    """Run a study without keeping its draws: what ``mkba-mc run`` prints.

    Parameters
    ----------
    study
        The study.
    draws, seed, cohort
        As for :func:`mkba_mc.simulate`; with ``stop``, ``draws`` is the ceiling.
    execution
        Where the blocks run; the result does not depend on it.
    stop
        Stop at the first block boundary where its standard errors are reached.
    progress
        Called with ``(draws done, draws in all)`` after each block.

    Returns
    -------
    RunSummary
        Its ``attrs`` hold the run's attributes, with ``draws`` the draws used and
        ``stopped`` saying why the run ended.
    """
    settings = RunSettings.resolve(study, draws, seed, cohort)
    results = map_blocks(
        study, settings, summary_task, range(block_count(settings.draws)), execution
    )
    with contextlib.closing(results):
        merged, reason = accumulate(study, settings, results, stop, progress)
    attrs = run_attributes(study, settings)
    attrs["draws"] = merged.decision.n
    attrs["stopped"] = reason
    return RunSummary(study, merged, attrs)


def stream_runs(
    runs: Sequence[tuple[Study, RunSettings]],
    client: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[RunSummary]:
    """Run several studies without keeping their draws; yield each one's summary in turn.

    The blocks of every run go to one executor (``client`` from :func:`session`, or this
    process), so those of one run overlap those of the next. Each run's summary is the
    one :func:`stream_run` gives for it, bit for bit, wherever its blocks ran: its
    blocks are merged in block order.

    Parameters
    ----------
    runs
        ``(study, settings)`` per run (:meth:`mkba_mc.simulation.RunSettings.resolve`).
    client
        A :func:`session`'s client, or ``None`` to compute the blocks here.
    progress
        Called with ``(draws done, draws in all)``, counted over all runs, after each
        block.
    """
    runs = list(runs)
    total = sum(settings.draws for _, settings in runs)
    jobs = (
        (study, settings, block)
        for study, settings in runs
        for block in range(block_count(settings.draws))
    )
    results = map_jobs(jobs, summary_task, client)
    done = 0
    with contextlib.closing(results):
        for study, settings in runs:

            def report(n: int, _: int, before: int = done) -> None:
                progress(before + n, total)

            parts = (
                (block, part)
                for (_, _, block), part in itertools.islice(results, block_count(settings.draws))
            )
            merged, reason = accumulate(
                study, settings, parts, None, None if progress is None else report
            )
            done += settings.draws
            attrs = run_attributes(study, settings)
            attrs["draws"] = merged.decision.n
            attrs["stopped"] = reason
            yield RunSummary(study, merged, attrs)
