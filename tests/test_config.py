"""Config loading: the bundled file, overrides from the environment, clear errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsmon.config.settings import DEFAULT_CONFIG, Alerts, AlertTarget, ConfigError, load_settings


def test_bundled_config_loads_and_resolves_paths() -> None:
    settings = load_settings(DEFAULT_CONFIG)
    assert settings.seeds_folder == Path(__file__).resolve().parents[1] / "seeds"
    assert settings.vocabulary_path and settings.vocabulary_path.exists()
    repo = Path(__file__).resolve().parents[1]
    assert settings.database_url == f"sqlite:///{repo / 'data' / 'newsmon.db'}"
    assert [t.url for t in settings.config.alerts.targets] == [
        "console://",
        "logfile://data/alerts.log",
    ]


def test_environment_overrides_config_path_and_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "other.yaml"
    text = DEFAULT_CONFIG.read_text().replace("topic:\n  name:", "topic:\n  name: Other #")
    bundled = DEFAULT_CONFIG.parent
    text = text.replace("seeds_folder: ../seeds", f"seeds_folder: {bundled.parent / 'seeds'}")
    copy.write_text(
        text.replace("vocabulary: vocabulary.yaml", f"vocabulary: {bundled}/vocabulary.yaml")
    )
    monkeypatch.setenv("NEWSMON_CONFIG", str(copy))
    monkeypatch.setenv("NEWSMON_DATABASE_URL", "sqlite:////tmp/elsewhere.db")
    settings = load_settings()
    assert settings.path == copy
    assert settings.database_url == "sqlite:////tmp/elsewhere.db"


def test_invalid_config_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("topic: [unclosed")
    with pytest.raises(ConfigError, match="cannot load config"):
        load_settings(bad)
    with pytest.raises(ConfigError):
        load_settings(tmp_path / "absent.yaml")


def test_alert_target_from_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    target = AlertTarget(name="ops", url_env="NEWSMON_TEST_TARGET")
    assert target.resolve_url() is None
    monkeypatch.setenv("NEWSMON_TEST_TARGET", "json://127.0.0.1:9/x")
    assert target.resolve_url() == "json://127.0.0.1:9/x"
    with pytest.raises(ValueError, match="exactly one"):
        AlertTarget(name="both", url="json://a", url_env="B")


def test_repeated_alert_target_names_are_refused() -> None:
    same = [{"name": "ops", "url": "json://a"}, {"name": "ops", "url": "json://b"}]
    with pytest.raises(ValueError, match=r"unique; repeated: \['ops'\]"):
        Alerts(targets=same)
    assert len(Alerts(targets=[same[0], {"name": "dev", "url": "json://b"}]).targets) == 2


def bundled_in(tmp_path: Path, change: Callable[[dict[str, Any]], object]) -> Path:
    """The bundled config in tmp_path (its paths made absolute), changed by `change`."""
    raw = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    raw["seeds_folder"] = str(DEFAULT_CONFIG.parent.parent / "seeds")
    raw["topic"]["vocabulary"] = str(DEFAULT_CONFIG.parent / "vocabulary.yaml")
    change(raw)
    path = tmp_path / "newsmon.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


MISTAKES: list[tuple[Callable[[dict[str, Any]], object], str]] = [
    (
        lambda raw: raw["topic"].update(relevance_treshold=0.2),
        r"topic\.relevance_treshold: unknown key; did you mean `relevance`\?",
    ),
    (
        lambda raw: raw["fetch"].update(max_redirect=2),
        r"fetch\.max_redirect: unknown key; did you mean `max_redirects`\?",
    ),
    (
        lambda raw: raw.update(feed=[]),
        r"^invalid config .*: feed: unknown key; did you mean `feeds`\?$",
    ),
    (lambda raw: raw.update(alert={}), r": alert: unknown key; did you mean `alerts`\?$"),
    (
        lambda raw: raw["alerts"]["targets"][0].update(urll="x"),
        r"alerts\.targets\.0\.urll: unknown key; did you mean `url`\?",
    ),
    (
        lambda raw: raw.update(metrics={"default": {"tolerence": 0.1}}),
        r"metrics\.default\.tolerence: unknown key; did you mean `tolerance`\?",
    ),
    (lambda raw: raw.update(colour="red"), r": colour: unknown key$"),
    (
        lambda raw: raw.update(feeds=[{"name": "wire", "url": "example.com/rss"}]),
        r"feed 'wire': url must be an http\(s\) address, not 'example\.com/rss'",
    ),
    (
        lambda raw: raw["alerts"].update(targets=[{"name": "team", "url": "slack/T0/B0/secret"}]),
        r"alert target 'team': url is not an apprise URL \(scheme://\.\.\.\)$",
    ),
    (
        lambda raw: raw["alerts"].update(targets=[{"name": "team", "url": "slak://T0/B0/tok3n"}]),
        r"^alert target 'team': unknown apprise scheme 'slak' \(.*\.yaml\)$",
    ),
    (
        lambda raw: raw["alerts"].update(targets=[{"name": "chat", "url": "tgram://half-a-t0ken"}]),
        r"^alert target 'chat': apprise cannot use it: Unparseable Telegram URL tgram://",
    ),
    (lambda raw: raw.update(seeds_folder="no-seeds"), r"seeds folder .*/no-seeds does not exist"),
    (lambda raw: raw["topic"].update(vocabulary="vocab.yaml"), r"vocabulary file .*/vocab\.yaml"),
    (lambda raw: raw.update(opml="feeds.opml"), r"OPML file .*/feeds\.opml does not exist"),
    (lambda raw: raw["fetch"].update(timeout="soon"), r"fetch\.timeout: Input should be a valid"),
    (
        lambda raw: raw["fetch"].update(allow_hosts=["127.0.0.1:99999"]),
        r"fetch\.allow_hosts: '127\.0\.0\.1:99999' is not a host or host:port",
    ),
]


def test_allow_hosts_entries_are_hosts_or_hosts_with_a_port(tmp_path: Path) -> None:
    hosts = ["Feeds.Example", "127.0.0.1:08765", "[0:0::1]:8080", "::1"]
    settings = load_settings(
        bundled_in(tmp_path, lambda raw: raw["fetch"].update(allow_hosts=hosts))
    )
    assert settings.config.fetch.allow_hosts == [
        "feeds.example",
        "127.0.0.1:8765",
        "[::1]:8080",
        "::1",
    ]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("discord://only-an-id-s3cret", "apprise cannot use it"),
        ("hooks.slack.com/services/T0/B0/s3cret", "not an apprise URL"),
        ("slack:/T0/B0/s3cret", "not an apprise URL"),
    ],
)
def test_an_unusable_alert_url_from_the_environment_is_named_at_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, problem: str
) -> None:
    monkeypatch.setenv("NEWSMON_TEST_HOOK", value)
    targets = [{"name": "ops", "url_env": "NEWSMON_TEST_HOOK"}]
    with pytest.raises(ConfigError, match=rf"^alert target 'ops': {problem}") as raised:
        load_settings(bundled_in(tmp_path, lambda raw: raw["alerts"].update(targets=targets)))
    assert "s3cret" not in str(raised.value).lower()


@pytest.mark.parametrize(("change", "error"), MISTAKES)
def test_config_mistakes_are_one_line_errors_at_load(
    tmp_path: Path, change: Callable[[dict[str, Any]], object], error: str
) -> None:
    with pytest.raises(ConfigError, match=error) as raised:
        load_settings(bundled_in(tmp_path, change))
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("entities: [unclosed", r"^cannot read vocabulary .*vocab\.yaml: while parsing"),
        ("counted:\n  deaths: {word: [dead]}", r"^invalid vocabulary .*: counted\.deaths\..*word"),
        ("entitys: {}", r"^invalid vocabulary .*: entitys: unknown key; did you mean `entities`\?"),
    ],
)
def test_a_broken_vocabulary_is_a_one_line_error_at_load(
    tmp_path: Path, content: str, error: str
) -> None:
    (tmp_path / "vocab.yaml").write_text(content, encoding="utf-8")
    config = bundled_in(tmp_path, lambda raw: raw["topic"].update(vocabulary="vocab.yaml"))
    with pytest.raises(ConfigError, match=error) as raised:
        load_settings(config)
    assert "\n" not in str(raised.value)


def test_relative_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "my-seeds").mkdir()
    path = bundled_in(tmp_path, lambda raw: raw.update(seeds_folder="my-seeds"))
    assert load_settings(path).seeds_folder == tmp_path / "my-seeds"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///mine.db", "sqlite:///{dir}/mine.db"),
        ("sqlite:///../up/mine.db", "sqlite:///{parent}/up/mine.db"),
        ("sqlite:////abs/mine.db", "sqlite:////abs/mine.db"),
        ("sqlite://", "sqlite://"),
        ("postgresql+psycopg://u@127.0.0.1:5432/db", "postgresql+psycopg://u@127.0.0.1:5432/db"),
    ],
)
def test_the_sqlite_path_is_relative_to_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, expected: str
) -> None:
    (tmp_path / "conf").mkdir()
    path = bundled_in(tmp_path / "conf", lambda raw: raw.update(database_url=url))
    monkeypatch.chdir(tmp_path)  # wherever the command runs from
    found = load_settings(path).database_url
    assert found == expected.format(dir=tmp_path / "conf", parent=tmp_path)


def test_a_malformed_database_url_is_a_one_line_error(tmp_path: Path) -> None:
    path = bundled_in(tmp_path, lambda raw: raw.update(database_url="not a url"))
    with pytest.raises(ConfigError, match=r"^database_url is not a database URL") as raised:
        load_settings(path)
    assert "\n" not in str(raised.value)


def test_a_malformed_database_url_in_the_environment_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSMON_DATABASE_URL", "sqlite//missing-colon")
    with pytest.raises(ConfigError, match=r"^NEWSMON_DATABASE_URL is not a database URL"):
        load_settings(bundled_in(tmp_path, lambda raw: None))


def test_a_database_left_at_the_old_relative_place_is_never_replaced_by_an_empty_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "mine.db").write_bytes(b"")  # where the working directory put it
    path = bundled_in(
        tmp_path / "conf", lambda raw: raw.update(database_url="sqlite:///data/mine.db")
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"now means .*/conf/data/mine\.db .* is at .*/data/mine"):
        load_settings(path)


def test_a_feed_url_in_an_error_shows_no_token(tmp_path: Path) -> None:
    feeds = [{"name": "w", "url": "wire/rss?token=s3cret"}]
    with pytest.raises(ConfigError, match="not 'wire/rss'") as raised:
        load_settings(bundled_in(tmp_path, lambda raw: raw.update(feeds=feeds)))
    assert "s3cret" not in str(raised.value)


@pytest.mark.parametrize(
    "broken",
    [
        '    - {name: a, url: "json://ann:s3cret@host/p?token=t0k3n}\n',  # unclosed quote
        "    - name: a\n      url: json://ann:s3cret@host/p\n     bad: x\n",  # bad indent
    ],
)
def test_a_yaml_error_says_where_without_echoing_the_line(tmp_path: Path, broken: str) -> None:
    path = tmp_path / "newsmon.yaml"
    path.write_text("topic: {name: t}\nseeds_folder: .\nalerts:\n  targets:\n" + broken)
    with pytest.raises(ConfigError, match=r"not valid YAML \(.+ at line \d+, column \d+\)$") as e:
        load_settings(path)
    assert "s3cret" not in str(e.value) and "t0k3n" not in str(e.value)
