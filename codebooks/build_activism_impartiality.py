"""Build the shipped activism-and-impartiality codebook (.qdc) from the definitions below.

Run from the repository root:  .venv/bin/python codebooks/build_activism_impartiality.py
It writes codebooks/activism-impartiality.qdc and the identical package copy
qcode/codebook/data/activism-impartiality.qdc. GUIDs are derived from each code's path, so
rebuilding never changes the identity of an existing code (merges match codes by GUID).
"""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from qcode.codebook.model import Codebook, CodeEntry  # noqa: E402
from qcode.codebook.qdc import codebook_xml  # noqa: E402
from qcode.palette import PALETTE  # noqa: E402

NAME = "activism-impartiality"
ORIGIN = "qcode: activism and impartiality in policing codebook, edition 1"
#: Fixed namespace for the path-derived GUIDs of this codebook. Never change it.
GUID_NAMESPACE = uuid.UUID("6f0c3a52-6b1e-4c57-9a51-2d3b8c0f4e17")
TARGETS = (ROOT / "codebooks" / f"{NAME}.qdc", ROOT / "qcode" / "codebook" / "data" / f"{NAME}.qdc")


@dataclass
class C:
    """A code: name, definition, when to use it, when not to, and an invented example."""

    name: str
    definition: str
    include: str
    exclude: str
    example: str
    children: list[C] = field(default_factory=list)
    colour: str = ""
    tor: str = ""


THEMES: list[C] = [
    C(
        "Equality Act and PSED compliance",
        "Whether force policies and everyday processes meet the duties of the Equality Act 2010, "
        "including the Public Sector Equality Duty (PSED), and related law and guidance.",
        "Talk about how policies are checked against equality law, what the duty requires, and "
        "whether the force meets it in practice.",
        "What a policy then does to a particular decision or outcome (use 'Effect on decisions "
        "and outcomes'); training on the law (use 'Training and trainers').",
        '"Every new policy goes through legal and the equality team before it is signed off."',
        tor="1",
        children=[
            C(
                "Equality impact assessments",
                "The use, quality and consistency of equality impact assessments (EIAs) as the "
                "force's way of showing due regard under the PSED.",
                "Whether EIAs are done, how thoroughly, who reads them, whether they change "
                "anything; EIAs done late or as a formality.",
                "Generic complaints about paperwork with no link to equality assessment.",
                '"The EIA gets written after the decision, so it never changes the decision."',
            ),
            C(
                "Emphasis on some protected characteristics",
                "Attention, resources or engagement concentrated on some protected "
                "characteristics (often race, sex, sexual orientation) while others such as "
                "disability, age or some faiths receive less.",
                "Accounts of uneven focus between characteristics, and of groups feeling "
                "overlooked or favoured.",
                "Positive action in recruitment (use 'Positive action'); general community "
                "engagement that treats all groups alike.",
                '"We have a plan for every strand except disability; nobody owns that one."',
            ),
            C(
                "Positive action",
                "Lawful measures to encourage and support recruitment and progression of people "
                "from under-represented groups, including dedicated positive action teams.",
                "Descriptions of positive action schemes, their scale, how they are justified and "
                "how staff view them.",
                "Cases where staff believe selection itself favoured a group (use 'Confusion "
                "with positive discrimination').",
                '"Our positive action team runs mentoring and mock interviews for applicants."',
            ),
            C(
                "Confusion with positive discrimination",
                "Staff misunderstanding positive action as preferential selection, and the "
                "frustration, resentment or sense of disadvantage that follows.",
                "Statements that some were promoted or hired 'because of' a characteristic; "
                "explanations of the difference; resentment linked to such beliefs.",
                "Accurate descriptions of positive action with no misunderstanding (use "
                "'Positive action').",
                '"People on my team think the last promotion board was rigged for diversity."',
            ),
            C(
                "Contested areas of equality law",
                "Uncertainty about how the law applies where it is disputed or changing: sex and "
                "gender reassignment, what counts as a genuinely held belief, and when beliefs "
                "are protected.",
                "Officers unsure how to act, conflicting advice, reliance on emerging case law.",
                "Training content in general (use 'Training and trainers').",
                '"Nobody could tell me whether that belief was protected, so I guessed."',
            ),
            C(
                "Community engagement and tailored services",
                "How the force understands its diverse communities and adapts services, support "
                "and engagement to them, as part of meeting the equality duties.",
                "Community profiles, tailored outreach, engagement plans tied to equality aims.",
                "Advisory groups (use the advisory group themes); social media (use "
                "'Communication with the public').",
                '"We mapped our communities ward by ward and changed how we do surgeries."',
            ),
        ],
    ),
    C(
        "Effect on decisions and outcomes",
        "How equality and related policies shape what officers and staff decide, and what "
        "results for the public and the workforce.",
        "Concrete decisions, operational or internal, that were changed, delayed or justified by "
        "these policies; their effect on trust and fairness.",
        "Whether the policy complies with the law (use 'Equality Act and PSED compliance').",
        '"Because of the policy we put extra patrols there, and complaints dropped."',
        tor="2",
        children=[
            C(
                "Operational decisions",
                "Policy influencing frontline or command decisions: deployments, responses, "
                "investigations, use of powers.",
                "Examples where the policy led to acting, not acting, or acting differently.",
                "Decisions about NCHI recording (use the NCHI theme).",
                '"The policy meant we had to consult before the operation, which delayed it."',
            ),
            C(
                "Workforce decisions and outcomes",
                "Effects on recruitment, promotion, deployment and retention of officers and "
                "staff, and how fair these feel.",
                "Promotion and posting outcomes, morale, perceived fairness inside the force.",
                "The mechanics of positive action schemes (use 'Positive action').",
                '"Two good candidates left after the board; they felt it was decided already."',
            ),
            C(
                "Risk of wrong decisions",
                "Decisions made on unclear or misread guidance that could be wrong and damage "
                "public trust.",
                "Uncertainty leading to caution, inconsistency or mistakes; near misses.",
                "Risk aversion specific to NCHI recording (use 'Risk aversion in recording').",
                '"We were so unsure of the law that two teams handled the same call differently."',
            ),
            C(
                "Public trust and legitimacy",
                "How policy-driven decisions affect public confidence and the legitimacy of the "
                "police.",
                "Public reactions, complaints, praise or loss of confidence linked to decisions.",
                "Perceptions formed mainly through communication and media (use "
                "'Communication with the public').",
                '"After that decision people on the estate stopped calling us."',
            ),
        ],
    ),
    C(
        "Training and trainers",
        "Whether training given to staff to apply equality policies is fit for purpose, and "
        "whether the organisations and people delivering it are suitable.",
        "Content, format, quality and effect of training, and who designs and delivers it.",
        "Training of advisory group members; general HR training unrelated to equality.",
        '"The training told us the law but not what to do at the door."',
        tor="3",
        children=[
            C(
                "College of Policing online training",
                "National hate crime and equality, diversity and inclusion learning delivered "
                "online, and views on its quality and effectiveness.",
                "Opinions of e-learning modules, completion pressure, whether it sticks.",
                "Force-designed courses (use 'Force-made training').",
                '"You click through the module in twenty minutes and remember nothing."',
            ),
            C(
                "Force-made training",
                "Training the force has built itself to add to or replace national material.",
                "Local workshops, scenario days, briefings and views on their value.",
                "External organisations delivering training (use 'External trainers').",
                '"Our own scenario day was the first time it made sense to me."',
            ),
            C(
                "External trainers",
                "External organisations and community representatives who help train or "
                "develop officers and staff, including those with views some find challenging.",
                "Who was brought in, why, what they taught, and how it was received.",
                "How such trainers are checked (use 'Vetting and quality assurance of trainers').",
                '"A local charity ran a session on hate crime from the victim\'s side."',
            ),
            C(
                "Vetting and quality assurance of trainers",
                "How forces check the credibility of trainers and the accuracy of material, review "
                "relationships, and end them when reputation is at risk.",
                "Checks on trainers, review of content, decisions to stop working with a group.",
                "Vetting of advisory group members (use 'Selection and vetting of members').",
                '"We dropped that provider when their public statements became a risk."',
            ),
            C(
                "Training needs and gaps",
                "Needs that training does not meet, especially clarity on contested law and "
                "practical application.",
                "Requests for training, missing topics, staff unsure how to apply the law.",
                "Criticism of an existing course's quality (code to that course).",
                '"Nobody has trained us on gender and sex; we need it more than anything."',
            ),
        ],
    ),
    C(
        "NCHI recording and operational decisions",
        "Whether the way non-crime hate incidents (NCHIs) are recorded since the national "
        "guidance changed after the Miller case has harmed operational decision-making.",
        "Recording practice, assessment, reviews, the 2023 Code of Practice and guidance, and "
        "their effect on how resources and decisions are handled.",
        "The usefulness of the data once recorded (use 'Value of NCHI data').",
        '"Every report still goes down as a hate incident, and then someone has to unpick it."',
        tor="4",
        children=[
            C(
                "Adoption of the Code of Practice and APP",
                "Forces introducing processes that follow the 2023 NCHI Code of Practice and the "
                "College of Policing's authorised professional practice (APP).",
                "New assessment steps, guidance issued, supervisors checking against the Code.",
                "Forces that have done nothing (use 'No response to the Code').",
                '"Since June, a sergeant reviews each NCHI against the Code before it is kept."',
            ),
            C(
                "No response to the Code",
                "Forces, teams or individuals showing no discernible change after the Code and "
                "APP were published.",
                "Unchanged processes, unawareness of the Code, old recording habits.",
                "Partial adoption with problems (use 'Adoption of the Code of Practice and APP').",
                '"What Code? We record it the way we always have."',
            ),
            C(
                "Risk aversion in recording",
                "Recording reports as hate incidents or crimes by default, without a proper NCHI "
                "assessment, for fear of getting it wrong.",
                "Over-recording, 'record to be safe', fear of criticism, skipping assessment.",
                "Delays in review after recording (use 'Lengthy reviews').",
                '"If in doubt, record it; nobody gets in trouble for recording."',
            ),
            C(
                "Lengthy reviews",
                "Time-consuming checks after the event to confirm that incidents were recorded "
                "correctly.",
                "Backlogs, review teams, reworking records, time spent on corrections.",
                "The initial recording decision (use 'Risk aversion in recording').",
                '"Our review team spends weeks reclassifying last month\'s incidents."',
            ),
            C(
                "Use of police resources",
                "Officer time and resources spent responding to or recording incidents that may "
                "not need a police response, and the personal data kept.",
                "Attending or recording without need, data held unnecessarily, opportunity cost.",
                "General workload complaints with no link to NCHIs.",
                '"We sent a car to a neighbour dispute because it was flagged as hate."',
            ),
        ],
    ),
    C(
        "Value of NCHI data",
        "What recording non-crime hate incidents gives the police: intelligence, understanding "
        "of tensions and support for decisions, or the lack of it.",
        "Uses of NCHI information, its quality, and views on whether it is worth collecting.",
        "How incidents get recorded (use 'NCHI recording and operational decisions').",
        '"The NCHI picture told us tension was rising before the march."',
        tor="5",
        children=[
            C(
                "Community tension assessment",
                "NCHI information used to understand and monitor tension in local communities.",
                "Tension reports, hotspots, early warnings drawn from NCHI records.",
                "Crime statistics with no NCHI element.",
                "\"We track the incidents weekly; that's how we spotted the pattern in the "
                'town centre."',
            ),
            C(
                "Strategic decision-making",
                "NCHI data informing plans, priorities and strategic choices of chief officers.",
                "Strategy papers, tasking, resourcing decisions that draw on NCHI data.",
                "Day-to-day recording decisions.",
                '"The chief uses the hate incident data in every strategic assessment."',
            ),
            C(
                "Doubts about value",
                "Views that NCHI records add little, are unreliable, or cost more than they give.",
                "Scepticism, poor data quality, data unused after recording.",
                "Criticism of the recording process itself (use the recording theme).",
                '"We collect all of it and I have never seen anyone use it."',
            ),
        ],
    ),
    C(
        "Advisory groups: selection and use",
        "How forces choose members of advisory groups and use the groups to influence policies "
        "and processes.",
        "What groups do, how members are found and checked, how groups are organised, and "
        "whether they change anything.",
        "Impartiality and breadth of views (use 'Advisory groups: impartiality and range of "
        "views'); internal staff networks (use 'Staff networks').",
        '"Our independent advisory group meets monthly and sees every major policy."',
        tor="6",
        children=[
            C(
                "Uses of advisory groups",
                "What forces ask advisory groups to do: scrutinise use of powers, design or "
                "review policy and training, advise on incidents, join recruitment and "
                "promotion processes.",
                "Descriptions of tasks and activities of groups.",
                "Whether the group's advice made a difference (use 'Influence and box-ticking').",
                '"They sit on our stop and search scrutiny panel and review body-worn footage."',
            ),
            C(
                "Selection and vetting of members",
                "How members are recruited (selection process or volunteers), what background "
                "checks or vetting apply, and confidentiality agreements.",
                "Recruitment routes, vetting decisions, checks and agreements signed.",
                "Vetting of trainers (use 'Vetting and quality assurance of trainers').",
                "\"We don't formally vet them, but we do checks and they sign a confidentiality "
                'agreement."',
            ),
            C(
                "Terms of reference and structure",
                "How groups are organised: names, terms of reference, local and strategic "
                "levels, oversight by the PCC or mayor, and national guidance.",
                "Clarity or lack of structure, multiple groups, who runs them.",
                "What the groups actually do (use 'Uses of advisory groups').",
                '"There are four groups with overlapping remits and no written terms."',
            ),
            C(
                "Influence and box-ticking",
                "Whether advisory groups really affect decisions or are consulted as a formality.",
                "Examples of advice changing a decision; members feeling ignored or used to tick "
                "a box; wishes for more effective use.",
                "Descriptions of tasks without any judgement of effect.",
                "\"They show us the slides after they've decided. It's box-ticking.\"",
            ),
        ],
    ),
    C(
        "Advisory groups: impartiality and range of views",
        "How forces keep impartiality when using advisory groups, seek a range of views "
        "(including opposing ones) and take account of people not represented in them.",
        "Representation, diversity of opinion, safeguards against capture by one view, and "
        "reaching absent voices.",
        "Selection procedures and tasks of groups (use 'Advisory groups: selection and use').",
        '"We realised every member shared the same view on the issue, so we widened it."',
        tor="7",
        children=[
            C(
                "Representativeness",
                "Whether group membership reflects the diversity of the communities the force "
                "serves.",
                "Who is and is not in the group, demographic gaps, the same faces every time.",
                "Differences of opinion within the group (use 'Range of views').",
                '"The group is mostly retired professionals; young people aren\'t in the room."',
            ),
            C(
                "Range of views",
                "Efforts, or their absence, to hear a range of opinions, including groups with "
                "opposing or unpopular views.",
                "Inviting dissenting groups, balancing voices, avoiding one-sided advice.",
                "Demographic make-up of membership (use 'Representativeness').",
                '"We invited both campaign groups so neither could say we took sides."',
            ),
            C(
                "Unrepresented voices",
                "How forces take account of people and communities that advisory groups do not "
                "represent.",
                "Surveys, outreach, other channels used to hear those missing from groups.",
                "General community engagement not tied to advisory arrangements.",
                '"We run street surveys because the people we need never come to meetings."',
            ),
            C(
                "Impartiality safeguards",
                "Steps to stop an advisory group's own agenda steering the force, and risks to "
                "the force appearing partial through the groups it relies on.",
                "Conflicts of interest, campaigning members, rules on public statements.",
                "Impartiality concerns about staff networks (use 'Staff networks').",
                '"A member posted as if speaking for us; we had to set rules on that."',
            ),
        ],
    ),
    C(
        "Communication with the public",
        "How forces talk to the public, for example about officers taking part in political "
        "or social events and campaigns, and what that does to how the police are seen.",
        "Social media, press handling, public statements, visible participation in causes, and "
        "the balance between engagement and being seen as impartial.",
        "Communication with advisory groups; internal staff communications.",
        '"Every post is a judgement call between engaging people and looking political."',
        tor="8",
        children=[
            C(
                "Social media accounts and governance",
                "The number of force and officer accounts, their reduction, and oversight and "
                "sign-off arrangements.",
                "Account rationalisation, approval processes, rules for officers posting.",
                "Hostile amplification by others (use 'Bots and distortion').",
                '"We went from ninety accounts to twelve, all signed off centrally."',
            ),
            C(
                "Bots and distortion",
                "Police messages misrepresented by other users or swamped by automated accounts, "
                "and forces posting less as a result.",
                "Bots, coordinated pile-ons, clipped or twisted posts, retreat from platforms.",
                "Traditional media coverage (use 'Media silence and the vacuum').",
                '"Within an hour the appeal was being shared with a completely false caption."',
            ),
            C(
                "Media silence and the vacuum",
                "Forces staying silent (often to protect investigations or proceedings) while "
                "stories develop, and others filling the gap with speculation.",
                "Frustration at silence, inaccurate coverage left uncorrected, commentary "
                "filling the gap.",
                "Proactive promotion of good work (use 'Telling the good news').",
                '"We knew the story was wrong but couldn\'t say a word because of the trial."',
            ),
            C(
                "Participation in campaigns and causes",
                "Officers or forces visibly taking part in or endorsing political or social "
                "activities, events or campaigns, and how that is decided.",
                "Marches, flags, logos, uniformed participation, endorsements and the rules.",
                "Campaigning by staff networks (use 'Staff networks').",
                '"Whether officers march in uniform is decided by the chief each year."',
            ),
            C(
                "Public perception of impartiality",
                "How communications and participation affect whether the public sees the police "
                "as impartial.",
                "Public reactions, accusations of bias, trust gained or lost through messages.",
                "Political interference in operations (use the systemic theme).",
                '"People asked us why we\'d chosen a side."',
            ),
            C(
                "Telling the good news",
                "Whether forces communicate the everyday good work they do, and the cost of not "
                "doing so.",
                "Lack of positive stories, attempts to share successes, morale effects.",
                "Silence during live investigations (use 'Media silence and the vacuum').",
                '"We never tell anyone about the missing kids we find every week."',
            ),
        ],
    ),
    C(
        "Systemic issues and impartiality",
        "Structural problems that stop the police from being, or being seen as, impartial, "
        "especially on contentious matters.",
        "Staff networks, local and national political influence, contact from MPs, the "
        "meaning of operational independence, and contested operations.",
        "One-off individual misconduct with no structural element.",
        "\"The pressure doesn't come from one person; it's built into how we're governed.\"",
        tor="9",
        children=[
            C(
                "Staff networks",
                "Internal staff networks: their growth and purpose, governance and "
                "accountability, advice they give, and campaigning on contested issues.",
                "Networks' role, oversight, lack of national direction, campaigning and its "
                "effect on perceived impartiality, networks used for community advice.",
                "External advisory groups (use the advisory group themes).",
                '"The network put out a statement on a live political row without asking anyone."',
            ),
            C(
                "PCC and mayor",
                "The relationship with the police and crime commissioner or mayor, and whether "
                "they influence, or seem to influence, operations.",
                "Interference or its absence, public perceptions of a 'party' force, "
                "oversight of community forums.",
                "Contact from MPs (use 'MP contact').",
                '"Someone asked me whether we were a Labour force now."',
            ),
            C(
                "MP contact",
                "Members of Parliament contacting senior officers to ask for action, and where "
                "legitimate representation ends and interference begins.",
                "Requests, pressure, implied escalation, how chiefs handle them.",
                "National government pressure (use 'National political influence').",
                '"An MP rang and hinted a minister would get involved if we didn\'t act."',
            ),
            C(
                "National political influence",
                "Senior national political figures influencing or trying to influence police "
                "operations, directly or through the media.",
                "Public comments on operations, ministerial pressure, media campaigns.",
                "Local PCC or mayor (use 'PCC and mayor').",
                '"When a minister comments on a live operation, our impartiality takes the hit."',
            ),
            C(
                "Operational independence",
                "What operational independence means in practice and how well it is understood "
                "and protected.",
                "Definitions, confusion, the policing protocol, defending decisions from pressure.",
                "Specific instances of pressure (code those to their source as well).",
                '"Everyone says operational independence; nobody agrees what it covers."',
            ),
            C(
                "Contentious operations",
                "Protest policing, stop and search and other contested operations seen as "
                "shaped by political views.",
                "Perceived political influence on how contested operations are run.",
                "Routine operations with no contested element.",
                '"Officers think the protest plan was written with the headlines in mind."',
            ),
        ],
    ),
    C(
        "Cross-cutting",
        "Codes applied alongside a theme code to flag evidence the inspectors will need when "
        "writing the report.",
        "Use together with the theme code(s) that the passage is about.",
        "Do not use on their own in place of a theme code.",
        "A passage coded 'Advisory groups: selection and use/Influence and box-ticking' and "
        "'Cross-cutting/Concern'.",
        tor="all",
        children=[
            C(
                "Good practice",
                "Practice worth sharing with other forces: effective, lawful and impartial.",
                "Clear examples of something that works, with evidence of effect.",
                "Intentions or plans not yet in place; mere compliance.",
                '"Every EIA is peer-reviewed by another department; it catches real issues."',
            ),
            C(
                "Concern",
                "Evidence of risk, failure or harm that the inspection should weigh.",
                "Failures, risks to impartiality or trust, poor practice, unlawful conduct.",
                "Mild dissatisfaction with no consequence.",
                '"Nobody checks what the network says in the force\'s name."',
            ),
            C(
                "Recommendation candidate",
                "A point that could become a recommendation or area for improvement.",
                "Gaps with a clear fix, interviewees' own proposals, repeated problems.",
                "Concerns with no actionable remedy (use 'Concern').",
                '"National guidance on what a staff network is would solve half of this."',
            ),
            C(
                "Quotable",
                "A vivid, clear passage that could be quoted (anonymised) in the report.",
                "Short, self-explanatory statements that capture a theme well.",
                "Passages that identify a person or force even after anonymising.",
                "\"We're not afraid of the law; we're afraid of the headline.\"",
            ),
        ],
    ),
]
#: Colours of the cross-cutting codes (each distinct, so they show over theme colours).
CROSS_CUTTING_COLOURS = PALETTE[10:14]


def entries() -> list[CodeEntry]:
    """Every code of the codebook, parents first, with GUIDs derived from the path."""
    out: list[CodeEntry] = []
    for index, theme in enumerate(THEMES):
        colour = theme.colour or PALETTE[index]
        out.append(_entry((theme.name,), theme, colour, theme.tor))
        for n, child in enumerate(theme.children):
            child_colour = (
                CROSS_CUTTING_COLOURS[n % len(CROSS_CUTTING_COLOURS)]
                if theme.tor == "all"
                else colour
            )
            out.append(
                _entry(
                    (theme.name, child.name),
                    child,
                    child.colour or child_colour,
                    child.tor or theme.tor,
                )
            )
    return out


def _entry(path: tuple[str, ...], code: C, colour: str, tor: str) -> CodeEntry:
    return CodeEntry(
        path=path,
        uuid=str(uuid.uuid5(GUID_NAMESPACE, "/".join(path))),
        colour=colour,
        definition=code.definition,
        inclusion=code.include,
        exclusion=code.exclude,
        example=code.example,
        tor_item=tor,
        codable=True,
    )


def build() -> bytes:
    return codebook_xml(Codebook(entries=entries(), origin=ORIGIN))


def main() -> int:
    data = build()
    for target in TARGETS:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"wrote {target.relative_to(ROOT)} ({len(entries())} codes, {len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
