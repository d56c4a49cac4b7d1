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
from newsmon.tasks.figures.qualifiers import MONTH_NAMES, MONTHS

ANNUAL_RE = re.compile(
    r"\b(?:from a year (?:earlier|ago|before)|than a year (?:earlier|ago|before)|over the year"
    r"|over (?:the past |the last )?(?:twelve|12) months|in the (?:twelve|12) months to"
    r"|in the year to|year[- ]on[- ]year|year[- ]over[- ]year|annual|annually|a year earlier"
    r"|from the same (?:month|period) (?:a|last) year|12-month)\b",
    re.IGNORECASE,
)
# "FEMA said early this month that $177 million had been approved": when it was said, not
# a month's slice ("sales fell to 4.1 million last month" is one).
SAID_WHEN_RE = re.compile(
    r"\b(?:said|announced|reported|told \w+)\s+(?:early |late |earlier )?(?:this|last) month\b",
    re.IGNORECASE,
)
MONTHLY_RE = re.compile(
    rf"\b(?:on the month|over the month|during the month|in the month|last month|this month"
    rf"|from the (?:previous|prior)"
    rf" month|month[- ]on[- ]month|month[- ]over[- ]month|a month earlier|monthly|from {MONTHS}"
    rf"(?: alone)?(?! \d)|from {MONTHS} to {MONTHS}|measured from {MONTHS})\b",
    re.IGNORECASE,
)
PERIOD_RES = {
    "per_day": re.compile(
        r"\b(?:a day(?! earlier| ago| before| later| after)|per day|each day|every day|daily"
        r"|in a single day)\b"
    ),
    "per_week": re.compile(
        r"\b(?:a week(?! earlier| ago| before| later)|per week|each week|every week|weekly"
        r"|in a single week|in the week to"
        r"|week[- ]on[- ]week|in the (?:past|latest|last) week"
        r"|(?:over|in|during) (?:the|those|these) (?:past |last )?(?:seven|7) days"
        # "620 cases were notified last week": what the week brought, not a running total
        r"|(?:were|was) (?:notified|reported|recorded|confirmed|logged|registered)"
        r" (?:in the )?(?:last|past) week)\b"
    ),
}
# "Last week alone brought 7,500 new cases": a period named before the number, in its clause
PERIOD_BEFORE_RES = {
    "per_day": re.compile(r"\b(?:yesterday|today) alone\b|\bin a single day\b", re.I),
    "per_week": re.compile(r"\b(?:last|past|this) week alone\b|\bin a single week\b", re.I),
}
FUTURE_AFTER_RE = re.compile(
    r"^\s*%?\s*(?:by|at|for|(?:[a-z]+\s+){1,2}by)\s+(?:the\s+end\s+of\s+|mid-|early\s+|late\s+)?"
    r"(?P<when>next year|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# "Over the whole of 2022 the economy added 4.5 million jobs": a year's sum, not a month's
FULL_YEAR_RE = re.compile(
    r"\b(?:over|in|for|during|across) the (?:whole|full|entire) (?:of )?(?:year|(?:19|20)\d\d)\b"
    r"|\bin (?:19|20)\d\d as a whole\b",
    re.IGNORECASE,
)
SUBORDINATE_RE = re.compile(  # not "as well as", "as many as", "as of"
    r"(?<!\bwell)(?<!\bmany)(?<!\bmuch)(?<!\bhigh)\s(?:as(?!\s+(?:well|many|much|high|of)\b)"
    r"|after|while|when|because|but|before)\s",
    re.IGNORECASE,
)
# ", and core inflation eased to 6%": a period named before this point belongs to the
# clause before it.
COORDINATED_RE = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+", re.IGNORECASE)
BREAK_RE = re.compile(r"[,;:(]")
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
# 2023. Closer years are the story's own background ("mobilised 300,000 in 2022", in 2024),
# unless a when-clause or "the N ... in 2022" cites them (cited_from_before).
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
MONTH_NUMBERS = {name: i for i, name in enumerate(MONTH_NAMES, start=1)}
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


def _period(clause: str, after: str) -> str:
    """annual or monthly from the clause's words; per_day or per_week when the words right
    after the number say so ("10 to 20 people a day"); else total."""
    if ANNUAL_RE.search(clause):
        return "annual"
    if MONTHLY_RE.search(SAID_WHEN_RE.sub("", clause)):
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


def own_clauses(sentence: str, start: int, end: int) -> tuple[str, str]:
    """The comma-bounded clause holding the number, without relative clauses set off in it,
    and the same without a subordinate clause after the number ("falls to 66 as the fire is
    declared contained": what befell what the number counts is not said there)."""
    head = re.split(r"[,;:(]", RELATIVE_RE.sub("", sentence[max(0, start - 200) : start]))[-1]
    tail = re.split(r"[,;:)]", sentence[end : end + 120])[0]
    return f"{head} {tail}", f"{head} {SUBORDINATE_RE.split(tail, maxsplit=1)[0]}"


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
    """Whether the sentence puts the number in an earlier year's event, two calendar years
    or more back (last year's may be the story's own): a when-clause anywhere before it ("in
    2003, when 47 cases were traced to ... six states"), or a year right after "the N" ("the
    6.7 million gained in 2021", written in 2023)."""
    if year is None:
        return False
    then = WHEN_CLAUSE_RE.search(head)
    cited = CITED_YEAR_RE.match(tail) if THE_LEAD_RE.search(head[-25:]) else None
    return any(int(found.group("year")) <= year - 2 for found in (then, cited) if found)


def dated_long_before(head: str, year: int | None, month: int | None) -> bool:
    """Whether the sentence, before the number, dates it a year or more before the article
    ("In April 2020 alone, employers shed", "in mid-June 2022 the price had topped"); not a
    start ("since March 2022") nor a from-to ("from a peak in June 2022 to 3.3%"). `head` is
    the sentence up to the number."""
    if year is None or month is None:
        return False
    clause_start = max(head.rfind(mark) for mark in ",;:") + 1
    for found in DATED_RE.finditer(head):
        opening = found.start() < 3 or found.start() >= clause_start
        lead_in = head[max(head.rfind(",", 0, found.start()), 0) : found.start()].lower()
        start_or_from = "since " in lead_in or "from " in lead_in
        then = int(found.group("year")) * 12 + MONTH_NUMBERS[found.group("month").lower()]
        if opening and not start_or_from and year * 12 + month - then >= OLD_MONTHS:
            return True
    return False


def scope_of(lead: str, tail: str, own: str, *, forecast: bool, year: int | None,
             month: int | None = None, head: str = "", following: str = "") -> Scope:  # fmt: skip
    """The scope of a figure from its segment: the words leading to it (`lead`) and those
    after it (`tail`), the tail first ("0.6% over the month" after "6.3% over the year
    and"), and from its own clause (`own`) whether it is a forecast. Whether it is another
    event is also read from the whole sentence before it (`head`) and the words right after
    it (`following`), against the article's year and month."""
    other = (
        _other_event(lead, tail, year)
        or dated_long_before(head, year, month)
        or cited_from_before(head, following, year)
    )
    if TARGET_BEFORE_RE.search(lead[-60:]) or TARGET_AFTER_RE.match(tail):
        return Scope("target", None, other)
    if forecast or FORECAST_RE.search(own) or _ends_in_future(lead, tail, year):
        return Scope("forecast", _horizon(lead, tail, year), other)
    if FULL_YEAR_RE.search(own):
        return Scope("annual", None, other)
    own_lead = COORDINATED_RE.split(lead)[-1]
    if CHANGE_BEFORE_RE.search(lead[-40:]) or CHANGE_AFTER_RE.match(tail):
        # "29 new cases each day", "7,500 new cases last week alone": a period's count, which
        # a count over other days ("another 560 over the past three days") is not
        return Scope(_count_period(own_lead, tail) or "change", None, other)
    period = _period(tail, tail)
    if period == "total":
        period = _count_period(own_lead, "") or _period(own_lead, "")
    return Scope(period, None, other)


def _count_period(lead: str, tail: str) -> str | None:
    """per_day or per_week when the words right after the number, or its clause before it,
    name the day or week it counts."""
    near = BREAK_RE.split(tail[:60].lower(), maxsplit=1)[0]  # "12 new cases, and each day"
    for name, regex in PERIOD_RES.items():
        hit = regex.search(near)
        if (hit and hit.start() < 40) or PERIOD_BEFORE_RES[name].search(lead):
            return name
    return None


def _ends_in_future(lead: str, tail: str, year: int | None) -> bool:
    """Whether the words right after the number date it after the article ("rising to 4.4%
    by the end of next year", "at 2.5% by 2026", "7 million doses by mid-2023"): a forecast,
    whatever verb brings it."""
    found = FUTURE_AFTER_RE.match(tail)
    when = found.group("when").lower() if found else ""
    return year is not None and (when == "next year" or (when.isdigit() and int(when) > year))
