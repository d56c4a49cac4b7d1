"""Places known to be told apart: the world, its regions, its countries and the US states.

Two different names of this list never count the same thing: Spain's cases are not the
world's, nor Germany's, nor Europe's. Other names (towns, counties, islands, a fire zone)
may lie inside one another ("Lahaina", "Maui", "Hawaii"), and nothing here says so.
Names are in the form `normal_name` gives them ("US", "UK", "EU"), one name per place
(its aliases fold "Czechia" into "Czech Republic", "the euro area" into "Eurozone").
Washington is left out: it names the US government ("In Washington, officials said") as
often as the state.
"""

from __future__ import annotations

from newsmon.tasks.dedupe.names import normal_name


def _names(text: str) -> frozenset[str]:
    """The names of a list written as "A|B|C" over several lines."""
    return frozenset(name.strip() for name in text.split("|") if name.strip())


WORLD_AND_REGIONS = _names(
    """World|Europe|Africa|Asia|Americas|North America|South America|Latin America|Oceania
    |Middle East|Caribbean|Central America|Western Europe|Eastern Europe|Southeast Asia
    |Western Pacific|EU|Eurozone|Sub-Saharan Africa|Scandinavia"""
)

COUNTRIES = _names(
    """Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria
    |Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan
    |Bolivia|Bosnia|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon
    |Canada|Chad|Chile|China|Colombia|Congo|Costa Rica|Croatia|Cuba|Cyprus|Czech Republic
    |Denmark|Djibouti|Dominican Republic|Ecuador|Egypt|El Salvador|England|Eritrea
    |Estonia|Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece
    |Guatemala|Guinea|Guyana|Haiti|Honduras|Hong Kong|Hungary|Iceland|India|Indonesia|Iran
    |Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kosovo
    |Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania
    |Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|Mexico
    |Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Namibia|Nepal|Netherlands
    |New Zealand|Nicaragua|Niger|Nigeria|North Korea|North Macedonia|Northern Ireland|Norway
    |Oman|Pakistan|Palestine|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland
    |Portugal|Qatar|Romania|Russia|Rwanda|Saudi Arabia|Scotland|Senegal|Serbia|Sierra Leone
    |Singapore|Slovakia|Slovenia|Somalia|South Africa|South Korea|South Sudan|Spain|Sri Lanka
    |Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo
    |Trinidad and Tobago|Tunisia|Turkey|Turkmenistan|Uganda|UK|Ukraine|United Arab Emirates
    |Uruguay|US|Uzbekistan|Venezuela|Vietnam|Wales|Yemen|Zambia|Zimbabwe"""
)

US_STATES = _names(
    """Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida
    |Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland
    |Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada
    |New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma
    |Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah
    |Vermont|Virginia|West Virginia|Wisconsin|Wyoming"""
)

NATIONS = WORLD_AND_REGIONS | COUNTRIES | US_STATES


def apart(one: str | None, other: str | None) -> bool:
    """Whether two places are known to count different things: two names of the list."""
    if one is None or other is None:
        return False
    one, other = normal_name(one), normal_name(other)  # a vocabulary's "United Kingdom"
    return one != other and one in NATIONS and other in NATIONS


def known(place: str | None) -> bool:
    """Whether a place is one of the list, in any of its names."""
    return place is not None and normal_name(place) in NATIONS


# National bodies that count people for their country (health and emergency agencies): their
# counts are the country's ("the CDC has recorded 21,985 cases" are US cases). Statistics
# offices are left out: a story of one economy names no country, and its series has none.
# Lower case, as normal_name's key.
BODIES = {
    "cdc": "US",
    "centers for disease control and prevention": "US",
    "centers for disease control": "US",
    "fda": "US",
    "food and drug administration": "US",
    "hhs": "US",
    "department of health and human services": "US",
    "fema": "US",
    "federal emergency management agency": "US",
    "nhs": "UK",
    "ukhsa": "UK",
    "uk health security agency": "UK",
    "robert koch institute": "Germany",
    "rki": "Germany",
    "ecdc": "Europe",
    "european centre for disease prevention and control": "Europe",
    "who": "World",
    "world health organization": "World",
    "world health organisation": "World",
}


def country_of_body(name: str) -> str | None:
    """The country a national body counts for ("CDC" -> US), if it is one of BODIES."""
    return BODIES.get(" ".join(name.split()).lower().removeprefix("the "))
