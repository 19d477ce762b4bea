"""What creating a file costs on this machine now: the probe ``bench/run.py`` runs before and after its measures.

A clean build creates one folder and one file per page (50,000 at 10,000 articles). On the
machine these benchmarks run on (ext4 without a journal), the kernel's time for the same
creations ranges from about 50 µs to over 1 ms per file, with no change in the user time:
it grows with the files deleted in the last minutes, whose inodes each new one passes over
(see ``Graveyard`` in ``bench/run.py``). A table's wall times compare with another's only
when the probe gave similar figures.

    python bench/fsprobe.py [--work DIR] [--count N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

COUNT = 5_000  # folder + file pairs: about a tenth of a clean build's at 10,000 articles
PAGE = b"<!doctype html>" + b"x" * 10_000  # the size of an article page


@dataclass(frozen=True)
class Probe:
    """The cost of one folder and one file in it, created and written, in microseconds."""

    wall: float
    kernel: float

    def __str__(self) -> str:
        return f"{self.wall:.0f} µs per folder + file ({self.kernel:.0f} µs of it in the kernel)"


def probe(work: Path, count: int = COUNT) -> Probe:
    """Create ``count`` folders under ``work``, each with a page, as a build lays them out (a few hundred
    per month folder); measure; remove them."""
    root = work / f"fsprobe-{os.getpid()}"
    shutil.rmtree(root, ignore_errors=True)
    start, before = time.perf_counter(), os.times()
    for i in range(count):
        folder = root / f"{i // 500:02d}" / f"slug-{i}"
        folder.mkdir(parents=True)
        (folder / "index.html").write_bytes(PAGE)
    after, wall = os.times(), time.perf_counter() - start
    shutil.rmtree(root)
    return Probe(wall / count * 1e6, (after.system - before.system) / count * 1e6)


def main() -> None:
    """Print one probe."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--work", type=Path, default=Path("/tmp/digest-bench"), help="where to create the files")
    p.add_argument("--count", type=int, default=COUNT, help="folders (each with one file) to create")
    args = p.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(probe(args.work, args.count))


if __name__ == "__main__":
    main()
