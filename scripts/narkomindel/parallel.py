"""Work spread over the machine's cores: each worker process sets itself up once (schemas, stylesheets), then
takes tasks. Small batches run in this process, where starting workers would cost more than it saves."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent import futures
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

# prctl's option that has the kernel send a signal to a process when the thread that started it ends.
PR_SET_PDEATHSIG = 1
Task = TypeVar("Task")
Result = TypeVar("Result")

# Below this many tasks a worker's start (importing Saxon, compiling stylesheets) outweighs what it saves.
MIN_TASKS_PER_WORKER = 60
# Tasks handed to a worker at once: enough to keep it busy (a batch of web pages is a tenth of a second's work or
# more), few enough that not all tasks are made ahead, and that the results waiting to be taken stay small: with
# 64 documents' pages and texts a batch, the main process of a 10,000-document build grew by 40 MB holding them.
MAX_BATCH = 16


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run(function: Callable[[Task], Result], tasks: Iterable[Task], *, jobs: int | None,
        initializer: Callable[..., None], initargs: tuple[Any, ...] = (),
        local: Callable[[], None] | None = None, count: int | None = None) -> Iterator[Result]:
    """`function` applied to every task, results in the order of the tasks. `initializer(*initargs)` prepares
    each worker; when the batch is run in this process, `local()` prepares it instead if given (it can hand over
    what this process has already set up). Tasks may be made as they are taken (a generator, with their `count`):
    only a few batches are made ahead of the workers, so that large tasks are never all held at once."""
    total = count if count is not None else len(tasks)  # type: ignore[arg-type]
    if runs_here(total, jobs):
        if local is not None:
            local()
        else:
            initializer(*initargs)
        return (function(task) for task in tasks)
    workers = _workers(total, jobs)
    executor = _pool(workers, initializer, initargs)
    batch = max(1, min(total // (workers * 8), MAX_BATCH))
    return _drain(executor, _windowed(executor, function, iter(tasks), batch, workers * 2))


def runs_here(tasks: int, jobs: int | None) -> bool:
    """True if `run` would do this many tasks in this process, starting no worker."""
    return _workers(tasks, jobs) <= 1 or not _main_is_importable()


def _workers(tasks: int, jobs: int | None) -> int:
    return min(jobs or default_jobs(), tasks // MIN_TASKS_PER_WORKER)


def _windowed(executor: ProcessPoolExecutor, function: Callable[[Task], Result], tasks: Iterator[Task],
              batch: int, window: int) -> Iterator[Result]:
    """Like executor.map in batches, but with at most `window` batches handed out ahead of the results taken."""
    pending: deque[Future[list[Result]]] = deque()

    def hand_out() -> bool:
        tasks_of_batch = list(islice(tasks, batch))
        if tasks_of_batch:
            pending.append(executor.submit(_apply, function, tasks_of_batch))
        return bool(tasks_of_batch)

    while len(pending) < window and hand_out():
        pass
    while pending:
        results = pending.popleft().result()
        hand_out()
        yield from results


def _apply(function: Callable[[Task], Result], tasks: list[Task]) -> list[Result]:
    return [function(task) for task in tasks]


def beside(function: Callable[..., Result], *arguments: Any, jobs: int | None, worth_it: bool = True,
           helper: ProcessPoolExecutor | None = None) -> Callable[[bool], Result | None]:
    """Start `function(*arguments)` in a process of its own, so that it runs while this process goes on. The
    callable returned waits for it and gives its result (or raises its error); called with True (the caller
    failed), it only waits until the process has stopped. On one core, or where it is not `worth_it` (starting
    a process costs a fraction of a second), the function runs in this process when waited for. A `helper` (see
    `helper`) runs it in a process started before, and kept: the caller then does not wait for a start."""
    if not worth_it or not _can_start_one(jobs):
        return lambda abandoned=False: None if abandoned else function(*arguments)
    if helper is not None and not usable(helper):
        helper = None  # a fresh process does the work
    executor = helper or _pool(1)
    future = executor.submit(function, *arguments)

    def wait(abandoned: bool = False) -> Result | None:
        try:
            if abandoned:
                futures.wait([future])
                return None
            return future.result()
        finally:
            if helper is None:
                executor.shutdown(wait=True, cancel_futures=True)
    return wait


def helper(warm_up: Callable[[], object] | None = None) -> ProcessPoolExecutor | None:
    """A process kept for `beside`, started now and ready when this returns (it has run `warm_up()`, its imports
    for instance), for a program that will call `beside` again and again; None where `beside` would not use it.
    The caller shuts it down."""
    started = start_helper(warm_up)
    if started is None:
        return None
    started.warm_up.result()
    return started.executor


@dataclass(frozen=True)
class Helper:
    """A process started for `beside` (its executor) and its warm-up, which it runs before any work it is given."""

    executor: ProcessPoolExecutor
    warm_up: Future

    def ready(self) -> bool:
        return self.warm_up.done()

    def stop(self) -> None:
        """End the process at once, whatever it is doing: for a caller that has taken the results it wants, or
        wants none (it may still be getting ready). A process that exits of itself takes three times as long
        (Saxon's runtime ends its threads), 0.05 s of every build that has one."""
        # ProcessPoolExecutor has no public way to end its processes before Python 3.14.
        for process in list((getattr(self.executor, "_processes", None) or {}).values()):
            process.terminate()
        self.executor.shutdown(wait=True, cancel_futures=True)


def start_helper(warm_up: Callable[[], object] | None = None, jobs: int | None = None) -> Helper | None:
    """A process for `beside`, started now: it runs `warm_up()` first while the caller goes on, and then the work
    given to it. None where `beside` would not use one (one job). The caller stops it (Helper.stop)."""
    if not _can_start_one(jobs):
        return None
    executor = _pool(1)
    return Helper(executor, executor.submit(warm_up or int))


def usable(helper: ProcessPoolExecutor) -> bool:
    """False once the kept process has died (the executor then refuses work)."""
    return not getattr(helper, "_broken", False)


def _pool(workers: int, initializer: Callable[..., None] | None = None,
          initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """Worker processes started afresh ('spawn': a worker must not inherit Saxon's runtime threads from this
    process), each bound to end with this process (see _bound_to_parent), then set up by `initializer`."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_bound_to_parent, initargs=(os.getpid(), initializer, initargs))


def _bound_to_parent(parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """A worker waits for work as long as its queue is open, and it holds the queue open itself: killed without a
    chance to stop its workers (`kill -9`, or SIGTERM to a build), a process left them waiting forever. On Linux the
    kernel is asked to end the worker when the thread that started it ends."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent ended before the kernel was asked
        os._exit(1)
    if initializer is not None:
        initializer(*initargs)


def _can_start_one(jobs: int | None) -> bool:
    """Whether a process beside this one is allowed (more than one job) and can be started (see below)."""
    return (jobs or default_jobs()) > 1 and _main_is_importable()


def _main_is_importable() -> bool:
    """A spawned worker re-imports the main module; a program read from stdin or typed at a prompt has none."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return path is None and getattr(main, "__spec__", None) is not None or bool(path and os.path.exists(path))


def _drain(executor: ProcessPoolExecutor, results: Iterable[Result]) -> Iterator[Result]:
    try:
        yield from results
    finally:
        executor.shutdown(cancel_futures=True)
