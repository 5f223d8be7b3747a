"""The `qcode` command: a thin argparse layer over the services; sub-commands are plug-ins."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sqlite3
import sys
from collections.abc import Sequence

from qcode import __version__
from qcode.errors import QcodeError

EXIT_USER_ERROR = 1


#: The modules that register each command, so that one command imports only its own module
#: (importing all of them cost ~0.7 s of every command); tests/cli keeps it in step with them.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "about": ("about",), "backups": ("backups",), "cases": ("cases",), "check": ("check",),
    "codebook": ("codebook_io", "codebook_tree"), "code": ("coding",), "codings": ("coding",),
    "quotes": ("coding",), "uncode": ("coding",), "demo": ("demo",), "evidence": ("evidence",),
    "export": ("export",), "pseudonyms": ("export",), "summary": ("export",),
    "import": ("importing",), "matrix": ("matrix",), "memos": ("memos",),
    "agreement": ("merge",), "clone": ("merge",), "merge": ("merge",), "coder": ("project",),
    "documents": ("project",), "gui": ("project",), "new": ("project",),
    "export-qdpx": ("qdpx",), "qdpx": ("qdpx",), "salvage": ("salvage",),
    "autocode": ("search",), "index": ("search",), "search": ("search",),
    "speakers": ("speakers",), "sync": ("team",), "team": ("team",),
}


def command_modules(command: str | None = None) -> list[str]:
    """The modules to import for `command`: its own, or all of them (help, unknown names)."""
    if command in COMMAND_MODULES:
        return list(COMMAND_MODULES[command])
    from qcode.cli import commands

    return sorted(m.name for m in pkgutil.iter_modules(commands.__path__))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser: the modules in `qcode.cli.commands` register their sub-commands (only the
    given command's module when it is a known one)."""
    parser = argparse.ArgumentParser(
        prog="qcode",
        description="Qualitative coding of interview transcripts. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"qcode {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in command_modules(command):
        module = importlib.import_module(f"qcode.cli.commands.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; user mistakes print one line on stderr and return a non-zero code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        args_list = ["gui"]
    first = args_list[0]
    if args_list == ["--version"]:  # no command's module to load (all of them: ~0.6 s)
        print(f"qcode {__version__}")
        return 0
    parser = build_parser(None if first.startswith("-") else first)
    args = parser.parse_args(args_list)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return EXIT_USER_ERROR
    try:
        return int(args.func(args) or 0)
    except QcodeError as exc:
        print(f"qcode: error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("qcode: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if not _database_error(exc):
            raise
        print(f"qcode: error: {_database_message(exc)}", file=sys.stderr)
        return EXIT_USER_ERROR


def _database_error(exc: BaseException) -> bool:
    """An SQLite error, raised directly or through SQLAlchemy (looked up only when loaded: a
    command that never needed it, such as a search from the shell, cannot have raised one)."""
    if isinstance(exc, sqlite3.Error):
        return True
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    return sqlalchemy_exc is not None and isinstance(exc, sqlalchemy_exc.SQLAlchemyError)


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
