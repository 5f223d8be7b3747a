"""Benchmark: syncing the full demo (50,000 codings) with a team database on PostgreSQL.

Starts a throwaway PostgreSQL cluster (tests/team/cluster.py), copies the demo project
(/tmp/qcode-demo-full/demo.qcode or the path given), gives the lead 50,000 codings, then times:
the first sync (publish: every row pushed; goal < 20 s), a clone (every row pulled), an
incremental sync of 100 changed codings both ways (goal < 1 s), and ten laptops, each with a
day's coding (2,000 codings), syncing at once in ten processes (no lost rows; the slowest is
reported). Prints numbers only.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from merge import UNIT, add_codings, reference, timed
from sqlalchemy import func, insert, select, update

from qcode.clock import now
from qcode.codebook.tree import code_infos
from qcode.merging.state import copy_database
from qcode.store import Coding, Project, Segment
from qcode.team import clone, publish, sync
from tests.team import cluster as pg

DEMO = Path("/tmp/qcode-demo-full/demo.qcode")
CODINGS = 50_000
LAPTOPS = 10
PER_LAPTOP = 2000


def picks(path: Path, count: int, seed: int) -> list[tuple[str, int, int, str]]:
    with Project.open(path, coder_name="Lead") as p, p.read() as s:
        segs = [(r.document_uuid, r.start, r.end)
                for r in s.execute(select(Segment.document_uuid, Segment.start, Segment.end))]
        codes = [c.uuid for c in code_infos(s) if c.codable and c.depth > 0]
    rng = random.Random(seed)
    return [(*rng.choice(segs), rng.choice(codes)) for _ in range(count)]


def code_as(path: Path, coder: str, chosen: list[tuple[str, int, int, str]]) -> None:
    """A coder's day of coding, logged as the window logs it ("apply code"), in one go."""
    with Project.open(path, coder_name=coder) as p, p.transaction("apply code") as s:
        stamp = now()
        s.execute(insert(Coding), [
            {"document_uuid": doc, "code_uuid": code, "coder_uuid": p.coder_uuid,
             "start": start, "end": end, "created_at": stamp, "updated_at": stamp,
             "updated_by": p.coder_uuid} for doc, start, end, code in chosen])


def live(path: Path) -> set[str]:
    with Project.open(path) as p, p.read() as s:
        return set(s.scalars(select(Coding.uuid).where(Coding.deleted.is_(False))))


def touch(path: Path, count: int) -> None:
    """Change the memo of `count` codings (as an edit in the window would)."""
    with Project.open(path) as p, p.transaction("edit memo") as s:
        uuids = list(s.scalars(select(Coding.uuid).order_by(func.random()).limit(count)))
        for uuid in uuids:
            s.execute(update(Coding).where(Coding.uuid == uuid)
                      .values(memo="checked", updated_at=now(), updated_by=p.coder_uuid))


def at_once(laptops: list[Path]) -> list[float]:
    """`qcode sync` on every laptop at the same moment: each one's seconds to finish."""
    started = time.perf_counter()
    runs = [subprocess.Popen([sys.executable, "-m", "qcode", "sync", str(p)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for p in laptops]
    took = [0.0] * len(runs)
    errors: list[str] = []

    def wait(i: int) -> None:
        _out, err = runs[i].communicate()
        took[i] = time.perf_counter() - started
        if runs[i].returncode != 0:
            errors.append(f"{laptops[i].name}: {err}")

    threads = [threading.Thread(target=wait, args=(i,)) for i in range(len(runs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return took


def main() -> None:
    demo = Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO
    UNIT.append(reference())
    print(f"reference unit (3e6 loop steps): {UNIT[0]:.3f} s")
    server = pg.start()
    try:
        with tempfile.TemporaryDirectory(prefix="qcode-bench-sync-") as tmp:
            folder = Path(tmp)
            lead = folder / "lead.qcode"
            copy_database(demo, lead)
            add_codings(lead, "Lead", picks(lead, CODINGS, 1))
            server.psql("postgres", "CREATE DATABASE bench")
            url = server.url("bench")
            total = len(live(lead))
            print(f"lead: {total:,} live codings; file {lead.stat().st_size / 1e6:.0f} MB")
            report = timed("first sync: publish (every row pushed)", publish, lead, url)
            print(f"  pushed {report.pushed:,} rows")
            ann = folder / "ann.qcode"
            report = timed("clone for Ann (every row pulled)", clone, url, ann, "Ann")
            print(f"  pulled {report.pulled_rows:,} rows")
            timed("sync with nothing to do (Ann)", sync, ann)
            touch(ann, 100)
            report = timed("incremental sync: Ann pushes 100 changes", sync, ann)
            print(f"  pushed {report.pushed} rows")
            report = timed("incremental sync: the lead pulls them", sync, lead)
            print(f"  pulled {report.pulled_rows} rows")
            laptops = []
            for i in range(LAPTOPS):
                path = folder / f"laptop{i}.qcode"
                copy_database(ann, path)
                code_as(path, f"Coder {i}", picks(lead, PER_LAPTOP, 100 + i))
                laptops.append(path)
            expected = set().union(*(live(p) for p in laptops), live(lead))
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            took = at_once(laptops)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            print(f"ten laptops syncing at once ({PER_LAPTOP} new codings each): slowest "
                  f"{max(took):.2f} s, fastest {min(took):.2f} s = {max(took) / UNIT[0]:.1f} "
                  f"units; {cpu / LAPTOPS:.2f} s cpu per laptop ({os.cpu_count()} cores here)")
            timed("the lead pulls the ten laptops' work", sync, lead)
            lost = expected - live(lead)
            print(f"rows lost: {len(lost)} of {len(expected):,}")
            assert not lost
    finally:
        server.stop()


if __name__ == "__main__":
    main()
