"""The `newsmon` command: run the monitor, and read what it found."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from newsmon.config.runtime import apply_quiet_defaults

apply_quiet_defaults()

from newsmon.alerts_cli import alerts_app  # noqa: E402
from newsmon.cli_common import (  # noqa: E402
    ConfigOption,
    JsonOption,
    VerboseOption,
    emit,
    engine_or_exit,
    fail,
    known_or_exit,
    settings_or_exit,
)
from newsmon.config.settings import ConfigError  # noqa: E402
from newsmon.curate_cli import metrics_app, replay  # noqa: E402
from newsmon.db import queries  # noqa: E402
from newsmon.db.engine import transaction  # noqa: E402
from newsmon.server_cli import server_app  # noqa: E402
from newsmon.startup import importing  # noqa: E402
from newsmon.tasks.compare.kinds import is_quiet  # noqa: E402
from newsmon.tasks.curate.run import metric_keys  # noqa: E402
from newsmon.tasks.formatting import format_number  # noqa: E402
from newsmon.views import (  # noqa: E402
    article_view,
    change_view,
    describe,
    feeds_view,
    figure_view,
)

ARTICLE_STATUSES = ("analysed", "pending", "duplicate", "skipped", "failed")
app = typer.Typer(help="Follow a news story and get alerted when its key figures change.")
app.add_typer(alerts_app, name="alerts")
app.add_typer(metrics_app, name="metrics")
app.add_typer(server_app, name="server")


@app.command()
def run(config: ConfigOption = None, verbose: VerboseOption = False) -> None:
    """Run the monitor once: ingest, deduplicate, extract, compare, alert."""
    with importing():  # the settings' checks, Prefect and the flow: most of a rerun's time
        settings = settings_or_exit(config)
        engine_or_exit(settings)  # a database that cannot be reached is one line, first
        from prefect.settings import PREFECT_API_URL, temporary_settings

        from newsmon import server
        from newsmon.console import progress_bars, verbose_logs
        from newsmon.flows.monitor import RUNNING, run_monitor
        from newsmon.interrupt import stoppable

    try:
        api = server.api_url(settings, PREFECT_API_URL.value(), say)
    except server.ServerError as exc:
        fail(str(exc))
    api_setting = {PREFECT_API_URL: api} if api else {}
    try:
        with (
            temporary_settings(api_setting),
            stoppable(settings, lambda: RUNNING.get("owner"), say),
            verbose_logs(verbose),
            progress_bars(sys.stderr.isatty()),
        ):
            summary = run_monitor(config_path=str(settings.path))
    except ConfigError as exc:  # e.g. a seeds folder or OPML file that is not there
        fail(str(exc))
    typer.echo("\n".join(summary.lines() + summary.error_lines()))
    if summary.overlapped:  # nothing was done: cron and scripts should hear of it
        raise typer.Exit(1)


def say(line: str) -> None:
    """A line for the user on stderr: what newsmon is doing, not what it found."""
    typer.echo(line, err=True)


@app.command()
def serve(
    config: ConfigOption = None,
    port: Annotated[
        int | None, typer.Option(help="newsmon's local server port (default: server.port).")
    ] = None,
    pause_on_shutdown: Annotated[
        bool, typer.Option("--pause-on-shutdown", help="Pause the schedules when stopped.")
    ] = False,
) -> None:
    """Serve the scheduled flows until stopped, with the Prefect UI (local server if none)."""
    settings = settings_or_exit(config)
    from newsmon.serve import serve
    from newsmon.server import ServerError

    if port is not None:
        settings.config.server.port = port
    try:
        serve(settings, pause_on_shutdown=pause_on_shutdown, echo=typer.echo)
    except ServerError as exc:
        fail(str(exc), 1)


@app.command()
def figures(config: ConfigOption = None, as_json: JsonOption = False) -> None:
    """List the key figures found, oldest article first."""
    settings = settings_or_exit(config)
    with transaction(engine_or_exit(settings)) as session:
        items = [figure_view(*row) for row in queries.list_figures(session)]
    headers = ["published", "value", "qualifier", "metric", "claimant", "text"]
    emit(items, as_json, headers, lambda f: [
        f["published"] or "-", format_number(f["value"]), f["qualifier"], f["metric_label"],
        f["claimant"] or "-", f["text"][:60],
    ])  # fmt: skip


@app.command()
def changes(
    config: ConfigOption = None,
    as_json: JsonOption = False,
    show_all: Annotated[bool, typer.Option("--all", help="Include confirmations.")] = False,
) -> None:
    """List what changed: new metrics, changed and conflicting values."""
    settings = settings_or_exit(config)
    with transaction(engine_or_exit(settings)) as session:
        rows = queries.list_changes(session)
        items = [change_view(*row) for row in rows]
    if not show_all:
        items = [item for item in items if not is_quiet(item["kind"])]
    headers = ["published", "kind", "metric", "old", "new", "claimant"]
    emit(items, as_json, headers, lambda c: [
        c["published"] or "-", c["kind"], c["metric_label"], format_number(c["old_value"]),
        format_number(c["new_value"]), c["claimant"] or "-",
    ])  # fmt: skip


@app.command()
def history(
    metric: Annotated[str, typer.Argument(help="A metric key, or part of its label.")],
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one metric's series of values with their sources."""
    settings = settings_or_exit(config)
    with transaction(engine_or_exit(settings)) as session:
        metrics = queries.find_metrics(session, text=metric)
        if len(metrics) != 1:
            names = ", ".join(m.key for m in metrics) or "none"
            typer.echo(f"error: {metric!r} matches {len(metrics)} metrics ({names})", err=True)
            raise typer.Exit(2)
        rows = queries.list_changes(session, metric_id=metrics[0].id)
        items = [change_view(*row) for row in rows]
        keys = metric_keys(session)
        fixes = [describe(c, keys) + f" (#{c.id}, by {c.author})"
                 for c in queries.list_corrections(session, metric_id=metrics[0].id)
                 if c.undone_at is None]  # fmt: skip
    typer.echo(f"{metrics[0].label} [{metrics[0].key}]", err=as_json)
    headers = ["published", "value", "qualifier", "kind", "claimant", "source"]
    emit(items, as_json, headers, lambda c: [
        c["published"] or "-", format_number(c["new_value"]), c["qualifier"],
        c["kind"] + (" *" if c["corrected"] else ""), c["claimant"] or "-",
        c["outlet"] or c["article_url"],
    ])  # fmt: skip
    for line in ["* grouped by hand; corrections in force:", *fixes] if fixes else []:
        typer.echo(line, err=as_json)


@app.command()
def articles(
    config: ConfigOption = None,
    as_json: JsonOption = False,
    status: Annotated[
        list[str] | None,
        typer.Option(help="Only these: analysed, pending, duplicate, skipped, failed."),
    ] = None,
) -> None:
    """List stored articles with their status, relevance and error."""
    known_or_exit(status, ARTICLE_STATUSES, "status")
    settings = settings_or_exit(config)
    with transaction(engine_or_exit(settings)) as session:
        items = [article_view(a) for a in queries.list_articles(session, statuses=status)]
    headers = ["id", "status", "published", "similarity", "names", "url", "note"]
    emit(items, as_json, headers, lambda a: [
        str(a["id"]), a["status"], a["published"] or "-", score(a["relevance"]),
        score(a["relevance_names"]), a["url"][:60], (a["skip_reason"] or a["error"] or "")[:70],
    ])  # fmt: skip


def score(value: float | None) -> str:
    """A relevance score with two decimals, or `-` for none."""
    return "-" if value is None else f"{value:.2f}"


@app.command()
def rescore(config: ConfigOption = None) -> None:
    """Score skipped (off-topic) articles again; those now relevant are analysed next run."""
    from newsmon.tasks.dedupe import Story, rescore_skipped
    from newsmon.tasks.figures import Vocabulary

    settings = settings_or_exit(config)
    path = settings.vocabulary_path
    story = Story.of(settings.config.topic, Vocabulary.load(path).aliases() if path else {})
    with transaction(engine_or_exit(settings)) as session:
        back = rescore_skipped(session, story)
    typer.echo(f"{back} skipped article(s) now relevant; the next run analyses them")


@app.command()
def feeds(config: ConfigOption = None, as_json: JsonOption = False) -> None:
    """Show each feed's health: last success, failures in a row, next attempt, last error."""
    settings = settings_or_exit(config)
    with transaction(engine_or_exit(settings)) as session:
        items = feeds_view(session)
    headers = ["feed", "health", "last success", "failures", "next try", "articles", "last error"]
    emit(items, as_json, headers, lambda f: [
        f["name"], f["health"], f["last_success_at"] or "-", str(f["consecutive_failures"]),
        f["next_attempt_at"] or "-", str(f["articles"]), (f["last_error"] or "")[:60],
    ])  # fmt: skip


@app.command()
def status(config: ConfigOption = None) -> None:
    """Show who holds the run lease, and what the database holds."""
    from newsmon.db.models import utcnow
    from newsmon.tasks.runtime import lease

    settings = settings_or_exit(config)
    engine = engine_or_exit(settings)
    held = lease.holder(engine)
    if held is None:
        typer.echo("run lease: free")
    elif held.expires_at > utcnow():
        beat = f"renewed every {lease.HEARTBEAT_SECONDS:.0f} s while it works"
        typer.echo(f"run lease: held by {held.owner} until {held.expires_at:%H:%M:%S} UTC ({beat})")
    else:
        typer.echo(f"run lease: {held.owner} died holding it; the next run takes it over")
    with transaction(engine) as session:
        counts = queries.table_counts(session)
    typer.echo(", ".join(f"{name}: {count}" for name, count in counts.items()))


app.command()(replay)  # newsmon/curate_cli.py


def main() -> None:
    """The CLI (the `newsmon` command starts it through newsmon.startup)."""
    app()
