"""`qcode speakers [list|turns|rename|merge|reassign|split|join]`: who said what, fixable."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from qcode.cli.common import add_common, emit, open_project, table
from qcode.documents import document_text
from qcode.errors import QcodeError
from qcode.speakers import (
    SpeakerCount,
    SpeakerEdit,
    Turn,
    join_turns,
    line_at,
    list_speakers,
    list_turns,
    reassign_turn,
    rename_speaker,
    split_turn,
)

HELP = "list the speakers and their turns; rename, merge, reassign, split or join turns"
ACTIONS = ("list", "turns", "rename", "merge", "reassign", "split", "join")


class _AnyName(dict[str, argparse.ArgumentParser]):
    """The actions by name, letting any first word through (a project file means `list`)."""

    permissive = False  # set once every action is added (adding checks for duplicates)

    def __contains__(self, key: object) -> bool:
        return self.permissive or super().__contains__(key)


class _ListByDefault(argparse._SubParsersAction):  # type: ignore[type-arg]
    """`qcode speakers PROJECT ...` is `qcode speakers list PROJECT ...`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._name_parser_map = _AnyName()
        self.choices = self._name_parser_map

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        items = list(values or [])
        if items and not dict.__contains__(self._name_parser_map, items[0]):
            items.insert(0, "list")
        super().__call__(parser, namespace, items, option_string)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    top = sub.add_parser("speakers", help=HELP, description=HELP + " (default action: list)")
    actions = top.add_subparsers(dest="speakers_command", metavar="ACTION", action=_ListByDefault)
    actions.required = True

    p = actions.add_parser("list", help="speakers with their numbers of turns (the default)")
    p.add_argument("project")
    p.add_argument("--document", metavar="D", help="only this document (name or UUID)")
    add_common(p)
    p.set_defaults(func=cmd_list)

    p = actions.add_parser("turns", help="a document's turns: number, speaker, time, words")
    p.add_argument("project")
    p.add_argument("document", help="name or UUID")
    add_common(p)
    p.set_defaults(func=cmd_turns)

    for name, text in (
        ("rename", "rename a speaker (in every document, or one with --document)"),
        ("merge", "put one speaker's turns under another existing speaker"),
    ):
        p = actions.add_parser(name, help=text)
        p.add_argument("project")
        p.add_argument("old", metavar="SPEAKER")
        p.add_argument("new", metavar="NEW" if name == "rename" else "INTO")
        p.add_argument("--document", metavar="D", help="only in this document")
        add_common(p)
        p.set_defaults(func=cmd_rename, merge=name == "merge")

    p = actions.add_parser("reassign", help="give one turn (by number) another speaker")
    p.add_argument("project")
    p.add_argument("document", help="name or UUID")
    p.add_argument("turn", type=int, help="turn number (see `qcode speakers turns`)")
    p.add_argument("speaker")
    add_common(p)
    p.set_defaults(func=cmd_reassign)

    p = actions.add_parser("split", help="start a new turn at a line where a label was missed")
    p.add_argument("project")
    p.add_argument("document", help="name or UUID")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--line", metavar="TEXT", help="the line that starts with TEXT")
    where.add_argument("--at", type=int, metavar="OFFSET", help="the line at this position")
    p.add_argument("--occurrence", type=int, default=1, help="the n-th such line (default 1)")
    p.add_argument("--speaker", help="who speaks from there (default: the label on the line)")
    add_common(p)
    p.set_defaults(func=cmd_split)

    p = actions.add_parser("join", help="join a turn with the turn after it")
    p.add_argument("project")
    p.add_argument("document", help="name or UUID")
    p.add_argument("turn", type=int, help="turn number (see `qcode speakers turns`)")
    add_common(p)
    p.set_defaults(func=cmd_join)
    if isinstance(actions._name_parser_map, _AnyName):
        actions._name_parser_map.permissive = True


def cmd_list(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        speakers = list_speakers(project, args.document)

    def render(items: list[SpeakerCount]) -> str:
        if not items:
            return "no speaker turns" + (f" in {args.document!r}" if args.document else "")
        rows = [[s.name, str(s.turns), str(s.documents)] for s in items]
        return table(rows, ["speaker", "turns", "documents"])

    emit(args, speakers, render)
    return 0


def cmd_turns(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        turns = list_turns(project, args.document)

    def render(items: list[Turn]) -> str:
        rows = [[str(t.ordinal), t.speaker or "-", t.time, t.preview] for t in items]
        return table(rows, ["turn", "speaker", "time", "words"])

    emit(args, turns, render)
    return 0


def _done(edit: SpeakerEdit) -> str:
    return f"{edit.name}: {edit.turns} turn(s) in {edit.documents} document(s)"


def _report(args: argparse.Namespace, edit: SpeakerEdit) -> None:
    summary = {"action": edit.name, "turns": edit.turns, "documents": edit.documents}
    emit(args, summary, lambda _: _done(edit))


def cmd_rename(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        edit = rename_speaker(project, args.old, args.new, document=args.document, merge=args.merge)
    _report(args, edit)
    return 0


def cmd_reassign(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        edit = reassign_turn(project, args.document, args.turn, args.speaker)
    _report(args, edit)
    return 0


def cmd_split(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        if args.line is not None:
            at = line_at(document_text(project, args.document), args.line, args.occurrence)
        elif args.at is not None:
            at = args.at
        else:  # argparse makes one of them required
            raise QcodeError("give --line TEXT or --at OFFSET")
        edit = split_turn(project, args.document, at, args.speaker)
    _report(args, edit)
    return 0


def cmd_join(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        edit = join_turns(project, args.document, args.turn)
    _report(args, edit)
    return 0
