"""The monitor, its report and `newsmon serve` against a real `prefect server start`."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import httpx
import pytest
from prefect import flow
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.client.schemas.objects import ConcurrencyLimitStrategy, FlowRun, StateType
from prefect.client.schemas.schedules import CronSchedule, IntervalSchedule
from prefect.events.filters import EventFilter, EventNameFilter, EventRelatedFilter
from prefect.events.schemas.events import ReceivedEvent
from prefect.exceptions import ObjectNotFound

from newsmon.config.settings import Schedule, load_settings
from newsmon.flows.monitor import monitor
from newsmon.flows.reporting import publish_run_report
from newsmon.serve import ServeError, build_deployments, concurrency, prefect_schedule
from newsmon.server import free_port
from newsmon.tasks.report.summary import RunSummary
from tests.support.config import REPO, write_config
from tests.support.prefect_server import (
    PrefectServer,
    artifacts_of,
    flush_events,
    prefect_server,
    wait_for,
)

__all__ = ["prefect_server"]  # the module-scoped fixture, imported for pytest
STAGES = {"ingest_seeds", "dedupe", "extract_figures", "compare_figures", "send_alerts"}
REPORT_TASKS = {"gather_report", "publish_run_report", "emit_change_events"}
Events = list[ReceivedEvent]
TERMINAL = {StateType.COMPLETED, StateType.CANCELLED, StateType.FAILED, StateType.CRASHED}


def task_names(client: SyncPrefectClient, run_id: UUID) -> set[str]:
    """The task names of a flow run's task runs."""
    runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run_id])))
    return {run.name.rsplit("-", 1)[0] for run in runs}


def change_events(client: SyncPrefectClient, run_id: UUID, count: int) -> Events | None:
    """The newsmon.figure.* events of a flow run, once there are `count` of them."""
    page = client.read_events(
        filter=EventFilter(
            event=EventNameFilter(prefix=["newsmon.figure."]),
            related=EventRelatedFilter(id=[f"prefect.flow-run.{run_id}"]),
        ),
        limit=50,
    )
    return page.events if len(page.events) >= count else None


def test_monitor_run_has_stage_tasks_report_artifacts_and_change_events(
    prefect_server: PrefectServer, tmp_path: Path
) -> None:
    settings = write_config(tmp_path)
    state = asyncio.run(monitor(config_path=str(settings.path), return_state=True))
    run_id = state.state_details.flow_run_id
    assert run_id is not None
    flush_events()
    with prefect_server.client() as client:
        assert client.read_flow_run(run_id).state_type == StateType.COMPLETED
        # The server files task runs from events, asynchronously: wait for the last ones.
        expected = STAGES | REPORT_TASKS
        wait_for(lambda: expected <= task_names(client, run_id), 30, "the task runs")
        artifacts = artifacts_of(client, run_id)
        rows = artifacts["newsmon-changes"]
        rows = rows if isinstance(rows, list) else json.loads(rows)
        # The server stores events asynchronously: wait for one per change in the table.
        events = wait_for(lambda: change_events(client, run_id, len(rows)), 30, "the events")
    summary = artifacts["newsmon-run-summary"]
    assert "5 new" in summary and "3,000 -> 13,000" in summary and "648,000" in summary
    assert artifacts["newsmon-run-progress"] == 100
    troops = next(row for row in rows if row["new"] == "13,000")
    assert troops["old"] == "3,000" and troops["kind"] == "changed"
    assert {"newsmon.figure.new", "newsmon.figure.changed"} <= {event.event for event in events}
    changed = next(e for e in events if e.payload["new_value"] == 13000)
    assert changed.resource.id.startswith("newsmon.metric.")
    assert changed.payload["old_value"] == 3000 and changed.payload["kind"] == "changed"
    assert changed.payload["claimant"] and changed.payload["metric_label"]


NASTY = {
    "id": 1,
    "metric": "troops",
    "metric_label": "Troops",
    "kind": "changed",
    "old_value": 1,
    "new_value": 2,
    "unit": "count",
    "claimant": "<b>ministry</b>",
    "published": "2024-10-01",
    "article_url": "javascript:alert(1)",
    "title": "<script>alert(1)</script> | [x](javascript:alert(2)) `code`\nline",
}


@flow(name="report-escaping")
def report_only() -> UUID | None:
    """Publish one report with hostile text, as the monitor would."""
    return publish_run_report(RunSummary(), [NASTY], [], [], [], [])


def test_published_summary_is_escaped(prefect_server: PrefectServer) -> None:
    run_id = report_only(return_state=True).state_details.flow_run_id
    assert run_id is not None
    with prefect_server.client() as client:
        markdown = artifacts_of(client, run_id)["newsmon-run-summary"]
    assert "<script>" not in markdown and "<b>" not in markdown
    assert "](javascript:" not in markdown and "\\`code\\`" in markdown
    row = next(line for line in markdown.splitlines() if "Troops" in line)
    assert row.count(" | ") == 4  # the title's `|` did not add a column


def test_deployments_carry_config_schedules_and_a_concurrency_limit(
    prefect_server: PrefectServer, tmp_path: Path
) -> None:
    cron = {"monitor": {"cron": "*/30 6-22 * * 1-5", "timezone": "Europe/Paris"}}
    interval = {"monitor": {"interval_minutes": 15, "timezone": "UTC", "on_overlap": "enqueue"}}
    for schedules in (interval, cron):
        settings = write_config(tmp_path, schedules=schedules)
        [deployment] = build_deployments(settings)
        deployment.apply()
    with prefect_server.client() as client:
        read = client.read_deployment_by_name("monitor/newsmon")
    [schedule] = read.schedules
    assert isinstance(schedule.schedule, CronSchedule) and schedule.active
    assert schedule.schedule.cron == "*/30 6-22 * * 1-5"
    assert schedule.schedule.timezone == "Europe/Paris"
    assert read.global_concurrency_limit and read.global_concurrency_limit.limit == 1
    assert read.concurrency_options
    assert read.concurrency_options.collision_strategy == ConcurrencyLimitStrategy.CANCEL_NEW
    assert read.parameters == {"config_path": str(settings.path)}


@contextmanager
def serving(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`newsmon serve ...` as a subprocess, interrupted (Ctrl-C) at the end."""
    with log.open("wb") as out:
        command = [sys.executable, "-m", "newsmon", "serve", *args]
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=out)
    try:
        yield process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def finished(client: SyncPrefectClient, ids: list[UUID]) -> list[FlowRun] | None:
    """The flow runs, once all of them are in a terminal state."""
    runs = [client.read_flow_run(run_id) for run_id in ids]
    return runs if all(run.state_type in TERMINAL for run in runs) else None


def test_serve_runs_one_of_two_overlapping_runs_and_leaves_schedules_on(
    prefect_server: PrefectServer, tmp_path: Path
) -> None:
    schedules = {"monitor": {"interval_minutes": 600, "timezone": "UTC"}}
    settings = write_config(tmp_path, schedules=schedules)
    env = prefect_server.env(PREFECT_RUNNER_POLL_FREQUENCY="1")
    log = tmp_path / "serve.log"
    with prefect_server.client() as client, serving(["-c", str(settings.path)], env, log):
        deployment = wait_for(
            lambda: deployment_served(client, str(settings.path)), 60, "the served deployment"
        )
        ids = [client.create_flow_run_from_deployment(deployment).id for _ in range(2)]
        runs = wait_for(lambda: finished(client, ids), 90, "both runs to finish")
        states = sorted(str(run.state_name) for run in runs)
        done = next(run for run in runs if run.state_type == StateType.COMPLETED)
        cancelled = next(run for run in runs if run.state_type == StateType.CANCELLED)
        summary = artifacts_of(client, done.id)["newsmon-run-summary"]
    assert states == ["Cancelled", "Completed"], log.read_text()
    assert cancelled.state and cancelled.state.message == "Deployment concurrency limit reached."
    assert "articles: 5 new" in summary
    assert f"Prefect UI: {prefect_server.ui_url}" in log.read_text()
    with prefect_server.client() as client:
        after = client.read_deployment_by_name("monitor/newsmon")
    assert not after.paused and all(s.active for s in after.schedules)
    interval = after.schedules[0].schedule
    assert isinstance(interval, IntervalSchedule) and interval.interval == timedelta(minutes=600)


def deployment_served(client: SyncPrefectClient, config_path: str) -> UUID | None:
    """The monitor deployment's id once `serve` registered it for this config."""
    try:
        found = client.read_deployment_by_name("monitor/newsmon")
    except ObjectNotFound:  # not registered yet
        return None
    return found.id if found.parameters.get("config_path") == config_path else None


def test_serve_and_run_without_an_api_url_share_newsmon_s_standing_server(
    prefect_server: PrefectServer, tmp_path: Path
) -> None:
    port = free_port()
    settings = write_config(tmp_path, server={"port": port})
    env = prefect_server.env()
    del env["PREFECT_API_URL"]
    log = tmp_path / "serve.log"
    try:
        with serving(["-c", str(settings.path)], env, log):
            line = wait_for(lambda: ui_line(log), 200, "the UI address")
            ui_url = line.removeprefix("Prefect UI: ").strip()
            assert ui_url == f"http://127.0.0.1:{port}" != prefect_server.ui_url
            assert httpx.get(f"{ui_url}/api/health", timeout=5).status_code == 200
            # The UI in the browser must call this server's API, not the default port 4200.
            ui = httpx.get(f"{ui_url}/ui-settings", timeout=5).json()
            assert ui["api_url"] == f"{ui_url}/api"
        assert (tmp_path / "prefect-server" / "prefect.db").exists()
        # The server outlives serve: a run uses it, and its flow run is in the same UI.
        command = [sys.executable, "-m", "newsmon", "run", "-c", str(settings.path)]
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
        assert done.returncode == 0 and "starting newsmon's Prefect server" not in done.stderr
        with httpx.Client(base_url=f"{ui_url}/api") as api:
            runs = api.post("/flow_runs/filter", json={}).json()
        done_runs = [run for run in runs if run["state_type"] == "COMPLETED"]
        assert len(done_runs) == 1 and done_runs[0]["deployment_id"] is None  # the CLI's run
    finally:
        stopped = subprocess.run(
            [sys.executable, "-m", "newsmon", "server", "stop", "-c", str(settings.path)],
            cwd=REPO, env=env, capture_output=True, text=True,
        )  # fmt: skip
    assert stopped.stdout.strip() == "stopped"
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{ui_url}/api/health", timeout=5)


def ui_line(log: Path) -> str | None:
    """The `Prefect UI: ...` line serve printed, once it did."""
    text = log.read_text(errors="replace") if log.exists() else ""
    return next((line for line in text.splitlines() if line.startswith("Prefect UI: ")), None)


def prefect_cli(args: list[str], env: dict[str, str], cwd: Path) -> str:
    """Run the `prefect` CLI; its output, or a failed assertion with it."""
    command = [str(Path(sys.executable).with_name("prefect")), *args]
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_prefect_yaml_deploys_to_a_work_pool_and_a_worker_runs_it(
    prefect_server: PrefectServer, tmp_path: Path
) -> None:
    bundled = load_settings().config.schedules["monitor"]
    settings = write_config(tmp_path)
    env = prefect_server.env(NEWSMON_HOME=str(REPO), NEWSMON_CONFIG=str(settings.path))
    with prefect_server.client() as client:
        client.create_work_pool(WorkPoolCreate(name="newsmon", type="process"))
        prefect_cli(["--no-prompt", "deploy", "--all"], env, cwd=REPO)
        deployment = client.read_deployment_by_name("monitor/newsmon-pool")
        run = client.create_flow_run_from_deployment(deployment.id)
        prefect_cli(["worker", "start", "--pool", "newsmon", "--run-once"], env, cwd=tmp_path)
        state_type = client.read_flow_run(run.id).state_type
        summary = artifacts_of(client, run.id)["newsmon-run-summary"]
    [schedule] = deployment.schedules
    assert isinstance(schedule.schedule, IntervalSchedule)
    assert bundled.interval_minutes
    assert schedule.schedule.interval == timedelta(minutes=bundled.interval_minutes)
    assert schedule.schedule.timezone == bundled.timezone
    assert deployment.concurrency_options
    assert deployment.concurrency_options.collision_strategy == ConcurrencyLimitStrategy.CANCEL_NEW
    assert deployment.entrypoint == "flows/monitor.py:monitor"
    assert state_type == StateType.COMPLETED and "articles: 5 new" in summary


def test_schedule_mapping_without_a_server(tmp_path: Path) -> None:
    assert prefect_schedule(Schedule()) is None
    off = prefect_schedule(Schedule(cron="0 7 * * *", timezone="Asia/Seoul", enabled=False))
    assert off and off.cron == "0 7 * * *" and off.timezone == "Asia/Seoul" and not off.active
    every = prefect_schedule(Schedule(interval_minutes=90))
    assert every and every.interval == timedelta(minutes=90) and every.timezone == "UTC"
    assert concurrency(Schedule(on_overlap="enqueue")).collision_strategy.value == "ENQUEUE"
    # A schedule whose flow does not exist yet (the digest) is skipped; a typo is an error.
    digest = {"monitor": {"interval_minutes": 60}, "digest": {"cron": "0 8 * * *"}}
    served = build_deployments(write_config(tmp_path, schedules=digest))
    assert len(served) == 1 + bool(importlib.util.find_spec("newsmon.flows.digest"))
    with pytest.raises(ServeError, match="Invalid cron"):
        build_deployments(write_config(tmp_path, schedules={"monitor": {"cron": "every day"}}))
    with pytest.raises(ServeError, match="no such flow"):
        build_deployments(write_config(tmp_path, schedules={"monitr": {"interval_minutes": 5}}))
