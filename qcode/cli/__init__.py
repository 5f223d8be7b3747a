"""The `qcode` command: a thin argparse layer over the services; sub-commands are plug-ins."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sqlite3
import sys
from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError

from qcode import __version__
from qcode.errors import QcodeError

EXIT_USER_ERROR = 1


def build_parser() -> argparse.ArgumentParser:
    """The full parser: every module in `qcode.cli.commands` registers its sub-commands."""
    parser = argparse.ArgumentParser(
        prog="qcode",
        description="Qualitative coding of interview transcripts. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"qcode {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from qcode.cli import commands

    names = sorted(m.name for m in pkgutil.iter_modules(commands.__path__))
    for name in names:
        module = importlib.import_module(f"qcode.cli.commands.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; user mistakes print one line on stderr and return a non-zero code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list:
        args_list = ["gui"]
    args = parser.parse_args(args_list)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return EXIT_USER_ERROR
    try:
        return int(args.func(args) or 0)
    except QcodeError as exc:
        print(f"qcode: error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except (sqlite3.Error, SQLAlchemyError) as exc:
        print(f"qcode: error: {_database_message(exc)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("qcode: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _database_message(exc: BaseException) -> str:
    """One line for an SQLite error that no service turned into a QcodeError."""
    from qcode.store.engine import is_busy

    if is_busy(exc):
        return "the project is busy: another qcode is writing to it (try again in a moment)"
    inner = getattr(exc, "orig", None) or exc
    first = str(inner).splitlines()[0] if str(inner) else type(inner).__name__
    return f"the project file could not be read or written ({first})"


if __name__ == "__main__":
    sys.exit(main())
