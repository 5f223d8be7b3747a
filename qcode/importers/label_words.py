"""The words of speaker labels: UK police ranks, staff roles, honorifics, and name-shaped words."""

from __future__ import annotations

import re
from typing import Literal

Shape = Literal["role", "rank_name", "honorific_name", "name"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Ranks as UK forces write them, in full and abbreviated (lower case, without full stops).
RANKS = _words(
    "constable sergeant inspector superintendent commander commissioner pcso pc dc sc ps ds sgt "
    "dsgt insp di ci dci supt dsupt cs dcs cmdr acc dcc cc dac ac dc"
)
#: Staff roles and interview roles that name a speaker by themselves.
ROLES = _words(
    "interviewer interviewee analyst officer facilitator moderator participant respondent "
    "notetaker note-taker taker chair chairperson researcher observer manager lead director "
    "coordinator co-ordinator supervisor trainer secretary clerk adviser advisor witness "
    "inspector speaker member representative rep hmi spoc handler investigator advocate "
    "solicitor caseworker chaplain volunteer"
)
#: Words that qualify a rank or role: Chief Officer, Det Supt, Special Constable, Staff Officer.
QUALIFIERS = _words(
    "chief ch senior snr lead staff force police deputy dep assistant asst acting temporary "
    "detective det special head principal civilian independent lay community support "
    "note second first co hmi his her majesty's majesty’s inspecting liaison panel link local "
    "neighbourhood custody control room call duty review response family victim case scrutiny "
    "ethics equality diversity engagement"
)
#: Honorifics and titles that come before a name.
HONORIFICS = _words(
    "mr mrs ms miss mx dr prof professor sir dame lord lady rev revd cllr councillor"
)
#: Name particles written in lower case (Ludwig van Beethoven, Ana de Souza).
PARTICLES = _words("van von de der den da di du des la le ten ter bin al el y an ní nic")
#: Words that head a line of a report, not a turn, even when they occur many times.
HEADINGS = _words(
    "conclusion conclusions recommendation recommendations finding findings result results "
    "issue issues risk risks status owner source author method methods aim aims purpose "
    "objective objectives observation observations step stage phase point points item items "
    "area areas option options cause causes strength strengths weakness weaknesses context "
    "definition definitions scope criteria criterion evidence rationale outcome priority"
)
#: Capitalised words that open a heading or a sentence rather than name a person.
NOT_NAMES = HEADINGS | _words(
    "notes note information details comments comment summary questions question profile "
    "background feedback sheet list guide firstly secondly thirdly finally overall basically "
    "honestly yes no well so okay ok right again then now because but and also example "
    "specifically generally actually the a an this that these those it we they he she you i "
    "my our their there here what why how when where who which if in on at for to from with "
    "by of as re fw fwd cc bcc sent subject contact email phone tel address name age gender "
    "consent version draft answer response lastly importantly personally frankly clearly "
    "obviously unfortunately fortunately interestingly ultimately essentially anyway however "
    "therefore meanwhile otherwise plus eg ie nb ps"
)

_SLASH_PREFIX = re.compile(r"^(?:[tadc]|det)/", re.IGNORECASE)
_NUMBER = re.compile(r"\d{1,3}[a-z]?|[A-Z]|\(\w{1,3}\)", re.IGNORECASE)
#: A collar or staff number after a rank: PC 1234, DC 4521 Jones.
_COLLAR = re.compile(r"\d{2,6}")
#: Most words of a name after a rank or honorific (Ms Nguyễn Thị Thanh Lan).
_NAME_WORDS = 4
_APOSTROPHES = "'’"


def _token(word: str) -> str:
    """A rank or role word as looked up: lower case, no full stops, no T/ A/ prefix."""
    word = word.strip(".").lower()
    while _SLASH_PREFIX.match(word):
        word = _SLASH_PREFIX.sub("", word, count=1)
    return word.replace(".", "")


def name_word(word: str) -> bool:
    """Whether `word` can be part of a person's name: capitalised letters with apostrophes,
    hyphens and full stops (O'Neill, Smith-Jones, B., Żaneta, McDonald, tSaoir), or a
    particle."""
    if word in PARTICLES:
        return True
    core = word.rstrip(".")
    if len(core) >= 3 and core[0] in "tnhmbgd" and core[1].isupper():
        core = core[1:]  # an Irish initial mutation: Mac an tSaoir, Ó hUiginn
    if not core or not core[0].isupper():
        return False
    if core.lower() in NOT_NAMES:
        return False
    return all(ch.isalpha() or ch in _APOSTROPHES or ch in "-." for ch in core)


def shape(name: str) -> Shape | None:
    """What a label names, judged by its words alone.

    'role': a rank or role, possibly numbered (Constable, Chief Officer, Ch Insp, Officer 2);
    'rank_name': a rank or role then a name (PC Smith, Det Supt O'Neill, T/Sgt Ng);
    'honorific_name': Dr Rees, Ms Żaneta Kowalczyk; 'name': one to three name words;
    None otherwise.
    """
    words = name.split()
    if not words or len(words) > 6:
        return None
    i, head = 0, False
    while i < len(words):
        token = _token(words[i])
        if token in RANKS or token in ROLES:
            head = True
        elif not (token in QUALIFIERS and i + 1 < len(words)):
            break
        i += 1
    rest = words[i:]
    if head:
        if rest and _COLLAR.fullmatch(rest[0]):
            rest = rest[1:]
            if not rest:
                return "role"
        if not rest or (len(rest) == 1 and _NUMBER.fullmatch(rest[0])):
            return "role"
        if len(rest) <= _NAME_WORDS and all(name_word(w) for w in rest):
            return "rank_name"
        return None
    if i == 0 and _token(words[0]) in HONORIFICS:
        rest = words[1:]
        if 1 <= len(rest) <= _NAME_WORDS and all(name_word(w) for w in rest):
            return "honorific_name"
        return None
    if i == 0 and len(words) <= 3 and all(name_word(w) for w in words):
        if words[0] in PARTICLES:
            return None
        return "name"
    return None
