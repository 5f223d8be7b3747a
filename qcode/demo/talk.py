"""Synthetic conversation: interviewer questions and answers that discuss the ToR themes."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from qcode.demo.themes import THEMES, Theme, Topic
from qcode.demo.wording import SYNONYMS

_SLOT = re.compile(r"\{(\w+)\}")

OPENERS = (
    "",
    "",
    "",
    "",
    "Yes. ",
    "Well, ",
    "Honestly, ",
    "To be fair, ",
    "From my point of view, ",
    "I mean, ",
    "Good question. ",
    "Right, so ",
    "It's difficult. ",
    "In my experience, ",
    "That's a big one. ",
    "Where do I start? ",
    "Okay. ",
    "So, ",
)
ASIDES = (
    "You know what I mean?",
    "That's the reality of it.",
    "It's not perfect.",
    "I'd have to check the exact figures.",
    "We're getting there, slowly.",
    "That's my honest view.",
    "It varies from team to team.",
    "I know other forces do it differently.",
    "I don't want to overstate it.",
    "It's been like that for as long as I can remember.",
    "That's what I hear on the shift.",
    "I can only speak for my own area.",
    "Things have improved in the last year or so.",
)
FOLLOW_UPS = (
    "Can you give me an example of that?",
    "Why do you think that is?",
    "How does that land with the front line?",
    "Is that a common view?",
    "And what would you change, if you could?",
    "Thank you, that's really helpful.",
    "Could you say a bit more about that?",
    "Okay. And has that changed recently?",
    "That's interesting. Who decides that?",
    "Right. How do colleagues feel about it?",
    "What difference has that made in practice?",
    "Is that the same across the force, or just in your area?",
    "Who else should we speak to about that?",
    "How would the public see that, do you think?",
    "Has anyone raised that with senior leaders?",
    "Mm. Go on.",
)
AGREEMENTS = (
    "I agree with that.",
    "Same for us.",
    "I'd disagree slightly.",
    "Just to add to that, ",
    "I'd go further, actually. ",
    "That's not my experience, to be honest. ",
    "Yes, exactly. ",
    "Building on that, ",
)


@dataclass
class Turn:
    """One speaker turn: who speaks (a role key), the words, and the themed sentences in it."""

    role: str
    text: str
    tags: list[tuple[str, int, str]] = field(default_factory=list)  # (sentence, theme, topic)


def fill(rng: random.Random, template: str) -> str:
    """A template with each {slot} replaced by one of its synonyms, capitalised as a sentence."""
    text = _SLOT.sub(lambda m: rng.choice(SYNONYMS[m.group(1)]), template)
    return text[0].upper() + text[1:] if text else text


_PROPER = ("I", "I'm", "I've", "I'd", "I'll", "Pride", "Twitter", "X", "Facebook")


def _join(opener: str, sentence: str) -> str:
    """`opener` then `sentence`, lower-casing the sentence's first letter after a comma."""
    opener = opener.strip()
    if not opener:
        return sentence
    if opener.endswith((".", "?", "!")):
        return f"{opener} {sentence}"
    first = sentence.split(" ", 1)[0].rstrip(",;:")
    proper = first in _PROPER or (len(first) > 1 and first[:2].isupper())  # EIAs, NCHI, PCC
    return f"{opener} {sentence if proper else sentence[0].lower() + sentence[1:]}"


CONNECTORS = ("And ", "But ", "Also, ", "Then again, ", "Mind you, ", "On top of that, ",
              "Equally, ", "At the same time, ")  # fmt: skip


def answer(
    rng: random.Random,
    theme: Theme,
    n_sentences: int,
    prefix: str = "",
    used: set[str] | None = None,
) -> Turn:
    """An answer of a few sentences on `theme` (one or two of its sub-topics), preferring
    sentences this conversation has not used yet (`used` is updated)."""
    used = set() if used is None else used
    k = min(len(theme.topics), rng.choice((1, 1, 2)))
    topics: list[Topic] = rng.sample(list(theme.topics), k=k)
    pool = [(t, topic) for topic in topics for t in topic.sentences]
    fresh = [item for item in pool if item[0] not in used]
    if len(fresh) < n_sentences:
        fresh += rng.sample(
            [i for i in pool if i not in fresh],
            k=min(len(pool) - len(fresh), n_sentences - len(fresh)),
        )
    chosen = rng.sample(fresh, k=min(n_sentences, len(fresh)))
    parts: list[tuple[str, Topic | None]] = []
    for i, (template, topic) in enumerate(chosen):
        used.add(template)
        sentence = fill(rng, template)
        if rng.random() < 0.12:
            parts.append((rng.choice(ASIDES), None))
        if i and rng.random() < 0.2:
            sentence = _join(rng.choice(CONNECTORS), sentence)
        parts.append((sentence, topic))
    parts[0] = (_join(prefix or rng.choice(OPENERS), parts[0][0]), parts[0][1])
    tags = [(text, theme.number, topic.key) for text, topic in parts if topic is not None]
    return Turn("respondent", " ".join(text for text, _ in parts), tags)


def question(rng: random.Random, theme: Theme) -> Turn:
    return Turn("interviewer", fill(rng, rng.choice(theme.questions)))


def follow_up(rng: random.Random) -> Turn:
    return Turn("interviewer", rng.choice(FOLLOW_UPS))


def agreement(rng: random.Random) -> str:
    return rng.choice(AGREEMENTS)


def themes_for(rng: random.Random, kind: str) -> list[Theme]:
    """The themes one conversation covers, in a plausible order (every one at least sometimes)."""
    k = {"interview": 6, "focus_group": 7, "national_interview": 5}.get(kind, 5)
    chosen = rng.sample(list(THEMES), k=k)
    return sorted(chosen, key=lambda t: t.number + rng.random() * 3)
