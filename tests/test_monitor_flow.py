"""The monitor flow end to end on the seeds: Prefect, a SQLite file, apprise into a receiver."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from newsmon.cli import app
from newsmon.config.settings import Settings
from newsmon.flows.monitor import run_monitor
from tests.support.config import SEEDS, write_config
from tests.support.receivers import JsonReceiver, json_receiver
from tests.support.shared import seed_gold

pytestmark = pytest.mark.usefixtures("prefect_harness")


def json_lines(args: list[str]) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return yaml.safe_load(result.output)  # JSON is YAML


def seed_config(tmp_path: Path, receiver: JsonReceiver, **overrides: Any) -> Settings:
    alerts = {"targets": [{"name": "hook", "url": receiver.url}]}
    return write_config(tmp_path, alerts=alerts, **overrides)


def transitions(changes: list[dict[str, Any]], metric: str) -> list[tuple[float, float]]:
    return [
        (c["old_value"], c["new_value"])
        for c in changes
        if c["metric"] == metric and c["old_value"] is not None
    ]


def metric_of(figures: list[dict[str, Any]], text: str) -> str:
    return next(f["metric"] for f in figures if text in f["text"])


def test_seeds_end_to_end_then_a_rerun_adds_and_sends_nothing(tmp_path: Path) -> None:
    with json_receiver() as receiver:
        settings = seed_config(tmp_path, receiver)
        first = run_monitor(config_path=str(settings.path))
        assert first.articles["new"] == 5 and not first.errors
        assert first.alerts["sent"] == first.alerts_queued > 0 and first.alerts["failed"] == 0
        assert len(receiver.wait_for(first.alerts_queued)) == first.alerts_queued

        second = CliRunner().invoke(app, ["run", "--config", str(settings.path)])
        assert second.exit_code == 0, second.output
        assert "articles: 0 new, 0 updated, 0 duplicate, 5 unchanged" in second.output
        assert "figures: 0 new" in second.output
        assert "alerts: 0 sent, 0 failed (0 queued this run)" in second.output
        assert len(receiver.payloads) == first.alerts_queued


@pytest.mark.corpus
def test_seed_key_figures_are_stored(tmp_path: Path) -> None:
    with json_receiver() as receiver:
        settings = seed_config(tmp_path, receiver)
        run_monitor(config_path=str(settings.path))
    stored = json_lines(["figures", "--config", str(settings.path), "--json"])
    for seed in seed_gold()["seeds"]:
        mine = [f for f in stored if seed["file"] in f["article_url"]]
        for gold in seed["figures"]:
            match = [f for f in mine if f["value"] == gold["value"] and f["unit"] == gold["unit"]]
            assert match, f"{seed['file']}: {gold['quote']!r} not stored"
            assert match[0]["qualifier"] == gold["qualifier"], gold["quote"]
            assert match[0]["published"] == str(seed["published"])


def test_changes_include_the_story_transitions_and_alerts_reach_the_receiver(
    tmp_path: Path,
) -> None:
    with json_receiver() as receiver:
        settings = seed_config(tmp_path, receiver)
        summary = run_monitor(config_path=str(settings.path))
        payloads = receiver.wait_for(summary.alerts_queued)
    figures = json_lines(["figures", "--config", str(settings.path), "--json"])
    changes = json_lines(["changes", "--config", str(settings.path), "--json"])
    troops = metric_of(figures, "13,000")
    casualties = metric_of(figures, "648,000")
    assert [t for t in transitions(changes, troops) if 3000 in t or 12000 in t] == [
        (3000, 13000),
        (13000, 12000),
    ]
    assert (500000, 648000) in transitions(changes, casualties)
    deployed = next(f for f in figures if "13,000" in f["text"])
    weekly = next(f for f in figures if "10,000" in f["text"])
    assert (deployed["place"], deployed["measure"], deployed["scope"]) == (
        "North Korea",
        "troops",
        "total",
    )
    assert (weekly["place"], weekly["scope"]) == ("Russia", "per_week")
    assert any("13,000 -> 12,000" in p.get("title", "") for p in payloads), [
        p.get("title") for p in payloads
    ]


def test_bad_seeds_are_recorded_and_the_rest_processed(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)))
    (folder / "latin1.txt").write_bytes("d\u00e9ploy\u00e9s".encode("latin-1"))
    manifest = yaml.safe_load((folder / "manifest.yaml").read_text())
    manifest["seeds"] += [
        {"file": f, "published": "2024-07-01"} for f in ("empty.txt", "binary.txt", "latin1.txt")
    ]
    (folder / "manifest.yaml").write_text(yaml.safe_dump(manifest))
    with json_receiver() as receiver:
        settings = seed_config(tmp_path, receiver, seeds_folder=str(folder))
        first = run_monitor(config_path=str(settings.path))
        second = run_monitor(config_path=str(settings.path))
    assert first.articles["new"] == 5 and first.articles["failed"] == 3
    assert any("empty.txt: empty file" in e for e in first.errors)
    assert any("latin1.txt: not UTF-8" in e for e in first.errors)
    assert any("binary.txt" in e for e in first.errors)
    assert first.figures > 0
    assert second.articles["failed"] == 3 and second.figures == 0 and second.alerts_queued == 0


def test_the_same_run_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    with json_receiver() as receiver:
        settings = seed_config(tmp_path, receiver, database_url=pg_url)
        first = run_monitor(config_path=str(settings.path))
        second = run_monitor(config_path=str(settings.path))
    assert first.articles["new"] == 5 and first.alerts["sent"] == first.alerts_queued > 0
    assert second.articles["unchanged"] == 5 and second.figures == 0 and second.alerts_queued == 0
    figures = json_lines(["figures", "--config", str(settings.path), "--json"])
    changes = json_lines(["changes", "--config", str(settings.path), "--json"])
    assert (13000, 12000) in transitions(changes, metric_of(figures, "13,000"))


def test_a_missing_seeds_folder_is_a_one_line_error(tmp_path: Path) -> None:
    path = write_config(tmp_path).path
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump(raw | {"seeds_folder": "nowhere"}), encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "--config", str(path)])
    assert result.exit_code == 2
    assert "seeds folder" in result.output and "does not exist" in result.output
