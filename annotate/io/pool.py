"""The process pool that runs the pre-annotator: quiet on Ctrl+C, gone when its parent dies, one line when it cannot start.

- Workers ignore SIGINT from the moment they exist: the parent ignores it
  while it spawns them (the disposition survives exec), so Ctrl+C in a
  terminal reaches only the parent, which stops cleanly; no worker prints a
  KeyboardInterrupt traceback.
- Every worker watches its parent's sentinel in a thread and exits at once
  when the parent is gone (kill -9 included), instead of lingering.
- A pre-annotator that fails to build in a worker (a broken data file) does
  not make the pool restart workers forever: the failure is kept and every
  task reports it, so the run ends with one line.
- A worker that dies (killed, out of memory) breaks the pool; the caller
  gets WorkerFailed with one line, never a hang.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from multiprocessing import connection
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterator, Sequence

from annotate.errors import AnnotateError
from annotate.io.interrupts import sigint_held

_PREANNOTATOR = None
_START_ERROR: str | None = None


class WorkerFailed(AnnotateError):
    """The pre-annotator could not start, or a worker died: the run cannot go on."""


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def use_pool(workers: int, expected_jobs: int) -> bool:
    """Worth starting worker processes: more than one core and enough work to share."""
    return workers > 1 and expected_jobs >= 2 * workers


# -- in the worker -------------------------------------------------------------
def init_worker(place_files: Sequence[str] = (), place_entries: Sequence = ()) -> None:
    """A worker's start: deaf to Ctrl+C, watching its parent, then the pre-annotator."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _watch_parent()
    build_preannotator(place_files, place_entries)


def build_preannotator(place_files: Sequence[str] = (), place_entries: Sequence = ()) -> None:
    """Build this process's pre-annotator once; never raise (a raising initializer restarts forever)."""
    global _PREANNOTATOR, _START_ERROR
    _PREANNOTATOR, _START_ERROR = None, None
    try:
        from annotate.preannotate.pipeline import Preannotator

        _PREANNOTATOR = Preannotator.with_extra_places(place_files, place_entries)
    except BaseException as error:  # noqa: BLE001 - reported as one line by every task
        _START_ERROR = f"{type(error).__name__}: {error}" if not isinstance(error, AnnotateError) else str(error)


def preannotator():
    """The worker's pre-annotator, or WorkerFailed with why it could not be built."""
    if _START_ERROR is not None:
        raise WorkerFailed(f"the pre-annotator could not start: {_START_ERROR}")
    return _PREANNOTATOR


def _ready() -> int:
    """A first task that makes the worker exist (and reports a start failure)."""
    preannotator()
    return os.getpid()


def _watch_parent() -> None:
    """Exit as soon as the parent process is gone, whatever this worker is busy with."""
    parent = multiprocessing.parent_process()
    if parent is None or getattr(parent, "sentinel", None) is None:
        return

    def watch() -> None:
        connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


# -- in the parent ---------------------------------------------------------------
@contextlib.contextmanager
def _real_std_streams() -> Iterator[None]:
    """Spawning passes stdout/stderr descriptors on; a TUI replaces them with objects that have none."""
    saved = sys.stdout, sys.stderr
    try:
        for name in ("stdout", "stderr"):
            stream = getattr(sys, name)
            try:
                valid = stream is not None and stream.fileno() >= 0
            except (AttributeError, OSError, ValueError):
                valid = False
            if not valid:
                setattr(sys, name, getattr(sys, f"__{name}__") or open(os.devnull, "w"))
        yield
    finally:
        sys.stdout, sys.stderr = saved


class WorkerPool:
    """Runs functions on the pre-annotator in worker processes, or in this process when there is no pool."""

    def __init__(self, workers: int, expected_jobs: int, extras: tuple[Sequence[str], Sequence] = ((), ())):
        self.extras = extras
        self.workers = workers
        self.executor: ProcessPoolExecutor | None = None
        if use_pool(workers, expected_jobs):
            context = multiprocessing.get_context("spawn")  # fork is unsafe under the TUI's threads
            with _real_std_streams(), sigint_held():
                self.executor = ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker, initargs=extras)
                for _ in range(workers):  # spawn every worker now, inside the SIGINT-ignored window
                    self.executor.submit(_ready)
        self._local_ready = False

    @property
    def parallel(self) -> bool:
        return self.executor is not None

    def submit(self, function: Callable[..., Any], *args: Any) -> Future:
        """Run function(*args) on a worker (or here), as a future."""
        if self.executor is None:
            return self._run_here(function, *args)
        try:
            return self.executor.submit(function, *args)
        except BrokenProcessPool as error:
            raise WorkerFailed(_broken(error)) from None

    def _run_here(self, function: Callable[..., Any], *args: Any) -> Future:
        if not self._local_ready:
            build_preannotator(*self.extras)
            self._local_ready = True
        future: Future = Future()
        try:
            future.set_result(function(*args))
        except Exception as error:  # noqa: BLE001 - like a worker's: the caller names the article
            future.set_exception(error)
        return future

    def close(self) -> None:
        """Stop the workers now (pending tasks are dropped; nothing of theirs was stored)."""
        if self.executor is None:
            return
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with contextlib.suppress(Exception):
                process.terminate()
        for process in processes:
            with contextlib.suppress(Exception):
                process.join(5)
        self.executor = None


def result(future: Future) -> Any:
    """A task's result; a dead worker or a failed start becomes WorkerFailed (one line)."""
    try:
        return future.result()
    except BrokenProcessPool as error:
        raise WorkerFailed(_broken(error)) from None


def _broken(error: BaseException) -> str:
    return f"a pre-annotation worker died ({error}); the pool cannot go on"
