"""neardup: syndicated copies are near duplicates, same-topic articles are not."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmon.tasks.dedupe.neardup import (
    BANDS,
    THRESHOLD,
    Fingerprint,
    band_keys,
    containment,
    fingerprint,
    is_near_duplicate,
    similarity,
    text_hash,
)
from newsmon.tasks.ingest.pages import extract_page

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
REWRITES = {
    "experts warned last night": "experts have warned",
    "defence": "defense",
    "honour": "honor",
    "yesterday": "on Wednesday",
    "Daily Mail": "Staff reporter",
    "The chilling prospect": "The prospect",
    "Sign up to The Nightly's newsletters.": "",
    "By continuing you agree to our Terms and Privacy Policy.": "",
}
CHROME_TOP = (
    "Skip to content | World | US | Politics | Business | Tech | Sport | Subscribe | Log in\n"
)
CHROME_BOTTOM = (
    "\nThis story was first published by the Daily Mail and is republished with permission.\n"
    "Most read: Stocks slide as oil jumps | Weather warning for the weekend | Chef opens bistro\n"
    "Follow us on social media. © 2024 Example Daily News. All rights reserved. Terms | Privacy\n"
)

pytestmark = pytest.mark.skipif(len(SEED_TEXTS) < 5, reason="seed articles not present")


def syndicated(text: str) -> str:
    """The same article re-published elsewhere: other chrome, light edits."""
    for old, new in REWRITES.items():
        text = text.replace(old, new)
    return CHROME_TOP + text + CHROME_BOTTOM


def test_syndicated_copy_is_a_near_duplicate() -> None:
    original, copy = fingerprint(SEED_TEXTS[0]), fingerprint(syndicated(SEED_TEXTS[0]))
    assert text_hash(SEED_TEXTS[0]) != text_hash(syndicated(SEED_TEXTS[0]))
    assert containment(original, copy) >= 0.85
    assert is_near_duplicate(original, copy)
    assert set(band_keys(original)) & set(band_keys(copy))


@pytest.mark.parametrize("rate", [0.0, 0.005, 0.01])
def test_copies_with_random_word_edits_are_detected(rate: float) -> None:
    rng = random.Random(42)
    for text in SEED_TEXTS:
        words = text.split(" ")
        edited = [rng.choice(["the", "said", "some"]) if rng.random() < rate else w for w in words]
        copy = CHROME_TOP + " ".join(edited) + CHROME_BOTTOM
        assert is_near_duplicate(fingerprint(text), fingerprint(copy)), rate


def test_different_articles_on_the_same_story_are_not() -> None:
    prints = [fingerprint(t) for t in SEED_TEXTS]
    for i, a in enumerate(prints):
        for b in prints[i + 1 :]:
            assert similarity(a, b) < 0.1 and containment(a, b) < 0.2
            assert not is_near_duplicate(a, b)


def test_syndicated_html_pages_with_other_chrome() -> None:
    """Through extraction: two sites' HTML around the same story."""
    body = "".join(f"<p>{line}</p>" for line in SEED_TEXTS[2].splitlines() if line.strip())
    site_a = (
        "<html><head><title>Story - Site A</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>Story</h1>{body}</article>"
        "<footer>© Site A. <a href='/privacy'>Privacy</a> Cookie settings</footer></body></html>"
    )
    site_b = (
        "<html><head><title>Story | B News</title></head><body>"
        "<header><ul><li>News</li><li>Markets</li><li>Culture</li></ul></header>"
        f"<main><div class='story'>{syndicated(body)}</div></main>"
        "<aside>Most popular: Ten recipes for autumn</aside>"
        "<footer>B News Ltd. All rights reserved.</footer></body></html>"
    )
    page_a = extract_page(site_a, url="https://a.example/story")
    page_b = extract_page(site_b, url="https://b.example/story")
    assert page_a.error is None and page_b.error is None
    assert is_near_duplicate(fingerprint(page_a.text), fingerprint(page_b.text))


def test_fingerprint_round_trip_and_band_keys() -> None:
    fp = fingerprint(SEED_TEXTS[1])
    stored = fp.to_str()
    assert stored.isascii() and len(stored) < 700
    assert Fingerprint.from_str(stored) == fp
    keys = band_keys(fp)
    assert len(keys) == BANDS == len(set(keys))
    assert all(len(k) == 20 and k.startswith("b") for k in keys)
    assert band_keys(Fingerprint.from_str(stored)) == keys


def test_fingerprints_are_deterministic() -> None:
    assert fingerprint(SEED_TEXTS[3]) == fingerprint(SEED_TEXTS[3])
    assert fingerprint("A b c d e f") == fingerprint("a  B c, d e f!")


def test_empty_text() -> None:
    empty = fingerprint("   ")
    assert empty.empty and band_keys(empty) == []
    assert similarity(empty, empty) == 0.0 and not is_near_duplicate(empty, empty)


def test_bad_fingerprint_string() -> None:
    with pytest.raises(ValueError, match="not a fingerprint"):
        Fingerprint.from_str("nope!")
    with pytest.raises(ValueError, match="not a fingerprint"):
        Fingerprint.from_str("AAAA")


def test_text_hash_ignores_case_and_whitespace() -> None:
    assert text_hash("North  Korean\ntroops") == text_hash("north korean troops ")
    assert text_hash("a b") != text_hash("a c")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["kim", "putin", "troops", "kursk", "said", "war"]), min_size=8))
def test_identical_texts_are_near_duplicates(words: list[str]) -> None:
    fp = fingerprint(" ".join(words))
    assert similarity(fp, fp) == 1.0 and is_near_duplicate(fp, fp, THRESHOLD)
