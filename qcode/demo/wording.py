"""Interchangeable wordings that fill the {slots} of the demo sentences."""

from __future__ import annotations

SYNONYMS: dict[str, tuple[str, ...]] = {
    "eia": (
        "equality impact assessments",
        "EIAs",
        "impact assessments",
        "the equality impact assessment forms",
        "equality assessments",
    ),
    "the_act": ("the Equality Act", "the Equality Act 2010", "the Act", "equality law"),
    "psed": ("the public sector equality duty", "the PSED", "the equality duty"),
    "college": ("the College of Policing", "the College", "the College of Policing"),
    "nchi": (
        "non-crime hate incidents",
        "NCHIs",
        "non-crime hate incident reports",
        "NCHI records",
    ),
    "app": ("the APP", "the authorised professional practice", "the national guidance"),
    "code": ("the Code of Practice", "the new Code", "the 2023 code", "the code"),
    "iag": (
        "the independent advisory group",
        "the IAG",
        "our advisory group",
        "the community advisory group",
        "the advisory panel",
    ),
    "iags": ("advisory groups", "IAGs", "the advisory panels", "community advisory groups"),
    "sm": (
        "social media",
        "Twitter, or X as it is now",
        "our social media channels",
        "X and Facebook",
    ),
    "network": (
        "staff networks",
        "the staff associations and networks",
        "the networks",
        "support networks",
    ),
    "pcc": (
        "the PCC",
        "the police and crime commissioner",
        "the commissioner",
        "the mayor's office",
    ),
    "bosses": (
        "senior leaders",
        "the chief officer team",
        "the chiefs",
        "the top corridor",
        "senior management",
    ),
    "officers": ("officers", "frontline officers", "response officers", "colleagues", "the teams"),
    "public": ("the public", "local people", "communities", "members of the public", "residents"),
    "trust": ("public trust", "trust and confidence", "confidence in us", "legitimacy"),
    "impartial": ("impartial", "neutral", "even-handed", "politically neutral"),
    "training": ("training", "the training package", "the input", "the course"),
    "elearn": (
        "the online package",
        "the e-learning",
        "the NCALT module",
        "the computer-based training",
    ),
    "often": ("often", "quite often", "more often than not", "regularly", "a lot of the time"),
    "think": ("I think", "I feel", "my view is", "personally I think", "I'd say", "I believe"),
}
