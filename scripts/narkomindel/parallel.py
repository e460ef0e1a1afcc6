"""Work spread over the machine's cores: each worker process sets itself up once (schemas, stylesheets), then
takes tasks. Small batches run in this process, where starting workers would cost more than it saves."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")

# Below this many tasks a worker's start (importing Saxon, compiling stylesheets) outweighs what it saves.
MIN_TASKS_PER_WORKER = 60


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run(function: Callable[[Task], Result], tasks: Sequence[Task], *, jobs: int | None,
        initializer: Callable[..., None], initargs: tuple[Any, ...] = (),
        local: Callable[[], None] | None = None) -> Iterator[Result]:
    """`function` applied to every task, results in the order of the tasks. `initializer(*initargs)` prepares
    each worker; when the batch is run in this process, `local()` prepares it instead if given (it can hand over
    what this process has already set up)."""
    workers = min(jobs or default_jobs(), len(tasks) // MIN_TASKS_PER_WORKER)
    if workers <= 1 or not _main_is_importable():
        if local is not None:
            local()
        else:
            initializer(*initargs)
        return (function(task) for task in tasks)
    # 'spawn': a worker must not inherit Saxon's runtime threads from this process.
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=initializer, initargs=initargs)
    return _drain(executor, executor.map(function, tasks, chunksize=max(1, len(tasks) // (workers * 8))))


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
