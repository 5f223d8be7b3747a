"""A few hundred demo codings: themed sentences coded against the shipped codebook's codes."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from sqlalchemy import select

from qcode.codebook.tree import CodeInfo, code_infos
from qcode.coding import insert_coding
from qcode.demo.themes import THEMES
from qcode.store import Action, Code, Document, Project

Tag = tuple[str, int, str]  # (sentence, theme number, topic key)

_GOOD = re.compile(r"much better|excellent|really helped|positive|powerful|worked because")
_CONCERN = re.compile(r"risk|drain|frightened|scared|resent|impossible|under threat|blind")


def _numbers(tor_item: str) -> set[int]:
    return {int(n) for n in re.findall(r"\d+", tor_item)}


def code_for_topics(codes: Sequence[CodeInfo]) -> dict[tuple[int, str], str]:
    """For each (theme, topic) of the demo content, the UUID of the best matching code:
    a code of the same ToR item whose path names the topic, else any code that does, else the
    theme's top-level code."""
    out: dict[tuple[int, str], str] = {}
    codable = [c for c in codes if c.codable]

    def score(code: CodeInfo, keywords: Sequence[str]) -> int:
        name = code.name.lower()
        return sum(1 for k in keywords if k in name)

    for theme in THEMES:
        same = [c for c in codable if theme.number in _numbers(c.tor_item)]
        top = min(same, key=lambda c: c.depth, default=None)
        for topic in theme.topics:
            best = max(same, key=lambda c: (score(c, topic.keywords), c.depth), default=None)
            if best is None or score(best, topic.keywords) == 0:
                subs = [c for c in codable if c.depth > 0]
                anywhere = max(subs, key=lambda c: score(c, topic.keywords), default=None)
                matched = anywhere is not None and score(anywhere, topic.keywords) > 0
                best = anywhere if matched else top
            if best is not None:
                out[(theme.number, topic.key)] = best.uuid
    return out


def _cross_cutting(codes: Sequence[CodeInfo], name: str) -> str | None:
    for code in codes:
        if code.depth > 0 and code.name.lower() == name and code.codable:
            return code.uuid
    return None


def add_demo_codings(
    project: Project, tags: dict[str, list[Tag]], per_document: int = 2, seed: int = 1
) -> int:
    """Code `per_document` themed sentences (of different themes) in each document, plus
    'Good practice' and 'Concern' where a sentence says so; returns the number of codings."""
    rng = random.Random(f"{seed}:codings")
    created = 0
    with project.transaction(Action("demo codings", "coding", touches={"codings"})) as s:
        infos = code_infos(s)
        mapping = code_for_topics(infos)
        good, concern = _cross_cutting(infos, "good practice"), _cross_cutting(infos, "concern")
        if not mapping:
            return 0
        wanted = set(mapping.values()) | {u for u in (good, concern) if u}
        codes = {c.uuid: c for c in s.scalars(select(Code).where(Code.uuid.in_(wanted)))}
        docs = {d.name: d for d in s.scalars(select(Document).where(~Document.deleted))}
        for name in sorted(tags):
            doc = docs.get(name)
            if doc is None:
                continue
            pool = list(tags[name])
            rng.shuffle(pool)
            themes_done: set[int] = set()
            for sentence, theme, topic in pool:
                if len(themes_done) >= per_document:
                    break
                if theme in themes_done or (theme, topic) not in mapping:
                    continue
                start = doc.text.find(sentence)
                if start < 0:
                    continue
                end = start + len(sentence)
                themes_done.add(theme)
                targets = [mapping[(theme, topic)]]
                if good and _GOOD.search(sentence):
                    targets.append(good)
                elif concern and _CONCERN.search(sentence) and rng.random() < 0.5:
                    targets.append(concern)
                for uuid in targets:
                    _coding, made = insert_coding(
                        s, doc, codes[uuid], start, end, project.coder_uuid
                    )
                    created += made
    return created
