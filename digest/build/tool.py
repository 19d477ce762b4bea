"""Programs the build runs (Pagefind): tied to the build, and given a CPU of their own beside each other.

A tool dies with the build, even one killed by ``kill -9``, and the build kills it on
Ctrl-C. A tool started by one of the processes that :func:`digest.build.pool.together`
runs side by side (the search index's shards, one Pagefind per process at a time) keeps
to one CPU, a different one for each process: Pagefind spreads its work over threads on
every CPU it may use, so two of them side by side ran twice as many busy threads as the
machine has cores, and the memory each one's threads give back costs every CPU the
process runs on a flush of its address cache (``perf``: ``ptep_clear_flush`` calling
``smp_call_function_many_cond``). Kept to one CPU each, the shards of 10,000 articles
took 17.2-17.8 s where they took 18.7-20.6 s (three clean builds of each on two CPUs).
A tool run by the build process alone (an edit's one shard) may use every CPU.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from contextlib import suppress
from functools import partial
from typing import TYPE_CHECKING

from digest.build import pool

if TYPE_CHECKING:
    import subprocess


def tied() -> Callable[[], None]:
    """What a subprocess of the build runs before its program starts: die with the build, and keep to
    the CPU of this process's place side by side (:func:`cpu`)."""
    return partial(_start, os.getpid(), cpu())


def cpu() -> int | None:
    """The one CPU a tool started here keeps to: this process's place among those working side by
    side (:func:`digest.build.pool.place`) picks one of the CPUs it may run on; None (any CPU) when
    it works alone or the OS cannot say."""
    place = pool.place()
    if place is None or not hasattr(os, "sched_getaffinity"):
        return None
    cpus = sorted(os.sched_getaffinity(0))
    return cpus[place % len(cpus)] if len(cpus) > 1 else None


def _start(parent: int, keep_to: int | None) -> None:
    """In the tool's process, before its program: die with the build, then keep to ``keep_to``."""
    pool.die_with_parent(parent)
    if keep_to is not None:
        with suppress(OSError):  # the CPU went away meanwhile (hotplug, a new cpuset): run anywhere
            os.sched_setaffinity(0, {keep_to})


def run_tied(argv: Sequence[str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Run a tool (Pagefind) for the build, its output captured: it dies with the build, and the build
    kills it on Ctrl-C.

    It starts with Ctrl-C held (:func:`digest.build.pool.forking`): starting a program that
    runs code of ours first calls the at-fork handlers, where a Ctrl-C would be dropped and
    the build would run on to the end.
    """
    import subprocess  # (only a build that runs a tool: 4 ms of imports a no-op build skips)
    proc = None
    try:
        with pool.forking():
            proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    preexec_fn=tied())
        out, err = proc.communicate(timeout=timeout)
    except BaseException:  # Ctrl-C (also as it started), or too long: no tool outlives the build's attempt
        if proc is not None:
            proc.kill()
            proc.communicate()
        raise
    return subprocess.CompletedProcess(argv, proc.returncode, out, err)
