"""The --pseudonyms, --coders and --accept-leaks flags of every command that writes quotes."""

from __future__ import annotations

import argparse

from qcode.analysis.privacy import Privacy
from qcode.export.bundle import CODER_MODES


def add_pseudonym_flags(p: argparse.ArgumentParser, *aliases: str) -> None:
    """The flags `qcode export` has, for another export (`aliases`: older spellings)."""
    p.add_argument(
        "--pseudonyms",
        *aliases,
        dest="pseudonyms",
        action="store_true",
        help="apply the pseudonym table, then read the file back: any name still shown "
        "stops the export (see --accept-leaks)",
    )
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
