"""A labelled set of transcript styles and plain prose, written in every format."""

from __future__ import annotations

import html
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import docx

from tests.importers.files import FIXED_DATE, fix_zip_times, write_odt


@dataclass(frozen=True)
class Para:
    """One paragraph: its label as written (e.g. 'PC Smith: ', '' for none) and its words;
    `speaker` is the expected speaker when the paragraph opens a turn, else None."""

    label: str
    text: str
    speaker: str | None = None

    @property
    def line(self) -> str:
        return self.label + self.text


@dataclass(frozen=True)
class Transcript:
    """A generated document; `bold` means the labels are bold in formats that have bold."""

    style: str
    paras: list[Para]
    bold: bool = False

    @property
    def expected(self) -> list[tuple[str, str]]:
        """(speaker, opening words) of every turn, in order."""
        return [(p.speaker, key(p.line)) for p in self.paras if p.speaker is not None]


def key(text: str) -> str:
    """The opening words of a paragraph's first line, which identify it in any format."""
    return " ".join(text.split("\n", 1)[0].split())[:40]


_TEXT = (
    "the force has an equality plan but it is not used when decisions are made about stop and "
    "search and the scrutiny panel sees the data late officers told us the training was short "
    "and supervisors rarely check body worn video we asked how complaints are recorded and "
    "who reads them each month the analyst said the figures are published quarterly"
)
_WORDS = _TEXT.split()


def _sentence(rng: random.Random, words: int = 14) -> str:
    picked = [rng.choice(_WORDS) for _ in range(words)]
    return " ".join(picked).capitalize() + "."


def _turn(rng: random.Random, label: str, speaker: str, sep: str = ": ") -> list[Para]:
    """A turn: its labelled paragraph, sometimes followed by an unlabelled continuation."""
    paras = [Para(label + sep, _sentence(rng, rng.randint(6, 20)), speaker)]
    if rng.random() < 0.3:
        paras.append(Para("", _sentence(rng, rng.randint(6, 16))))
    return paras


def _dialogue(
    rng: random.Random, interviewer: str, others: list[str], turns: int = 12, sep: str = ": "
) -> list[Para]:
    paras: list[Para] = []
    for n in range(turns):
        who = interviewer if n % 2 == 0 else others[(n // 2) % len(others)]
        paras += _turn(rng, who, who, sep)
    return paras


def rank_and_name_once(rng: random.Random) -> Transcript:
    others = ["PC Smith", "DS Patel", "Ch Insp O'Neill", "Det Supt Grey", "T/Sgt Ng"]
    return Transcript("rank + name, once each", _dialogue(rng, "Interviewer", others, 10))


def roles_once(rng: random.Random) -> Transcript:
    others = ["Constable", "Chief Officer", "Staff Officer", "Analyst", "Special Constable"]
    return Transcript("roles, once each", _dialogue(rng, "Interviewer", others, 10))


def non_latin_names(rng: random.Random) -> Transcript:
    others = [
        "Sergeant Żaneta Kowalczyk",
        "Insp Zoë Brontë",
        "PCSO Ólafur Jónsson",
        "Dr Ngozi Ọkafọ",
    ]
    return Transcript("non-ASCII names", _dialogue(rng, "Moderator", others, 10))


def bold_labels(rng: random.Random) -> Transcript:
    others = ["Analyst", "Jo Bloggs", "A/DCI Rahman"]
    return Transcript("bold labels", _dialogue(rng, "Interviewer", others, 10), bold=True)


def apostrophes_and_hyphens(rng: random.Random) -> Transcript:
    others = ["Mary O’Neill", "Ann Smith-Jones", "Sean D'Arcy", "Mr Ó Briain"]
    return Transcript("apostrophes, hyphens", _dialogue(rng, "Interviewer", others, 10))


def abbreviations(rng: random.Random) -> Transcript:
    header = [
        Para("", "Interview 14 - Force C"),
        Para("Date: ", "9 October 2023"),
        Para("Location: ", "Force headquarters"),
        Para("Note: ", "recording began late"),
        Para("Interviewer: ", "Jane Smith"),
        Para("Interviewee: ", "DS Patel"),
        Para("Note-taker: ", "Ms Li"),
    ]
    return Transcript("INT / R with a header", header + _dialogue(rng, "INT", ["R"], 12))


def question_answer(rng: random.Random) -> Transcript:
    return Transcript("Q / A", _dialogue(rng, "Q", ["A"], 12))


def focus_group(rng: random.Random) -> Transcript:
    paras: list[Para] = []
    people = ["P1", "P2", "P3", "P4", "Note-taker", "P5"]
    for n in range(14):
        who = "Facilitator" if n % 3 == 0 else people[n % len(people)]
        paras += _turn(rng, who, who)
        if n == 5:
            paras.append(Para("", "[crosstalk]"))
    return Transcript("focus group", paras)


def honorifics(rng: random.Random) -> Transcript:
    others = ["Dr Rees", "Prof. Lamb", "Mrs Okafor", "Ms Li", "Cllr Hughes"]
    return Transcript("honorifics", _dialogue(rng, "Interviewer", others, 10))


def timestamps(rng: random.Random) -> Transcript:
    paras: list[Para] = []
    for n in range(10):
        who = "Interviewer" if n % 2 == 0 else ["Sam Jones", "Ali Khan", "DCC Moore"][n % 3]
        stamp = f"00:{n:02d}:{rng.randint(10, 59)}"
        label = f"[{stamp}] {who}: " if n % 4 < 2 else f"{who} ({stamp}): "
        paras.append(Para(label, _sentence(rng), who))
    return Transcript("timestamps", paras)


def name_time_own_line(rng: random.Random) -> Transcript:
    paras: list[Para] = []
    for n in range(8):
        who = "Interviewer" if n % 2 == 0 else "Supt Harris"
        paras.append(Para("", f"{who} 00:{n:02d}:{rng.randint(10, 59)}", who))
        paras.append(Para("", _sentence(rng)))
    return Transcript("name + time on its own line", paras)


def capitals_and_colon_traps(rng: random.Random) -> Transcript:
    paras = _dialogue(rng, "INTERVIEWER", ["SUPT HARRIS", "ACC BELL"], 8)
    traps = [Para("", "The problem is this: nobody reads the minutes."),
             Para("", "Re: the stop and search policy, it changed."),
             Para("", "At 10:30 we met the panel."),
             Para("", "Firstly: the data arrive late."),
             Para("Note: ", "the officer left the room.")]  # fmt: skip
    out: list[Para] = []
    for n, para in enumerate(paras):
        out.append(para)
        if para.speaker and para.speaker != "INTERVIEWER" and traps:
            out.append(traps.pop(0))
        if n == len(paras) - 1:
            out.extend(traps)
    return Transcript("capitals + colon traps", out)


def police_ranks(rng: random.Random) -> Transcript:
    others = ["Chief Constable Ward", "ACC Bell", "PCSO Ahmed", "DC Evans", "Sgt Lowe",
              "DI Shah", "Cmdr Price", "Ch Supt Noor", "PS Doyle", "Insp Kerr"]  # fmt: skip
    return Transcript("police ranks", _dialogue(rng, "Facilitator", others, 20))


def names_once(rng: random.Random) -> Transcript:
    """Two regular speakers, and people who speak once, named without rank."""
    paras = _dialogue(rng, "Interviewer", ["Officer"], 8)
    paras[3:3] = _turn(rng, "Bartłomiej Nowak", "Bartłomiej Nowak")
    paras[7:7] = _turn(rng, "Jo Bloggs", "Jo Bloggs")
    paras.append(Para("", "Honestly: the panel never sees it."))
    paras.append(Para("", "Personally: I would publish it."))
    paras += _turn(rng, "Siân Lloyd-Evans", "Siân Lloyd-Evans")
    return Transcript("names once, no rank", paras)


def mixed_labels(rng: random.Random) -> Transcript:
    """Labels gathered after the first version of the rules was written (a held-out check)."""
    others = [
        "Respondent (Force B)", "Mrs Jean-Paul D’Souza", "Supt. Ahmed-Khan", "Special Sgt Price",
        "Det Insp Mac an tSaoir", "Dr. Chidi O'Brien-Okeke", "Ms Nguyễn Thị Thanh Lan",
        "DC 4521 Jones", "PC 1234", "Officer A", "Staff Member 3", "HMI Wendy Williams",
        "Inspecting officer", "Force liaison officer", "Deputy Chief Constable Ashworth",
        "Interviewee (PS)", "SPOC", "Panel member 4", "Cllr. O’Hara", "Sir Tom Winsor",
        "D/Supt Reid", "Sgt. Łukasz Wiśniewski", "Ó Súilleabháin", "Mary-Kate O’Neill-Smith",
    ]  # fmt: skip
    return Transcript("held-out mixed labels", _dialogue(rng, "Interviewer", others, 48))


STYLES: tuple[Callable[[random.Random], Transcript], ...] = (
    rank_and_name_once, roles_once, non_latin_names, bold_labels, apostrophes_and_hyphens,
    abbreviations, question_answer, focus_group, honorifics, timestamps, name_time_own_line,
    capitals_and_colon_traps, police_ranks, names_once, mixed_labels,
)  # fmt: skip


def prose(rng: random.Random) -> Transcript:
    """An inspection report: headings, colons inside sentences, no speaker at all."""
    lines = [
        "Inspection of Force C", "Summary:", _sentence(rng, 30),
        "Cause of concern: the force does not understand its use of stop and search.",
        "Recommendation 1: by March, the force should publish its data.",
        "Recommendation 2: the force should train its supervisors.",
        "Area for improvement: scrutiny of body-worn video.",
        "The Chief Constable told us the following: the plan would be reviewed.",
        "Context: " + _sentence(rng, 20), "Date: 9 October 2023", "Source: force data",
        "At 10:30 the panel met.", "Key findings:", _sentence(rng, 25),
        "Firstly: the data arrive late.", "Overall: the force is inadequate.",
        "Findings: " + _sentence(rng, 12), "Findings: " + _sentence(rng, 12),
        "Ratio 3:1 of searches.", _sentence(rng, 40), "Workforce",
        "Constable: 1,200", "Sergeant: 240", "Inspector: 61", "PCSO: 150", "Staff: 12%",
        "Chief Inspector: (14)",
    ]  # fmt: skip
    return Transcript("plain prose (report)", [Para("", line) for line in lines])


def prose_letter(rng: random.Random) -> Transcript:
    lines = [
        "From: the inspection team", "To: Chief Constable", "Re: stop and search data",
        "Dear Chief Constable,", _sentence(rng, 30),
        "We found three things: the data are late, incomplete and unchecked.",
        "Attendees: four officers and two staff.", _sentence(rng, 20), "Yours sincerely,",
        "HM Inspector of Constabulary",
    ]  # fmt: skip
    return Transcript("plain prose (letter)", [Para("", line) for line in lines])


PROSE: tuple[Callable[[random.Random], Transcript], ...] = (prose, prose_letter)


# Writers: one file per format. Labels are bold in the rich formats when the style says so.


def write_txt(path: Path, t: Transcript) -> Path:
    path.write_text("\n".join(p.line for p in t.paras) + "\n", encoding="utf-8")
    return path


def write_md(path: Path, t: Transcript) -> Path:
    lines = []
    for p in t.paras:
        if t.bold and p.label:
            name = p.label.rstrip().rstrip(":")
            lines.append(f"**{name}:** {p.text}" if len(lines) % 2 else f"**{name}**: {p.text}")
        else:
            lines.append(p.line)
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write_html(path: Path, t: Transcript) -> Path:
    body = []
    for p in t.paras:
        if t.bold and p.label:
            tag = "strong" if len(body) % 2 else "b"
            body.append(
                f"<p><{tag}>{html.escape(p.label.strip())}</{tag}> {html.escape(p.text)}</p>"
            )
        else:
            body.append(f"<p>{html.escape(p.line)}</p>")
    page = "<!DOCTYPE html><html><head><title>t</title></head><body>\n" + "\n".join(body)
    path.write_text(page + "\n</body></html>\n", encoding="utf-8")
    return path


def write_docx(path: Path, t: Transcript) -> Path:
    document = docx.Document()
    for p in t.paras:
        para = document.add_paragraph()
        if p.label:
            para.add_run(p.label).bold = t.bold
        para.add_run(p.text)
    props = document.core_properties
    props.created = props.modified = props.last_printed = FIXED_DATE
    props.revision = 1
    document.save(str(path))
    return fix_zip_times(path)


_ODT_BOLD = (
    '<office:automatic-styles xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">'
    '<style:style style:name="T1" style:family="text">'
    '<style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>'
)


def write_odt_file(path: Path, t: Transcript) -> Path:
    body = []
    for p in t.paras:
        label = escape(p.label)
        if t.bold and p.label:
            label = f'<text:span text:style-name="T1">{escape(p.label.strip())}</text:span> '
        body.append(f"<text:p>{label}{escape(p.text)}</text:p>")
    return write_odt(path, "".join(body), styles=_ODT_BOLD)


def write_pdf(path: Path, t: Transcript) -> Path:
    """Lines drawn in Helvetica (bold labels in Helvetica-Bold), wrapped at 90 characters."""
    import textwrap

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = 800
    for p in t.paras:
        for n, line in enumerate(textwrap.wrap(p.line, 90) or [""]):
            if y < 60:
                c.showPage()
                y = 800
            x = 50
            if n == 0 and p.label and t.bold:
                c.setFont("Helvetica-Bold", 10)
                c.drawString(x, y, p.label)
                x += c.stringWidth(p.label, "Helvetica-Bold", 10)
                line = line[len(p.label) :]
            c.setFont("Helvetica", 10)
            c.drawString(x, y, line)
            y -= 14
        y -= 6
    c.showPage()
    c.save()
    return path


def pdf_safe(t: Transcript) -> bool:
    """Whether Helvetica (Latin-1) can draw every character of the transcript."""
    try:
        "".join(p.line for p in t.paras).encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


WRITERS: dict[str, Callable[[Path, Transcript], Path]] = {
    "txt": write_txt, "md": write_md, "html": write_html, "docx": write_docx,
    "odt": write_odt_file, "pdf": write_pdf,
}  # fmt: skip
