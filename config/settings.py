"""Typed settings: the YAML config file plus NEWSMON_* environment overrides.

This is the only module that reads the environment (pydantic-settings does it
for NEWSMON_*; `AlertTarget.url_env` names are resolved here too).
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from newsmon.config.suggest import nearest_key

DEFAULT_CONFIG = Path(__file__).resolve().parent / "newsmon.yaml"
# An apprise URL names its service first ("mailto://", "ntfy://", "json://").
APPRISE_URL = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)


class ConfigError(ValueError):
    """The config file is missing, unreadable or invalid."""


class Environment(BaseSettings):
    """What may come from the environment: where the config is, and the database."""

    model_config = SettingsConfigDict(env_prefix="NEWSMON_", extra="ignore")
    config: Path | None = None
    database_url: str | None = None


class Strict(BaseModel):
    """A part of the config file: a key it does not know is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class Relevance(Strict):
    """When a feed item is off-topic (tasks/dedupe/relevance.py): under either threshold."""

    min_score: float = Field(default=0.2, ge=0.0, le=1.5)
    min_names: float = Field(default=0.25, ge=0.0, le=1.0)


class Topic(Strict):
    name: str
    keywords: list[str] = Field(default_factory=list)
    vocabulary: Path | None = None
    relevance: Relevance = Field(default_factory=Relevance)


class VocabularyTerm(Strict):
    """One entry of the topic vocabulary: its label and the words that mean it."""

    label: str | None = None
    words: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    default_event: str | None = None


Terms = dict[str, VocabularyTerm | list[str] | None]


class VocabularyFile(Strict):
    """The topic vocabulary file (config/vocabulary.yaml), checked when the settings load."""

    people_group: str | None = None
    entities: Terms = Field(default_factory=dict)
    counted: Terms = Field(default_factory=dict)
    events: Terms = Field(default_factory=dict)
    rates: Terms = Field(default_factory=dict)


def check_vocabulary(path: Path) -> None:
    """Raise ConfigError when the vocabulary file is not valid YAML of the expected shape."""
    try:
        VocabularyFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except ValidationError as exc:
        raise ConfigError(f"invalid vocabulary {path}: {one_line(exc, VocabularyFile)}") from exc
    except (OSError, yaml.YAMLError) as exc:
        reason = " ".join(str(exc).split())
        raise ConfigError(f"cannot read vocabulary {path}: {reason}") from exc


class Feed(Strict):
    name: str
    url: str

    @model_validator(mode="after")
    def _web_address(self) -> Feed:
        parts = urlsplit(self.url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            shown = self.url.split("?")[0].split("@")[-1]  # no query token, no password
            raise ValueError(f"feed {self.name!r}: url must be an http(s) address, not {shown!r}")
        return self


HOST_PORT_RE = re.compile(r"(?P<host>\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(?P<port>\d{1,5}))?")


def allow_entry(entry: str) -> str:
    """An allow_hosts entry in lower case, checked: a host, or a host and its port."""
    with contextlib.suppress(ValueError):
        return ipaddress.IPv6Address(entry.strip()).compressed  # "::1", with no port
    found = HOST_PORT_RE.fullmatch(entry.strip().lower())
    if found is None or not 0 < int(found["port"] or 1) < 65536:
        raise ValueError(f"fetch.allow_hosts: {entry!r} is not a host or host:port")
    host = found["host"]
    if host.startswith("["):  # an IPv6 address in brackets, written one way
        try:
            host = f"[{ipaddress.IPv6Address(host.strip('[]')).compressed}]"
        except ValueError:
            raise ValueError(f"fetch.allow_hosts: {entry!r} is not a host or host:port") from None
    if found["port"]:
        return f"{host}:{int(found['port'])}"  # "08080" is port 8080
    return host.strip("[]")


class FetchSettings(Strict):
    timeout: float = 15.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    # Hosts and networks exempt from the private-address guard (local feeds, tests).
    allow_hosts: list[str] = Field(default_factory=list)
    allow_networks: list[str] = Field(default_factory=list)
    user_agent: str = "newsmon/0.1 (news monitor)"

    @model_validator(mode="after")
    def _host_entries(self) -> FetchSettings:
        # "127.0.0.1" opens every port of the host; "127.0.0.1:8765" (or "[::1]:8765") one
        self.allow_hosts = [allow_entry(entry) for entry in self.allow_hosts]
        return self

    # Pages of items this recent are re-read (conditionally) on each poll to catch edits.
    refetch_days: float = 3.0
    # A feed listing more items than this gives only its newest (the rest is reported).
    max_items_per_feed: int = Field(default=500, ge=1)
    # Extract pages in this many processes (0: one per core).
    workers: int = 0
    # A feed that times out or answers 5xx is retried this often within the run.
    retries: int = 2
    retry_delay_seconds: float = 5.0


class AlertTarget(Strict):
    """An apprise URL, given inline or as the name of an environment variable."""

    name: str
    url: str | None = None
    url_env: str | None = None
    digest: Literal["immediate", "hourly", "daily"] = "immediate"

    @model_validator(mode="after")
    def _one_source(self) -> AlertTarget:
        if (self.url is None) == (self.url_env is None):
            raise ValueError(f"alert target {self.name!r}: give exactly one of url, url_env")
        if self.url is not None and not APPRISE_URL.match(self.url.strip()):
            # The URL is not echoed: it may carry a token.
            raise ValueError(
                f"alert target {self.name!r}: url is not an apprise URL (scheme://...)"
            )
        if self.url is not None and self.url.startswith("logfile:///"):
            # apprise reads logfile:///abs as the relative abs: the plugin knows localhost.
            self.url = "logfile://localhost/" + self.url.removeprefix("logfile:///")
        return self

    def resolve_url(self) -> str | None:
        """The apprise URL, or None when its environment variable is unset."""
        return self.url if self.url is not None else os.environ.get(self.url_env or "")


class MetricRule(Strict):
    """Per-metric controls; the `default` entry applies to every metric."""

    tolerance: float = 0.0
    mute: bool = False
    min_abs: float = 0.0
    min_rel: float = 0.0


class Alerts(Strict):
    targets: list[AlertTarget] = Field(default_factory=list)
    kinds: list[str] = Field(default_factory=lambda: ["new", "changed", "refined", "conflict"])
    max_attempts: int = 20
    retry_base_seconds: float = 60.0
    # Alert only on the metrics an analyst tracks (`newsmon metrics track KEY`).
    only_tracked: bool = False

    @model_validator(mode="after")
    def _unique_names(self) -> Alerts:
        # The outbox keeps one alert per change and target name: a repeated name would
        # make every change of a run fail to queue.
        names = [target.name for target in self.targets]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"alert target names must be unique; repeated: {repeated}")
        return self


class Schedule(Strict):
    """When one flow runs (cron or interval, in a timezone), and what an overlapping run does."""

    cron: str | None = None
    interval_minutes: float | None = Field(default=None, gt=0)
    timezone: str = "UTC"
    enabled: bool = True
    # A run due while the previous one still works: "cancel" it (the next one catches up)
    # or "enqueue" it (it waits for the slot).
    on_overlap: Literal["cancel", "enqueue"] = "cancel"

    @model_validator(mode="after")
    def _valid(self) -> Schedule:
        if self.cron is not None and self.interval_minutes is not None:
            raise ValueError("schedule: give cron or interval_minutes, not both")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"schedule: unknown timezone {self.timezone!r}") from exc
        return self


class ServerSettings(Strict):
    """newsmon's own local Prefect server, used when PREFECT_API_URL is not set."""

    # false: each `newsmon run` starts Prefect's own temporary server (10-25 s) instead.
    standing: bool = True
    port: int = Field(default=4280, ge=1, le=65535)
    # A first start on a slow or busy machine can take over a minute.
    startup_seconds: float = Field(default=180.0, gt=0)


class Config(Strict):
    """The readable config file, validated."""

    topic: Topic
    seeds_folder: Path
    feeds: list[Feed] = Field(default_factory=list)
    opml: Path | None = None
    database_url: str = "sqlite:///data/newsmon.db"
    # A run holds a lease so a slow run and the next tick never process the same items. It
    # is renewed while the run works (a killed run's expires within a minute), for at most
    # this long: a run stuck longer lets the next one take over.
    max_run_minutes: float = 60.0
    fetch: FetchSettings = Field(default_factory=FetchSettings)
    alerts: Alerts = Field(default_factory=Alerts)
    metrics: dict[str, MetricRule] = Field(default_factory=dict)
    schedules: dict[str, Schedule] = Field(default_factory=dict)
    server: ServerSettings = Field(default_factory=ServerSettings)


class Settings:
    """The config file with paths resolved and environment overrides applied."""

    def __init__(self, config: Config, path: Path, database_url: str) -> None:
        self.config = config
        self.path = path
        self.database_url = database_url

    @cached_property
    def seeds_folder(self) -> Path:
        return (self.path.parent / self.config.seeds_folder).resolve()

    @cached_property
    def opml_path(self) -> Path | None:
        opml = self.config.opml
        return (self.path.parent / opml).resolve() if opml else None

    @cached_property
    def vocabulary_path(self) -> Path | None:
        vocab = self.config.topic.vocabulary
        return (self.path.parent / vocab).resolve() if vocab else None

    def check_paths(self) -> None:
        """Raise ConfigError for a seeds folder, vocabulary or OPML file that is not there."""
        if not self.seeds_folder.is_dir():
            raise ConfigError(f"seeds folder {self.seeds_folder} does not exist ({self.path})")
        for what, path in (("vocabulary", self.vocabulary_path), ("OPML", self.opml_path)):
            if path is not None and not path.is_file():
                raise ConfigError(f"{what} file {path} does not exist ({self.path})")
        if self.vocabulary_path is not None:
            check_vocabulary(self.vocabulary_path)

    def check_alert_urls(self) -> None:
        """Raise ConfigError naming the first alert target whose URL apprise cannot use."""
        if not self.config.alerts.targets:
            return
        # apprise alone knows its schemes and their parts; only a config with targets needs it.
        from newsmon.tasks.alerts.notify import url_problem

        for target in self.config.alerts.targets:
            url = target.resolve_url()
            problem = url_problem(url) if url else None
            if problem:  # never the URL itself: it may carry a token
                raise ConfigError(f"alert target {target.name!r}: {problem} ({self.path})")


def metric_rule(rules: dict[str, MetricRule], metric: str) -> MetricRule:
    """The rule for one metric, falling back to `default`, then to no rule."""
    return rules.get(metric) or rules.get("default") or MetricRule()


def one_line(error: ValidationError, model: type[BaseModel]) -> str:
    """A validation error as one line: each problem as `where: what`; an unknown key with
    the known one nearest it."""
    problems = []
    for item in error.errors():
        where, what = ".".join(str(part) for part in item["loc"]) or "file", item["msg"]
        if item["type"] == "extra_forbidden":
            near = nearest_key(model, item["loc"])
            what = f"unknown key; did you mean `{near}`?" if near else "unknown key"
        problems.append(f"{where}: {what}")
    return "; ".join(problems)


def yaml_reason(error: yaml.YAMLError) -> str:
    """What is wrong and where, without the text around it (a line may hold a token)."""
    if not isinstance(error, yaml.MarkedYAMLError) or error.problem_mark is None:
        return "unreadable"
    mark = error.problem_mark
    return f"{error.problem} at line {mark.line + 1}, column {mark.column + 1}"


def beside(database_url: str, folder: Path, name: str) -> str:
    """A SQLite URL with a relative path made relative to `folder` (the config file's), like
    every other path in the file; other URLs as they are. `name` says where the URL is from."""
    try:
        url = make_url(database_url)
    except ArgumentError as exc:
        # Not echoed: a URL may carry a password.
        hint = "e.g. sqlite:///data/newsmon.db or postgresql+psycopg://user@host/db"
        raise ConfigError(f"{name} is not a database URL ({hint})") from exc
    file = url.database
    if (
        url.get_backend_name() != "sqlite"
        or not file
        or file == ":memory:"
        or Path(file).is_absolute()
    ):
        return database_url
    beside_file, before = (folder / file).resolve(), (Path.cwd() / file).resolve()
    if beside_file != before and before.exists() and not beside_file.exists():
        # Relative SQLite paths used to be the working directory's: never start an empty one.
        raise ConfigError(f"{name} {database_url} now means {beside_file} (paths are relative "
                          f"to the config file), but the database is at {before}: move it there "
                          "or give its absolute path")  # fmt: skip
    return url.set(database=str(beside_file)).render_as_string(hide_password=False)


def load_settings(path: Path | None = None) -> Settings:
    """Read the config file (argument, NEWSMON_CONFIG, or the bundled default)."""
    env = Environment()
    path = (path or env.config or DEFAULT_CONFIG).expanduser().resolve()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        config = Config.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"invalid config {path}: {one_line(exc, Config)}") from exc
    except OSError as exc:
        raise ConfigError(f"cannot load config {path}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(
            f"cannot load config {path}: not valid YAML ({yaml_reason(exc)})"
        ) from exc
    if env.database_url:  # from the environment: a relative path stays the working directory's
        database_url = beside(env.database_url, Path.cwd(), "NEWSMON_DATABASE_URL")
    else:
        database_url = beside(config.database_url, path.parent, "database_url")
    settings = Settings(config, path, database_url)
    settings.check_paths()
    settings.check_alert_urls()
    return settings
