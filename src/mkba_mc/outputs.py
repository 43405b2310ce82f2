"""Output folders that never destroy what mkba-mc did not write (SPEC section 7).

Every folder mkba-mc writes (a run's results, a comparison, a sensitivity analysis, a
sweep, a diff's tables, a Markdown report's figures) is written by :func:`output_folder`:

* The target is checked before any work: a bad path (its parent is a file, the parent
  cannot be written, the file-system root) is an :class:`OutputError`.
* A lock file ``.<name>.mkba-mc.lock`` beside the target lets one run at a time write
  it; a second run aimed at the same folder is refused at once. The lock is an
  ``flock``, so the kernel releases it when a run dies, even by ``kill -9``.
* The results are written into a hidden ``.<name>.*.tmp`` folder beside the target and
  renamed into place at the end with a no-clobber rename (``renameat2`` with
  ``RENAME_NOREPLACE``): whatever appeared at the target during the run is never
  replaced.
* Each finished folder holds a marker, :data:`MARKER`, naming its kind and the files
  mkba-mc wrote into it, and a digest of the paths in each of its subfolders (a store
  of many files). ``force`` replaces only a folder whose marker has the same kind and
  that holds nothing mkba-mc did not write, at any depth; anything else is refused and
  left untouched.
* Hidden folders left by a run that was killed are removed, and named in a log line
  (logger ``mkba_mc.outputs``), by the next run aimed at the same folder.
* The disk a run needs can be checked before it starts (``needs_bytes``), and a full
  disk during the run is reported as one line naming the folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from ._version import __version__

__all__ = [
    "MARKER",
    "OutputError",
    "OutputExistsError",
    "check_file_replaceable",
    "check_replaceable",
    "check_target",
    "claim",
    "output_folder",
    "rename_noreplace",
]

MARKER = ".mkba-mc.json"
"""The file that marks a folder as written by mkba-mc: its kind and its files."""

Kind = Literal["run", "compare", "sensitivity", "sweep", "diff", "report-figures"]

FULL_DISK_MARGIN = 1 << 20
"""Free bytes below which a failed write is reported as a full disk (1 MiB)."""

_WRITING, _COMPLETE = "writing", "complete"

log = logging.getLogger(__name__)


class OutputError(Exception):
    """An output path that cannot or may not be written; reported as bad input (exit 2)."""


class OutputExistsError(OutputError, FileExistsError):
    """The output exists and may not be replaced."""


# --------------------------------------------------------------------------- renaming

_AT_FDCWD, _RENAME_NOREPLACE = -100, 1
_renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)


def rename_noreplace(source: str | os.PathLike, target: str | os.PathLike) -> None:
    """Rename ``source`` to ``target``, failing if ``target`` exists.

    Uses Linux's ``renameat2(RENAME_NOREPLACE)``, which checks and renames in one step.
    Where that is missing or the file system does not support it, the check and the
    rename are two steps; the lock of :func:`output_folder` still keeps other mkba-mc
    runs out between them.

    Raises
    ------
    FileExistsError
        If ``target`` exists (nothing is renamed).
    """
    if _renameat2 is not None:
        if (
            _renameat2(
                _AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), _RENAME_NOREPLACE
            )
            == 0
        ):
            return
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EINVAL):
            raise OSError(code, os.strerror(code), os.fspath(target))
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), os.fspath(target))
    os.rename(source, target)


# --------------------------------------------------------------------------- checks


def _absolute(target: str | os.PathLike) -> Path:
    """The target as an absolute path, ``.`` and ``..`` resolved but not symbolic links."""
    return Path(os.path.abspath(os.fspath(target)))


def check_target(target: str | os.PathLike) -> Path:
    """Check that something can be created at ``target``; return it as an absolute path.

    The nearest existing ancestor must be a folder this process can write in: a probe
    file is created there and removed at once (permissions alone do not tell, as for
    root in ``/proc``).

    Raises
    ------
    OutputError
        If ``target`` is the file-system root, lies under a file, or its folder cannot
        be written.
    """
    path = _absolute(target)
    if path.parent == path:
        raise OutputError(f"{target}: is the root of the file system, not an output")
    ancestor = path.parent
    while not ancestor.exists():
        if ancestor.is_symlink():
            raise OutputError(f"{target}: {ancestor} is a broken symbolic link")
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise OutputError(f"{target}: {ancestor} is a file, not a folder")
    try:
        with tempfile.TemporaryFile(prefix=".mkba-mc-probe-", dir=ancestor):
            pass
    except OSError as exc:
        raise OutputError(f"{target}: cannot write in {ancestor} ({exc.strerror})") from None
    return path


def _read_marker(folder: Path) -> dict | None:
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) else None


def check_replaceable(folder: Path, kind: Kind, shown: str | os.PathLike) -> None:
    """Raise unless ``folder`` is a finished mkba-mc folder of ``kind`` holding only
    what mkba-mc wrote into it."""
    if folder.is_symlink():
        raise OutputExistsError(
            f"{shown}: is a symbolic link; --force replaces only folders mkba-mc wrote"
        )
    if not folder.is_dir():
        raise OutputExistsError(f"{shown}: exists and is not a folder")
    marker = _read_marker(folder)
    if marker is None or marker.get("state") != _COMPLETE:
        raise OutputExistsError(
            f"{shown}: was not written by mkba-mc (no {MARKER}); --force replaces only "
            "mkba-mc results, so move it away or choose another folder"
        )
    if marker.get("kind") != kind:
        raise OutputExistsError(
            f"{shown}: holds an mkba-mc {marker.get('kind')} result, not a {kind}; "
            "--force replaces only a result of the same kind"
        )
    ours = set(marker.get("files", ())) | {MARKER}
    present = set(os.listdir(folder))
    foreign = sorted(present - ours)
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise OutputExistsError(
            f"{shown}: holds {foreign[0]!r}{more}, which mkba-mc did not write; "
            "move it out or choose another folder"
        )
    _check_subfolders(folder, marker, sorted(present & ours - {MARKER}), shown)


def _check_subfolders(folder: Path, marker: dict, names: list[str], shown) -> None:
    """Raise unless each of ``names`` that is a folder holds only what mkba-mc wrote: a
    folder with its own marker (a Markdown report's figures) by that marker, any other
    by the digest of its paths that ``marker`` recorded (a store of many files)."""
    contents = marker.get("contents")
    if contents is None:  # a marker of an earlier version: top-level names only
        return
    for name in names:
        sub = folder / name
        if sub.is_symlink() or not sub.is_dir():
            continue
        own = _read_marker(sub)
        if own is not None:
            check_replaceable(sub, own.get("kind"), f"{shown}/{name}")
        elif contents.get(name) != _tree_digest(sub):
            raise OutputExistsError(
                f"{shown}/{name}: holds other files than mkba-mc wrote there; move yours "
                "out or choose another folder"
            )


def _tree_digest(folder: Path) -> str:
    """SHA-256 of the sorted paths under ``folder`` (names and kinds, not contents): what
    mkba-mc wrote into a folder of many files, to tell later whether anything was added
    to it, removed or replaced."""
    digest = hashlib.sha256()
    for path in sorted(_tree_paths(folder)):
        digest.update(os.fsencode(path) + b"\0")
    return digest.hexdigest()


def _tree_paths(folder: Path, prefix: str = "") -> Iterator[str]:
    with os.scandir(folder) as entries:
        for entry in entries:
            path = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                yield path + "/"
                yield from _tree_paths(Path(entry.path), path + "/")
            else:
                yield path + ("@" if entry.is_symlink() else "")


def check_file_replaceable(path: str | os.PathLike, signature: str) -> None:
    """Raise unless ``path`` is a regular file that mkba-mc wrote: ``signature`` appears
    in its first 4 KB.

    Raises
    ------
    OutputExistsError
        If ``path`` is a symbolic link, not a regular file, or lacks the signature.
    """
    path = Path(path)
    if path.is_symlink() or not path.is_file():
        raise OutputExistsError(
            f"{path}: is not a regular file; --force replaces only files mkba-mc wrote"
        )
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise OutputExistsError(f"{path}: cannot be read ({exc.strerror})") from None
    if signature.encode("utf-8") not in head:
        raise OutputExistsError(
            f"{path}: was not written by mkba-mc; --force replaces only mkba-mc reports, "
            "so move it away or choose another name"
        )


def _write_marker(
    folder: Path, kind: Kind, state: str, files: Iterable[str], contents: dict | None = None
) -> None:
    """Mark ``folder`` as mkba-mc's: its ``kind``, ``state``, the ``files`` mkba-mc wrote
    into it and, once complete, the ``contents`` of its subfolders (:func:`_tree_digest`)."""
    marker = {
        "writer": "mkba-mc",
        "kind": kind,
        "state": state,
        "mkba_mc_version": __version__,
        "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "files": sorted(files),
    }
    if contents is not None:
        marker["contents"] = contents
    tmp = folder / f"{MARKER}.tmp"
    tmp.write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, folder / MARKER)


def _seal(folder: Path, kind: Kind) -> None:
    """Mark a finished ``folder`` complete, with the files mkba-mc wrote into it and the
    digest of each subfolder's paths (a subfolder with its own marker answers for
    itself)."""
    files = sorted(p for p in os.listdir(folder) if p != MARKER)
    contents = {
        name: _tree_digest(folder / name)
        for name in files
        if (folder / name).is_dir()
        and not (folder / name).is_symlink()
        and _read_marker(folder / name) is None
    }
    _write_marker(folder, kind, _COMPLETE, files, contents)


def claim(path: str | os.PathLike) -> None:
    """Record a file mkba-mc wrote into an mkba-mc folder (a report written into a run's
    results folder), so that ``force`` may later replace that folder.

    Does nothing when ``path``'s folder is not a finished mkba-mc folder.
    """
    path = _absolute(path)
    marker = _read_marker(path.parent)
    if marker is None or marker.get("state") != _COMPLETE:
        return
    files = set(marker.get("files", ())) | {path.name}
    _write_marker(path.parent, marker["kind"], _COMPLETE, files, marker.get("contents"))


# --------------------------------------------------------------------------- locking


def _lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.mkba-mc.lock")


def _lock(target: Path) -> int:
    """Take the lock of ``target``; return its file descriptor.

    The lock file may be removed by the run that holds it as it finishes, so a lock
    taken on a file no longer at the path is dropped and taken again.
    """
    path = _lock_path(target)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputError(
                f"{target}: another mkba-mc run is writing this folder; wait for it to "
                "finish or choose another folder"
            ) from None
        try:
            same = os.path.samestat(os.stat(path), os.fstat(fd))
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)


def _unlock(target: Path, fd: int) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(_lock_path(target))
    os.close(fd)


def _resume_path(target: Path) -> Path:
    """The hidden folder a resumable run writes, kept when it is interrupted."""
    return target.with_name(f".{target.name}.resume.tmp")


def _remove_leftovers(target: Path, keep: Path | None = None) -> None:
    """Remove the hidden folders that a killed run aimed at ``target`` left behind,
    except ``keep`` (a run to resume).

    Called with the lock held, so no live run owns them. Only folders carrying mkba-mc's
    marker are removed, and only names that no other target's run makes: the part
    between ``.<name>.`` and ``.tmp`` or ``.old`` has no dot (``.res.1.resume.tmp``
    belongs to ``res.1``, perhaps running now), and ``name`` is matched as it is, not as
    a pattern (``res[1]``).
    """
    ours = re.compile(rf"\.{re.escape(target.name)}\.[^./]+\.(?:tmp|old)")
    for leftover in sorted(target.parent.iterdir()):
        if leftover == keep or not ours.fullmatch(leftover.name):
            continue
        if leftover.is_dir() and not leftover.is_symlink() and _read_marker(leftover):
            shutil.rmtree(leftover)
            log.warning("removed %s, left behind by an interrupted run", leftover)


# --------------------------------------------------------------------------- writing


def _disk_is_full(exc: BaseException, folder: Path) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    try:  # libraries such as netCDF report a full disk without an errno
        return shutil.disk_usage(folder).free < FULL_DISK_MARGIN
    except OSError:
        return False


def _size(nbytes: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if nbytes < 1000 or unit == "TB":
            return f"{nbytes:,.0f} {unit}" if unit == "bytes" else f"{nbytes:,.1f} {unit}"
        nbytes /= 1000
    raise AssertionError("unreachable")


@contextlib.contextmanager
def output_folder(
    target: str | os.PathLike,
    kind: Kind,
    force: bool = False,
    *,
    needs_bytes: int = 0,
    resumable: bool = False,
    resume: bool = False,
) -> Iterator[Path]:
    """Yield a hidden temporary folder that becomes ``target`` when the block succeeds.

    Everything that can be checked is checked on entry, before any work: the path, the
    lock, whether ``target`` exists (and, with ``force``, may be replaced) and the free
    disk space. On success the folder is marked as mkba-mc's (:data:`MARKER`) and renamed
    into place without replacing anything that appeared during the run; with ``force``,
    the earlier result is checked again and only then removed. On failure or interruption
    the temporary folder is removed.

    Parameters
    ----------
    target
        The folder to write.
    kind
        What the folder holds; ``force`` replaces only a folder of the same kind.
    force
        Replace an earlier mkba-mc result of the same kind.
    needs_bytes
        Disk space the block will write (an upper bound), checked against the free
        space beside ``target``.
    resumable
        Write into ``.<name>.resume.tmp`` and keep it when the run is interrupted
        (Ctrl-C, SIGTERM; kill -9 leaves it anyway), so that it can be resumed.
    resume
        Yield that folder as an interrupted run left it (a fresh one if there is none),
        and keep it whatever ends the block early (a run to resume that turns out to be
        another run, say); without ``resume`` it is removed, as other leftovers are.

    Raises
    ------
    OutputExistsError
        If ``target`` exists and may not be replaced, or appeared during the run.
    OutputError
        For a bad path, a folder locked by another run, too little disk space, or a disk
        that filled up during the run.
    """
    shown = target
    target = check_target(target)
    created = [p for p in target.parents if not p.exists()]  # deepest first
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = _lock(target)
    except OSError as exc:
        _remove_empty(created)
        raise OutputError(f"{shown}: cannot write there ({exc.strerror})") from None
    except OutputError:
        _remove_empty(created)
        raise
    partial = _resume_path(target)
    try:
        _remove_leftovers(target, keep=partial if resume else None)
        existed = os.path.lexists(target)
        if existed and not force:
            raise OutputExistsError(f"{shown}: already exists (use --force to overwrite)")
        if existed:
            check_replaceable(target, kind, shown)
        free = shutil.disk_usage(target.parent).free
        if needs_bytes > free:
            raise OutputError(
                f"{shown}: the run needs about {_size(needs_bytes)} of disk and "
                f"{target.parent} has {_size(free)} free; use fewer draws or another folder"
            )
        try:
            if resumable:
                tmp = partial
                tmp.mkdir(exist_ok=resume)
            else:
                tmp = Path(
                    tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
                )
        except OSError as exc:
            raise OutputError(f"{shown}: cannot write there ({exc.strerror})") from None
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o777 & ~umask)  # mkdtemp makes it private; results get ordinary permissions
        try:
            _write_marker(tmp, kind, _WRITING, ())
            yield tmp
            _seal(tmp, kind)
            _put_in_place(tmp, target, kind, existed, shown)
        except KeyboardInterrupt:
            if not resumable:
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                log.warning(
                    "kept %s: finish the run with --resume, or run again without it to "
                    "start over (which removes it)",
                    tmp,
                )
            raise
        except BaseException as exc:
            full = isinstance(exc, Exception) and _disk_is_full(exc, tmp)
            if resume:  # what the user asked to finish outlives a refusal or a failure
                if full:
                    raise OutputError(
                        f"{shown}: the disk is full ({exc}); the blocks done are kept in "
                        f"{tmp}: free some space and run again with --resume"
                    ) from None
                raise
            shutil.rmtree(tmp, ignore_errors=True)
            if full:
                raise OutputError(
                    f"{shown}: the disk is full ({exc}); nothing was written"
                ) from None
            raise
    finally:
        _unlock(target, fd)
        if not os.path.lexists(target):  # refused or failed: no empty folders of ours
            _remove_empty(created)


def _remove_empty(folders: list[Path]) -> None:
    """Remove ``folders`` (deepest first) that this run created and that are still
    empty; one that holds anything (a run kept for --resume, another run's) stays."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def _put_in_place(tmp: Path, target: Path, kind: Kind, existed: bool, shown) -> None:
    """Rename the finished ``tmp`` to ``target``, replacing only an mkba-mc result.

    An earlier result is moved aside, checked once more (no one can add to it there),
    and removed only once the new one is in place; if anything fails or interrupts the
    swap, it is moved back.
    """
    old = None
    if existed:
        check_replaceable(target, kind, shown)
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
        os.rmdir(old)  # a fresh name that no one else uses
        try:
            rename_noreplace(target, old)
        except FileNotFoundError:
            old = None  # removed during the run: nothing to replace
    try:
        if old is not None:
            check_replaceable(old, kind, shown)
        rename_noreplace(tmp, target)
    except BaseException as exc:
        restored = old is None or _move_back(old, target)
        if isinstance(exc, FileExistsError) and not isinstance(exc, OutputExistsError):
            kept = "" if restored else f"; the earlier result is at {old} until the next run"
            raise OutputExistsError(
                f"{shown}: something else was put there during the run, so this run's "
                f"results were not written{kept}"
            ) from None
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)  # what remains, the next run removes


def _move_back(old: Path, target: Path) -> bool:
    """Put an earlier result back at ``target``; False if something else is there now."""
    try:
        rename_noreplace(old, target)
    except FileExistsError:
        return False
    return True
