"""Word lists the relevance judgement reads, kept apart from its logic."""

from __future__ import annotations

# Function words and the vocabulary of any news report: they say nothing about a story.
STOP_WORDS = frozenset(
    """
a about above after again against all also although am among an and another any are around
as at away back be because been before being below between both but by can could did do does
doing done down during each either else even ever every few for from further get gets got
had has have having he her here hers herself him himself his how however i if in into is it
its itself just last least less like made make many may me might more most much must my
myself near need never new next no nor not now of off often on once one only or other others
our ours ourselves out over own per perhaps put rather really said same say says see seen
she should since so some still such than that the their theirs them themselves then there
these they this those though through thus to told too toward under until up upon us use used
very via was way we well were what when where whether which while who whom whose why will
with within without would yet you your yours yourself yourselves year years day days time
week weeks month months today yesterday tomorrow according including reported report reports
news people going know think want first two three four five six seven eight nine ten hundred
thousand million billion part since later early mr mrs ms dr monday tuesday wednesday
thursday friday saturday sunday
""".split()  # noqa: SIM905
)

# Capitalised words that are not names: titles, days, months, and sentence openers.
NOT_NAMES = frozenset(
    """
the a an in on at by for from to of and but or as it its this that these those he she they we
i his her their our after before while when where who what why how if since until among some
many most more less about only also even still yet just over under up down out meanwhile
however officials official police chief gov governor sen senator rep president mayor minister
secretary director spokesman spokeswoman spokesperson prime mr mrs ms dr sir lord
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december jan feb mar apr jun jul aug sep sept oct nov
dec am pm one two three four five six seven eight nine ten last next new updated editor's note
""".split()  # noqa: SIM905
)

# Common ways of naming the same country: one name each.
ALIASES = {
    "u.s.": "US",
    "u.s": "US",
    "usa": "US",
    "united states": "US",
    "united states of america": "US",
    "america": "US",
    "american": "US",
    "americans": "US",
    "u.k.": "UK",
    "britain": "UK",
    "great britain": "UK",
    "british": "UK",
    "united kingdom": "UK",
    "e.u.": "EU",
    "european union": "EU",
    "czechia": "Czech Republic",
    "euro area": "Eurozone",
    "the euro area": "Eurozone",
}
