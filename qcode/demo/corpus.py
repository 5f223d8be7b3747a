"""The demo corpus plan (267 sources, attributes, label styles) and each transcript's turns."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from qcode.demo.talk import Turn, agreement, answer, follow_up, question, themes_for

FORCES = tuple(f"Force {letter}" for letter in "ABCDEFGHIJKL")
COUNTS = {"interview": 123, "focus_group": 90, "national_interview": 54}
WORDS = {"interview": 9000, "focus_group": 12000, "national_interview": 8000}
FIRST_DAY, LAST_DAY = date(2023, 10, 9), date(2023, 12, 1)
STAFF = ("A. Clarke", "B. Osei", "C. Haworth", "D. Lindqvist", "E. Marsh", "F. Qureshi")
STYLES = (
    "colon_bold",
    "colon_bold",
    "colon_bold",
    "colon",
    "colon",
    "qa",
    "bracket",
    "teams",
    "paren",
    "table",
)

_INTERVIEW_ROLES = (
    ("Chief officer", "Chief officer"),
    ("Superintendent", "Senior"),
    ("Chief inspector", "Middle"),
    ("Inspector", "Middle"),
    ("Sergeant", "Junior"),
    ("Constable", "Junior"),
    ("EDI lead", "Staff"),
    ("Corporate communications", "Staff"),
    ("Hate crime coordinator", "Staff"),
    ("Staff network chair", "Junior"),
    ("Learning and development", "Staff"),
    ("Neighbourhood inspector", "Middle"),
)
_FG_ROLES = (
    ("Constables and sergeants", "Junior"),
    ("Police staff", "Staff"),
    ("Inspectors and chief inspectors", "Middle"),
    ("Staff network members", "Mixed"),
    ("Advisory group members", "External"),
    ("Response officers", "Junior"),
    ("Neighbourhood teams", "Junior"),
)
_NATIONAL_ROLES = (
    ("NPCC portfolio lead", "Chief officer"),
    ("College of Policing", "Staff"),
    ("Staff association", "Mixed"),
    ("External organisation", "External"),
    ("Home Office official", "External"),
    ("Campaign group", "External"),
    ("Police and crime commissioner", "External"),
)
_SURNAMES = (
    "Khan",
    "Walker",
    "Evans",
    "Patel",
    "Morgan",
    "Hughes",
    "Okafor",
    "Rees",
    "Novak",
    "Ahmed",
    "Price",
    "Doyle",
    "Ferreira",
    "Lewis",
    "Begum",
    "Taylor",
    "Wright",
)
_FIRST = (
    "Sam",
    "Priya",
    "Tom",
    "Aisha",
    "Gareth",
    "Mei",
    "Joe",
    "Nadia",
    "Owen",
    "Ruth",
    "Kwame",
    "Ellie",
    "Dev",
    "Hannah",
)
_TITLES = {
    "Constable": "PC",
    "Sergeant": "Sgt",
    "Inspector": "Insp",
    "Chief inspector": "DCI",
    "Superintendent": "Supt",
    "Chief officer": "ACC",
    "Neighbourhood inspector": "Insp",
}


@dataclass
class Source:
    """One demo transcript: what it is, who took part, how its labels are written."""

    kind: str
    number: int
    force: str
    role: str
    rank_band: str
    day: date
    interviewer: str
    fmt: str
    style: str
    words: int
    seed: str
    labels: dict[str, str] = field(default_factory=dict)  # role key -> label as written

    @property
    def stem(self) -> str:
        if self.kind == "interview":
            return f"Interview {self.number:03d} ({self.force})"
        if self.kind == "focus_group":
            return f"Focus group {self.number:02d} ({self.force})"
        return f"National interview {self.number:02d}"

    @property
    def filename(self) -> str:
        return f"{self.stem}.{self.fmt}"

    @property
    def folder(self) -> str:
        return {"interview": "interviews", "focus_group": "focus groups"}.get(
            self.kind, "national interviews"
        )


def _format(rng: random.Random) -> str:
    roll = rng.random()
    return "txt" if roll < 0.07 else "odt" if roll < 0.12 else "pdf" if roll < 0.155 else "docx"


def _labels(rng: random.Random, kind: str, style: str, role: str) -> dict[str, str]:
    if style == "qa":
        return {"interviewer": "Q", "respondent": "A"}
    if kind == "focus_group":
        lead = rng.choice(("Facilitator", "Moderator", "FAC"))
        n = rng.randint(4, 8)
        form = rng.choice(("P{n}", "Participant {n}", "Officer {n}", "name"))
        names = rng.sample(_FIRST, n)
        people = {
            f"p{i}": names[i - 1] if form == "name" else form.format(n=i) for i in range(1, n + 1)
        }
        return {"interviewer": lead, **people}
    lead = rng.choice(("Interviewer", "Interviewer", "INT", "IV"))
    title = _TITLES.get(role)
    surname = rng.choice(_SURNAMES)
    if kind == "national_interview":
        who = rng.choice((f"Dr {surname}", f"Ms {surname}", f"Mr {surname}", "Respondent"))
    else:
        who = rng.choice(
            (
                f"{title} {surname}" if title else f"{rng.choice(_FIRST)} {surname}",
                "Respondent",
                "Interviewee",
                "R",
            )
        )
        if lead == "INT" and who == "R":
            who = "RESP"
    return {"interviewer": lead, "respondent": who}


def plan(scale: float = 1.0, seed: int = 1, length: float = 1.0) -> list[Source]:
    """Every source of the corpus, deterministic for `seed`."""
    rng = random.Random(seed)
    days = (LAST_DAY - FIRST_DAY).days
    out: list[Source] = []
    for kind, count in COUNTS.items():
        roles = {"interview": _INTERVIEW_ROLES, "focus_group": _FG_ROLES}.get(kind, _NATIONAL_ROLES)
        for number in range(1, max(1, round(count * scale)) + 1):
            role, band = rng.choice(roles)
            style = rng.choice(STYLES)
            fmt = _format(rng)
            if (style == "table" and fmt != "docx") or (style == "qa" and kind == "focus_group"):
                style = "colon"
            source = Source(
                kind=kind,
                number=number,
                force="National" if kind == "national_interview" else FORCES[(number - 1) % 12],
                role=role,
                rank_band=band,
                day=FIRST_DAY + timedelta(days=rng.randint(0, days)),
                interviewer=rng.choice(STAFF),
                fmt=fmt,
                style=style,
                words=max(150, int(WORDS[kind] * length * rng.uniform(0.8, 1.2))),
                seed=f"{seed}:{kind}:{number}",
            )
            source.labels = _labels(rng, kind, style, role)
            out.append(source)
    return out


def _intro(source: Source) -> list[Turn]:
    subject = "this focus group" if source.kind == "focus_group" else "talking to us"
    return [
        Turn(
            "interviewer",
            f"Thank you for {subject}. As you know, we are looking at activism "
            "and impartiality in policing. What you say is anonymised. Are you happy for us to "
            "record?",
        ),
        Turn("respondent", "Yes, that's fine."),
        Turn("interviewer", "Could you start by telling me a little about your role?"),
    ]


def script(source: Source) -> list[Turn]:
    """The turns of one transcript, about `source.words` words long."""
    rng = random.Random(source.seed)
    turns = _intro(source)
    years = rng.randint(2, 28)
    people = sorted(k for k in source.labels if k.startswith("p"))
    if people:
        turns[1].role = people[0]
        turns.append(Turn(people[0], f"I've been in the job {years} years, mostly on response."))
        for key in people[1:]:
            where = rng.choice(
                (
                    "on response",
                    "in neighbourhoods",
                    "in custody",
                    "in CID",
                    "in the control room",
                    "in HR",
                    "in training",
                    "on roads",
                )
            )
            turns.append(
                Turn(
                    key,
                    f"{rng.choice(('Same', 'Similar', 'Different for me'))}. "
                    f"{rng.randint(1, 25)} years in, {where}.",
                )
            )
    else:
        turns.append(
            Turn(
                "respondent",
                f"I'm in the {source.role.lower()} role and have been for about {years} years.",
            )
        )
    words = sum(len(t.text.split()) for t in turns)
    themes = themes_for(rng, source.kind)
    used: set[str] = set()
    i = 0
    while words < source.words - 250:
        theme = themes[i % len(themes)]
        i += 1
        block = [question(rng, theme)]
        rounds = rng.randint(1, 3)
        for r in range(rounds):
            if r:
                block.append(follow_up(rng))
            speakers = (
                rng.sample(people, k=min(len(people), rng.randint(2, 4)))
                if people
                else ["respondent"]
            )
            for n, who in enumerate(speakers):
                prefix = agreement(rng) if n and rng.random() < 0.35 else ""
                turn = answer(rng, theme, rng.randint(2, 7), prefix, used)
                turn.role = who
                block.append(turn)
        words += sum(len(t.text.split()) for t in block)
        turns += block
    last = people[-1] if people else "respondent"
    turns += [
        Turn("interviewer", "Is there anything else you would like to tell us?"),
        Turn(last, "No, I think we've covered it. Thanks for listening."),
        Turn("interviewer", "Thank you very much for your time."),
    ]
    return turns
