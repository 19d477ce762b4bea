"""Work is shared between the build process and forked workers: every span once, in order, errors raised."""

from __future__ import annotations

import os
from multiprocessing.context import ForkContext

import pytest

from digest.build.pool import fork_context, together, workers

needs_fork = pytest.mark.skipif(fork_context() is None, reason="needs fork and two CPUs")


def _context() -> ForkContext:
    context = fork_context()
    assert context is not None
    return context


def _slow_pid(span: tuple[int, int]) -> tuple[tuple[int, int], int]:
    """The span and the process that did it (after a short wait, so both processes take some)."""
    os.sched_yield()
    sum(range(20000))
    return span, os.getpid()


@needs_fork
def test_every_span_once_in_order_by_this_process_and_a_worker() -> None:
    spans = [(i, i + 1) for i in range(400)]
    done = together(_context(), _slow_pid, spans)
    assert [span for span, _ in done] == spans
    pids = {pid for _, pid in done}
    assert os.getpid() in pids
    assert len(pids) == workers()


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
        together(_context(), _fails_in_worker, [(i, i + 1) for i in range(200)])


@needs_fork
def test_a_worker_that_dies_is_an_error_not_a_short_site() -> None:
    def dies(span: tuple[int, int]) -> int:
        if os.getpid() != _parent:
            os._exit(3)
        sum(range(20000))
        return span[0]

    with pytest.raises(RuntimeError, match="exit code 3"):
        together(_context(), dies, [(i, i + 1) for i in range(200)])
