"""The qualifier of a figure from the words around it: approx, at_least, negated, ..."""

from __future__ import annotations

import re

QUALIFIERS = (
    "exact", "approx", "at_least", "at_most", "range", "projection", "negated",
    "hypothetical", "previous", "vague",
)  # fmt: skip
WINDOW = 60
MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
MONTHS = f"(?:{'|'.join(MONTH_NAMES)})"
# "edged up to 64%" is a rise to a level, not a bound: "up to" after a verb of movement.
MOVED = ("edged", "revised", "moved", "ticked", "crept", "went", "inched", "shot", "gone",
         "climbed", "jumped", "rose", "risen", "pushed", "marked", "bumped", "raised")  # fmt: skip
UP_TO = "".join(f"(?<!{verb} )" for verb in MOVED) + "up to"
# Patterns read the text just before the number, so each one is anchored at its end.
AT_MOST_RE = re.compile(
    rf"\b(?:{UP_TO}|as many as|as much as|as high as|at most|no more than|not more than|"
    r"fewer than|less than|lower than|under|below|a maximum of|maximum of|just under|"
    r"shy of|short of|no higher than|capped at)\s*$|\bsub-$",
)
AT_LEAST_RE = re.compile(
    r"\b(?:over|more than|over than|at least|upwards of|in excess of|no fewer than|"
    r"no less than|not less than|above|exceeding|beyond|a minimum of|minimum of|just over|"
    r"topping|surpassing|north of|greater than|higher than)\s*$",
)
APPROX_RE = re.compile(
    r"\b(?:about|some|roughly|around|approximately|approx\.?|an estimated|estimated|circa|"
    r"c\.|close to|nearly|almost|"
    r"reportedly|or so|roughly some|about some|averaged|averaging)\s*$|~\s*$",
)
NEGATED_RE = re.compile(
    r"(?:\b(?:not|never|nowhere near|far from|no)\b|n't\b)(?:\s+(?!more\b|less\b|fewer\b)\w+){0,3}"
    r"\s*$",
)
HYPOTHETICAL_RE = re.compile(
    r"\b(?:if|even if|suppose|supposing|assuming|imagine|hypothetically|were there|unless)\b"
    r"[^,.;:]{0,30}$"
    # "would have preferred a half-point rise": what someone wanted, not what happened
    r"|\bwould have (?:preferred|liked|wanted|favou?red|backed|supported|chosen)\s+"
    r"(?:a |an |the )?$",
)
PROJECTION_RE = re.compile(
    r"\b(?:could|might|may|will|would|expected to|projected to|forecast to|set to|likely to|"
    r"poised to|on track to)\s+(?:soon\s+|eventually\s+|well\s+|even\s+|further\s+)?"
    r"(?:climb|rise|reach|grow|hit|top|increase|exceed|surpass|soar|jump|double|fall|drop|"
    r"decline|swell|balloon|near)\w*\s+(?:to\s+|by\s+)?(?:about\s+|around\s+|some\s+)?$"
    r"|\b(?:may|could|might) soon (?:be )?(?:\w+\s+){0,2}$",
)
# Words that may stand between "from" and an earlier value: "from more than 2,000".
FROM_WORDS = (
    r"(?:(?:about|around|roughly|some|nearly|almost|more than|over|just over|just under"
    r"|less than|fewer than|at least|an estimated)\s+)?"
)
# Verbs of movement before "from": "rose from", "has shrunk from", "rises from".
MOVED_FROM = (
    r"(?:up|down|increase|decrease|rise|rises|fall|falls|rose|fell|fallen|risen|climbs?"
    r"|climbed|drops?|dropped|jumps?|jumped|grows?|grew|grown|shrinks?|shrunk|shrank|eases?"
    r"|eased|slipped|slid|declines?|declined|sank|edged|moved|up sharply|down sharply|rising"
    r"|falling|climbing|revised)"
)
# "to climb from 3.7% to 4.6%": a move between two values, not a range
MOVED_FROM_RE = re.compile(rf"\b{MOVED_FROM}\s+from\s+$", re.IGNORECASE)
PREVIOUS_RE = re.compile(
    rf"\b(?:{MOVED_FROM}\s+from(?:\s+the)?|"
    r"compared? (?:with|to|against)|compares (?:with|to)|as against|"
    r"previous(?:ly)?(?: estimate(?:d| of)?)?|prior estimate of|earlier estimate of|"
    r"from a previous|than the previous|versus|vs\.?|followed (?:a|an)"
    # "below August's 8.3%", "from last month's 4%": another period's value
    rf"|(?:from|below|above|than|after|versus|with) (?:{MONTHS}|last (?:week|month|year))'s"
    # "after four straight increases of three-quarters of a point"
    r"|after (?:\w+ ){0,3}(?:increases|hikes|rises|cuts|gains|declines|falls) of)\s+"
    rf"{FROM_WORDS}$"
    # "slipped to 3.5% from 3.6%", "revised to 306,000 from 339,000", "eased to 4%, from a
    # peak of 6%", "raised to 900 from the 750 first reported": from, after a new value
    r"|\bto\s+(?:[^,;]|,(?=\d)){0,25}\d(?:[^,;]|,(?=\d)){0,25},?\s+from\s+"
    r"(?:(?:a|an|the|its)\s+)?(?:(?:revised|peak|high|low|record|level)\s+(?:of\s+)?)?"
    rf"{FROM_WORDS}$",
)
# "hours after the mayor had put the number of dead at six": what was said before the news
EARLIER_CLAUSE_RE = re.compile(
    r"\b(?:after|before)\b[^,;]{0,60}\bhad\s+(?:put|given|set|reported|said|estimated"
    r"|counted|confirmed|announced)\b[^,;]{0,40}$"
    # "When the work began it held more than 2,000": what a count started at, said with a
    # verb of holding ("when the fire started, at least 80 people died" is no such thing)
    r"|\bwhen\s+(?:the\s+|a\s+|its\s+)?\w+(?:\s+\w+)?\s+(?:began|started|opened)\s+"
    r"(?:\w+\s+){0,2}(?:held|had|listed|numbered|stood at|counted)\s+"
    r"(?:(?:more than|about|some|nearly|over|roughly)\s+)?$",
)
# "after 4.7% a month earlier", "after a 0.2% dip the week before": an earlier time's value
EARLIER_AFTER_RE = re.compile(
    r"\s*%?\s*(?:[a-z]+\s+)?(?:a|the)\s+(?:month|week|day|quarter|year)\s+(?:earlier|before)\b",
    re.IGNORECASE,
)
AFTER_BEFORE_RE = re.compile(r"\b(?:after|from|compared with|up from|down from)\s+(?:an?\s+)?$")
# "well above the 1.9%", "far more than the roughly 270": a comparison with a figure named
# elsewhere, not a bound; unless that figure is the forecast ("above the 8.1% economists had
# forecast"), which is a figure of its own
COMPARED_THE_RE = re.compile(
    rf"\b(?:above|below|more than|less than|fewer than|higher than|lower than) the\s+{FROM_WORDS}$"
)
CONSENSUS_AFTER_RE = re.compile(
    r"\s*%?\s*(?:that\s+)?(?:economists|analysts|forecasters|markets|investors|traders|"
    r"(?:expected|forecast|predicted|projected|polled|surveyed)\s+by)\b"
    # nor an aim or a bar: "above the 2% goal", "the 3.1% forecast", "the 3,000 needed"
    r"|\s*%?\s*(?:[a-z-]+\s+)?(?:target|goal|objective|forecast|estimate|threshold|needed"
    r"|required|limit|cap|ceiling|floor)\b",
    re.IGNORECASE,
)
# "12 deaths, against 3 a year earlier": ", against" names an earlier value only when the
# words after it say so ("against 3 in the neighbouring state" is a comparison in space).
AGAINST_BEFORE_RE = re.compile(r",\s*against\s+(?:the\s+)?$")
EARLIER_MARK_RE = re.compile(
    rf"[^,;]{{0,40}}\b(?:earlier|before|ago|previously|last (?:week|month|year)"
    rf"|in (?:their|its|the) (?:{MONTHS}|previous|last|earlier|prior)|in {MONTHS})\b",
    re.IGNORECASE,
)
# "the 2,500 people first reported missing", "the 270 counted in the first days": the
# value a count started from, named as such
THE_BEFORE_RE = re.compile(rf"\bthe\s+{FROM_WORDS}$")
FIRST_COUNT_AFTER_RE = re.compile(
    r"\s*(?:[a-z]+\s+){0,2}(?:(?:first|initially|originally)\s+(?:reported|announced|estimated"
    r"|counted|given|put)|(?:counted|reported|recorded)\s+in\s+the\s+first\s+(?:days?|hours?"
    r"|weeks?))\b",
    re.IGNORECASE,
)
UP_RE = re.compile(
    r"\b(?:(?<!gave )(?<!give )(?<!gives )(?<!set )(?<!picked )(?<!made )up|rose|rise|rises|"
    r"rising|risen|gained?|gains|gaining|increased?|increases|increasing|grew|grow|grows|"
    r"growing|jumped|jumps|jump|jumping|climbed|climbs|climb|climbing|soared|soaring|surged|"
    r"surging|added|adding|higher|boosted|rallied|rallying|advanced|advancing|hiked|raise|"
    r"expanded|upwards?|up by|rose by|raised by|(?:grow|grew|boost|boosted|raise|increase|"
    r"increased)\s+(?:its\s+|their\s+)?\w+\s+by)\b"
    r"(?:\s+(?:by|nearly|almost|about|around|some|more than|over|roughly|a|an|another|"
    r"just|only|as much as))*\s*$",
)
DOWN_RE = re.compile(
    r"\b(?:down|fell|fall|falls|falling|fallen|dropped|drops|drop|dropping|declined?|declines|"
    r"declining|decreased?|decreases|decreasing|slid|sliding|slipped|slipping|lost|loses|losing|"
    r"shed|sheds|shedding|cut|cuts|cutting|plunged|plunging|plummeted|plummeting|tumbled|"
    r"tumbling|sank|sinking|lower|reduced?|shrank|shrinking|eased|easing|dipped|dipping|"
    r"slumped|slumping|downwards?|(?:cut|cuts|reduce|reduced|lower|lowered)\s+(?:its\s+|their\s+)?"
    r"\w+\s+by)\b"
    r"(?:\s+(?:by|nearly|almost|about|around|some|more than|over|roughly|a|an|another|"
    r"just|only|as much as))*\s*$",
)
BOUND_NEGATION_RE = re.compile(r"\b(?:no|not)\s+(?:more|less|fewer)\s+than\s*$")
CLAUSE_END_RE = re.compile(r"[;:]|,\s+(?!or\b)|\b(?:and|while|as|but)\s")
ALTERNATIVE_RE = re.compile(r"(?:[a-z]+|%|\d)\s*,?\s+or\s+(?:about\s+)?$")
ANY_DIRECTION_RE = re.compile(
    r"\b(?:(?P<up>rose|gained|increased|grew|jumped|climbed|up|added|advanced|rallied|soared"
    r"|surged|rise|climb|increase)"
    r"|(?P<down>fell|lost|dropped|declined|decreased|slid|slipped|down|shed|plunged|eased"
    r"|plummeted|tumbled|sank|dipped|slumped|decrease|fall|drop))\b"
)
ORDER = (
    ("negated", NEGATED_RE),
    ("hypothetical", HYPOTHETICAL_RE),
    ("previous", PREVIOUS_RE),
    ("previous", EARLIER_CLAUSE_RE),
    ("projection", PROJECTION_RE),
    ("at_most", AT_MOST_RE),
    ("at_least", AT_LEAST_RE),
    ("approx", APPROX_RE),
)
# "245 people from the list of 388 released on Aug. 24": a count named by when it came out
# (a list only: "the toll of 115 released on Tuesday" may well be the news itself)
NAMED_COUNT_BEFORE_RE = re.compile(r"\bthe\s+list\s+of\s+$")
RELEASED_AFTER_RE = re.compile(
    r"\s*(?:[a-z]+\s+)?(?:released|published|issued|announced|put out)\s+(?:on|in|last|earlier)\b",
    re.IGNORECASE,
)
AFTER_APPROX_RE = re.compile(r"\s*(?:or so|odd|-odd)\b", re.IGNORECASE)
AFTER_AT_LEAST_RE = re.compile(r"\s*(?:\+|or more|and more|and up|plus)(?!\w)", re.IGNORECASE)
QUALIFIER_WORDS_RE = re.compile(
    rf"(?:\b(?:{UP_TO}|as many as|as much as|at least|at most|more than|less than|fewer than|"
    r"about|around|roughly|some|approximately|nearly|almost|over|under|an estimated|close to|"
    r"upwards of|in excess of|no fewer than|no more than)\s+)+$",
)


def qualifier_of(text: str, start: int, end: int, *, floor: int = 0, is_range: bool = False) -> str:
    """The qualifier of the number at text[start:end], judged from its left and right words."""
    # Lower-cased once: the cue patterns are lower case and compiled without IGNORECASE.
    before = text[max(floor, start - WINDOW) : start].lower()
    for name, regex in ORDER:
        if regex.search(before) and _applies(name, before):
            return name
    if AFTER_BEFORE_RE.search(before) and EARLIER_AFTER_RE.match(text, end):
        return "previous"
    if THE_BEFORE_RE.search(before) and FIRST_COUNT_AFTER_RE.match(text, end):
        return "previous"
    if NAMED_COUNT_BEFORE_RE.search(before) and RELEASED_AFTER_RE.match(text, end):
        return "previous"
    if COMPARED_THE_RE.search(before) and not CONSENSUS_AFTER_RE.match(text, end):
        return "previous"
    if AGAINST_BEFORE_RE.search(before) and EARLIER_MARK_RE.match(text, end):
        return "previous"
    if is_range:
        return "range"
    if AFTER_AT_LEAST_RE.match(text, end):
        return "at_least"
    return "approx" if AFTER_APPROX_RE.match(text, end) else "exact"


def _applies(name: str, before: str) -> bool:
    """Whether a far-reaching cue (negation, hypothesis) stays in the number's clause."""
    if name != "negated":
        return True
    # "no more than" and "not less than" are bounds, handled by the bound patterns.
    return BOUND_NEGATION_RE.search(before) is None


def qualifier_start(text: str, start: int) -> int:
    """The offset where qualifier words before a number begin ("up to 1.3million")."""
    window = max(0, start - 40)
    found = QUALIFIER_WORDS_RE.search(text[window:start].lower())
    return window + found.start() if found else start


def direction_of(text: str, start: int) -> str | None:
    """ "up" or "down" when the number is the size of a change ("rose 5%"), else None."""
    before = text[max(0, start - 40) : start].lower()
    if before.endswith("+"):
        return "up"
    if ALTERNATIVE_RE.search(before):
        # "lost 190 points, or 0.6%": the alternative shares the clause's direction.
        clause = CLAUSE_END_RE.split(text[max(0, start - 70) : start].lower())[-1]
        verbs = list(ANY_DIRECTION_RE.finditer(clause))
        if verbs:
            return "down" if verbs[-1].group("down") else "up"
    if UP_RE.search(before):
        return "up"
    return "down" if DOWN_RE.search(before) else None
