"""`qcode demo DIR`: write the synthetic demo corpus and build DIR/demo.qcode from it."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from qcode.demo import build_demo


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "demo",
        help="build the demo corpus and project (DIR/demo.qcode)",
        description="Write 267 synthetic transcripts (123 interviews, 90 focus groups, 54 "
        "national interviews; .docx, .txt, .odt, .pdf) and an attribute sheet under DIR, then "
        "build DIR/demo.qcode with them imported, the shipped codebook and some codings.",
    )
    p.add_argument("dir", help="folder to write into (created if missing)")
    p.add_argument("--scale", type=float, default=1.0, help="share of the sources (default 1)")
    p.add_argument("--length", type=float, default=1.0, help="share of the words (default 1)")
    p.add_argument("--seed", type=int, default=1, help="random seed (same seed, same corpus)")
    p.add_argument("--replace", action="store_true", help="rebuild an existing demo project")
    p.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    began = time.perf_counter()
    tty = sys.stderr.isatty()

    def progress(done: int, total: int, label: str) -> None:
        if label.startswith("warning:"):
            print(f"\n{label}" if tty else label, file=sys.stderr)
        elif tty and total:
            sys.stderr.write(f"\r{done}/{total} {label[:60]:<60}")
            sys.stderr.flush()
        elif not total or (done == total and not label.startswith(("writing", "done"))):
            print(label, file=sys.stderr)

    path = build_demo(
        Path(args.dir),
        scale=args.scale,
        seed=args.seed,
        progress=progress,
        length=args.length,
        replace=args.replace,
    )
    if tty:
        sys.stderr.write("\n")
    print(f"built {path} in {time.perf_counter() - began:.1f} s")
    return 0
