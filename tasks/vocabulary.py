"""The topic vocabulary as data: entities and aliases, counted-noun synonyms, events, rates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


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
    """A regex alternation of words, longest first, acronyms case-sensitive."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        pattern = re.escape(word).replace(r"\ ", r"\s+").replace("'", "['’]")
        parts.append(pattern if word.isupper() else f"(?i:{pattern})")
    return "|".join(parts) or "(?!)"


def _matcher(terms: tuple[Term, ...]) -> tuple[re.Pattern[str], dict[str, Term]]:
    """One compiled regex over all words of terms, and the word -> term lookup."""
    lookup = {w.lower(): t for t in terms for w in t.words}
    words = [w for t in terms for w in t.words]
    regex = re.compile(rf"(?<![\w-])(?:{_alternation(words)})(?![\w-])")
    return regex, lookup


def _terms(raw: Mapping[str, Any] | None, key: str = "words") -> tuple[Term, ...]:
    """Terms from a YAML mapping of name -> {label, words|aliases, default_event} or list."""
    terms = []
    for name, spec in (raw or {}).items():
        spec = {key: spec} if isinstance(spec, list) else dict(spec or {})
        words = tuple(str(w) for w in spec.get(key, []) or []) + (str(name),)
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
    _regexes: dict[str, tuple[re.Pattern[str], dict[str, Term]]] = field(
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
        """A vocabulary from a YAML file."""
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        return cls.from_mapping(data)

    def find(self, kind: str, text: str, start: int = 0, end: int | None = None) -> list[Match]:
        """Every term of a kind ("entities", "counted", "events", "rates") in text[start:end]."""
        regex, lookup = self._regexes[kind]
        end = len(text) if end is None else end
        found = []
        for m in regex.finditer(text, start, end):
            key = re.sub(r"\s+", " ", m.group(0).lower()).replace("’", "'")
            if key in lookup:
                found.append(Match(lookup[key], m.start(), m.end()))
        return found

    def term(self, kind: str, name: str) -> Term | None:
        """The term of a kind with the given canonical name."""
        return next((t for t in getattr(self, kind) if t.name == name), None)


GENERIC: dict[str, Any] = {
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
