"""`newsmon alerts`: the outbox (list, send, retry) and a test message to every target."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import typer

from newsmon.cli_common import (
    ConfigOption,
    JsonOption,
    VerboseOption,
    emit,
    engine_or_exit,
    known_or_exit,
    settings_or_exit,
)
from newsmon.db import queries
from newsmon.db.engine import transaction
from newsmon.tasks.formatting import format_number
from newsmon.views import alert_view

ALERT_STATUSES = ("pending", "sent", "failed", "cancelled")
alerts_app = typer.Typer(help="The alert outbox: list alerts, test targets.")


@alerts_app.callback(invoke_without_command=True)
def alerts(
    ctx: typer.Context,
    config: ConfigOption = None,
    as_json: JsonOption = False,
    status: Annotated[
        list[str] | None, typer.Option(help="Only these: pending, sent, failed, cancelled.")
    ] = None,
) -> None:
    """List alerts: pending, failed, sent and cancelled, each with what it is about."""
    if ctx.invoked_subcommand is not None:
        return
    known_or_exit(status, ALERT_STATUSES, "status")
    settings = settings_or_exit(config)
    with transaction(engine_or_exit(settings)) as session:
        items = [alert_view(*row) for row in queries.list_alerts(session, statuses=status)]
    headers = ["id", "target", "status", "about", "attempts", "last error"]
    emit(items, as_json, headers, lambda a: [
        a["id"][:12], a["target"], a["status"], about(a), str(a["attempts"]),
        (a["last_error"] or "")[:60],
    ])  # fmt: skip


def about(alert: dict[str, Any]) -> str:
    """What an alert tells: its metric, kind and old -> new value."""
    values = f"{format_number(alert['old_value'])} -> {format_number(alert['new_value'])}"
    return f"{(alert['metric_label'] or '')[:36]} {alert['kind']} {values}"


@alerts_app.command("send")
def alerts_send(config: ConfigOption = None, verbose: VerboseOption = False) -> None:
    """Deliver the alerts that are due now (without a monitor run)."""
    from newsmon.console import verbose_logs
    from newsmon.tasks.alerts import send_alerts
    from newsmon.tasks.runtime.lease import exclusive

    settings = settings_or_exit(config)
    engine = engine_or_exit(settings)
    with verbose_logs(verbose), exclusive(engine, f"cli-{uuid.uuid4()}") as taken:
        if not taken:
            typer.echo("a monitor run is in progress and delivers its alerts; try later", err=True)
            raise typer.Exit(1)
        outcome = send_alerts(engine, settings.config.alerts)
    typer.echo(f"alerts: {outcome['sent']} sent, {outcome['failed']} failed")


@alerts_app.command("retry")
def alerts_retry(config: ConfigOption = None) -> None:
    """Make failed alerts due again (after fixing a target), attempts counted from zero."""
    settings = settings_or_exit(config)
    with transaction(engine_or_exit(settings)) as session:
        count = queries.reset_failed_alerts(session)
    typer.echo(f"{count} failed alert(s) queued again; `newsmon alerts send` delivers them now")


@alerts_app.command("test")
def alerts_test(config: ConfigOption = None, verbose: VerboseOption = False) -> None:
    """Send a test message to every alert target and report each."""
    import newsmon.tasks.alerts.local_targets  # noqa: F401  (console:// and logfile://)
    from newsmon.console import verbose_logs
    from newsmon.tasks.alerts.notify import deliver_test

    settings = settings_or_exit(config)
    failures = 0
    with verbose_logs(verbose):
        for target in settings.config.alerts.targets:
            url = target.resolve_url()
            result = deliver_test(url) if url else None
            ok = bool(result and result.ok)
            failures += not ok
            reason = "URL not set" if result is None else (result.error or "")
            typer.echo(f"{target.name}: {'ok' if ok else 'FAILED ' + reason}")
    raise typer.Exit(1 if failures else 0)
