"""Is a feed item part of the story? Its words and its names both have to say so.

A look-alike (another country's wildfire, another central bank's rate rise, another
disease's weekly deaths) shares the story's vocabulary, but not its subject. Two measures:

* **similarity**: the cosine of the item's terms with the story's (the topic's name and
  keywords, the seeds, and every item accepted so far). Terms weigh by how rare they are
  in English (wordfreq's Zipf scale): "Lahaina" or "monkeypox" count for more than "fire"
  or "cases";
* **names**: the share of the people, places and bodies the item names (in its headline
  and first paragraph twice) that the story names too: the topic, the seeds, the accepted
  items. A few names give no verdict: the share is smoothed toward one half.

An item is kept when `score` = similarity x (0.5 + names) reaches `min_score` and its names
share reaches `min_names`: an item about the story's own people and places may use other
words (a jobs report in an inflation story), one about strangers must use the story's.
On the shared streams and the seed story, items that belong score at least 0.26 and name
at least 0.55 known; every look-alike scores under 0.19 or names under 0.14.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from newsmon.tasks.dedupe.names import in_title_case, normal_name, proper_names, zipf
from newsmon.tasks.dedupe.wordlists import STOP_WORDS

MIN_SCORE = 0.2
MIN_NAMES = 0.25
NAMES_BASE = 0.5  # score = similarity x (NAMES_BASE + names share)
WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
MIN_WORD = 3
COMMONEST = 7.0  # Zipf frequency of "the": a term's weight is how far below this it is
MIN_WEIGHT = 0.3
ACRONYM_WEIGHT = 4.0  # wordfreq folds case, and "WHO" is not "who"
LEAD_WEIGHT = 2.0
CORE_SHARE = 2.0  # a name in half the story's articles is one of its own
COMMON_NAME = 2.5  # a word this common in English ("Bank", "County") names nothing alone
Vector = dict[str, float]


@lru_cache(maxsize=50_000)
def specificity(word: str) -> float:
    """How rare a word is in English: 0.3 for the commonest, about 7 for unknown words."""
    return max(MIN_WEIGHT, COMMONEST - zipf(word))


def terms(text: str) -> list[str]:
    """Content words, case-folded (acronyms keep their case); no stop words or numbers."""
    found = []
    for word in WORD_RE.findall(text):
        term = word if word.isupper() and len(word) > 1 else word.lower().replace("’", "'")
        if len(term) >= MIN_WORD and term.lower() not in STOP_WORDS:
            found.append(term)
    return found


def unit(weights: Mapping[str, float]) -> Vector:
    """A vector scaled to length 1 (empty stays empty)."""
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


def vector(text: str) -> Vector:
    """The text's terms weighted by log count times specificity, length 1."""
    counts = Counter(terms(text))
    weigh = {t: ACRONYM_WEIGHT if t.isupper() else specificity(t) for t in counts}
    return unit({t: (1.0 + math.log(n)) * weigh[t] for t, n in counts.items()})


def cosine(a: Vector, b: Vector) -> float:
    """Cosine similarity of two unit vectors."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(w * large.get(t, 0.0) for t, w in small.items())


def lead_and_rest(title: str, text: str) -> tuple[str, str]:
    """The headline with the first paragraph, and the rest of the text."""
    paragraphs = [p for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    if paragraphs and title and paragraphs[0].strip() == title.strip():
        paragraphs = paragraphs[1:]  # seed files repeat the headline as their first line
    headline = "" if in_title_case(title) else title
    lead = "\n".join([headline, *paragraphs[:1]])
    return lead, "\n".join(paragraphs[1:])


@dataclass(frozen=True)
class Relevance:
    """How an item relates to the story: term similarity, and the share of known names."""

    similarity: float
    names: float
    foreign: tuple[str, ...] = ()

    @property
    def score(self) -> float:
        """Similarity, raised when the item names the story's own people and places."""
        return round(self.similarity * (NAMES_BASE + self.names), 4)

    def kept(self, min_score: float = MIN_SCORE, min_names: float = MIN_NAMES) -> bool:
        """Whether the item is part of the story."""
        return self.score >= min_score and self.names >= min_names

    def reason(self, min_score: float = MIN_SCORE, min_names: float = MIN_NAMES) -> str | None:
        """Why the item was skipped, in words (None when kept)."""
        unknown = f" (unknown: {', '.join(self.foreign[:4])})" if self.foreign else ""
        if self.names < min_names:
            return f"off-topic: names {self.names:.2f} < {min_names:.2f}{unknown}"
        if self.score < min_score:
            return f"off-topic: score {self.score:.2f} < {min_score:.2f}{unknown}"
        return None


@dataclass
class TopicProfile:
    """The story as its topic, vocabulary, seeds and accepted items describe it."""

    topic: Vector
    aliases: dict[str, str] = field(default_factory=dict)
    declared: set[str] = field(default_factory=set)  # names of the topic and its keywords
    named: Counter[str] = field(default_factory=Counter)  # accepted articles naming each name
    articles: int = 0
    # The accepted articles' summed vectors, with the two sums the cosine needs kept up to
    # date as articles arrive: scoring an item then costs its own terms, not the story's.
    total: dict[str, float] = field(default_factory=dict)
    total_squares: float = 0.0  # |total|^2
    total_dot_topic: float = 0.0  # total . topic
    min_score: float = MIN_SCORE
    min_names: float = MIN_NAMES

    @classmethod
    def build(
        cls,
        name: str,
        keywords: Iterable[str] = (),
        *,
        aliases: Mapping[str, str] | None = None,
        min_score: float = MIN_SCORE,
        min_names: float = MIN_NAMES,
    ) -> TopicProfile:
        """A profile from the topic's name (counted twice) and keywords, before any article."""
        words = list(keywords)
        topic = vector("\n".join([name, name, *words]))
        folded = {key.lower(): value for key, value in (aliases or {}).items()}
        # The vocabulary's entities only normalise names: it lists the rival owners a
        # story's figures must be kept apart from (another country's bank, say) as well.
        declared = {normal_name(n, folded) for n in [*proper_names(name, folded), *words]}
        return cls(topic, folded, declared, min_score=min_score, min_names=min_names)

    def accept(self, title: str, text: str, item: Vector | None = None) -> None:
        """Add an article of the story: its terms and names describe the story from now on."""
        item = vector(f"{title}\n{text}") if item is None else item
        for term, weight in item.items():
            before = self.total.get(term, 0.0)
            self.total[term] = before + weight
            self.total_squares += weight * (2 * before + weight)
            self.total_dot_topic += weight * self.topic.get(term, 0.0)
        self.named.update(set(proper_names(f"{title}\n{text}", self.aliases)))
        self.articles += 1

    def similarity(self, item: Vector) -> float:
        """The cosine of an item's vector with the story's, unit(unit(total) + topic)."""
        # unit(total) is the accepted articles' mean direction; the topic's terms are added.
        length = math.sqrt(self.total_squares)
        if not length:
            return cosine(item, self.topic)
        dot = sum(w * (self.total.get(t, 0.0) / length + self.topic.get(t, 0.0))
                  for t, w in item.items())  # fmt: skip
        mixed_squares = 1.0 + sum(w * w for w in self.topic.values())
        mixed_squares += 2 * self.total_dot_topic / length
        return dot / math.sqrt(mixed_squares)

    def familiarity(self, name: str) -> float:
        """How much a name is the story's: 1 for the topic's own names and for names in at
        least half its articles, less for names it mentions rarely, 0 for strangers."""
        words = name.split()
        ends = [w for w in {words[0], words[-1]} if specificity(w.lower()) > COMMON_NAME]
        forms = [name, *ends] if len(words) > 1 else [name]  # "Tedros Adhanom" is "Tedros"
        if any(form in self.declared for form in forms):
            return 1.0
        share = max(self.named[form] for form in forms) / max(self.articles, 1)
        return min(1.0, share * CORE_SHARE)

    def score(self, title: str, text: str, item: Vector | None = None) -> Relevance:
        """How a new item relates to the story (`item`: its vector, if already computed)."""
        item = vector(f"{title}\n{text}") if item is None else item
        similarity = self.similarity(item)
        lead, rest = lead_and_rest(title, text)
        weighted = [(n, LEAD_WEIGHT) for n in proper_names(lead, self.aliases)]
        weighted += [(n, 1.0) for n in proper_names(rest, self.aliases)]
        known = sum(w * self.familiarity(n) for n, w in weighted)
        share = (known + 1.0) / (sum(w for _, w in weighted) + 2.0)  # few names: no verdict
        foreign = tuple(dict.fromkeys(n for n, _ in weighted if not self.familiarity(n)))
        return Relevance(round(similarity, 4), round(share, 4), foreign)

    def judge(self, title: str, text: str) -> Relevance:
        """Score an item and, when it is kept, accept it into the story."""
        item = vector(f"{title}\n{text}")
        found = self.score(title, text, item)
        if found.kept(self.min_score, self.min_names):
            self.accept(title, text, item)
        return found
