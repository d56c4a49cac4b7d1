"""Small stories written for the relevance tests: seeds, reports that belong, look-alikes.

Each look-alike shares the story's vocabulary (a fire, a rate rise, an outbreak) and even
names the story in passing, but is about another place, bank or disease. Each report that
belongs is short, or names the story's subject only by a place or body the seeds named.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    """A feed item: its headline and text."""

    title: str
    text: str


@dataclass(frozen=True)
class StoryCase:
    """A topic as a user writes it, its seed articles, and items to judge."""

    name: str
    keywords: tuple[str, ...]
    seeds: tuple[Item, ...]
    belongs: tuple[Item, ...]
    look_alikes: tuple[Item, ...]


ALBERTA = StoryCase(
    name="Alberta wildfires",
    keywords=("Alberta", "wildfire", "Fort McMurray", "evacuation", "hectares"),
    seeds=(
        Item(
            "Wildfire forces evacuation of Fort McMurray neighbourhoods",
            "A wildfire south of Fort McMurray grew to 9,000 hectares on Tuesday, and Alberta "
            "Wildfire ordered four neighbourhoods to leave, the Regional Municipality of Wood "
            "Buffalo said. About 6,600 residents were told to head north to camps near the "
            "oil sands plants.\n\nThe province said 140 firefighters and 12 helicopters were "
            "on the blaze, which jumped Highway 63 late in the afternoon.",
        ),
        Item(
            "Alberta fire near Fort McMurray reaches 21,000 hectares",
            "The fire threatening Fort McMurray more than doubled overnight to 21,000 "
            "hectares, Alberta Wildfire said on Wednesday. Premier Danielle Smith said the "
            "province would pay evacuees $1,250 each.\n\nWood Buffalo officials said no homes "
            "had been lost so far, though power lines near Beacon Hill were cut.",
        ),
    ),
    belongs=(
        Item(
            "Crews hold the line at Beacon Hill as winds ease",
            "Firefighters kept flames out of Beacon Hill overnight, Wood Buffalo said on "
            "Thursday, and the burned area stayed near 21,500 hectares.",
        ),
        Item(
            "Evacuees Could Return Within Days, Premier Says",
            "Danielle Smith said residents of the four evacuated neighbourhoods could go home "
            "next week if rain arrives as forecast. Alberta Wildfire put containment at 30%.",
        ),
    ),
    look_alikes=(
        Item(
            "Rhodes fire forces thousands of tourists from hotels",
            "Greek authorities moved 19,000 people from coastal villages and hotels on Rhodes "
            "on Saturday as a forest fire burned out of control for a sixth day. The fire "
            "service said 266 firefighters and 18 aircraft were fighting the blaze near "
            "Lindos.\n\nKyriakos Mitsotakis said the country faced a summer of fires. Heat "
            "and wind made the fire hard to contain, as they did in Alberta this spring.",
        ),
    ),
)

CANADA_RATES = StoryCase(
    name="Bank of Canada interest rates and Canadian inflation",
    keywords=("Bank of Canada", "Tiff Macklem", "inflation", "overnight rate", "Statistics Canada"),
    seeds=(
        Item(
            "Bank of Canada raises its key rate to 4.5%",
            "The Bank of Canada raised its overnight rate by a quarter point to 4.5% on "
            "Wednesday and said it expected to hold there while it watched inflation. Governor "
            "Tiff Macklem said price growth had peaked.",
        ),
        Item(
            "Canadian inflation slows to 5.9% in January",
            "Consumer prices in Canada rose 5.9% from a year earlier in January, Statistics "
            "Canada said, down from 6.3% in December. Grocery prices were still up 11.4%.",
        ),
    ),
    belongs=(
        Item(
            "Economy adds 150,000 jobs, far more than expected",
            "Canada's employers hired 150,000 people in January, Statistics Canada said on "
            "Friday, and the jobless rate held at 5%. Economists had expected 15,000 new "
            "jobs.",
        ),
        Item(
            "Macklem says rates may stay high for longer",
            "Tiff Macklem told a parliamentary committee that the Bank of Canada was ready "
            "to raise rates again if inflation stalled above 3%.",
        ),
    ),
    look_alikes=(
        Item(
            "Reserve Bank of Australia lifts cash rate to 3.6% as inflation persists",
            "The Reserve Bank of Australia raised its cash rate by a quarter point to 3.6% on "
            "Tuesday, its tenth increase in a row, and said inflation of 7.8% was too high. "
            "Governor Philip Lowe said further increases were likely.\n\nThe move came a week "
            "after the Bank of Canada paused its own increases.",
        ),
    ),
)

MEASLES = StoryCase(
    name="Measles outbreak in west Texas",
    keywords=("measles", "MMR", "Gaines County", "Texas Department of State Health Services"),
    seeds=(
        Item(
            "Measles cases in west Texas rise to 48",
            "The Texas Department of State Health Services said 48 people had caught measles "
            "in Gaines County and nearby counties, most of them unvaccinated children. Thirteen "
            "have been admitted to hospital in Lubbock.",
        ),
        Item(
            "Texas measles outbreak reaches 90 cases",
            "Measles cases linked to the outbreak in Gaines County reached 90 on Tuesday, "
            "state health officials said, and the county opened free MMR clinics.",
        ),
    ),
    belongs=(
        Item(
            "Long lines at Lubbock vaccine clinics",
            "Parents queued for two hours at clinics in Lubbock on Saturday, Gaines County "
            "officials said, after 3,200 MMR doses were given in a week.",
        ),
        Item(
            "New Mexico reports cases linked to Gaines County",
            "New Mexico health officials said nine measles cases in Lea County were linked to "
            "the west Texas outbreak.",
        ),
    ),
    look_alikes=(
        Item(
            "Dengue cases climb in Puerto Rico as health emergency continues",
            "Puerto Rico recorded 1,498 dengue cases this year, the island's health department "
            "said on Friday, and hospital admissions rose to 913. The CDC sent a team to help "
            "with mosquito control in San Juan and Ponce.\n\nOfficials said the outbreak was "
            "the largest since 2012, and that, unlike measles, dengue has no vaccine for "
            "most adults.",
        ),
    ),
)

STORIES = (ALBERTA, CANADA_RATES, MEASLES)
