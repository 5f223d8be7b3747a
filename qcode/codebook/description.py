"""Structured code fields kept readable inside one REFI-QDA `<Description>` text, and back."""

from __future__ import annotations

import re

#: Field -> the label written at the start of its section (the definition has none).
LABELS = {
    "inclusion": "Include",
    "exclusion": "Exclude",
    "example": "Example",
    "tor_item": "ToR item",
}
#: Labels also accepted on reading (other tools and hand-written codebooks).
_ALIASES = {
    "definition": "definition",
    "include": "inclusion",
    "inclusion": "inclusion",
    "inclusion criteria": "inclusion",
    "when to use": "inclusion",
    "exclude": "exclusion",
    "exclusion": "exclusion",
    "exclusion criteria": "exclusion",
    "when not to use": "exclusion",
    "example": "example",
    "examples": "example",
    "tor item": "tor_item",
    "tor": "tor_item",
    "terms of reference item": "tor_item",
}
_LABEL_LINE = re.compile(
    r"^(" + "|".join(re.escape(a) for a in sorted(_ALIASES, key=len, reverse=True)) + r")\s*:\s?",
    re.IGNORECASE,
)


def _escape(value: str) -> list[str]:
    """Lines of a field, a backslash before any line a reader would take for a label."""
    out = []
    for line in value.split("\n"):
        if line.startswith("\\") or _LABEL_LINE.match(line):
            line = "\\" + line
        out.append(line)
    return out


def encode(fields: dict[str, str]) -> str:
    """The definition first, then `Include: …`, `Exclude: …`, `Example: …`, `ToR item: …`."""
    sections: list[str] = []
    definition = fields.get("definition", "").strip()
    if definition:
        sections.append("\n".join(_escape(definition)))
    for name, label in LABELS.items():
        value = fields.get(name, "").strip()
        if value:
            first, _, rest = value.partition("\n")
            lines = [f"{label}: {first}", *(_escape(rest) if rest else [])]
            sections.append("\n".join(lines))
    return "\n\n".join(sections)


def decode(text: str) -> dict[str, str]:
    """Split a description into fields; text before any label is the definition."""
    fields: dict[str, list[str]] = {"definition": []}
    current = "definition"
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        match = _LABEL_LINE.match(line)
        if match:
            current = _ALIASES[match.group(1).lower()]
            fields.setdefault(current, [])
            if fields[current]:
                fields[current].append("")
            fields[current].append(line[match.end() :])
            continue
        if line.startswith("\\"):
            line = line[1:]
        fields.setdefault(current, []).append(line)
    return {name: "\n".join(lines).strip() for name, lines in fields.items()}
