"""The --pseudonyms, --coders and --accept-leaks flags of every command that writes quotes."""

from __future__ import annotations

import argparse

from qcode.analysis.privacy import Privacy
from qcode.export.bundle import CODER_MODES


def add_pseudonym_flags(p: argparse.ArgumentParser, *aliases: str) -> None:
    """`--pseudonyms` (`aliases`: older spellings) and the flags that go with it."""
    p.add_argument(
        "--pseudonyms",
        *aliases,
        dest="pseudonyms",
        action="store_true",
        help="apply the pseudonym table, then read the finished file(s) back: any name still "
        "shown stops the export (see --accept-leaks)",
    )
    add_leak_flags(p)


def add_leak_flags(p: argparse.ArgumentParser) -> None:
    """`--coders` and `--accept-leaks`, for an export that is always pseudonymised too."""
    p.add_argument(
        "--coders",
        choices=CODER_MODES,
        help="coder names: replace (Coder 1 …, the default with --pseudonyms), omit, or keep",
    )
    p.add_argument(
        "--accept-leaks",
        nargs="+",
        action="extend",
        default=[],
        metavar="TERM",
        help="names you accept in the pseudonymised export (otherwise any name found stops it)",
    )


def privacy(args: argparse.Namespace) -> Privacy:
    """The privacy choices the flags describe."""
    return Privacy(args.pseudonyms, args.coders, tuple(args.accept_leaks))
