"""A small fictional symposium for synthesis tests.

Twelve invented experts answer an invented question: what happens next for
the Tovan river accord between the invented states of Velmark and Ostria.
Sentences recur across experts in varied wording, so themes exist even for
the hashing embedder (which only sees shared words).
"""

from __future__ import annotations

from symposia.core.report import ExpertRef, TakeInput

EXPERTS: list[tuple[str, str, str, str, str]] = [
    ("ilsa-varn", "Ilsa Varn", "Velmark", "academia", "woman"),
    ("tomas-oquendo", "Tomas Oquendo", "Ostria", "think_tank", "man"),
    ("mira-castell", "Mira Castell", "Velmark", "former_government", "woman"),
    ("kofi-renner", "Kofi Renner", "Elsewhere", "journalism", "man"),
    ("ana-brevik", "Ana Brevik", "Ostria", "academia", "woman"),
    ("lev-sorin", "Lev Sorin", "Velmark", "think_tank", "man"),
    ("nadia-holm", "Nadia Holm", "Elsewhere", "think_tank", "woman"),
    ("piet-amadi", "Piet Amadi", "Ostria", "former_government", "man"),
    ("rosa-quill", "Rosa Quill", "Velmark", "journalism", "woman"),
    ("sam-teodor", "Sam Teodor", "Elsewhere", "academia", "nonbinary"),
    ("ute-falk", "Ute Falk", "Ostria", "think_tank", "woman"),
    ("yann-morel", "Yann Morel", "Velmark", "academia", "man"),
]

_QUOTA = [
    "The water quota for the dry season is the real obstacle in the Tovan river talks.",
    "Everything hinges on the dry season water quota that Ostria wants raised.",
    "The dispute over the dry season quota of river water will decide the talks.",
    "Without a fair dry season water quota, the Tovan accord cannot hold.",
]
_DAM = [
    "The new Harrow dam upstream threatens the flow that Ostria depends on.",
    "Velmark will likely finish the Harrow dam by 2027, whatever Ostria says.",
    "The Harrow dam is a provocation that Ostria will not accept quietly.",
    "Construction of the Harrow dam has raised tensions along the whole river.",
]
_COUNCIL = [
    "The regional basin council should mediate between Velmark and Ostria.",
    "Both capitals should ask the regional basin council to host the next round.",
    "The regional basin council must be given a real mandate to mediate.",
]
_OPTIMISM = [
    "I expect a new agreement on the river within the next year.",
    "There is real momentum and progress toward a lasting agreement.",
    "The talks are likely to produce a breakthrough before the end of the year.",
]
_PESSIMISM = [
    "The talks will almost certainly collapse into a deeper crisis.",
    "I fear the stalemate will worsen and tensions will escalate further.",
    "Failure is the most likely outcome, and the crisis will deepen.",
]
_SCENARIOS = [
    (
        "The best case is a signed accord with shared monitoring stations by 2027.",
        "In the worst case, the river dispute spirals into a border confrontation.",
    ),
    (
        "At best, the two sides agree on a temporary quota next spring.",
        "At worst, Ostria walks out of the talks and the dam fills without any deal.",
    ),
]
_COLOUR = [
    "Farmers along the lower Tovan have watched the talks closely for a decade.",
    "The delegations met in a hotel by the river in the capital of Velmark.",
    "Fishing villages downstream remember the drought of the last dry season.",
]
_MINORITY = (
    "Only a joint hydropower company owned by both states can end the quarrel for good. "
    "Such a hydropower company would turn the Harrow turbines into a shared source of income."
)


def take_text(i: int) -> str:
    """The body of the i-th fictional take (deterministic)."""
    parts = [
        _COLOUR[i % len(_COLOUR)],
        _QUOTA[i % len(_QUOTA)],
        _DAM[(i + 1) % len(_DAM)],
    ]
    if i % 3 != 2:
        parts.append(_COUNCIL[i % len(_COUNCIL)])
    parts.append((_OPTIMISM if i % 2 == 0 else _PESSIMISM)[i % 3])
    if i == 7:
        parts.append(_MINORITY)
    best, worst = _SCENARIOS[i % 2]
    para1 = " ".join(parts[:3])
    para2 = " ".join(parts[3:])
    return f"{para1}\n\n{para2}\n\n{best} {worst}"


def fictional_takes(n: int = 12) -> list[TakeInput]:
    """``n`` fictional takes (at most 12 distinct experts; more reuse names with a suffix)."""
    out: list[TakeInput] = []
    for i in range(n):
        slug, name, region, sector, gender = EXPERTS[i % len(EXPERTS)]
        if i >= len(EXPERTS):
            slug, name = f"{slug}-{i}", f"{name} {i}"
        out.append(TakeInput(slug, ExpertRef(slug, name, region, sector, gender), take_text(i)))
    return out


_TOLL_FOR = [
    "The capitals cannot wait for the barge toll at the canal locks.",
    "The barge toll at the canal locks should go ahead.",
    "The capitals should not delay the barge toll at the canal locks.",
    "The barge toll at the canal locks makes sense.",
]
_TOLL_AGAINST = [
    "The barge toll at the canal locks would be a mistake.",
    "I am not convinced by the barge toll at the canal locks.",
    "The capitals should resist the barge toll at the canal locks.",
]


def contested_takes() -> tuple[list[TakeInput], list[str], list[str]]:
    """Ten takes on the Tovan accord where seven experts split 4-3 on a barge toll.

    Returns the takes and the expert ids for and against the toll.
    """
    takes = fictional_takes(10)
    pro = [t.expert.id for t in takes[:4]]
    con = [t.expert.id for t in takes[4:7]]
    out = []
    for i, take in enumerate(takes):
        extra = (_TOLL_FOR + _TOLL_AGAINST)[i] if i < 7 else ""
        text = take.text if not extra else f"{take.text}\n\n{extra}"
        out.append(TakeInput(take.id, take.expert, text))
    return out, pro, con
