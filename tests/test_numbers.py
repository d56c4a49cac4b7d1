"""The pure number parser: table tests and hypothesis properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmon.tasks.figures.numbers import parse_digits, parse_number, parse_words


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3,000", 3000.0),
        ("1,300,000", 1_300_000.0),
        ("648,000", 648_000.0),
        ("1.28", 1.28),
        ("0.65", 0.65),
        (".5", 0.5),
        ("1.3million", 1_300_000.0),
        ("1.5 million", 1_500_000.0),
        ("5 mi l l ion", 5_000_000.0),
        ("12k", 12_000.0),
        ("1.2bn", 1_200_000_000.0),
        ("2 billion", 2_000_000_000.0),
        ("3 trillion", 3e12),
        ("six", 6.0),
        ("twenty-five", 25.0),
        ("a dozen", 12.0),
        ("two hundred thousand", 200_000.0),
        ("two and a half", 2.5),
        ("half a million", 500_000.0),
        ("a million", 1_000_000.0),
        ("4 hundred million", 400_000_000.0),
    ],
)
def test_parse_number_table(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "troops", "1,2,3,4,5x", "and", "abc"])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from([",", "\u00a0", "\u202f"]))
def test_thousands_round_trip(value: int, separator: str) -> None:
    assert parse_digits(f"{value:,}".replace(",", separator)) == value


@given(
    st.integers(min_value=1, max_value=999),
    st.sampled_from([("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("bn", 1e9)]),
)
def test_scale_words_multiply(value: int, scale: tuple[str, float]) -> None:
    word, factor = scale
    assert parse_number(f"{value} {word}") == pytest.approx(value * factor)
    assert parse_number(f"{value}{word}") == pytest.approx(value * factor)


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=99))
def test_decimal_with_scale(whole: int, fraction: int) -> None:
    text = f"{whole}.{fraction:02d} million"
    assert parse_number(text) == pytest.approx(float(f"{whole}.{fraction:02d}") * 1e6)


@given(st.integers(min_value=0, max_value=99))
def test_number_words_below_hundred(value: int) -> None:
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
             "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
             "seventeen", "eighteen", "nineteen"]  # fmt: skip
    tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    text = (
        words[value]
        if value < 20
        else tens[value // 10] + (f"-{words[value % 10]}" if value % 10 else "")
    )
    assert parse_words(text) == value


@given(st.text(max_size=40))
def test_parse_number_never_raises(text: str) -> None:
    result = parse_number(text)
    assert result is None or isinstance(result, float)
