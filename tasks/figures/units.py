"""Units that follow or precede a number: percent, currencies, measures, durations."""

from __future__ import annotations

import re

CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
    "¥": "JPY", "jpy": "JPY", "₩": "KRW", "krw": "KRW", "₹": "INR", "inr": "INR", "rs": "INR",
    "rs.": "INR", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD",
    "hk$": "HKD", "s$": "SGD", "s $": "SGD", "r$": "BRL", "cny": "CNY", "rmb": "CNY", "$us": "USD",
    "$a": "AUD", "y=": "JPY", "ps": "GBP", "rm": "MYR", "rp": "IDR", "aud": "AUD", "cad": "CAD",
}  # fmt: skip
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "sterling": "GBP", "won": "KRW",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rouble": "RUB",
    "ruble": "RUB", "franc": "CHF", "ringgit": "MYR", "shekel": "ILS", "hryvnia": "UAH",
    "peso": "MXN", "rand": "ZAR", "dirham": "AED", "riyal": "SAR", "lira": "TRY",
    "australian dollar": "AUD", "canadian dollar": "CAD", "hong kong dollar": "HKD",
    "new zealand dollar": "NZD", "singapore dollar": "SGD", "us dollar": "USD",
    "chinese yuan": "CNY", "danish krone": "DKK", "swedish krona": "SEK", "norwegian krone": "NOK",
}  # fmt: skip
MEASURES: dict[str, str] = {
    "km": "km", "m": "m", "ml": "millilitre", "mg": "milligram", "milligram": "milligram",
    "dram": "dram", "khz": "kilohertz", "sq ft": "square foot", "sq m": "square metre",
    "nm": "newton metre", "lb-ft": "foot pound-force", "mpg": "mile per gallon",
    "mah": "milliampere-hour", "gbps": "gigabit per second", "mbps": "megabit per second",
    "kilometre": "km", "kilometer": "km", "mile": "mile", "mph": "mph",
    "km/h": "kph", "km/hr": "kph", "kph": "kph", "kg": "kg", "kilogram": "kg", "kilo": "kg",
    "gram": "g",
    "tonne": "tonne", "ton": "ton", "lb": "lb", "metre": "m", "meter": "m", "foot": "foot",
    "feet": "foot", "ft": "foot", "inch": "inch", "yard": "yard", "cm": "cm", "mm": "mm",
    "litre": "litre", "liter": "litre", "gallon": "gallon", "barrel": "barrel",
    "degree": "degree", "hour": "hour", "hr": "hour", "day": "day", "week": "week",
    "month": "month", "year": "year", "minute": "minute", "min": "minute", "second": "second",
    "sec": "second", "gb": "gigabyte", "mb": "megabyte", "tb": "terabyte", "mw": "megawatt",
    "kw": "kilowatt", "gw": "gigawatt", "kwh": "kilowatt hour", "hz": "hertz",
    "ghz": "gigahertz", "mhz": "megahertz", "acre": "acre", "hectare": "hectare",
    "horsepower": "horsepower", "hp": "horsepower", "point": "point", "pts": "point",
    "volt": "volt", "watt": "watt", "bpd": "barrel per day", "sq km": "square kilometre",
    "square mile": "square mile", "square foot": "square foot", "square feet": "square foot",
    "square metre": "square metre", "square meter": "square metre", "°c": "celsius",
    "°f": "fahrenheit", "°": "degree", "celsius": "celsius", "fahrenheit": "fahrenheit",
    "percentage point": "percentage point", "basis point": "basis point", "rpm": "rpm",
    "bhp": "brake horsepower", "ksi": "kilopound per square inch", "mpa": "megapascal",
    "gpa": "gigapascal", "megapascal": "megapascal", "gigapascal": "gigapascal",
    "μm": "micrometre", "micrometre": "micrometre", "micrometer": "micrometre",
    "micron": "micrometre", "nanometre": "nanometre", "nanometer": "nanometre",
    "millimetre": "mm", "millimeter": "mm", "centimetre": "cm", "centimeter": "cm",
    "m2": "square metre", "km2": "square kilometre", "w": "watt", "kv": "kilovolt",
    "kilowatt": "kilowatt", "megawatt": "megawatt", "gigawatt": "gigawatt",
    "kilowatt hour": "kilowatt hour", "gwh": "gigawatt hour", "mwh": "megawatt hour",
    "ppm": "part per million", "part per million": "part per million",
    "parts per million": "part per million", "ppb": "part per billion",
    "parts per billion": "part per billion", "decibel": "decibel", "cubic foot": "cubic foot",
    "cubic feet": "cubic foot", "cubic metre": "cubic metre", "gigatonne": "gigatonne",
    "gigaton": "gigatonne", "l": "litre", "ounce": "ounce", "oz": "ounce", "pint": "pint",
    "quart": "quart", "calorie": "calorie", "knot": "knot", "cent": "cent", "p": "pence",
    "ppg": "point per game", "rpg": "rebound per game", "apg": "assist per game",
    "degrees celsius": "celsius", "degree celsius": "celsius", "degrees fahrenheit": "fahrenheit",
    "degree fahrenheit": "fahrenheit", "degf": "fahrenheit", "degc": "celsius",
    "deg c": "celsius", "deg f": "fahrenheit", "lbs": "lb", "pound-feet": "pound-foot",
    "cylinder": "cylinder", "m.p.h.": "mph", "pound": "lb",
}  # fmt: skip
# Abbreviations that are ordinary words in lower case ("war", "ps").
CASED_MEASURES = {"WAR": "win above replacement", "PS": "horsepower", "C": "celsius",
                  "G": "generation wireless"}  # fmt: skip
DURATIONS = frozenset({"hour", "day", "week", "month", "year", "minute", "second"})
CURRENCY_CODES = ("USD", "EUR", "JPY", "GBP", "CNY", "AUD", "CAD", "INR", "CHF", "HKD", "SGD",
                  "NZD", "KRW")  # fmt: skip
CURRENCY_PREFIX = (
    r"(?<![A-Za-z])(?:US\s?\$|\$\s?US|\$\s?A|AU?\s?\$|CA?\s?\$|NZ\s?\$|HK\s?\$|S\s?\$|R\$|Y=|PS|RM"
    r"|Rs\.?|Rp|[$€£¥₩₹]|USD|EUR|GBP|KRW|JPY|CNY|RMB|AUD|CAD|INR)"
)
PERCENT_RE = re.compile(
    r"(?:\s?(?:%|per\s?cent\b|percent\b|pct\b)|pc\b)(?!\s*points?\b)", re.IGNORECASE
)
CURRENCY_WORD_RE = re.compile(
    r"\s+((?:us|u\.s\.|australian|canadian|hong kong|new zealand|singapore)\s+dollars?"
    r"|dollars?|euros?|pounds? sterling|sterling|won|yen|yuan|renminbi|rupees?|roubles?"
    r"|rubles?|francs?|ringgit|shekels?|hryvnias?|pesos?|rand|dirhams?|riyals?|lira"
    r"|chinese yuan|(?:danish|swedish|norwegian) (?:crowns?|kron(?:e|er|a|or))"
    rf"|(?-i:{'|'.join(CURRENCY_CODES)}))\b",
    re.IGNORECASE,
)
_MEASURE_ALTERNATION = "|".join(
    sorted((re.escape(k) + ("s|" + re.escape(k) if k[-1].isalpha() else "") for k in MEASURES),
           key=len, reverse=True)
)  # fmt: skip
MEASURE_RE = re.compile(
    rf"(?:\s|-|\s?(?=[a-z°]))(?:per ?cent(?:age)? points?|(?-i:{'|'.join(CASED_MEASURES)})"
    rf"|{_MEASURE_ALTERNATION})(?![\w/])",
    re.IGNORECASE,
)
CURRENCY_SUFFIX_RE = re.compile(r"\s?([€£¥])")  # "1,200€"
AGE_RE = re.compile(r"[\s-](year|month|week|day)s?[\s-]old\b", re.IGNORECASE)
RATE_WORDS = (
    "hour", "day", "week", "month", "year", "minute", "second", "night", "game", "century",
    "share", "barrel", "gallon", "litre", "liter", "ounce", "gram", "kilogram", "tonne", "ton",
    "square foot", "square metre", "sq m", "sq ft", "person", "head", "unit", "mmbtu", "kwh",
)  # fmt: skip
# "$52 a barrel", "20 miles per hour", "C$6 (US$4.46) per share"; not "a year ago".
RATE_RE = re.compile(
    r"(?P<aside>\s*\([^()]{1,30}\))?[\s-]+(?:per|an?|each)[\s-]+"
    rf"(?P<per>{'|'.join(RATE_WORDS)})s?\b(?!\s+(?:ago|earlier|later|before))",
    re.IGNORECASE,
)
COMPOSITES = {"mile per hour": "mph", "kilometre per hour": "kph", "mile per gallon": "mpg"}
FULL_NAMES = {"km": "kilometre", "m": "metre", "g": "gram", "kg": "kilogram", "cm": "centimetre",
              "mm": "millimetre", "lb": "pound"}  # fmt: skip


def singular(word: str) -> str:
    """A naive singular of an English unit word ("inches" -> "inch")."""
    word = word.lower()
    if word in MEASURES or word in CURRENCY_WORDS:
        return word
    for suffix, repl in (("ches", "ch"), ("ies", "y"), ("s", "")):
        if word.endswith(suffix) and word[: -len(suffix)] + repl in MEASURES | CURRENCY_WORDS:
            return word[: -len(suffix)] + repl
    return word


def currency_of_symbol(symbol: str) -> str:
    """The ISO code of a currency prefix such as "$", "£" or "US$"."""
    return CURRENCY_SYMBOLS.get(re.sub(r"[\s-]+", "", symbol.lower()), "USD")


def currency_of_word(word: str) -> str:
    """The ISO code of a currency word such as "euros" or "Australian dollars"."""
    key = singular(re.sub(r"\s+", " ", word.lower().replace("u.s.", "us")).replace(" sterling", ""))
    if key.endswith("dollars"):
        key = key[:-1]
    return CURRENCY_WORDS.get(key, key.upper())


def measure_unit(word: str) -> str:
    """The normalised name of a measure word such as "kilometres" or "mm"."""
    if word.strip() in CASED_MEASURES:
        return CASED_MEASURES[word.strip()]
    word = re.sub(r"\s+", " ", word.lower().strip())
    if word.startswith("per") or word.startswith("percentage"):
        return "percentage point"
    return MEASURES.get(word) or MEASURES.get(singular(word)) or MEASURES.get(word[:-1], word)


def currency_of_word_or_code(word: str) -> str:
    """The ISO code of a currency word ("euros", "Danish crowns") or code ("JPY")."""
    if word in CURRENCY_CODES:
        return word
    lowered = word.lower()
    for country, code in (("danish", "DKK"), ("swedish", "SEK"), ("norwegian", "NOK")):
        if lowered.startswith(country):
            return code
    return currency_of_word(word)


def rate_unit(unit: str, per: str) -> str:
    """A unit per time or item ("USD per barrel", "mph"), from a unit and its rate word."""
    per = measure_unit(per) if per.lower() not in ("share", "person", "head", "unit") else per
    combined = f"{FULL_NAMES.get(unit, unit)} per {FULL_NAMES.get(per, per).lower()}"
    return COMPOSITES.get(combined, combined)
