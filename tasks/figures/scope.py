"""Which slice of a measure a figure gives: a running total, a period's figure, a change,
a forecast; for a forecast, the date it looks to; and whether it belongs to another event.

Read from the number's clause: "from a year earlier" (annual), "on the month" (monthly),
"a week" (per week), "17 more", "rose by 0.75 percentage point" (a change), "economists had
expected", "by the end of next year" (a forecast of that year), "the 2018 Camp Fire, which
killed 85" (another, earlier event, kept out of the story's metrics).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsmon.tasks.figures.measure import RELATIVE_RE  # ", which strips out food and energy,"

ANNUAL_RE = re.compile(
    r"\b(?:from a year (?:earlier|ago|before)|than a year (?:earlier|ago|before)|over the year"
    r"|over (?:the past |the last )?(?:twelve|12) months|in the (?:twelve|12) months to"
    r"|in the year to|year[- ]on[- ]year|year[- ]over[- ]year|annual|annually|a year earlier"
    r"|from the same (?:month|period) (?:a|last) year|12-month)\b",
    re.IGNORECASE,
)
MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december)"
)
# "said early this month that $177 million had been approved": a date, not a month's slice,
# unless a rate or a change is what is measured ("prices rose 0.2% last month").
MONTH_STAMP_RE = re.compile(r"\b(?:last|this) month\b", re.IGNORECASE)
MONTHLY_RE = re.compile(
    rf"\b(?:on the month|over the month|during the month|in the month|last month|this month"
    rf"|from the (?:previous|prior)"
    rf" month|month[- ]on[- ]month|month[- ]over[- ]month|a month earlier|monthly|from {MONTHS}"
    rf"(?: alone)?(?! \d)|from {MONTHS} to {MONTHS}|measured from {MONTHS})\b",
    re.IGNORECASE,
)
PERIOD_RES = {
    "per_day": re.compile(
        r"\b(?:a day(?! earlier| ago| before| later)|per day|each day|every day|daily"
        r"|in a single day)\b"
    ),
    "per_week": re.compile(
        r"\b(?:a week(?! earlier| ago| before| later)|per week|each week|every week|weekly"
        r"|in a single week|in the week to"
        r"|week[- ]on[- ]week|in the (?:past|latest|last) week"
        # "620 cases were notified last week": what the week brought, not a running total
        r"|(?:were|was) (?:notified|reported|recorded|confirmed|logged|registered)"
        r" (?:in the )?(?:last|past) week)\b"
    ),
}
# "Over the whole of 2022 the economy added 4.5 million jobs": a year's sum, not a month's
FULL_YEAR_RE = re.compile(
    r"\b(?:over|in|for|during|across) the (?:whole|full|entire) (?:of )?(?:year|(?:19|20)\d\d)\b"
    r"|\bin (?:19|20)\d\d as a whole\b",
    re.IGNORECASE,
)
SUBORDINATE_RE = re.compile(r"\s(?:as|after|while|when|because|but|before)\s", re.IGNORECASE)
# ", and core inflation eased to 6%": a period named before this point belongs to the
# clause before it.
COORDINATED_RE = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+", re.IGNORECASE)
CHANGE_BEFORE_RE = re.compile(
    r"\b(?:by|another|an additional|additional|a further|further|an increase of|a rise of"
    r"|a fall of|a drop of|a decline of|a cut of|a jump of|an extra|added|adding|adds)\s+"
    r"(?:about |around |nearly |almost |some |more than |at least |only |just |a |an )*$",
    re.IGNORECASE,
)
CHANGE_AFTER_RE = re.compile(
    r"^[\s%-]*(?:percentage[- ]points?\s+|basis points\s+|points?\s+|quarter[- ]point\s+)?"
    r"(?:more|new|additional|extra|fewer|(?:rate )?(?:hikes?|increases?|rises?|cuts?|steps?"
    r"|moves?|rate increases?))\b",
    re.IGNORECASE,
)
FORECAST_RE = re.compile(
    r"\b(?:forecasts?|forecasted|forecaster|expected|expect|expects|expectations?|predicted"
    r"|projected|projections?|projects|consensus|polled|surveyed|estimates? by economists"
    r"|pencilled in|penciled in|see(?:s)? the|median forecast|median projection|outlook)\b",
    re.IGNORECASE,
)
# A value aimed at, not measured: "the 2% target", "a goal of 2%", "aims for 2% inflation",
# "to bring inflation back to 2%". Read right beside the number: "bringing the toll to 99"
# and "above the 2% target" (for another number) are not aims.
TARGET_BEFORE_RE = re.compile(
    r"\b(?:(?:target|goal|objective)\s+(?:of|at)|aim(?:s|ed|ing)?\s+(?:for|at)(?:\s+\w+)?"
    r"|bring(?:s|ing)?\s+(?:\w+\s+){1,2}back\s+(?:down\s+)?to)\s+$",
    re.IGNORECASE,
)
TARGET_AFTER_RE = re.compile(r"^\s*(?:[a-z]+\s+)?(?:target|goal|objective)\b", re.IGNORECASE)
HORIZON_RE = re.compile(
    r"\b(?:(?:at|by|to|for) the end of|ending|finishing|end-)\s*(?P<when>this year|next year"
    r"|the year|(?:19|20)\d\d)|\b(?P<plain>this year|next year)\b",
    re.IGNORECASE,
)
# A year this far before the article's is another time: "which killed 85 people in 2018" in
# 2023. Closer years are the story's own background ("mobilised 300,000 in 2022", in 2024).
OLD_YEARS = 3
YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)(?:s\b|\b)")  # "in 2018", "in the 1980s"
OTHER_EVENT_RE = re.compile(
    r"\b(?:previous (?:\w+ )?(?:record|high|low|peak)|the deadliest since"
    r"|since (?:1[89]|20)\d\d, when"
    r"|record (?:set|of) in (?:1[89]|20)\d\d|until now the"
    r"|(?:in|during|since) the (?:early |late |mid-)?(?:1[89]|20)\d0s, when"
    r"|the (?:1[89]|20)\d\d [a-z][\w -]{2,30}, (?:which|that|when) [^,;]*$)",
    re.IGNORECASE,
)

# After the number only a past record names another event ("85, the previous record");
# "99, the deadliest since 1918" or "9.1%, the highest since 1981" is the story's own figure.
PAST_RECORD_AFTER_RE = re.compile(
    r"^[^,;]{0,15},?\s+(?:the|a)\s+(?:previous|former|old) (?:record|high|low|peak)\b"
    r"|^[^,;]{0,15},?\s+a\s+record\s+(?:set|of)\s+in\s+(?:1[89]|20)\d\d",
    re.IGNORECASE,
)
# "In April 2020 alone, employers shed 20.5 million jobs": a month this many months before
# the article's names another time, when it opens the sentence or the number's clause;
# "since it began raising them in March 2022" is where a story starts, not another time.
OLD_MONTHS = 12
MONTH_NUMBERS = {name: i for i, name in enumerate(MONTHS[3:-1].split("|"), start=1)}
DATED_RE = re.compile(
    rf"\b(?:in|during|by|as of|at the end of|on)\s+(?:early |late |mid-|the end of )?"
    rf"(?P<month>{MONTHS})(?: \d{{1,2}},?)? (?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# A clause that says when an earlier year's event happened: its numbers are of that year.
WHEN_CLAUSE_RE = re.compile(r"\b(?P<year>(?:1[89]|20)\d\d),\s+when\b[^,;]*$")
# "after the 6.7 million gained in 2021": a figure named by what it was in an earlier year.
THE_LEAD_RE = re.compile(r"\bthe\s+(?:(?:about|some|roughly|nearly|more than)\s+)?$", re.I)
CITED_YEAR_RE = re.compile(r"^\s*(?:[a-z]+\s+){0,2}(?:in|during)\s+(?P<year>(?:19|20)\d\d)\b")


@dataclass(frozen=True)
class Scope:
    """The slice of a measure a figure gives."""

    kind: str  # total | annual | monthly | per_day | per_week | change | forecast | target
    horizon: str | None = None  # the year a forecast looks to
    other_event: bool = False


def _period(clause: str, after: str, *, stamps: bool = True) -> str:
    """annual or monthly from the clause's words; per_day or per_week when the words right
    after the number say so ("10 to 20 people a day"); else total."""
    if ANNUAL_RE.search(clause):
        return "annual"
    monthly = MONTHLY_RE.search(clause)
    if monthly and (stamps or not MONTH_STAMP_RE.fullmatch(monthly.group(0))):
        return "monthly"
    near = after[:60].lower()  # read on past 40 characters: "a week" may go on "earlier"
    found = ((name, regex.search(near)) for name, regex in PERIOD_RES.items())
    return next((name for name, hit in found if hit and hit.start() < 40), "total")


def _horizon(lead: str, tail: str, year: int | None) -> str | None:
    """The year a forecast is for ("the end of next year", "by 2025"): the mention nearest
    the number, before or after it."""
    before = [(len(lead) - m.end(), m) for m in HORIZON_RE.finditer(lead)]
    after = [(m.start(), m) for m in HORIZON_RE.finditer(tail)]
    nearest = min(before + after, key=lambda pair: pair[0], default=None)
    if nearest is None:
        return None
    found = nearest[1]
    when = (found.group("when") or found.group("plain") or "").lower()
    if when in ("this year", "next year", "the year"):
        return str(year + (when == "next year")) if year else when
    return when or None


def own_clause(sentence: str, start: int, end: int, *, main: bool = False) -> str:
    """The comma-bounded clause holding the number, without relative clauses set off in it;
    `main`: nor a subordinate clause after it ("falls to 66 as the fire is declared
    contained": what befell what the number counts is not said there)."""
    head = RELATIVE_RE.sub("", sentence[max(0, start - 200) : start])
    tail = re.split(r"[,;:)]", sentence[end : end + 120])[0]
    tail = SUBORDINATE_RE.split(tail, maxsplit=1)[0] if main else tail
    return f"{re.split(r'[,;:(]', head)[-1]} {tail}"


def _other_event(lead: str, tail: str, year: int | None) -> bool:
    """Whether the figure belongs to an earlier event: a past record cited just before it, or
    a year well before the story's in its own comma-bounded clause ("which killed 85 people
    in 2018", "the 61 killed by the 1960 tsunami"), not in a clause beside it."""
    if OTHER_EVENT_RE.search(lead[-120:]) or PAST_RECORD_AFTER_RE.match(tail[:40]):
        return True
    own = f"{re.split(r'[,;(]', lead)[-1]} {re.split(r'[,;)]', tail)[0]}"
    years = [int(y) for y in YEAR_RE.findall(own)]
    return year is not None and any(y <= year - OLD_YEARS for y in years)


def cited_from_before(head: str, tail: str, year: int | None) -> bool:
    """Whether the sentence puts the number in an earlier year's event: a when-clause
    anywhere before it ("in 2003, when 47 cases were traced to ... six states"), or a year
    right after "the N" ("the 6.7 million gained in 2021")."""
    if year is None:
        return False
    then = WHEN_CLAUSE_RE.search(head)
    cited = CITED_YEAR_RE.match(tail) if THE_LEAD_RE.search(head[-25:]) else None
    return any(int(found.group("year")) < year for found in (then, cited) if found)


def dated_long_before(head: str, year: int | None, month: int | None) -> bool:
    """Whether the sentence, before the number, dates it a year or more before the article
    ("In April 2020 alone, employers shed", "in mid-June 2022 the price had topped")."""
    if year is None or month is None:
        return False
    clause_start = max(head.rfind(mark) for mark in ",;:") + 1
    for found in DATED_RE.finditer(head):
        opening = found.start() < 3 or found.start() >= clause_start
        since = "since " in head[max(head.rfind(",", 0, found.start()), 0) : found.start()]
        then = int(found.group("year")) * 12 + MONTH_NUMBERS[found.group("month").lower()]
        if opening and not since and year * 12 + month - then >= OLD_MONTHS:
            return True
    return False


def scope_of(lead: str, tail: str, own: str, *, forecast: bool, year: int | None,
             rate: bool = True) -> Scope:  # fmt: skip
    """The scope of a figure from its segment: the words leading to it (`lead`) and those
    after it (`tail`), the tail first ("0.6% over the month" after "6.3% over the year
    and"), and from its own clause (`own`) whether it is a forecast."""
    other = _other_event(lead, tail, year)
    if TARGET_BEFORE_RE.search(lead[-60:]) or TARGET_AFTER_RE.match(tail):
        return Scope("target", None, other)
    if forecast or FORECAST_RE.search(own) or _ends_in_future(lead, tail, year):
        return Scope("forecast", _horizon(lead, tail, year), other)
    if FULL_YEAR_RE.search(own):
        return Scope("annual", None, other)
    if CHANGE_BEFORE_RE.search(lead[-40:]) or CHANGE_AFTER_RE.match(tail):
        return Scope("change", None, other)
    period = _period(tail, tail, stamps=rate)
    own_lead = COORDINATED_RE.split(lead)[-1]
    period = period if period != "total" else _period(own_lead, "", stamps=rate)
    return Scope(period, None, other)


def _ends_in_future(lead: str, tail: str, year: int | None) -> bool:
    """Whether the number is said for a time after the article's ("rising to 4.4% by the end
    of next year"): a forecast, whatever verb brings it."""
    near = f"{lead[-60:]} {tail[:60]}"
    ends = [m.group("when").lower() for m in HORIZON_RE.finditer(near) if m.group("when")]
    return year is not None and any(
        when == "next year" or (when.isdigit() and int(when) > year) for when in ends
    )
