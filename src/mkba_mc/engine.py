"""Where blocks of draws are computed: in this process, on local worker processes, or on
an existing dask.distributed cluster.

A block's draws depend on the seed and the block number only
(:func:`mkba_mc.sampling.block_stream`), so whichever executor computes a block, it gets the
same numbers. Results come back in block order and are merged in that order, so a run is
bit-identical in every mode.

Local workers and remote clusters both go through dask.distributed: ``workers > 1`` starts a
:class:`distributed.LocalCluster` of that many single-threaded processes on this machine
(dask's nanny sets ``OMP_NUM_THREADS``, ``MKL_NUM_THREADS`` and ``OPENBLAS_NUM_THREADS`` to
1 in them, so workers do not oversubscribe the cores; see :data:`WORKER_MALLOC` for the
memory allocator); ``scheduler`` (or dask's
``scheduler-address`` setting, e.g. the environment variable ``DASK_SCHEDULER_ADDRESS``)
connects to a running scheduler; ``client`` uses a :class:`distributed.Client` the caller
already has (:func:`connect` makes one to share between runs). A worker rebuilds the study
from its config text (the study object holds read-only mappings that do not pickle), once
per process, when the cluster starts.

A summary task covers several consecutive blocks (:func:`summary_task`): it returns each
block's moments, to be merged in block order, and one quantile sketch for all of them
(integer counts, the same in any grouping), so a worker sends a few megabytes per task,
not per block, and the client merges little.
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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .limits import is_whole_number
from .sampling import BLOCK_SIZE
from .simulation import RunSettings, _block, run_attributes
from .spec import Cohort, Study
from .streaming import BlockSummary, GroupSummary, RunSummary, reduce_block

if TYPE_CHECKING:
    from .risk.stream import RiskOptions

__all__ = [
    "STOPPED_AT_DRAWS",
    "STOPPED_AT_TARGET",
    "Execution",
    "ExecutionError",
    "StopRule",
    "block_count",
    "block_variables",
    "connect",
    "map_blocks",
    "map_jobs",
    "map_tasks",
    "stream_run",
    "stream_runs",
]

Task = Callable[[Study, RunSettings, Any], Any]
Job = tuple[Study, RunSettings, Any]
"""One task of one run: the study, its settings and the item (a block or a range of
blocks) the task computes."""

WORKER_MALLOC = {"MALLOC_TRIM_THRESHOLD_": 16 << 20, "MALLOC_MMAP_THRESHOLD_": 16 << 20}
"""glibc allocator settings of local worker processes. dask's nanny sets
``MALLOC_TRIM_THRESHOLD_`` to 64 KiB, which also freezes glibc's mmap threshold at 128
KiB: every array of a block (16 384 float64 values, 128 KiB) is then mapped and unmapped
afresh, and its page faults cost a worker about 70% more CPU per block than this process
spends. Arrays up to 16 MiB come from the heap instead, as in a plain process."""

MAX_TASK_BLOCKS = 16
"""Most blocks one summary task computes (262 144 draws, under a second of work)."""


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
    client
        A :class:`distributed.Client` to use as it is (left open): several runs share
        one cluster this way (see :func:`connect`). ``workers`` and ``scheduler`` are
        then ignored.
    """

    workers: int = 1
    scheduler: str | None = None
    client: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not is_whole_number(self.workers):
            raise ValueError(f"workers must be a whole number, got {self.workers!r}")
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, got {self.workers}")

    @property
    def parallel(self) -> bool:
        """Whether blocks run on dask workers rather than in this process."""
        return self.client is not None or self.workers > 1 or self.address() is not None

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


def _remote(task: Task, text: str, origin: str, settings: RunSettings, item):
    """Run ``task`` on a worker, rebuilding the study from its config text."""
    return task(_study_from_text(text, origin), settings, item)


def _warm(text: str, origin: str) -> None:
    """Build the study on a worker (imports included) before its first task."""
    _study_from_text(text, origin)


@contextlib.contextmanager
def connect(execution: Execution = Execution(), timeout: float = 30.0) -> Iterator[Execution]:
    """The single way to an executor: start the local cluster or connect to the
    scheduler ``execution`` asks for, once, and yield an :class:`Execution` bound to its
    client, to pass to any number of runs; the cluster is closed on leaving.

    A serial ``execution``, or one that already has a ``client``, is yielded unchanged.

    Raises
    ------
    ExecutionError
        When the scheduler cannot be reached.
    """
    if execution.client is not None or not execution.parallel:
        yield execution
        return
    from distributed import Client, LocalCluster

    address = execution.address()
    if address is None:
        import dask.config

        environ = "distributed.nanny.pre-spawn-environ"
        with dask.config.set({environ: {**dask.config.get(environ), **WORKER_MALLOC}}):
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
        yield replace(execution, client=client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def map_tasks(
    study: Study,
    settings: RunSettings,
    task: Task,
    items: Iterable[Any],
    execution: Execution = Execution(),
    timeout: float = 30.0,
) -> Iterator[tuple[Any, Any]]:
    """Yield ``(item, task(study, settings, item))`` for ``items``, in their order.

    ``task`` must be picklable by reference (a module-level function or an instance of
    a module-level class). With a cluster, a few tasks per worker are in flight at a
    time, so memory stays bounded; a consumer that stops early cancels the rest.
    ``timeout`` (seconds) bounds the wait for a scheduler to answer.
    """
    if not execution.parallel:
        for item in items:
            yield item, task(study, settings, item)
        return
    with connect(execution, timeout) as bound:
        # every worker builds the study now, all at once, rather than in its first task
        bound.client.run(_warm, study.text, study.origin)
        jobs = ((study, settings, item) for item in items)
        with contextlib.closing(map_jobs(jobs, task, bound)) as results:
            for (_, _, item), result in results:
                yield item, result


def map_jobs(
    jobs: Iterable[Job], task: Task, execution: Execution = Execution()
) -> Iterator[tuple[Job, Any]]:
    """Yield ``(job, task(*job))`` for ``jobs``, the tasks of any runs, in their order.

    With ``execution`` bound to a client (:func:`connect`), the jobs run as tasks there, a
    few per worker in flight at a time, so memory stays bounded and the tasks of one run
    overlap those of the next; otherwise they run here, one after another. The results,
    and their order, do not depend on where the jobs ran. A consumer that stops early
    cancels the jobs in flight.
    """
    client = execution.client
    if client is None:
        for job in jobs:
            yield job, task(*job)
        return
    window = 2 * max(1, len(client.scheduler_info().get("workers", {}))) + 2
    pending: deque = deque()
    try:
        for job in jobs:
            study, settings, item = job
            future = client.submit(
                _remote, task, study.text, study.origin, settings, item, pure=False
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


def map_blocks(
    study: Study,
    settings: RunSettings,
    task: Callable[[Study, RunSettings, int], Any],
    blocks: Iterable[int],
    execution: Execution = Execution(),
    timeout: float = 30.0,
) -> Iterator[tuple[int, Any]]:
    """Yield ``(block, task(study, settings, block))`` for ``blocks``, in their order
    (:func:`map_tasks` with block numbers as the items)."""
    return map_tasks(study, settings, task, blocks, execution, timeout)


def task_groups(blocks: range, execution: Execution) -> list[range]:
    """Split consecutive ``blocks`` into the ranges one summary task computes each.

    In this process, a block at a time (nothing is sent); on a cluster (``execution``
    bound to its client by :func:`connect`), about four tasks per worker and at most
    :data:`MAX_TASK_BLOCKS` blocks each. The grouping does not change any result.
    """
    size = 1
    if execution.client is not None:
        workers = max(1, len(execution.client.scheduler_info().get("workers", {})))
        size = min(MAX_TASK_BLOCKS, max(1, len(blocks) // (4 * workers)))
    return [blocks[i : i + size] for i in range(0, len(blocks), size)]


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


def summary_task(study: Study, settings: RunSettings, blocks: range) -> GroupSummary:
    """Compute consecutive blocks and reduce them (runs where the blocks run)."""
    group = GroupSummary()
    for block in blocks:
        group.add(reduce_block(study, block_variables(study, settings, block), settings, block))
    return group


STOPPED_AT_DRAWS = "reached --draws"
STOPPED_AT_TARGET = "reached the target standard errors"
"""Why a run ended, as its ``stopped`` attribute (and metadata.json) records it; the
console says it in the reader's language."""


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
    groups: Iterable[tuple[range, GroupSummary]],
    stop: StopRule | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[BlockSummary, str]:
    """Merge block summaries in block order, reporting progress, until the blocks run
    out or ``stop`` is met at a block boundary.

    ``groups`` are the summaries of consecutive blocks (:func:`summary_task`); each
    block's moments are merged in turn, the group's quantile sketches after its last
    block. With ``stop``, groups must hold one block each, so that the sketches of a run
    that stops hold the blocks it used and no others.

    Returns
    -------
    merged, reason
        The merged summary and why the run ended (:data:`STOPPED_AT_DRAWS` or
        :data:`STOPPED_AT_TARGET`).
    """
    merged: BlockSummary | None = None
    for blocks, group in groups:
        if stop is not None and len(blocks) != 1:
            raise ValueError("a run with a stop rule needs one block per group")
        for block, part in zip(blocks, group.parts, strict=True):
            if merged is None:
                merged = part
            else:
                merged.merge(part)
            if progress is not None:
                progress(min((block + 1) * BLOCK_SIZE, settings.draws), settings.draws)
        merged.merge_sketches(group.sketches)
        if stop is not None and stop.met(RunSummary(study, merged, {})):
            return merged, STOPPED_AT_TARGET
    return merged, STOPPED_AT_DRAWS


def stream_run(
    study: Study,
    draws: int | None = None,
    seed: int | None = None,
    cohort: Cohort | None = None,
    *,
    execution: Execution = Execution(),
    stop: StopRule | None = None,
    progress: Callable[[int, int], None] | None = None,
    risk: RiskOptions | None = None,
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
    risk
        Also reduce the investment-risk view with these options, over all draws
        (:meth:`RunSummary.investment_risk`); ``None``: none.

    Returns
    -------
    RunSummary
        Its ``attrs`` hold the run's attributes, with ``draws`` the draws used and
        ``stopped`` saying why the run ended.
    """
    settings = RunSettings.resolve(study, draws, seed, cohort, risk)
    with connect(execution) as bound:
        blocks = range(block_count(settings.draws))
        groups = task_groups(blocks, bound) if stop is None else [blocks[b : b + 1] for b in blocks]
        results = map_tasks(study, settings, summary_task, groups, bound)
        with contextlib.closing(results):
            merged, reason = accumulate(study, settings, results, stop, progress)
    attrs = run_attributes(study, settings)
    attrs["draws"] = merged.decision.n
    attrs["stopped"] = reason
    return RunSummary(study, merged, attrs)


def stream_runs(
    runs: Sequence[tuple[Study, RunSettings]],
    execution: Execution = Execution(),
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[RunSummary]:
    """Run several studies without keeping their draws; yield each one's summary in turn.

    The blocks of every run go to one executor (``execution`` bound to a client by
    :func:`connect`, or this process), so those of one run overlap those of the next.
    Each run's summary is the one :func:`stream_run` gives for it, bit for bit, wherever
    its blocks ran: its blocks are merged in block order.

    Parameters
    ----------
    runs
        ``(study, settings)`` per run (:meth:`mkba_mc.simulation.RunSettings.resolve`).
    execution
        Where the blocks run: bound to a client by :func:`connect`, or serial.
    progress
        Called with ``(draws done, draws in all)``, counted over all runs, after each
        block.
    """
    runs = list(runs)
    total = sum(settings.draws for _, settings in runs)
    groups = [task_groups(range(block_count(settings.draws)), execution) for _, settings in runs]
    jobs = (
        (study, settings, blocks)
        for (study, settings), run_groups in zip(runs, groups, strict=True)
        for blocks in run_groups
    )
    results = map_jobs(jobs, summary_task, execution)
    done = 0
    with contextlib.closing(results):
        for (study, settings), run_groups in zip(runs, groups, strict=True):

            def report(n: int, _: int, before: int = done) -> None:
                progress(before + n, total)

            parts = (
                (blocks, group)
                for (_, _, blocks), group in itertools.islice(results, len(run_groups))
            )
            merged, reason = accumulate(
                study, settings, parts, None, None if progress is None else report
            )
            done += settings.draws
            attrs = run_attributes(study, settings)
            attrs["draws"] = merged.decision.n
            attrs["stopped"] = reason
            yield RunSummary(study, merged, attrs)
