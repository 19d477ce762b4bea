"""Work is shared between the build process and forked workers: every span once, in order, errors raised."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.build import pool
from digest.build.pool import Helper, beside, fork_context, spans, together, workers
from digest.build.tool import run_tied

needs_fork = pytest.mark.skipif(fork_context() is None, reason="needs fork and two CPUs")


def _slow_pid(span: tuple[int, int]) -> tuple[tuple[int, int], int]:
    """The span and the process that did it (after a short wait, so both processes take some)."""
    os.sched_yield()
    sum(range(20000))
    return span, os.getpid()


@needs_fork
def test_every_span_once_in_order_by_this_process_and_a_worker() -> None:
    spans = [(i, i + 1) for i in range(400)]
    done = together(_slow_pid, spans)
    assert [span for span, _ in done] == spans
    pids = {pid for _, pid in done}
    assert os.getpid() in pids
    assert len(pids) == workers()


@needs_fork
def test_beside_runs_first_here_while_a_worker_starts_on_the_ranges(tmp_path: Path) -> None:
    marks = tmp_path / "marks"
    marks.mkdir()

    def task(span: tuple[int, int]) -> tuple[tuple[int, int], int]:
        (marks / f"{span[0]}-{os.getpid()}").touch()
        return _slow_pid(span)

    def first() -> tuple[int, int]:
        for _ in range(20_000):  # until the worker has done a range (it has when a mark from another process exists)
            if any(not name.endswith(f"-{os.getpid()}") for name in os.listdir(marks)):
                break
            os.sched_yield()
        return os.getpid(), len(os.listdir(marks))

    (who, seen), done = beside(first, task, 400, parallel=True, minimum=10)
    assert who == os.getpid()
    assert 1 <= seen < len(spans(400))  # a worker had started before first() returned, and not finished
    assert [span for span, _ in done] == sorted(spans(400))
    assert {pid for _, pid in done} - {os.getpid()}


def test_beside_below_the_minimum_runs_everything_here_in_one_range() -> None:
    head, done = beside(lambda: "walked", _slow_pid, 30, parallel=True, minimum=31)
    assert head == "walked"
    assert done == [((0, 30), os.getpid())]


class _Boom(Exception):
    pass


def _fails_in_worker(span: tuple[int, int]) -> int:
    """Fine in the build process, an error in a forked worker."""
    if os.getpid() != _parent:
        raise _Boom(f"span {span}")
    sum(range(20000))
    return span[0]


_parent = os.getpid()


@needs_fork
def test_a_worker_error_is_raised_in_the_build_process() -> None:
    with pytest.raises(_Boom):
        together(_fails_in_worker, [(i, i + 1) for i in range(200)])


@needs_fork
def test_a_worker_that_dies_is_an_error_not_a_short_site() -> None:
    def dies(span: tuple[int, int]) -> int:
        if os.getpid() != _parent:
            os._exit(3)
        sum(range(20000))
        return span[0]

    with pytest.raises(RuntimeError, match="exit code 3"):
        together(dies, [(i, i + 1) for i in range(200)])


_armed: list[bool] = []  # the at-fork hook below interrupts only while a test arms it (a hook cannot be removed)


def _interrupt_after_fork() -> None:
    if _armed:
        _armed.clear()
        os.kill(os.getpid(), signal.SIGINT)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_parent=_interrupt_after_fork)


def _running(marker: str) -> list[str]:
    """The processes (Linux /proc) whose command line holds ``marker``, but not as a zombie."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            line, state = (entry / "cmdline").read_bytes(), (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if marker.encode() in line and state != "Z":
            found.append(entry.name)
    return found


@pytest.fixture
def ctrl_c() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt in this process, as in a terminal, even when the tests were
    started in the background (a shell's ``&`` starts them with it ignored)."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs Linux /proc")
@pytest.mark.usefixtures("ctrl_c")
def test_a_ctrl_c_as_a_tool_starts_stops_the_build() -> None:
    """Ctrl-C in the instant Pagefind is forked (the at-fork handlers, where Python drops it) still
    interrupts the build, and the tool does not outlive it."""
    marker = f"digest-test-tool-{os.getpid()}"
    _armed.append(True)
    try:
        with pytest.raises(KeyboardInterrupt):
            run_tied([sys.executable, "-c", "import time; time.sleep(30)", marker], 60)
    finally:
        _armed.clear()
    assert _running(marker) == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert signal.pthread_sigmask(signal.SIG_BLOCK, set()) == set()  # nothing left held


def test_a_tool_runs_with_its_output_captured() -> None:
    done = run_tied([sys.executable, "-c", "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)"], 60)
    assert (done.returncode, done.stdout, done.stderr) == (3, "out\n", "err\n")


@needs_fork
def test_each_range_is_taken_once_when_many_are_tiny() -> None:
    """Thousands of ranges that take no time: both processes ask for the next one at once, often."""
    spans = [(i, i + 1) for i in range(5000)]
    open_before = len(os.listdir("/proc/self/fd"))
    done = together(lambda span: (span, os.getpid()), spans)
    assert [span for span, _ in done] == spans
    assert len({pid for _, pid in done}) == workers()
    assert len(os.listdir("/proc/self/fd")) == open_before  # the counter's pipe closed


@needs_fork
def test_helpers_are_forked_without_importing_multiprocessing() -> None:
    """A no-op build's helper (and render workers) fork by themselves: importing multiprocessing
    cost every no-op 10-15 ms. Only a pool of workers imports it."""
    show = ("import os, sys; from digest.build import pool\n"
            "def task(span): os.sched_yield(); sum(range(20000)); return span, os.getpid()\n"
            "head, done = pool.beside(lambda: 'here', task, 400, True, 10)\n"
            "assert head == 'here' and [span for span, _ in done] == sorted(pool.spans(400)), done\n"
            "assert {pid for _, pid in done} - {os.getpid()}, 'no worker was forked'\n"
            "print('multiprocessing' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False"]


@needs_fork
def test_a_worker_answer_that_cannot_be_sent_is_an_error_here() -> None:
    """A worker whose result cannot be pickled says so in the build process instead of hanging or vanishing."""
    def unsendable(span: tuple[int, int]) -> object:
        sum(range(20000))
        return (lambda: span) if os.getpid() != _parent else span[0]

    with pytest.raises(RuntimeError, match="answer cannot be sent"):
        together(unsendable, [(i, i + 1) for i in range(200)])


_READY: list[int] = []  # set by a helper's prepare: in the helper only


def _prepare() -> None:
    _READY.append(os.getpid())


def _answer(job: int) -> tuple[int, int, int]:
    """The job, the process that did it, and the process its prepare ran in (-1: none)."""
    return job * job, os.getpid(), _READY[-1] if _READY else -1


@needs_fork
def test_a_helper_gets_ready_while_this_process_goes_on_then_works_while_it_waits() -> None:
    here: list[int] = []
    helper = Helper(_prepare, _answer)
    done = helper.run([3, 1, 2], lambda: here.append(os.getpid()))
    assert [square for square, _, _ in done] == [9, 1, 4]  # in order
    (pid,) = {pid for _, pid, _ in done}
    assert pid != os.getpid()
    assert {ready for _, _, ready in done} == {pid}  # prepared in the helper, before its work
    assert here == [os.getpid()]
    assert not _READY
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped


@needs_fork
def test_a_helper_never_given_work_is_stopped_and_reaped_at_once() -> None:
    import time

    helper = Helper(lambda: time.sleep(30), _answer)
    pid = helper._worker.pid if helper._worker is not None else 0
    started = time.monotonic()
    helper.close()
    assert time.monotonic() - started < 5  # not waiting for its preparation to end
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@needs_fork
def test_an_error_in_a_helper_is_raised_here() -> None:
    def fails(job: int) -> int:
        raise ValueError(f"job {job} failed")

    with pytest.raises(ValueError, match="job 7 failed"):
        Helper(lambda: None, fails).run([7], lambda: None)


def test_without_leave_to_fork_a_helper_works_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "fork_context", lambda: None)
    here: list[str] = []
    done = Helper(_prepare, _answer).run([2], lambda: here.append("meanwhile"))
    assert done == [(4, os.getpid(), -1)]
    assert here == ["meanwhile"]


def test_a_helper_that_cannot_be_forked_works_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fork refused (a limit on processes) is no error: the work is done in this process."""
    open_before = len(os.listdir("/proc/self/fd"))

    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    monkeypatch.setattr(pool, "fork_context", lambda: pool.Fork())
    assert Helper(_prepare, _answer).run([3], lambda: None) == [(9, os.getpid(), -1)]
    assert len(os.listdir("/proc/self/fd")) == open_before  # its pipes closed


_CPUS = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
_AFFINITY = [sys.executable, "-c", "import os; print(sorted(os.sched_getaffinity(0)))"]  # a tool that says its CPUs


@needs_fork
@pytest.mark.skipif(len(_CPUS) < 2, reason="needs two CPUs and sched_setaffinity (Linux)")
def test_tools_run_side_by_side_keep_to_a_cpu_each() -> None:
    """A tool each process of together() starts (a shard's Pagefind) keeps to one CPU, a different one for
    each process; a tool the build process starts alone may use every CPU."""
    ran = together(lambda span: (os.getpid(), run_tied(_AFFINITY, 60).stdout), [(i, i + 1) for i in range(32)])
    seen: dict[int, set[str]] = {}
    for pid, said in ran:
        seen.setdefault(pid, set()).add(said)
    assert len(seen) == min(workers(), len(_CPUS))  # every process took some ranges
    assert sorted(said for each in seen.values() for said in each) == [f"[{cpu}]\n" for cpu in _CPUS[:len(seen)]]
    assert run_tied(_AFFINITY, 60).stdout == f"{_CPUS}\n"


@pytest.mark.skipif(len(_CPUS) < 2, reason="needs two CPUs and sched_setaffinity (Linux)")
def test_a_tool_whose_cpu_cannot_be_kept_runs_on_any(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keeping a tool to its CPU is a speed-up, not a condition: when the OS refuses (the CPU went
    offline since), the tool still runs, on the CPUs it may use."""
    def refuse(pid: int, cpus: object) -> None:
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr("digest.build.pool.place", lambda: 1)
    monkeypatch.setattr(os, "sched_setaffinity", refuse)
    assert run_tied(_AFFINITY, 60).stdout == f"{_CPUS}\n"
