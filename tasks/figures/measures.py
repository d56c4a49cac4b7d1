"""What news figures measure, in generic English: word lists the identity reads.

Each measure has the phrases that name it ("the death toll", "fatalities"), and, for counts
of people, the verbs that say what happened to them ("14 people were killed"). A story's
vocabulary adds its own measures and words; these need none.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """A kind of quantity: its label, the phrases that name it, and how its series behaves."""

    name: str
    label: str
    phrases: tuple[str, ...]
    # verbs or adjectives that make "N people ..." this measure ("killed", "missing")
    states: tuple[str, ...] = ()
    # a running total never falls by much; a fall by half is more likely a misreading
    cumulative: bool = False


def _m(name: str, label: str, phrases: str, states: str = "", cumulative: bool = False) -> Measure:
    return Measure(name, label, tuple(phrases.split("|")), tuple(filter(None, states.split("|"))),
                   cumulative)  # fmt: skip


MEASURES = (
    _m(
        "deaths",
        "deaths",
        "deaths|death|dead|death toll|toll|fatalities|lives lost|killed"
        "|people killed|people dead|confirmed dead|bodies",
        "killed|died|dead|have died|has died|perished|lost their lives|confirmed dead",
        True,
    ),
    _m("injured", "injured", "injured|injuries|wounded|hurt", "injured|wounded|hurt"),
    _m(
        "missing",
        "missing",
        "missing|unaccounted for|missing list|people unaccounted for|unaccounted",
        "missing|unaccounted for|unaccounted|not accounted for",
    ),
    _m(
        "found safe",
        "found safe",
        "people found safe|found safe",
        "found safe|been found safe|turned up safe|found alive|located safe|accounted for",
    ),
    _m("identified", "identified", "identified|identifications", "identified"),
    # a subset of the identified, or of anyone: "50 of them have been named publicly"
    _m("named", "named publicly", "names released", "named|named publicly|publicly named"),
    # "11 families had been notified": next of kin told of a death, not households aided
    _m("notified", "families notified", "next of kin notified", "notified|informed"),
    _m("applicants", "applicants", "applicants|applications", "applied|applied for|signed up"),
    _m(
        "hospitalised",
        "in hospital",
        "hospitalisations|hospitalizations|admissions",
        "hospitalised|hospitalized|admitted to hospital|in hospital",
    ),
    _m("evacuated", "evacuated", "evacuees|evacuations", "evacuated|ordered to leave|fled"),
    _m(
        "displaced",
        "displaced",
        "displaced|homeless",
        "displaced|homeless|lost their homes"
        "|needed shelter|need shelter|needing shelter|had to move|forced from their homes"
        "|temporary housing",
    ),
    _m(
        "sheltered",
        "in shelters",
        "shelter population",
        "in shelters|sheltering|at shelters"
        "|in emergency shelters|sought help at|sought shelter|spent the night in",
    ),
    _m(
        "cases",
        "cases",
        "cases|case|infections|confirmed cases|case count|caseload|tally",
        "infected|sick|ill",
        True,
    ),
    _m("suspected cases", "suspected cases", "suspected cases|suspected ones|suspected"),
    _m("countries", "countries", "countries|nations|countries and territories"),
    _m("doses", "doses", "doses|vaccine doses|shots|vaccinations|jabs|vaccines"),
    _m("tests", "tests", "tests|tests carried out"),
    _m(
        "structures",
        "structures",
        "structures|buildings|homes|houses|properties|businesses",
        cumulative=True,
    ),
    _m("area", "area", "acres|hectares|square miles|square kilometres|square kilometers"),
    _m("containment", "containment", "containment|contained"),
    _m("searched", "area searched", "searched|covered|search"),
    _m("jobs", "jobs", "jobs|payrolls|nonfarm payrolls|positions|hires|hiring|job gains"),
    _m("unemployment", "unemployment rate", "unemployment rate|jobless rate|unemployment"),
    _m(
        "inflation",
        "inflation",
        "inflation|consumer prices|consumer price index|cpi"
        "|consumer price inflation|headline inflation|headline index|price index|prices"
        "|price growth|price gauge|index|cost of living|pce|pce price index",
    ),
    _m(
        "interest rate",
        "interest rate",
        "federal funds rate|fed funds rate|federal funds target"
        "|funds rate|benchmark rate|benchmark interest rate|interest rate|interest rates|key rate"
        "|policy rate|cash rate|overnight rate|bank rate|base rate|target range|rates|rate",
    ),
    _m("wages", "wages", "average hourly earnings|hourly earnings|wages|hourly pay|pay|earnings"),
    _m("gdp", "GDP", "gdp|gross domestic product|economy|economic growth|output"),
    _m("price", "price", "price|average price|national average|cost of a gallon"),
    _m("troops", "troops", "troops|soldiers|servicemen|forces|personnel|fighters"),
    _m("casualties", "casualties", "casualties|losses|dead and wounded|killed and wounded"),
    _m("households", "households", "households|families"),
    _m("customers", "customers", "customers|homes without power"),
    _m("visitors", "visitors", "visitors|tourists|travelers|travellers"),
    _m("firefighters", "firefighters", "firefighters|crews"),
    _m("cost", "cost", "cost|costs|cost of rebuilding|rebuilding|rebuild|reconstruction"),
    _m("damage", "damage", "damage|damages|property|destruction"),
    _m("losses", "losses", "losses|insured losses|economic losses|economic cost"),
    _m("aid", "aid", "aid|assistance|federal aid|federal assistance|relief|grants"),
    _m("funding", "funding", "funding|emergency funding|funds|budget"),
    _m("contract", "contract", "contract|deal|order"),
    _m("market value", "market value", "market value|market capitalisation|market cap|shares"),
    _m("borrowing", "borrowing", "borrowing|borrowed|loans|lending"),
)

# A measure whose level is itself a target someone sets: a central bank's "target range"
# is its policy rate, not an aim for it.
SET_AS_TARGET = frozenset({"interest rate"})

# A rate of these quoted with no period is the annual one: "inflation eased to 6%" is the
# same series as "6.3% over the year"; a monthly rate says so ("0.4% from August").
ANNUAL_BY_DEFAULT = frozenset({"inflation", "wages"})


# Counts of an armed force: "in X" says where it is, not whose it is ("casualties in Ukraine").
LOCATED = frozenset({"troops", "casualties"})

# What makes two figures of one measure different quantities ("core" inflation vs all of it).
VARIANTS = {
    "core": (
        "core",
        "excluding food and energy",
        "excludes food and energy",
        "strips out food and energy",
        "leaving out food and energy",
        "underlying",
    ),
    "pce": (
        "pce",
        "personal consumption expenditures",
        "preferred gauge",
        "preferred measure",
        "the fed's preferred",
        "preferred price gauge",
        "preferred inflation gauge",
        "preferred price measure",
        "preferred inflation measure",
        "relies on most",
    ),
    # one component's index, not the whole basket ("the energy index fell 2.1%")
    "energy": ("energy index", "gasoline index"),
    "food": ("food index", "grocery index"),
    "expected": ("expected inflation", "inflation expectations", "expect inflation"),
    # what insurers will pay, not all that was lost; one kind of aid, not all of it
    "insured": ("insured",),
    "rental": ("rental assistance", "rental aid", "rent assistance", "help with rent"),
}
# Variants that only some measures have.
VARIANT_MEASURES = {
    **{name: ("inflation",) for name in ("core", "pce", "expected", "energy", "food")},
    "insured": ("damage", "losses"),
    "rental": ("aid",),
}

# What happened to what is counted, when it splits a measure (damaged vs destroyed homes,
# doses ordered vs administered). Events a measure implies are not named in its metric.
EVENTS = {
    "damaged or destroyed": ("damaged or destroyed", "destroyed or damaged"),
    "destroyed": ("destroyed", "razed", "levelled", "leveled", "burned down", "flattened"),
    "damaged": ("damaged",),
    "affected": ("affected", "impacted"),
    "exposed": ("exposed",),
    "burned": ("burned", "burnt", "scorched", "charred"),
    "administered": ("administered", "given", "injected"),
    "distributed": ("distributed", "shipped", "sent out", "allocated", "delivered"),
    "ordered": ("ordered", "bought", "purchased", "secured", "an order for"),
    "approved": ("approved", "paid out", "granted"),
    "requested": ("requested", "asked for", "sought", "asked congress for"),
    "deployed": ("deployed", "sent", "dispatched", "stationed"),
}
EVENT_MEASURES = {
    "structures": ("damaged or destroyed", "destroyed", "damaged", "affected", "exposed"),
    "doses": ("administered", "distributed", "ordered"),
    "troops": ("deployed",),
    "funding": ("requested", "approved"),
}
