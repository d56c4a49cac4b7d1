"""`newsmon metrics` and `newsmon replay`: the analyst lists, corrects and replays metrics."""

from __future__ import annotations

import getpass
import json
import uuid
from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any

import typer
from sqlmodel import Session

from newsmon.cli_common import (
    ConfigOption,
    JsonOption,
    emit,
    engine_or_exit,
    fail,
    settings_or_exit,
)
from newsmon.db import queries
from newsmon.db.engine import transaction
from newsmon.db.models import Correction
from newsmon.tasks.compare.kinds import is_quiet
from newsmon.tasks.curate import make
from newsmon.tasks.curate.make import CorrectionError
from newsmon.tasks.curate.run import Report, correct, metric_keys
from newsmon.tasks.curate.run import replay as replay_changes
from newsmon.tasks.formatting import format_number
from newsmon.views import correction_view, metric_view

metrics_app = typer.Typer(help="The story's metrics: list them, correct their grouping, undo.")

ApplyOption = Annotated[bool, typer.Option("--apply", help="Store it (default: a dry run).")]
AlertOption = Annotated[
    bool, typer.Option("--alert", help="Store it and alert the corrected changes never told.")
]
ByOption = Annotated[str | None, typer.Option("--by", help="Who makes it (default: your login).")]
NoteOption = Annotated[str | None, typer.Option("--note", help="Why, for the log.")]
WaitOption = Annotated[
    float, typer.Option("--wait", help="Seconds to wait for a monitor run to end.")
]


@metrics_app.callback(invoke_without_command=True)
def metrics(
    ctx: typer.Context,
    config: ConfigOption = None,
    as_json: JsonOption = False,
    text: Annotated[
        str | None, typer.Option("--filter", help="Only metrics whose key or label has this.")
    ] = None,
) -> None:
    """List every metric: identity, figures, latest value and status (new, tracked, muted)."""
    if ctx.invoked_subcommand is not None:
        return
    settings = settings_or_exit(config)
    with transaction(engine_or_exit(settings)) as session:
        counts, latest = queries.metric_counts(session), queries.latest_figures(session)
        keys = metric_keys(session)
        items = [metric_view(m, counts.get(m.id or 0, 0), latest.get(m.id or 0), keys)
                 for m in queries.all_metrics(session)]  # fmt: skip
    needle = (text or "").casefold()
    items = [i for i in items if (i["figures"] or i["merged_into"])
             and (needle in i["key"].casefold() or needle in i["label"].casefold())]  # fmt: skip
    headers = ["key", "label", "place", "measure", "scope", "unit", "figures", "latest", "status"]
    emit(items, as_json, headers, lambda m: [
        m["key"], m["label"][:40], m["place"] or "-", m["measure"] or "-", m["scope"] or "-",
        m["unit"], str(m["figures"]), latest_cell(m),
        f"merged into {m['merged_into']}" if m["merged_into"] else m["status"],
    ])  # fmt: skip


def latest_cell(metric: dict[str, Any]) -> str:
    """The latest value, its date and claimant, in one cell."""
    if metric["latest_value"] is None:
        return "-"
    who = f" ({metric['latest_claimant'][:30]})" if metric["latest_claimant"] else ""
    return f"{format_number(metric['latest_value'])} {metric['latest_published'] or ''}{who}"


def run_correction(config: Any, build: Callable[[Session], Correction], *, apply: bool,
                   alert: bool, by: str | None, note: str | None, wait: float,
                   as_json: bool) -> None:  # fmt: skip
    """Make a correction under the run lease, print what it does, deliver with --alert."""
    from newsmon.tasks.alerts import send_alerts
    from newsmon.tasks.runtime.lease import exclusive

    settings = settings_or_exit(config)
    engine = engine_or_exit(settings)
    with exclusive(engine, f"correction-{uuid.uuid4()}", wait_seconds=wait) as taken:
        if not taken:
            fail("a monitor run is in progress; try again when it ends, or --wait longer", 1)
        try:
            report = correct(engine, settings.config, build, author=by or getpass.getuser(),
                             note=note, keep=apply or alert, alert=alert)  # fmt: skip
        except CorrectionError as exc:
            fail(str(exc))
        sent = send_alerts(engine, settings.config.alerts) if alert else None  # all that is due
    if as_json:
        typer.echo(json.dumps(report_json(report), indent=2, ensure_ascii=False, default=str))
    else:
        typer.echo("\n".join(report_lines(report)))
    if sent is not None:
        typer.echo(f"alerts: {sent['sent']} sent, {sent['failed']} failed")


def report_json(report: Report) -> dict[str, Any]:
    """A correction's report as JSON."""
    return {"correction": report.correction, "applied": report.applied} | asdict(report.outcome)


def change_line(sign: str, item: dict[str, Any]) -> str:
    """One change that appears (+) or disappears (-)."""
    when = item["published"].date().isoformat() if item["published"] else "-"
    old, new = format_number(item["old_value"]), format_number(item["new_value"])
    who = f"  ({item['claimant']})" if item["claimant"] else ""
    return (
        f"  {sign} {when}  {item['kind']:<10} {item['metric_label'][:40]:<40} {old} -> {new}{who}"
    )


def report_lines(report: Report) -> list[str]:
    """A correction's report as lines: what, figures moved, metrics, changes +/-."""
    c, out = report.correction, report.outcome
    head = f"correction #{c['id']}" if report.applied else "correction (dry run)"
    head = f"undo of correction #{c['id']}" if not c["in_force"] else head
    lines = [f"{head}: {c['what']}, by {c['author']}" + (f" ({c['note']})" if c["note"] else "")]
    lines.append(f"figures refiled: {out.moved}")
    lines += [f"metric {m['key']}: {m['label']!r}, "
              + (f"merged into {m['merged_into']}" if m["merged_into"] else m["status"])
              for m in out.metrics]  # fmt: skip
    for title, sign, items in (("appear", "+", out.appeared), ("disappear", "-", out.disappeared)):
        shown = [i for i in items if not is_quiet(i["kind"])]
        verb = title + "ed" if report.applied else f"would {title}"
        lines.append(f"changes that {verb}: {len(shown)}")
        lines += [change_line(sign, item) for item in shown]
    if report.applied:
        lines.append(f"stored; {out.queued} alert(s) queued" if out.queued else "stored")
    else:
        lines.append("dry run: nothing stored; --apply stores it, --alert also alerts the changes")
    return lines


CorrectOptions = dict[str, Any]


def options(apply: bool, alert: bool, by: str | None, note: str | None, wait: float,
            as_json: bool) -> CorrectOptions:  # fmt: skip
    """The options every correction command shares, as keywords for run_correction."""
    return {"apply": apply, "alert": alert, "by": by, "note": note, "wait": wait,
            "as_json": as_json}  # fmt: skip


@metrics_app.command("merge")
def merge(
    into: Annotated[str, typer.Argument(help="The metric that keeps the series (key or label).")],
    other: Annotated[str, typer.Argument(help="The metric merged into it.")],
    config: ConfigOption = None, apply: ApplyOption = False, alert: AlertOption = False,
    by: ByOption = None, note: NoteOption = None, wait: WaitOption = 30.0,
    as_json: JsonOption = False,
) -> None:  # fmt: skip
    """Merge OTHER into INTO: one series, now and for figures to come."""
    run_correction(config, lambda s: make.merge(s, into, other),
                   **options(apply, alert, by, note, wait, as_json))  # fmt: skip


@metrics_app.command("split")
def split(
    metric: Annotated[str, typer.Argument(help="The metric to split (key or label).")],
    where: Annotated[str, typer.Option("--where", help='"text in the sentence" or "field=value", '
                                       'joined by " and " (fields: place, claimant, measure...).')],
    label: Annotated[str | None, typer.Option("--label", help="The new metric's label.")] = None,
    config: ConfigOption = None, apply: ApplyOption = False, alert: AlertOption = False,
    by: ByOption = None, note: NoteOption = None, wait: WaitOption = 30.0,
    as_json: JsonOption = False,
) -> None:  # fmt: skip
    """Split METRIC: its figures matching --where (now and to come) go to a new metric."""
    run_correction(config, lambda s: make.split(s, metric, where, label),
                   **options(apply, alert, by, note, wait, as_json))  # fmt: skip


@metrics_app.command("move")
def move(
    figure_id: Annotated[int, typer.Argument(help="The figure's id (`newsmon figures --json`).")],
    metric: Annotated[str, typer.Argument(help="The metric it belongs to.")],
    config: ConfigOption = None, apply: ApplyOption = False, alert: AlertOption = False,
    by: ByOption = None, note: NoteOption = None, wait: WaitOption = 30.0,
    as_json: JsonOption = False,
) -> None:  # fmt: skip
    """Move one figure to METRIC."""
    run_correction(config, lambda s: make.move(s, figure_id, metric),
                   **options(apply, alert, by, note, wait, as_json))  # fmt: skip


@metrics_app.command("rename")
def rename(
    metric: Annotated[str, typer.Argument(help="The metric (key or label).")],
    label: Annotated[str, typer.Argument(help="Its new label.")],
    config: ConfigOption = None, apply: ApplyOption = False,
    by: ByOption = None, note: NoteOption = None, wait: WaitOption = 30.0,
    as_json: JsonOption = False,
) -> None:  # fmt: skip
    """Give METRIC a label of your own (its key stays)."""
    run_correction(config, lambda s: make.about(s, "rename", metric, label),
                   **options(apply, False, by, note, wait, as_json))  # fmt: skip


def standing_command(kind: str, doc: str) -> None:
    """Register `newsmon metrics KIND METRIC` (mute, unmute, track, untrack)."""

    def command(
        metric: Annotated[str, typer.Argument(help="The metric (key or label).")],
        config: ConfigOption = None, apply: ApplyOption = False,
        by: ByOption = None, note: NoteOption = None, wait: WaitOption = 30.0,
        as_json: JsonOption = False,
    ) -> None:  # fmt: skip
        run_correction(config, lambda s: make.about(s, kind, metric),
                       **options(apply, False, by, note, wait, as_json))  # fmt: skip

    command.__doc__ = doc
    metrics_app.command(kind)(command)


standing_command("mute", "Mute METRIC: its changes are kept, never alerted.")
standing_command("unmute", "Alert METRIC's changes again.")
standing_command("track", "Track METRIC (with alerts.only_tracked, only tracked ones alert).")
standing_command("untrack", "Stop tracking METRIC.")


@metrics_app.command("undo")
def undo(
    correction_id: Annotated[
        int | None, typer.Argument(help="The correction (default: the latest in force).")
    ] = None,
    config: ConfigOption = None, apply: ApplyOption = False, alert: AlertOption = False,
    by: ByOption = None, note: NoteOption = None, wait: WaitOption = 30.0,
    as_json: JsonOption = False,
) -> None:  # fmt: skip
    """Undo a correction: the others are replayed without it."""
    who = by or getpass.getuser()
    run_correction(config, lambda s: make.undo(s, correction_id, who),
                   **options(apply, alert, by, note, wait, as_json))  # fmt: skip


@metrics_app.command("log")
def log(config: ConfigOption = None, as_json: JsonOption = False) -> None:
    """List every correction: what, who, when, why, and whether it is in force."""
    settings = settings_or_exit(config)
    with transaction(engine_or_exit(settings)) as session:
        keys = metric_keys(session)
        items = [correction_view(c, keys) for c in queries.list_corrections(session)]
    headers = ["id", "when", "by", "correction", "note", "in force"]
    emit(items, as_json, headers, lambda c: [
        str(c["id"]), c["created_at"], c["author"], c["what"], c["note"] or "",
        "yes" if c["in_force"] else f"undone by {c['undone_by']}",
    ])  # fmt: skip


def replay(config: ConfigOption = None, as_json: JsonOption = False) -> None:
    """Recompute every change with today's rules: what would alert unlike before."""
    settings = settings_or_exit(config)
    result = replay_changes(engine_or_exit(settings), settings.config)
    if as_json:
        typer.echo(json.dumps(asdict(result), indent=2, ensure_ascii=False))
        return
    lines = [f"alerted before and still: {result.kept}"]
    for title, sign, items in (("no longer alerted", "-", result.gone),
                               ("alerted now, never before", "+", result.new)):  # fmt: skip
        lines.append(f"{title}: {len(items)}")
        lines += [f"  {sign} {i['published'] or '-'}  {i['kind']:<10} {i['metric_label'][:40]:<40} "
                  f"{format_number(i['old_value'])} -> {format_number(i['new_value'])}"
                  for i in items]  # fmt: skip
    typer.echo("\n".join(lines))
