"""Work spread over worker processes: results in the order of the tasks, tasks made only a few batches ahead of
the workers, and a failing task reported to the caller."""

from __future__ import annotations

import pytest
from conftest import running

from narkomindel import parallel

TASKS = 300  # enough for two workers (see parallel.MIN_TASKS_PER_WORKER)


def test_results_come_in_the_order_of_the_tasks_from_two_workers():
    results = parallel.run(abs, (-number for number in range(TASKS)), jobs=2, initializer=int, count=TASKS)
    assert list(results) == list(range(TASKS))


def test_tasks_are_made_only_a_few_batches_ahead_of_the_results():
    taken = []

    def tasks():
        for number in range(TASKS):
            taken.append(number)
            yield -number

    results = parallel.run(abs, tasks(), jobs=2, initializer=int, count=TASKS)
    assert next(results) == 0
    assert len(taken) < TASKS // 2  # the rest is made as the workers take it
    assert list(results) == list(range(1, TASKS))
    assert len(taken) == TASKS


def test_a_large_run_holds_at_most_a_hundred_tasks_ahead_of_the_results():
    # The main process holds the results of the tasks handed out until it takes them: a document's pages and
    # texts are tens of kilobytes, so a large build must not have hundreds of them waiting.
    taken = []

    def tasks():
        for number in range(20 * TASKS):
            taken.append(number)
            yield -number

    results = parallel.run(abs, tasks(), jobs=2, initializer=int, count=20 * TASKS)
    assert next(results) == 0
    assert len(taken) <= 100
    assert sum(results) == sum(range(20 * TASKS))


def test_a_small_batch_runs_in_this_process_prepared_by_local():
    prepared = []
    results = parallel.run(abs, [-1, -2], jobs=2, initializer=int, local=lambda: prepared.append(True))
    assert list(results) == [1, 2] and prepared == [True]


def test_a_task_that_fails_in_a_worker_fails_the_run():
    tasks = [-1] * (TASKS - 1) + ["not a number"]
    with pytest.raises(TypeError):
        list(parallel.run(abs, tasks, jobs=2, initializer=int))


def test_work_beside_runs_in_another_process_and_gives_its_result():
    import os

    wait = parallel.beside(os.getpid, jobs=2)
    assert wait(False) not in (None, os.getpid())


def test_work_beside_that_fails_fails_the_caller_and_is_not_run_once_the_caller_failed():
    with pytest.raises(TypeError):
        parallel.beside(abs, "not a number", jobs=2)(False)
    assert parallel.beside(abs, "not a number", jobs=2)(True) is None
    ran = []
    inline = parallel.beside(ran.append, "once", jobs=2, worth_it=False)
    assert inline(True) is None and ran == []
    inline(False)
    assert ran == ["once"]


def test_work_beside_runs_in_the_kept_helper_which_stays_for_the_next(monkeypatch):
    import os
    import time

    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    helper = parallel.helper(warm_up=os.getpid)
    assert helper is not None
    try:
        first = parallel.beside(os.getpid, jobs=2, helper=helper)(False)
        second = parallel.beside(os.getpid, jobs=2, helper=helper)(False)
        assert first == second and first != os.getpid(), "one process, kept between the calls"
        # Abandoned, the work is waited for all the same: it may be writing into a folder about to be removed.
        started = time.monotonic()
        assert parallel.beside(time.sleep, 0.5, jobs=2, helper=helper)(True) is None
        assert time.monotonic() - started >= 0.5
    finally:
        helper.shutdown()


def _wait_for(flag: str) -> None:
    import os
    import time

    deadline = time.monotonic() + 30
    while not os.path.exists(flag):
        if time.monotonic() > deadline:
            raise TimeoutError("the helper was waited for before it was given work")
        time.sleep(0.02)


def test_a_helper_not_waited_for_gets_ready_while_the_caller_goes_on_and_then_takes_the_work(monkeypatch, tmp_path):
    """start_helper returns at once (the warm-up here waits for a file the caller writes only after that: waiting
    for it would hang until the warm-up gives up); the work comes after the warm-up."""
    import functools
    import os

    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    flag = tmp_path / "go"
    started = parallel.start_helper(functools.partial(_wait_for, str(flag)))
    assert started is not None
    try:
        assert not started.ready()
        flag.touch()
        worker = parallel.beside(os.getpid, jobs=2, helper=started.executor)(False)
        assert started.ready() and worker != os.getpid() and list(started.executor._processes) == [worker]
    finally:
        started.stop()
    assert not running(worker)
    assert parallel.start_helper(jobs=1) is None, "one job: no helper"


def test_a_helper_stopped_while_it_gets_ready_ends_at_once(monkeypatch):
    import functools
    import time

    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    started = parallel.start_helper(functools.partial(time.sleep, 60))
    pids = list(started.executor._processes)
    begun = time.monotonic()
    started.stop()
    assert time.monotonic() - begun < 30, "the warm-up was waited for"
    assert not any(running(pid) for pid in pids)


def test_run_works_here_below_two_workers_worth_of_tasks():
    assert parallel.runs_here(2 * parallel.MIN_TASKS_PER_WORKER - 1, jobs=2)
    assert not parallel.runs_here(2 * parallel.MIN_TASKS_PER_WORKER, jobs=2)
    assert parallel.runs_here(10 * parallel.MIN_TASKS_PER_WORKER, jobs=1)


def test_work_beside_goes_to_a_fresh_process_when_the_kept_one_died(monkeypatch):
    import os
    import signal
    import time

    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    helper = parallel.helper()
    assert helper is not None
    try:
        dead = parallel.beside(os.getpid, jobs=2, helper=helper)(False)
        os.kill(dead, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while not getattr(helper, "_broken", False) and time.monotonic() < deadline:
            time.sleep(0.05)  # the executor finds out that its process died
        assert getattr(helper, "_broken", False)
        alive = parallel.beside(os.getpid, jobs=2, helper=helper)(False)
        assert alive not in (dead, os.getpid())
    finally:
        helper.shutdown()


KILLED_PARENT = """
import os, time
from narkomindel import parallel


def slow_pid(_task):
    time.sleep(0.05)
    return os.getpid()


if __name__ == "__main__":
    parallel.default_jobs = lambda: 2
    helper = parallel.helper()
    pids = {parallel.beside(os.getpid, jobs=2, helper=helper)(False)}
    results = parallel.run(slow_pid, range(4 * parallel.MIN_TASKS_PER_WORKER), jobs=2, initializer=int)
    pids.add(next(results))
    print(" ".join(map(str, sorted(pids))), flush=True)
    time.sleep(60)
"""


def test_workers_end_with_the_process_that_started_them_even_when_it_is_killed(tmp_path):
    """A worker holds its own queue open: a parent killed with SIGKILL left its workers waiting forever."""
    import os
    import signal
    import subprocess
    import sys
    import time

    if not sys.platform.startswith("linux"):
        pytest.fail("this check needs Linux, where the kernel ends a worker with its parent")
    script = tmp_path / "killed_parent.py"
    script.write_text(KILLED_PARENT, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(running(pid) for pid in workers)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while any(running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "workers outlived the process that started them"

