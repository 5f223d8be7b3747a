"""Checks a query string before it is parsed, so that mistakes get a readable message."""

from __future__ import annotations

import re
from collections.abc import Mapping

from qcode.errors import QcodeError
from qcode.kinds import KINDS
from qcode.search.schema import KIND, QUERY_FIELDS

_TOKEN = re.compile(r'"[^"]*"(?:~\d*)?|\(|\)|[^\s()"]+')
_FIELD = re.compile(r"^([A-Za-z_][\w.-]*):(.*)$", re.DOTALL)
_BINARY = {"AND", "OR", "ANDNOT", "ANDMAYBE"}


class QuerySyntaxError(QcodeError):
    """A search query that cannot be understood; the message says what is wrong and where."""


#: Brackets nested deeper than this are refused (no query needs them; the parser recurses).
MAX_DEPTH = 64


def _kind_value(raw: str) -> str:
    value = raw.strip('"').strip().lower().replace("-", "_").replace(" ", "_")
    if value.endswith("s") and value[:-1] in KINDS:
        value = value[:-1]
    if value not in KINDS:
        raise QuerySyntaxError(
            f"unknown source kind {raw!r} in the query; use kind:{' or kind:'.join(KINDS)}"
        )
    return value


def check_query(text: str, aliases: Mapping[str, str]) -> str:
    """The query, tidied for the parser (kinds normalised, tokens one space apart, a field
    joined to its bracket), or QuerySyntaxError saying what is wrong.

    `aliases` maps attribute names as written in queries (`force`) to index fields.
    """
    query = text.strip()
    if not query:
        raise QuerySyntaxError("type something to search for")
    if query.count('"') % 2:
        raise QuerySyntaxError('a quotation mark (") is not closed')
    tokens = _TOKEN.findall(query)
    depth = 0
    kinds_from = 0  # the depth of the brackets of a `kind:( ... )` (0: outside any)
    out: list[str] = []
    previous = ""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token == "(":
            depth += 1
            if depth > MAX_DEPTH:
                raise QuerySyntaxError(f"brackets are nested more than {MAX_DEPTH} deep")
            if previous.endswith(":") and out and out[-1] == previous:
                out[-1] += token  # `speaker:(P1 OR P2)`: the field applies to the group
                if previous == f"{KIND}:" and not kinds_from:
                    kinds_from = depth
                previous = token
                i += 1
                continue
        elif token == ")":
            depth -= 1
            if depth < 0:
                raise QuerySyntaxError("a closing bracket ')' has no opening bracket '('")
            if depth < kinds_from:
                kinds_from = 0
        elif token in _BINARY:
            if not out or previous in _BINARY | {"NOT", "("} or following in ("", ")"):
                raise QuerySyntaxError(f"{token} needs words on both sides")
        elif token == "NOT" and following in _BINARY | {")", ""}:
            raise QuerySyntaxError("NOT needs a word or phrase after it")
        elif token.startswith("^") and previous == ")":
            out[-1] += token  # `(a OR b)^2`: the boost applies to the group
            previous = token
            i += 1
            continue
        elif kinds_from and ":" not in token and token != "NOT":
            token = _kind_value(token)  # `kind:(interviews OR "focus group")`
        elif not token.startswith('"'):
            token = _check_field(token, following, aliases)
            if token.endswith(":") and following.startswith('"'):
                value = following
                if token[:-1] == KIND:
                    value = _kind_value(following)
                token += value
                i += 1
        out.append(token)
        previous = token
        i += 1
    if depth > 0:
        raise QuerySyntaxError("a bracket '(' is not closed")
    return " ".join(out)


def _check_field(token: str, following: str, aliases: Mapping[str, str]) -> str:
    match = _FIELD.match(token)
    if match is None:
        return token
    name, value = match.group(1), match.group(2)
    field = name.lower()
    known = set(QUERY_FIELDS) | set(aliases)
    if field not in known:
        fields = ", ".join(sorted(known - {"text"}))
        raise QuerySyntaxError(f"unknown field {name!r} in the query; fields: {fields}")
    if not value and not following.startswith(('"', "(")):
        raise QuerySyntaxError(f"{name}: needs a value, e.g. {name}:something")
    if field == KIND and value:
        value = _kind_value(value)
    return f"{field}:{value}"
