"""Alerts end to end without Prefect: seeds -> figures -> changes -> outbox -> real receivers."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from newsmon.config.settings import Settings
from newsmon.db.engine import get_engine, transaction
from newsmon.db.models import Alert
from newsmon.tasks.dedupe.store import dedupe
from newsmon.tasks.figures.store import extract_figures
from newsmon.tasks.figures.vocabulary import Vocabulary
from newsmon.tasks.ingest.seeds import read_seeds
from tests.support.config import SEEDS, write_config
from tests.support.receivers import JsonReceiver, json_receiver, smtp_receiver, text_of
from tests.support.shared import seed_gold
from tests.support.stages import compare, deliver

ALERT_ID = re.compile(r"Alert id: ([0-9a-f]{32})")
CHANGE_KINDS = ["changed", "refined", "conflict"]


def with_targets(tmp_path: Path, *targets: dict[str, Any], **overrides: Any) -> Settings:
    alerts = {"targets": list(targets), "kinds": CHANGE_KINDS, "retry_base_seconds": 0}
    alerts.update(overrides.pop("alerts", {}))
    return write_config(tmp_path, alerts=alerts, **overrides)


def ingest_seeds(settings: Settings) -> int:
    """Store, analyse and compare the seeds; returns the alerts queued."""
    vocabulary = Vocabulary.load(settings.vocabulary_path) if settings.vocabulary_path else None
    with transaction(get_engine(settings.database_url)) as session:
        dedupe(session, read_seeds(SEEDS))
        extract_figures(session, vocabulary)
        return compare(session, settings)[1]


def send(settings: Settings) -> Counter[str]:
    return deliver(settings)


def alerts(settings: Settings) -> list[Alert]:
    with transaction(get_engine(settings.database_url)) as session:
        return list(session.exec(select(Alert)).all())


def alert_ids(receiver: JsonReceiver) -> list[str]:
    return [m.group(1) for p in receiver.payloads if (m := ALERT_ID.search(p["message"]))]


def plain(number: float) -> str:
    return f"{number:,.0f}"


@pytest.mark.corpus
def test_expected_seed_changes_arrive_once_each_by_email_and_webhook(tmp_path: Path) -> None:
    with json_receiver() as hook, smtp_receiver() as mail:
        settings = with_targets(
            tmp_path, {"name": "hook", "url": hook.url}, {"name": "mail", "url": mail.url}
        )
        queued = ingest_seeds(settings)
        assert send(settings) == {"sent": queued}
        emails = mail.wait_for(queued // 2)
        titles = [p["title"] for p in hook.wait_for(queued // 2)]
    for change in seed_gold()["expected_changes"]:
        step = f"{plain(change['from'])} -> {plain(change['to'])}"
        step = step.replace("1,300,000", "1.3 million").replace("1,280,000", "1.28 million")
        assert sum(step in title for title in titles) == 1, (step, titles)
    assert sorted(e["Subject"] for e in emails) == sorted(titles)
    assert "<blockquote" in text_of(emails[0], ("html",)) or "<ul>" in text_of(emails[0], ("html",))


def test_a_channel_down_for_three_runs_gets_everything_once_when_back(tmp_path: Path) -> None:
    with json_receiver() as hook:
        settings = with_targets(tmp_path, {"name": "hook", "url": hook.url})
        queued = ingest_seeds(settings)
        hook.down()
        for attempt in range(1, 4):
            assert send(settings) == {"failed": queued}
            assert {(a.status, a.attempts) for a in alerts(settings)} == {("failed", attempt)}
        assert all("Connection" in (a.last_error or "") or a.last_error for a in alerts(settings))
        hook.up()
        assert send(settings) == {"sent": queued}
        assert send(settings) == {}
        assert sorted(alert_ids(hook)) == sorted(a.id for a in alerts(settings))


def test_a_404_target_is_a_failure_not_a_success(tmp_path: Path) -> None:
    with json_receiver() as hook:
        hook.fail_with(404)
        settings = with_targets(tmp_path, {"name": "hook", "url": hook.url + "?token=s3cr3t-t0ken"})
        queued = ingest_seeds(settings)
        assert send(settings) == {"failed": queued}
        errors = {a.last_error or "" for a in alerts(settings)}
    assert all("404" in e and "s3cr3t-t0ken" not in e for e in errors)


def test_kill_minus_nine_during_delivery_loses_nothing_and_duplicates_at_most_one(
    tmp_path: Path,
) -> None:
    with json_receiver() as hook:
        settings = with_targets(tmp_path, {"name": "hook", "url": hook.url})
        queued = ingest_seeds(settings)
        hook.delay = 2.0  # each answer held: the sender is mid-delivery when killed
        command = [
            sys.executable,
            "-m",
            "newsmon",
            "alerts",
            "send",
            "--config",
            str(settings.path),
        ]
        sender = subprocess.Popen(command, env=os.environ | {"PYTHONPATH": str(SEEDS.parent)})
        hook.wait_for(2, timeout=60)
        sender.send_signal(signal.SIGKILL)
        sender.wait()
        hook.delay = 0.0
        time.sleep(0.1)
        assert send(settings)["sent"] >= queued - 2
        ids = alert_ids(hook)
    counts = Counter(ids)
    assert set(counts) == {a.id for a in alerts(settings)}
    assert sum(n - 1 for n in counts.values()) <= 1, counts


def test_mute_threshold_and_digest(tmp_path: Path) -> None:
    metrics = {
        "north_korea.troops.deployed": {"mute": True},
        "default": {"min_rel": 0.5},  # only moves of 50% or more
    }
    with json_receiver() as hook:
        target = {"name": "hook", "url": hook.url, "digest": "daily"}
        settings = with_targets(tmp_path, target, metrics=metrics)
        queued = ingest_seeds(settings)
        assert send(settings) == {"sent": queued}
        [digest] = hook.wait_for(1)
        assert send(settings) == {}
        assert {a.status for a in alerts(settings)} == {"sent"}
    assert queued == 3  # refined 1.3m -> 1.28m, changed 1.28m -> 600k, conflict 4k -> 5k
    assert digest["title"].startswith("3 key-figure updates")
    assert "1.28 million -> 600,000" in digest["message"]
    assert "13,000" not in digest["message"]  # muted metric
    assert "500,000 -> 648,000" not in digest["message"]  # +29.6%: under the 50% threshold


def test_the_digest_flow_delivers_the_outbox(tmp_path: Path, prefect_harness: None) -> None:
    from newsmon.flows.digest import digest

    with json_receiver() as hook:
        settings = with_targets(tmp_path, {"name": "hook", "url": hook.url})
        queued = ingest_seeds(settings)
        assert digest(config_path=str(settings.path)) == {"sent": queued}
        assert digest(config_path=str(settings.path)) == {}
        assert len(hook.wait_for(queued)) == queued


def test_alerts_send_waits_for_a_running_monitor(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsmon.cli import app
    from newsmon.tasks.runtime.lease import exclusive

    settings = with_targets(tmp_path)
    ingest_seeds(settings)
    with exclusive(get_engine(settings.database_url), "a-monitor-run") as taken:
        assert taken
        busy = CliRunner().invoke(app, ["alerts", "send", "--config", str(settings.path)])
    assert busy.exit_code == 1 and "in progress" in busy.output
    free = CliRunner().invoke(app, ["alerts", "send", "--config", str(settings.path)])
    assert free.exit_code == 0 and free.output.startswith("alerts: 0 sent, 0 failed")


def test_alerts_given_up_on_can_be_retried_after_the_target_is_fixed(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsmon.cli import app

    with json_receiver() as hook:
        settings = with_targets(
            tmp_path, {"name": "hook", "url": hook.url}, alerts={"max_attempts": 1}
        )
        queued = ingest_seeds(settings)
        hook.fail_with(500)
        assert send(settings) == {"failed": queued}
        assert send(settings) == {}  # attempts exhausted: nothing is due
        hook.fail_with(200)
        retry = CliRunner().invoke(app, ["alerts", "retry", "--config", str(settings.path)])
        assert retry.exit_code == 0 and retry.output.startswith(f"{queued} failed alert(s)")
        assert send(settings) == {"sent": queued}


def test_an_absolute_logfile_path_is_honoured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from newsmon.cli import app

    log = tmp_path / "elsewhere" / "alerts.log"
    settings = write_config(
        tmp_path, alerts={"targets": [{"name": "f", "url": f"logfile://{log}"}]}
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["alerts", "test", "--config", str(settings.path)])
    assert result.exit_code == 0 and result.stdout.strip() == "f: ok"
    assert "newsmon test notification" in log.read_text(encoding="utf-8")
    assert not (tmp_path / str(log).lstrip("/")).exists()
