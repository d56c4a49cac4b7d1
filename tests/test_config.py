"""Config loading: the bundled file, overrides from the environment, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsmon.config.settings import DEFAULT_CONFIG, Alerts, AlertTarget, ConfigError, load_settings


def test_bundled_config_loads_and_resolves_paths() -> None:
    settings = load_settings(DEFAULT_CONFIG)
    assert settings.seeds_folder == Path(__file__).resolve().parents[1] / "seeds"
    assert settings.vocabulary_path and settings.vocabulary_path.exists()
    assert settings.database_url == "sqlite:///data/newsmon.db"
    assert [t.url for t in settings.config.alerts.targets] == [
        "console://",
        "logfile://data/alerts.log",
    ]


def test_environment_overrides_config_path_and_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "other.yaml"
    copy.write_text(
        DEFAULT_CONFIG.read_text().replace("topic:\n  name:", "topic:\n  name: Other #")
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
