"""`qcode about`: version, licence and the third-party notices of everything shipped with qcode."""

from __future__ import annotations

import argparse
import dataclasses
import json


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "about",
        help="print qcode's version, licence and third-party notices",
        description="Print qcode's version and licence, then every bundled library and font "
        "with its version and licence (read from the installed packages' metadata), then "
        "their licence texts in full.",
    )
    p.add_argument("--json", action="store_true", help="the components as JSON (no texts)")
    p.set_defaults(func=cmd_about)


def cmd_about(args: argparse.Namespace) -> int:
    from qcode import __version__
    from qcode.notices import LICENCE, about_text, notices

    if args.json:
        components = [dataclasses.asdict(n) for n in notices()]
        print(json.dumps({"version": __version__, "licence": LICENCE, "components": components}))
    else:
        print(about_text())
    return 0
