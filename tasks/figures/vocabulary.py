"""The topic vocabulary as data: entities and aliases, counted-noun synonyms, events, rates."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MEMO_TEXT = 80
MEMO_SIZE = 20_000


@dataclass(frozen=True)
class Term:
    """A canonical name, its human label and the words that mean it."""

    name: str
    label: str
    words: tuple[str, ...]
    default_event: str | None = None


@dataclass(frozen=True)
class Match:
    """A vocabulary term found in a text."""

    term: Term
    start: int
    end: int


def _alternation(words: list[str]) -> str:
    """A regex alternation of words, longest first, spaces and apostrophes loosened."""
    ordered = sorted(set(words), key=len, reverse=True)
    parts = [re.escape(w).replace(r"\ ", r"\s+").replace("'", "['’]") for w in ordered]
    return "|".join(parts) or "(?!)"


@dataclass(frozen=True)
class Matcher:
    """Compiled regexes for one kind of term, and the word -> term lookup."""

    lower: re.Pattern[str]
    anycase: re.Pattern[str]
    acronyms: re.Pattern[str]
    lookup: dict[str, Term]


def _matcher(terms: tuple[Term, ...]) -> Matcher:
    """Matchers over all words of terms: acronyms case-sensitive, the rest any case."""
    lookup = {w.lower(): t for t in terms for w in t.words}
    words = [w for t in terms for w in t.words]
    plain = _alternation([w.lower() for w in words if not w.isupper()])
    acronyms = _alternation([w for w in words if w.isupper()])
    # Case-sensitive matching on lower-cased text is much faster than IGNORECASE.
    return Matcher(
        re.compile(rf"\b(?:{plain})(?![\w-])"),
        re.compile(rf"\b(?:{plain})(?![\w-])", re.IGNORECASE),
        re.compile(rf"\b(?:{acronyms})(?![\w-])"),
        lookup,
    )


def _terms(raw: Mapping[str, Any] | None, key: str = "words") -> tuple[Term, ...]:
    """Terms from a YAML mapping of name -> {label, words|aliases, default_event} or list."""
    terms = []
    for name, spec in (raw or {}).items():
        spec = {key: spec} if isinstance(spec, list) else dict(spec or {})
        words = (*tuple(str(w) for w in spec.get(key, []) or []), str(name))
        label = str(spec.get("label", name))
        terms.append(Term(str(name), label, words, spec.get("default_event")))
    return tuple(terms)


@dataclass(frozen=True)
class Vocabulary:
    """Entities, counted-noun groups, events and rates of one topic."""

    entities: tuple[Term, ...] = ()
    counted: tuple[Term, ...] = ()
    events: tuple[Term, ...] = ()
    rates: tuple[Term, ...] = ()
    people_group: str | None = None
    _regexes: dict[str, Matcher] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    _memo: dict[tuple[str, str], list[Match]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        for name in ("entities", "counted", "events", "rates"):
            self._regexes[name] = _matcher(getattr(self, name))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Vocabulary:
        """A vocabulary from a parsed YAML/JSON mapping."""
        return cls(
            entities=_terms(data.get("entities"), "aliases"),
            counted=_terms(data.get("counted")),
            events=_terms(data.get("events")),
            rates=_terms(data.get("rates")),
            people_group=data.get("people_group"),
        )

    @classmethod
    def load(cls, path: str | Path) -> Vocabulary:
        """A vocabulary from a YAML file; read again only once the file has changed."""
        path = Path(path).resolve()
        return _load(path, path.stat().st_mtime_ns)

    def find(self, kind: str, text: str, start: int = 0, end: int | None = None) -> list[Match]:
        """Every term of a kind ("entities", "counted", "events", "rates") in text[start:end]."""
        if start or end is not None or len(text) > MEMO_TEXT:
            return self._find(kind, text, start, end)
        # Counted phrases repeat endlessly ("people", "troops"): remember short lookups.
        key = (kind, text)
        if key not in self._memo:
            if len(self._memo) > MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = self._find(kind, text, 0, None)
        return self._memo[key]

    def _find(self, kind: str, text: str, start: int, end: int | None) -> list[Match]:
        """Every term of a kind in text[start:end], uncached."""
        matcher = self._regexes[kind]
        end = len(text) if end is None else end
        lowered = text.lower()
        if len(lowered) == len(text):
            hits = list(matcher.lower.finditer(lowered, start, end))
        else:
            hits = list(matcher.anycase.finditer(text, start, end))
        hits += matcher.acronyms.finditer(text, start, end)
        found = []
        for m in sorted(hits, key=lambda h: h.start()):
            key = re.sub(r"\s+", " ", m.group(0).lower()).replace("’", "'")
            if key in matcher.lookup and not (m.start() and text[m.start() - 1] == "-"):
                found.append(Match(matcher.lookup[key], m.start(), m.end()))
        return found

    @functools.cached_property
    def alias_map(self) -> dict[str, str]:
        """Every entity alias, lower-cased, with the entity's canonical name (built once)."""
        return {word.lower(): term.name for term in self.entities for word in term.words}

    def aliases(self) -> dict[str, str]:
        """Every entity alias, lower-cased, with the entity's canonical name."""
        return self.alias_map

    def term(self, kind: str, name: str) -> Term | None:
        """The term of a kind with the given canonical name."""
        return next((t for t in getattr(self, kind) if t.name == name), None)


GENERIC: dict[str, Any] = {
    # The counted nouns that shape noun phrases; measures.py names the rest.
    "counted": {
        "casualties": ["casualties", "losses", "casualty"],
        "deaths": ["deaths", "dead", "fatalities", "death toll"],
        "injured": ["injured", "wounded", "injuries"],
        "troops": ["troops", "soldiers", "servicemen", "personnel", "fighters"],
        "people": ["people", "persons", "residents", "civilians"],
    },
    "events": {
        "killed": ["killed", "died", "dead", "slain", "lost their lives"],
        "wounded": ["wounded", "injured", "hurt"],
        "deployed": ["deployed", "sent", "dispatched", "stationed"],
        "displaced": ["displaced", "fled", "evacuated"],
        "arrested": ["arrested", "detained"],
    },
    "rates": {"per_day": ["a day", "per day", "each day", "daily"],
              "per_week": ["a week", "per week", "in a single week", "weekly", "each week"]},
}  # fmt: skip


def default_vocabulary() -> Vocabulary:
    """The generic vocabulary used when no topic vocabulary is configured."""
    return _DEFAULT


_DEFAULT = Vocabulary.from_mapping(GENERIC)


@functools.lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int) -> Vocabulary:
    """Runs in one process (`newsmon serve`, tests) share a vocabulary and its memo."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Vocabulary.from_mapping(data)
