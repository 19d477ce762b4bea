"""Process pools: the only place digest starts processes, but for the programs it runs (Pagefind),
which :mod:`digest.build.tool` starts.

Workers are forked (Linux, macOS): they start at once and inherit what the build has
already computed (the configuration, the planned pages), so nothing large travels
between processes. Where fork is missing or only one CPU is available, the same work
runs in the build process and gives the same results. Every worker dies with its
build, even one killed by ``kill -9``: an orphan would hold the project lock and go on
writing into a staging folder that will never be published.
"""

from __future__ import annotations

import ctypes
import mmap
import os
import pickle
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypeVar

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

Job = TypeVar("Job")
Result = TypeVar("Result")
Head = TypeVar("Head")
Span = tuple[int, int]

_PR_SET_PDEATHSIG = 1
_task: Callable[[Any], Any] | None = None  # the work of the current pool; its forked workers inherit it
_place: int | None = None  # this process's place in together(), while it works there (see place())


def workers() -> int:
    """How many processes to use: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Fork:
    """Leave to fork workers: given where the OS can fork and two CPUs are there to use.

    The helper of a no-op build and the render workers are forked with ``os.fork``
    (:func:`together`); only a pool of workers (:func:`ordered_map`) imports
    ``multiprocessing``, which cost every no-op build 10-15 ms to import.
    """

    def pool(self, count: int) -> Pool:
        """A pool of ``count`` forked workers that die with the build."""
        import multiprocessing

        return multiprocessing.get_context("fork").Pool(count, initializer=die_with_parent, initargs=(os.getpid(),))


_FORK = Fork()


def fork_context() -> Fork | None:
    """Leave to fork where the OS can and two CPUs are there to use, else None."""
    return _FORK if workers() >= 2 and hasattr(os, "fork") else None


_prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)  # Linux only; looked up before any fork


def die_with_parent(parent: int) -> None:
    """In a forked worker (or a tool the build runs): end it when the build process ends, even by
    ``kill -9``; leave Ctrl-C to the build process, which ends its workers itself (one message,
    not a traceback per process)."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held while it was forked
    if os.getppid() != parent:  # the build already ended before the signal was armed
        os._exit(1)


@contextmanager
def forking() -> Iterator[None]:
    """Hold Ctrl-C while workers are forked.

    Python drops an exception raised in its at-fork handlers ("Exception ignored"), so a
    Ctrl-C in that instant would be lost and the build would run on; held, it arrives
    in the build process as soon as the workers exist. A worker starts with it held and
    lets it go once it ignores it (:func:`die_with_parent`).
    """
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def place() -> int | None:
    """This process's place among those :func:`together` runs side by side: 0 the build process, 1, 2 …
    its forked workers; None outside (a tool it starts then keeps to a CPU: :mod:`digest.build.tool`)."""
    return _place


def ordered_map(work: Callable[[Job], Result], jobs: Sequence[Job], parallel: bool, minimum: int) -> Iterator[Result]:
    """``work(job)`` for every job, in order; in a pool of forked workers from ``minimum`` jobs on.

    Jobs and results are pickled between processes; ``work`` itself is inherited.
    """
    context = fork_context() if parallel and len(jobs) >= minimum else None
    if context is None:
        yield from map(work, jobs)
        return
    global _task
    _task, count = work, workers()
    pool = None
    try:
        with forking():  # a Ctrl-C held here arrives as the block ends, with the pool in hand
            pool = context.pool(count)
        # Chunks of about 1/32 of a worker's share: few round trips, and an even finish.
        yield from pool.imap(_run, jobs, chunksize=max(1, len(jobs) // (count * 32)))
    finally:
        if pool is not None:
            pool.terminate()
        _task = None


def _run(job: Any) -> Any:
    """One job in a pool worker."""
    assert _task is not None
    return _task(job)


def spread(task: Callable[[Span], Result], count: int, parallel: bool, minimum: int) -> list[Result]:
    """``task`` over index ranges covering ``range(count)``, results in index order.

    From ``minimum`` items on, the build process and ``workers() - 1`` forked ones share
    the ranges (see :func:`together`); otherwise one range, here.
    """
    return beside(lambda: None, task, count, parallel, minimum)[1]


def beside(first: Callable[[], Head], task: Callable[[Span], Result], count: int, parallel: bool,
           minimum: int) -> tuple[Head, list[Result]]:
    """``first()``, and ``task`` over index ranges as :func:`spread`: this process runs ``first``
    while the forked workers start on the ranges, then joins them.

    A no-op build walks ``content/`` this way while a helper checks the published files:
    two loops of system calls side by side instead of one after the other.
    """
    context = fork_context() if parallel and count >= minimum else None
    if context is None:
        return first(), [task((0, count))]
    head: list[Head] = []
    done = together(task, spans(count), lambda: head.append(first()))
    return head[0], done[::-1]  # back in index order


def spans(count: int) -> list[Span]:
    """Index ranges that split ``count`` items over the workers, last items first.

    Small ranges (about 32 per worker) keep the workers busy to the end; the plan puts
    the heaviest pages (lists, feeds, the sitemap) last, so they are handed out first
    and no worker is left with a long page while the other idles.
    """
    step = max(1, -(-count // (workers() * 32)))
    return [(start, min(start + step, count)) for start in reversed(range(0, count, step))]


def together(task: Callable[[Span], Result], ranges: list[Span],
             first: Callable[[], None] = lambda: None) -> list[Result]:
    """``task`` over every range, in range order, run by this process and ``workers() - 1`` forked ones
    (this process calls ``first`` once they are started, before it takes a range). Only where
    :func:`fork_context` gives leave to fork.

    Each process takes the next range as it finishes one. The build process works too,
    instead of waiting on a pool: a forked worker copies most of the pages it inherits
    as it reads them (reference counts are writes), so one worker fewer is one copy of
    the plan fewer. At 100,000 articles that copy is over 1 GiB.
    """
    taken = _Counter()

    def drain() -> list[tuple[int, Result]]:
        done: list[tuple[int, Result]] = []
        while (index := taken.take()) < len(ranges):
            done.append((index, task(ranges[index])))
        return done

    global _place
    children: list[_Worker] = []
    parent = os.getpid()
    try:
        with forking():
            for number in range(1, workers()):
                _place = number  # what the worker forked next inherits
                children.append(_forked(drain, parent))
        _place = 0
        first()
        done = drain() + _collect(children)
    except BaseException:
        for child in children:
            child.stop()  # still working for a build that has failed
        raise
    finally:
        _place = None
        for child in children:
            os.close(child.reader)
            child.reap()
        taken.close()
    return [result for _, result in sorted(done, key=lambda pair: pair[0])]


class Helper(Generic[Job, Result]):
    """A process forked ahead of the work it will be given: it gets ready (``prepare``) while this one
    finds out what the work is, then does it (``work`` on each job) while this one does something else.

    An edit's build forks one as soon as it knows something changed: the helper imports
    the per-article stages while the build process reads the cache and sorts the articles;
    then it processes the edited ones while the build process imports the renderer. Where
    :func:`fork_context` gives no leave to fork, :meth:`run` does the work here.
    """

    def __init__(self, prepare: Callable[[], object], work: Callable[[Job], Result]) -> None:
        self._work, self._worker, self._jobs = work, None, -1
        if fork_context() is None:
            return
        jobs, told = os.pipe()
        try:
            with forking():
                self._worker = _forked(partial(_serve, prepare, work, jobs), os.getpid(), told)
        except OSError:  # no process to spare (a limit on processes, or memory): the work is done here
            os.close(told)
            return
        finally:
            os.close(jobs)  # (the helper's end)
        self._jobs = told

    def run(self, jobs: Sequence[Job], meanwhile: Callable[[], object]) -> list[Result]:
        """``work(job)`` for every job, in order, done by the helper while this process runs ``meanwhile``.

        The jobs are sent before ``meanwhile`` starts: a few paths fit the pipe's buffer; more
        than it holds wait for the helper to be ready to read them.
        """
        if self._worker is None:
            meanwhile()
            return [self._work(job) for job in jobs]
        try:
            with open(self._jobs, "wb") as pipe:  # (closing it tells the helper that is all)
                self._jobs = -1
                pipe.write(pickle.dumps(list(jobs), protocol=pickle.HIGHEST_PROTOCOL))
            meanwhile()
            done = [result for _, result in _collect([self._worker])]
            self._worker.reap()
            return done
        finally:
            self.close()

    def close(self) -> None:
        """Let the helper go: stopped if it was never given work (it may still be getting ready), then reaped."""
        if self._jobs >= 0:
            os.close(self._jobs)
            self._jobs = -1
        if self._worker is not None:
            worker, self._worker = self._worker, None
            worker.stop()
            os.close(worker.reader)
            worker.reap()


def _serve(prepare: Callable[[], object], work: Callable[[Any], Any], jobs: int) -> list[tuple[int, Any]]:
    """A helper's life (see :class:`Helper`): get ready, then do the jobs it is sent."""
    prepare()
    with open(jobs, "rb") as pipe:
        sent = pipe.read()
    return list(enumerate(map(work, pickle.loads(sent)))) if sent else []  # sent by the build process that forked it


class _Counter:
    """The index of the next range to take, shared by this process and the workers it forks.

    One anonymous shared page holds it, and a pipe holding one byte is its lock (a process
    takes the byte, counts, puts it back). ``multiprocessing.Value`` did the same, but
    making one (its shared-memory arena) took 15 ms: a twentieth of a no-op build, which
    forks a helper to check the published files.
    """

    def __init__(self) -> None:
        self._page = mmap.mmap(-1, 8)  # anonymous and shared: forked workers see the same page
        self._wait, self._free = os.pipe()
        os.write(self._free, b"\0")

    def take(self) -> int:
        """The next index (each one once, whichever process asks)."""
        os.read(self._wait, 1)
        try:
            index = int.from_bytes(self._page[:8], "little")
            self._page[:8] = (index + 1).to_bytes(8, "little")
        finally:
            os.write(self._free, b"\0")
        return index

    def close(self) -> None:
        """Release the page and the pipe (once no worker uses them)."""
        os.close(self._wait)
        os.close(self._free)
        self._page.close()


def _forked(drain: Callable[[], list[Any]], parent: int, *unused: int) -> _Worker:
    """One worker forked to run ``drain`` and answer through a pipe, closing ``unused`` (call it under :func:`forking`)."""
    reader, writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for end in (reader, writer):
            os.close(end)
        raise
    if pid == 0:
        for end in (reader, *unused):
            os.close(end)
        _child(drain, writer, parent)
    os.close(writer)
    return _Worker(pid, reader)


class _Worker:
    """A forked worker: its pid, the pipe it answers on, and its exit code once it is reaped."""

    def __init__(self, pid: int, reader: int) -> None:
        self.pid, self.reader = pid, reader
        self.code: int | None = None

    def reap(self) -> int:
        """Wait for it to end: its exit code (minus the signal that ended it)."""
        if self.code is None:
            _, status = os.waitpid(self.pid, 0)
            self.code = os.waitstatus_to_exitcode(status)
        return self.code

    def stop(self) -> None:
        """End it, if it has not been reaped (then its pid may be another process's)."""
        if self.code is None:
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)


def _collect(children: list[_Worker]) -> list[Any]:
    """What every forked worker did, or the error one of them raised (or its unexpected end)."""
    done = []
    for child in children:
        chunks = []
        while chunk := os.read(child.reader, 1 << 20):
            chunks.append(chunk)
        if not chunks:  # it ended without answering
            raise RuntimeError(f"a forked worker ended unexpectedly (exit code {child.reap()})")
        failed, theirs = pickle.loads(b"".join(chunks))  # written by our own forked child
        if failed:
            raise theirs
        done += theirs
    return done


def _child(drain: Callable[[], list[Any]], writer: int, parent: int) -> NoReturn:
    """A forked worker's life: take ranges until none are left, send back what they gave (or the
    error), and end without running the build process's exit handlers or flushing its buffers."""
    status = 1
    try:
        die_with_parent(parent)
        try:
            outcome: tuple[bool, Any] = (False, drain())
        except Exception as exc:  # any error: raised again in the build process
            outcome = (True, exc)
        try:
            answer = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an error (or a result) that cannot be pickled: said in words
            answer = pickle.dumps((True, RuntimeError(f"a forked worker's answer cannot be sent: {type(exc).__name__}: {exc}")))
        with open(writer, "wb") as pipe:
            pipe.write(answer)
        status = 0
    finally:
        os._exit(status)
