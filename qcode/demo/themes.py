"""What the demo transcripts talk about: the nine terms-of-reference themes, in varied wording.

Sentences carry {slots} filled from `qcode.demo.wording.SYNONYMS`, so the same point comes
out in different words.
Each sub-topic lists `keywords` used to find the matching code of the shipped codebook.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """A sub-topic: what is said about it, and words that name it in a codebook."""

    key: str
    keywords: tuple[str, ...]
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Theme:
    """One terms-of-reference item, with the questions that open it and its sub-topics."""

    number: int
    title: str
    questions: tuple[str, ...]
    topics: tuple[Topic, ...]


THEMES: tuple[Theme, ...] = (
    Theme(
        1,
        "Equality Act compliance of policies and processes",
        (
            "How does the force make sure its policies comply with {the_act}?",
            "Can you talk me through how {eia} are used here?",
            "What happens when a new policy is written, in terms of the equality duty?",
            "How well do you think the force understands {psed}?",
            "What do you understand by positive action, and how is it used in recruitment?",
        ),
        (
            Topic(
                "eia",
                ("impact assessment", "eia", "equality impact"),
                (
                    "Every policy is meant to have an equality impact assessment attached, but "
                    "{often} it is done after the decision has already been made.",
                    "{think} {eia} have become a box to tick rather than a way of thinking.",
                    "The quality of {eia} varies enormously depending on who writes them.",
                    "Nobody really goes back to {eia} once the policy is signed off.",
                    "We had an audit last year and a third of {eia} were incomplete or out of "
                    "date.",
                    "When they are done properly, {eia} do make you stop and consider who might "
                    "be affected.",
                    "There is a template for {eia} on the intranet but there is no quality "
                    "assurance of what goes into it.",
                ),
            ),
            Topic(
                "emphasis",
                ("protected characteristic", "emphasis", "particular characteristics"),
                (
                    "The focus tends to be on race, sex and sexual orientation, and other "
                    "protected characteristics such as age or disability get far less attention.",
                    "{think} faith gets forgotten; we hardly ever talk about religion or belief.",
                    "Some colleagues feel that certain groups get special treatment and others are "
                    "ignored, and that does cause resentment.",
                    "Disability is the one that always gets left behind in our engagement work.",
                    "We tailor services to the communities we have, which is right, but we "
                    "sometimes forget the characteristics that are less visible.",
                ),
            ),
            Topic(
                "positive_action",
                ("positive action", "positive discrimination", "recruitment"),
                (
                    "There is a lot of confusion between positive action and positive "
                    "discrimination among {officers}.",
                    "We have a positive action team that runs familiarisation days for "
                    "under-represented candidates.",
                    "Some people think positive action means lowering the bar, and it absolutely "
                    "does not, but that message has not landed.",
                    "I've heard colleagues say they were passed over because of positive action, "
                    "which is simply not how it works.",
                    "{think} positive action is lawful and proportionate here, but we explain it "
                    "badly.",
                    "The mentoring scheme for under-represented officers is good, but people "
                    "outside it feel resentful and frustrated.",
                ),
            ),
        ),
    ),
    Theme(
        2,
        "Effect of policies on decision-making and outcomes",
        (
            "How do these policies affect the decisions officers make day to day?",
            "Can you think of a time when a policy changed the outcome of an incident?",
            "Do you feel the equality policies help or hinder operational decisions?",
            "What effect, if any, do these processes have on outcomes for the public?",
        ),
        (
            Topic(
                "decisions",
                ("operational decision", "decision"),
                (
                    "On the street, officers make decisions in seconds and nobody is thinking "
                    "about the policy at that point.",
                    "{think} the policies make people more cautious, sometimes too cautious.",
                    "There was a case where a community impact assessment changed how we "
                    "deployed, and it was the right call.",
                    "Sometimes the worry about getting it wrong means decisions get pushed up the "
                    "chain unnecessarily.",
                    "Officers second-guess themselves because they are frightened of a complaint.",
                    "The outcome for victims should be the same whoever they are, and {think} "
                    "mostly it is.",
                    "Supervisors are {often} asked to review decisions that frankly did not need "
                    "reviewing.",
                ),
            ),
            Topic(
                "risk_aversion",
                ("risk of wrong decisions", "risk aversion", "caution", "fear of complaint"),
                (
                    "There is a culture of covering yourself; if in doubt, write it down and "
                    "escalate it.",
                    "People are scared of ending up on social media for the wrong reasons.",
                    "The risk aversion comes from the top; nobody wants to be the one in the "
                    "headlines.",
                    "Younger officers in particular are worried about saying the wrong thing.",
                ),
            ),
        ),
    ),
    Theme(
        3,
        "Suitability of training and of those who provide it",
        (
            "What equality and diversity training have you had?",
            "How useful did you find {elearn} from {college}?",
            "Has the force developed any training of its own on these issues?",
            "Who delivers the training, and how are external trainers chosen?",
            "Is the training enough to help officers with contested areas such as sex and gender?",
        ),
        (
            Topic(
                "online",
                ("online", "e-learning", "college of policing training", "digital"),
                (
                    "{elearn} is just clicking through slides; nobody learns anything from it.",
                    "Most people do {elearn} with one eye on the radio, just to get it done.",
                    "The hate crime module from {college} was out of date by the time we did it.",
                    "{think} online training cannot deal with something as nuanced as this.",
                    "You get a certificate at the end, but I could not tell you what was in it.",
                    "It ticks the compliance box for the organisation, but it does not change "
                    "behaviour.",
                ),
            ),
            Topic(
                "force_training",
                ("force-made", "force training", "in-house", "face-to-face"),
                (
                    "The face-to-face session the force put on was much better, because you could "
                    "ask questions.",
                    "Our own training uses local cases, which makes it real for {officers}.",
                    "The in-house input on hate crime was excellent, but only half the shift got "
                    "to go.",
                    "{think} the force-designed day worked because it was delivered by officers "
                    "who had done the job.",
                    "We need more of the classroom stuff and less of the e-learning.",
                ),
            ),
            Topic(
                "external",
                ("external", "trainer", "vetting", "provider"),
                (
                    "We used an external organisation for some of the inputs, and one of them "
                    "pushed a very particular view.",
                    "Nobody seemed to check who the external trainers were or what they believed.",
                    "There is now a process to vet external providers and review the material "
                    "before it is used.",
                    "We stopped working with one group when it became clear the relationship "
                    "was a reputational risk.",
                    "Community representatives came in to talk to us, which was powerful, "
                    "although some of it felt like campaigning.",
                ),
            ),
            Topic(
                "contested",
                ("training needs", "gaps", "sex and gender", "contested", "clarity"),
                (
                    "Nobody has given us a clear answer on sex and gender; the law keeps moving.",
                    "Officers do not know what counts as a protected belief, and that is a real "
                    "risk.",
                    "{think} we need clearer guidance from {college} on the contested areas.",
                    "When case law changes, it takes months to filter down to the front line.",
                ),
            ),
        ),
    ),
    Theme(
        4,
        "Recording of non-crime hate incidents after the Miller case",
        (
            "How are {nchi} recorded in this force now?",
            "What changed after the Miller judgment and the new {code}?",
            "Has the recording of {nchi} affected operational decisions?",
            "Talk me through what happens when a hate incident is reported.",
        ),
        (
            Topic(
                "code_adoption",
                ("code of practice", "app", "adoption", "process", "miller"),
                (
                    "We changed the process after {code} came out, and there is now a proper "
                    "assessment before anything is recorded.",
                    "Since the Miller case we have to consider freedom of expression before "
                    "recording an NCHI.",
                    "{app} was updated and we briefed every sergeant on the threshold.",
                    "The new process means a supervisor reviews every potential NCHI before it is "
                    "kept.",
                    "Honestly the change has been positive; we record far fewer trivial matters.",
                ),
            ),
            Topic(
                "no_response",
                ("no response", "not adopted", "unchanged", "no change"),
                (
                    "I'm not aware that anything changed here after {code}.",
                    "We still record everything as a hate incident; there is no separate NCHI "
                    "assessment.",
                    "Nobody has told us about the new code, to be honest.",
                    "The system has not been updated, so we carry on as before.",
                ),
            ),
            Topic(
                "risk_averse_recording",
                ("risk aversion", "over-recording", "risk averse", "culture"),
                (
                    "People would rather record it than be criticised later for not recording it.",
                    "The default is to log it as a hate incident and let someone else decide.",
                    "{think} we over-record because nobody wants to be the officer who missed "
                    "something.",
                    "There is a fear that if you do not record it and something happens, it "
                    "lands on you.",
                ),
            ),
            Topic(
                "reviews",
                ("review", "lengthy", "resources", "time"),
                (
                    "Every record then goes into a review that can take weeks.",
                    "The reviews tie up resources that could be out dealing with crime.",
                    "We send officers to incidents that did not need a police response at all.",
                    "The back-office checking of {nchi} is a huge drain on time.",
                ),
            ),
        ),
    ),
    Theme(
        5,
        "The value to the police of recording non-crime hate incidents",
        (
            "What value, if any, do {nchi} have for the police?",
            "How is the information from {nchi} used?",
            "Would anything be lost if {nchi} were no longer recorded?",
        ),
        (
            Topic(
                "community_tension",
                ("community tension", "tension", "intelligence", "value"),
                (
                    "{nchi} help us see tension building in a community before it spills over.",
                    "The data feeds into the weekly tension report for the neighbourhood teams.",
                    "{think} the value is in the pattern, not in the individual record.",
                    "When there was trouble around the mosque last year, the NCHI data gave us "
                    "early warning.",
                    "Neighbourhood inspectors use it to decide where to put patrols.",
                ),
            ),
            Topic(
                "strategic",
                ("strategic", "decision", "information", "data", "value"),
                (
                    "At a strategic level it informs our engagement plans and where we focus.",
                    "Without it we would be blind to a lot of low-level hostility.",
                    "I can see the value, but only if the recording is proportionate.",
                    "Some of the data is poor quality, so its value is limited.",
                ),
            ),
        ),
    ),
    Theme(
        6,
        "How forces select and use advisory groups",
        (
            "How does the force use {iags}?",
            "How are members of {iag} chosen?",
            "Are members of {iags} vetted in any way?",
            "What influence does {iag} actually have on decisions?",
            "How representative is {iag} of the communities you serve?",
        ),
        (
            Topic(
                "uses",
                ("use", "uses", "scrutiny", "stop and search"),
                (
                    "{iag} scrutinises our stop and search and use of force data every quarter.",
                    "We bring critical incidents to {iag} for advice on the community response.",
                    "They sit on interview panels for promotion, which some officers do not like.",
                    "We ask {iag} to look at new policies before they are published.",
                    "They reviewed the training material last year and made some useful changes.",
                ),
            ),
            Topic(
                "selection",
                ("selection", "recruitment", "vetting", "membership", "background check"),
                (
                    "Honestly, people join {iag} because they know somebody; there is no "
                    "selection process.",
                    "We do a basic background check and they sign a confidentiality agreement, "
                    "but there is no formal vetting.",
                    "Full vetting would put people off, and we would lose the very voices we need.",
                    "Members are volunteers and some of them have been there for fifteen years.",
                    "There are no clear terms of reference for the group, so nobody knows who "
                    "should be on it.",
                ),
            ),
            Topic(
                "representative",
                ("representative", "representativeness", "diversity", "membership"),
                (
                    "{iag} is mostly retired professionals; it does not look like the city.",
                    "Young people are completely missing from {iags}.",
                    "{think} the group represents the community leaders, not the community.",
                    "We have tried to recruit more widely but the same faces keep coming back.",
                ),
            ),
            Topic(
                "influence",
                ("influence", "box-ticking", "tick box", "impact", "effective"),
                (
                    "Members told us they feel like a tick in a box; they are consulted after the "
                    "decision is made.",
                    "{think} the advisory group has very little real influence on what we do.",
                    "When {iag} challenged us on stop and search, it did change how we briefed "
                    "the teams.",
                    "They would like to do more, for example monitor the training, but we have "
                    "never asked them to.",
                    "It feels like box-ticking: we can say we consulted, and move on.",
                ),
            ),
        ),
    ),
    Theme(
        7,
        "Impartiality in the use of advisory groups",
        (
            "How do you make sure {iags} give you a range of views?",
            "Do {iags} include people who might hold opposing views?",
            "Whose voices are missing from {iags}?",
            "How do you make sure the force stays {impartial} when it takes advice from "
            "these groups?",
        ),
        (
            Topic(
                "range_of_views",
                ("range of views", "opposing views", "balance", "diversity of opinion"),
                (
                    "We tend to invite the groups who agree with us; the ones who would challenge "
                    "us are not in the room.",
                    "{think} we should deliberately seek out people with opposing views.",
                    "There is a risk the group becomes an echo chamber for one side of a debate.",
                    "When we discussed the protest policing plan, only one perspective was "
                    "represented.",
                    "We made a point of inviting faith groups with quite different views, and it "
                    "made the discussion much better.",
                ),
            ),
            Topic(
                "unrepresented",
                ("unrepresented", "missing voices", "seldom heard", "hard to reach"),
                (
                    "The people we never hear from are the ones with no organisation behind them.",
                    "Rural communities and older people are not represented at all.",
                    "We rely on surveys to hear from people who would never join an advisory "
                    "group.",
                    "{think} we mistake the loudest voices for the whole community.",
                ),
            ),
            Topic(
                "impartiality_iag",
                ("impartiality", "impartial", "neutral", "capture"),
                (
                    "There is a danger that an advisory group with a campaigning agenda steers "
                    "the force.",
                    "We have to listen to advice without being captured by any one group.",
                    "Some members are also activists, and that can blur the line.",
                    "The chair is careful to keep the discussion on policing rather than politics.",
                ),
            ),
        ),
    ),
    Theme(
        8,
        "Communication with the public about participation in political or social campaigns",
        (
            "How does the force decide what to post on {sm}?",
            "What is your view on officers taking part in events such as Pride in uniform?",
            "How do you think the public perceive the force's communications?",
            "Has the force changed how it communicates on contested issues?",
        ),
        (
            Topic(
                "social_media",
                ("social media", "accounts", "posts", "twitter", "online"),
                (
                    "We used to have over a hundred {sm} accounts; we are down to about twenty "
                    "now.",
                    "Every post now goes through the corporate communications team first.",
                    "Some of the local accounts posted things that looked like taking sides.",
                    "{think} the force should stick to operational messages on {sm}.",
                    "A post about a flag raising got thousands of angry replies in an hour.",
                ),
            ),
            Topic(
                "bots",
                ("bots", "automated", "misrepresentation", "distortion"),
                (
                    "A lot of the replies we get are from accounts that are not real people.",
                    "Anything we post gets clipped and twisted to fit somebody's agenda.",
                    "The chief has said we should post less, because of how it gets "
                    "misrepresented.",
                    "Automated accounts can make a small row look like a national outcry.",
                ),
            ),
            Topic(
                "silence",
                ("silence", "vacuum", "media", "speculation", "reporting"),
                (
                    "When we stay silent during an investigation, the media fill the vacuum with "
                    "speculation.",
                    "Officers get frustrated that we never correct stories that are plainly wrong.",
                    "We do not tell people about the good work, so all they hear is the bad news.",
                    "{think} the force is too slow to respond when something goes wrong.",
                ),
            ),
            Topic(
                "campaigns",
                ("participation", "campaign", "pride", "events", "political", "perception"),
                (
                    "Some officers felt uncomfortable being asked to march at Pride in uniform.",
                    "Wearing a badge or a lanyard for a cause can look like taking a side.",
                    "{think} supporting events is fine as long as we support everyone equally.",
                    "The public see the uniform, not the individual, so we have to be careful "
                    "what we are seen to endorse.",
                    "Taking the knee was a real flashpoint here; people still talk about it.",
                ),
            ),
        ),
    ),
    Theme(
        9,
        "Systemic problems that prevent the police from being, or being seen to be, impartial",
        (
            "Are there things that make it harder for the force to be seen as {impartial}?",
            "What role do {network} play, and has that changed?",
            "How much contact do you have with {pcc} or with local MPs?",
            "Have you ever felt political pressure on an operational decision?",
            "What does operational independence mean to you in practice?",
        ),
        (
            Topic(
                "networks",
                ("staff network", "networks", "associations"),
                (
                    "{network} started as support for under-represented staff, but some now "
                    "campaign on contested issues.",
                    "When a network takes a public position, people assume it is the force's "
                    "position.",
                    "Nobody is clear what {network} are for or who they answer to.",
                    "{think} the networks do valuable work, but they need clear governance.",
                    "We asked the network for advice during a serious investigation and it "
                    "really helped with the community.",
                ),
            ),
            Topic(
                "pcc",
                ("pcc", "police and crime commissioner", "mayor", "commissioner"),
                (
                    "{pcc} has never tried to interfere with an operational decision, in my "
                    "experience.",
                    "People ask whether we are a Labour force or a Conservative force because of "
                    "{pcc}.",
                    "There is a perception that {pcc} influences how protests are policed.",
                    "The relationship with {pcc} is good, but the lines are not always clear.",
                ),
            ),
            Topic(
                "mps",
                ("mp", "mps", "member of parliament", "local politicians"),
                (
                    "Local MPs contact us all the time asking us to do something about an issue.",
                    "One MP hinted that someone more senior would get involved if we did not act.",
                    "MPs are entitled to raise concerns, but some of them cross the line.",
                ),
            ),
            Topic(
                "national_politics",
                ("national", "political influence", "government", "pressure", "interference"),
                (
                    "When national politicians comment on live operations, it makes our job "
                    "much harder.",
                    "There is pressure from the centre, some of it direct and some through the "
                    "media.",
                    "{think} senior political figures influence policing more than they should.",
                    "Comments from ministers about protest policing put us in an impossible "
                    "position.",
                ),
            ),
            Topic(
                "independence",
                ("operational independence", "independence", "protocol"),
                (
                    "Operational independence is what keeps us {impartial}, and it feels under "
                    "threat.",
                    "Nobody can really define operational independence, which is part of the "
                    "problem.",
                    "The chief has been clear that decisions about protests are ours alone.",
                    "{think} the policing protocol needs to be much clearer about where the line "
                    "is.",
                ),
            ),
        ),
    ),
)
