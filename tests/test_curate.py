"""Curating metrics: corrections replayed over real temp databases, through the real CLI."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select
from typer.testing import CliRunner

from newsmon.cli import app
from newsmon.config.settings import Settings
from newsmon.db.engine import get_engine, transaction
from newsmon.db.models import Alert, Correction, Figure, Metric
from newsmon.tasks.curate import make
from newsmon.tasks.curate.run import correct
from newsmon.tasks.dedupe.store import dedupe
from newsmon.tasks.figures.corrections import WhereError, assigned, conditions, matches, standings
from newsmon.tasks.figures.store import extract_figures
from newsmon.tasks.ingest.documents import Document
from tests.support.config import write_config
from tests.support.receivers import json_receiver
from tests.support.stages import compare, deliver

runner = CliRunner()

# A small story of my own: two towns' evacuations, reported over four days.
DAYS = [
    ("https://news.example/a", 1, "Flood waters forced 1,200 people to evacuate in Riverton on "
     "Monday, the county emergency office said."),
    ("https://news.example/b", 2, "In Lakeside, 300 people were told to evacuate as the river "
     "rose, town officials said."),
    ("https://news.example/c", 3, "Flood waters forced 1,500 people to evacuate in Riverton, "
     "the county emergency office said on Wednesday."),
    ("https://news.example/d", 4, "In Lakeside, 450 people were told to evacuate as the river "
     "kept rising, town officials said."),
]  # fmt: skip


def article(url: str, day: int, text: str) -> Document:
    when = datetime(2026, 3, day, 9, tzinfo=UTC)
    return Document(url=url, canonical_url=url, source="seed", source_kind="seed", text=text,
                    title=text.split(",")[0], published=when)  # fmt: skip


def ingest(settings: Settings, days: list[tuple[str, int, str]]) -> None:
    """Store, extract and compare these articles as one monitor run does."""
    with transaction(get_engine(settings.database_url)) as session:
        dedupe(session, [article(*day) for day in days])
        extract_figures(session, None)
        compare(session, settings)


def cli(settings: Settings, *args: str) -> Any:
    result = runner.invoke(app, [*args, "--config", str(settings.path)])
    assert result.exit_code == 0, result.output
    return result


def as_json(settings: Settings, *args: str) -> Any:
    return json.loads(cli(settings, *args, "--json").stdout)


def metric_of(settings: Settings, value: float) -> str:
    """The key of the metric holding the figure of this value."""
    [found] = [f["metric"] for f in as_json(settings, "figures") if f["value"] == value]
    return str(found)


def statements(settings: Settings) -> list[tuple[Any, ...]]:
    return [(c["metric"], c["kind"], c["old_value"], c["new_value"])
            for c in as_json(settings, "changes", "--all")]  # fmt: skip


@pytest.fixture
def story(tmp_path: Path) -> Settings:
    """The two towns' story after its first two days: two metrics of one figure each."""
    settings = write_config(tmp_path, topic={"name": "floods", "keywords": ["flood"]})
    ingest(settings, DAYS[:2])
    return settings


# ---- the replay, pure -----------------------------------------------------------------


def step(kind: str, **fields: Any) -> Any:
    base = {"metric_id": None, "other_id": None, "figure_id": None, "where": None, "label": None}
    return SimpleNamespace(kind=kind, **(base | fields))


@pytest.mark.parametrize(
    ("steps", "filed", "expected"),
    [
        ([], 1, 1),
        ([step("merge", metric_id=1, other_id=2)], 2, 1),
        ([step("merge", metric_id=1, other_id=2)], 3, 3),
        ([step("merge", metric_id=1, other_id=2), step("merge", metric_id=5, other_id=1)], 2, 5),
        ([step("split", metric_id=1, other_id=9, where="lakeside")], 1, 9),
        ([step("split", metric_id=1, other_id=9, where="place=Riverton")], 1, 1),
        ([step("move", other_id=4, figure_id=7)], 1, 4),
        ([step("merge", metric_id=1, other_id=2), step("split", metric_id=1, other_id=9,
                                                       where="lakeside")], 2, 9),
    ],
)  # fmt: skip
def test_corrections_replay_in_order(steps: list[Any], filed: int, expected: int) -> None:
    figure = {"sentence": "In Lakeside, 300 people were told to leave.", "owner": "Lakeside"}
    assert assigned(filed, 7, figure, steps) == expected


@pytest.mark.parametrize(
    ("where", "figure", "expected"),
    [
        ("lakeside", {"sentence": "In LAKESIDE, 300 left."}, True),
        ("place=lakeside", {"owner": "Lakeside", "sentence": ""}, True),
        ("place=lake", {"owner": "Lakeside", "sentence": ""}, False),
        ("claimant=town officials and left", {"claimant": "Town officials", "sentence": "left"},
         True),
        ("claimant=town officials and stayed", {"claimant": "Town officials", "sentence": "left"},
         False),
    ],
)  # fmt: skip
def test_where_conditions(where: str, figure: dict[str, Any], expected: bool) -> None:
    assert matches(where, figure) is expected


def test_an_unknown_where_field_is_named() -> None:
    with pytest.raises(WhereError, match="unknown field 'colour'"):
        conditions("colour=red")


KIND = st.sampled_from(["merge", "split", "move", "rename", "mute", "track", "unmute"])
STEP = st.builds(
    lambda kind, a, b, f: step(kind, metric_id=a, other_id=b, figure_id=f, where="x", label="L"),
    KIND, st.integers(1, 4), st.integers(1, 4), st.integers(1, 3),
)  # fmt: skip


FIGURE = {"sentence": "x marks it", "owner": None}


@given(st.lists(STEP, max_size=6), st.integers(1, 4))
def test_a_figure_no_correction_names_stays_where_it_was_filed(
    steps: list[Any], filed: int
) -> None:
    named = {n for s in steps for n in (s.metric_id, s.other_id)} | {s.figure_id for s in steps}
    untouched = filed not in named
    assert not untouched or assigned(filed, 99, FIGURE, steps) == filed


@given(st.lists(STEP, max_size=6), st.integers(1, 4), st.integers(1, 4), st.integers(1, 4))
def test_after_a_merge_nothing_is_left_under_the_merged_metric(
    steps: list[Any], filed: int, into: int, other: int
) -> None:
    merge = step("merge", metric_id=into, other_id=other)
    assert into == other or assigned(filed, 2, FIGURE, [*steps, merge]) != other
    labels = {i: f"m{i}" for i in range(1, 5)}
    assert into == other or standings(labels, [*steps, merge])[other].status == "merged"


@given(st.lists(STEP, max_size=6), st.integers(1, 4), st.sampled_from(["mute", "unmute"]))
def test_the_last_mute_or_unmute_decides(steps: list[Any], metric: int, kind: str) -> None:
    last = step(kind, metric_id=metric)
    labels = {i: f"m{i}" for i in range(1, 5)}
    assert standings(labels, [*steps, last])[metric].muted is (kind == "mute")


# ---- corrections through the CLI, on a real SQLite file -------------------------------


def test_merge_is_a_dry_run_until_applied_and_then_joins_the_series(story: Settings) -> None:
    riverton, lakeside = metric_of(story, 1200), metric_of(story, 300)
    before = statements(story)
    dry = cli(story, "metrics", "merge", riverton, lakeside)
    assert "dry run: nothing stored" in dry.stdout
    assert "+ 2026-03-02  changed" in dry.stdout  # 1,200 -> 300 would appear
    assert statements(story) == before
    cli(story, "metrics", "merge", riverton, lakeside, "--apply", "--by", "ana", "--note", "one")
    assert (riverton, "changed", 1200, 300) in statements(story)
    listed = {m["key"]: m for m in as_json(story, "metrics")}
    assert listed[lakeside]["status"] == "merged" and listed[lakeside]["merged_into"] == riverton
    assert listed[riverton]["figures"] == 2
    [logged] = as_json(story, "metrics", "log")
    assert (logged["author"], logged["note"], logged["in_force"]) == ("ana", "one", True)
    assert all(c["corrected"] for c in as_json(story, "changes") if c["new_value"] == 300)


def test_future_figures_follow_a_merge_and_a_split(story: Settings) -> None:
    riverton, lakeside = metric_of(story, 1200), metric_of(story, 300)
    cli(story, "metrics", "merge", riverton, lakeside, "--apply")
    ingest(story, DAYS[2:3])
    assert metric_of(story, 1500) == riverton
    cli(
        story, "metrics", "split", riverton, "--where", "lakeside", "--label", "Lakeside", "--apply"
    )
    ingest(story, DAYS[3:])  # the registry files it under Lakeside's own metric: merged, split
    split_key = metric_of(story, 450)
    assert split_key == metric_of(story, 300) != riverton
    assert (split_key, "changed", 300, 450) in statements(story)
    assert (riverton, "changed", 1200, 1500) in statements(story)


def test_undo_restores_the_previous_changes_exactly(story: Settings) -> None:
    ingest(story, DAYS[2:])
    riverton, lakeside = metric_of(story, 1200), metric_of(story, 300)
    before = as_json(story, "changes", "--all")
    cli(story, "metrics", "merge", riverton, lakeside, "--apply")
    cli(story, "metrics", "rename", riverton, "Evacuated, both towns", "--apply")
    assert as_json(story, "changes", "--all") != before
    cli(story, "metrics", "undo", "1", "--apply")  # the merge, though the rename came after
    after = as_json(story, "changes", "--all")
    assert [c | {"metric_label": ""} for c in after] == [c | {"metric_label": ""} for c in before]
    assert {m["label"] for m in as_json(story, "metrics")} >= {"Evacuated, both towns"}
    cli(story, "metrics", "undo", "--apply")
    assert as_json(story, "changes", "--all") == before


def test_move_mute_and_track(tmp_path: Path) -> None:
    with json_receiver() as hook:
        targets = [{"name": "hook", "url": hook.url}]
        settings = write_config(tmp_path, topic={"name": "floods", "keywords": ["flood"]},
                                alerts={"targets": targets, "retry_base_seconds": 0})  # fmt: skip
        ingest(settings, DAYS[:2])
        deliver(settings)
        told = len(hook.payloads)
        lakeside = metric_of(settings, 300)
        cli(settings, "metrics", "mute", lakeside, "--apply")
        ingest(settings, DAYS[3:])
        assert deliver(settings)["sent"] == 0  # a muted metric's change is kept, not alerted
        assert ("changed", 300, 450) in {s[1:] for s in statements(settings)}
        [figure] = [f for f in as_json(settings, "figures") if f["value"] == 450]
        cli(settings, "metrics", "move", str(figure["id"]), metric_of(settings, 1200), "--alert")
        assert len(hook.wait_for(told + 1)) == told + 1  # 1,200 -> 450, told once, with --alert
        assert metric_of(settings, 450) == metric_of(settings, 1200)
        cli(settings, "metrics", "move", str(figure["id"]), lakeside, "--alert")
        cli(settings, "metrics", "undo", "--alert")
        assert len(hook.payloads) == told + 1  # the same change again is never re-sent


def test_only_tracked_metrics_alert_when_the_config_says_so(tmp_path: Path) -> None:
    alerts = {"targets": [{"name": "log", "url": "console://"}], "only_tracked": True}
    settings = write_config(tmp_path, topic={"name": "floods", "keywords": ["flood"]},
                            alerts=alerts)  # fmt: skip
    ingest(settings, DAYS[:2])
    cli(settings, "metrics", "track", metric_of(settings, 1200), "--apply")
    ingest(settings, DAYS[2:])
    with transaction(get_engine(settings.database_url)) as session:
        alerted = session.exec(select(Alert)).all()
    [one] = alerted
    assert one.change_id  # only the tracked Riverton series alerted (1,200 -> 1,500)


@pytest.mark.parametrize(
    "args",
    [
        ("metrics", "merge", "nope", "also-nope"),
        ("metrics", "move", "9999", "nope"),
        ("metrics", "split", "nope", "--where", "x"),
        ("metrics", "undo", "42"),
        ("history", "nope"),
    ],
)
def test_a_wrong_metric_figure_or_correction_is_a_one_line_error(
    story: Settings, args: tuple[str, ...]
) -> None:
    result = runner.invoke(app, [*args, "--config", str(story.path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")


def test_replay_lists_what_a_new_threshold_would_silence_and_sends_nothing(
    tmp_path: Path,
) -> None:
    targets = [{"name": "log", "url": "console://"}]
    topic = {"name": "floods", "keywords": ["flood"]}
    settings = write_config(tmp_path, topic=topic, alerts={"targets": targets})
    ingest(settings, DAYS)
    with transaction(get_engine(settings.database_url)) as session:
        queued = len(session.exec(select(Alert)).all())
    assert as_json(settings, "replay") == {"gone": [], "new": [], "kept": queued}
    stricter = write_config(tmp_path, topic=topic, alerts={"targets": targets},
                            metrics={"default": {"min_rel": 0.3}})  # fmt: skip
    replayed = as_json(stricter, "replay")
    gone = {(g["kind"], g["old_value"], g["new_value"]) for g in replayed["gone"]}
    assert gone == {("changed", 1200, 1500)}  # +25%: under the new 30% threshold
    assert replayed["new"] == []
    with transaction(get_engine(settings.database_url)) as session:
        assert len(session.exec(select(Alert)).all()) == queued  # nothing queued, nothing sent


# ---- two corrections at once ----------------------------------------------------------


def two_at_once(settings: Settings) -> None:
    """A rename and a merge made at the same moment from two threads: both land."""
    engine = get_engine(settings.database_url)
    riverton, lakeside = metric_of(settings, 1200), metric_of(settings, 300)
    builds = [lambda s: make.merge(s, riverton, lakeside),
              lambda s: make.about(s, "rename", riverton, "Evacuated")]  # fmt: skip
    start, errors = threading.Barrier(2), []

    def go(build: Any) -> None:
        from newsmon.tasks.runtime.lease import exclusive

        start.wait()
        with exclusive(engine, f"t{id(build)}", wait_seconds=30) as taken:
            assert taken
            try:
                correct(engine, settings.config, build, author="t", keep=True)
            except Exception as exc:
                errors.append(exc)

    threads = [threading.Thread(target=go, args=(b,)) for b in builds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with transaction(engine) as session:
        kinds = sorted(c.kind for c in session.exec(select(Correction)).all())
        merged = session.exec(select(Metric).where(Metric.key == riverton)).one()
        under = {f.metric_id for f in session.exec(select(Figure)).all()}
    assert kinds == ["merge", "rename"] and merged.label == "Evacuated" and under == {merged.id}


def test_two_corrections_at_once_on_sqlite(story: Settings) -> None:
    two_at_once(story)


def test_two_corrections_at_once_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    settings = write_config(tmp_path, topic={"name": "floods", "keywords": ["flood"]},
                            database_url=pg_url)  # fmt: skip
    ingest(settings, DAYS[:2])
    two_at_once(settings)


# ---- review fixes: undo brings alerts back, mute silences, no-op corrections refused --


def test_undo_brings_back_the_alerts_its_correction_cancelled(tmp_path: Path) -> None:
    targets = [{"name": "log", "url": "console://"}]
    settings = write_config(tmp_path, topic={"name": "floods", "keywords": ["flood"]},
                            alerts={"targets": targets})  # fmt: skip
    ingest(settings, DAYS[:2])  # two "new" alerts queued, not yet sent

    def statuses() -> list[str]:
        with transaction(get_engine(settings.database_url)) as session:
            return sorted(a.status for a in session.exec(select(Alert)).all())

    assert statuses() == ["pending", "pending"]
    cli(
        settings, "metrics", "merge", metric_of(settings, 1200), metric_of(settings, 300), "--apply"
    )
    assert statuses() == ["cancelled", "pending"]  # Lakeside's "new" is no longer true
    cli(settings, "metrics", "undo", "--alert")
    assert statuses() == ["sent", "sent"]  # back in force, delivered once each


def test_muting_cancels_what_was_queued_and_a_repeated_correction_is_refused(
    tmp_path: Path,
) -> None:
    targets = [{"name": "log", "url": "console://"}]
    settings = write_config(tmp_path, topic={"name": "floods", "keywords": ["flood"]},
                            alerts={"targets": targets})  # fmt: skip
    ingest(settings, DAYS[:2])
    lakeside = metric_of(settings, 300)
    cli(settings, "metrics", "mute", lakeside, "--apply")
    assert deliver(settings)["sent"] == 1  # Riverton's only
    again = runner.invoke(app, ["metrics", "mute", lakeside, "--config", str(settings.path)])
    assert again.exit_code == 2 and "already muted" in again.stderr
    riverton = metric_of(settings, 1200)
    cli(settings, "metrics", "split", riverton, "--where", "monday", "--apply")
    twice = runner.invoke(app, ["metrics", "split", riverton, "--where", "monday",
                                "--config", str(settings.path)])  # fmt: skip
    assert twice.exit_code == 2 and "already split" in twice.stderr


def migrate_down_and_up(url: str) -> None:
    """Alembic down to 0004 (before corrections) and up again, as `newsmon` does."""
    from alembic import command
    from alembic.config import Config

    from newsmon.db.engine import MIGRATIONS, make_engine, open_database

    engine, cfg = make_engine(url), Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "0004")
            figures = connection.exec_driver_sql("SELECT count(*) FROM figure").scalar()
            changes = connection.exec_driver_sql("SELECT count(*) FROM change").scalar()
            assert figures == changes  # one change per figure again, as 0004 wants
    engine.dispose()
    open_database(url).dispose()


def corrected_then_migrated(settings: Settings) -> None:
    ingest(settings, DAYS)
    cli(
        settings, "metrics", "merge", metric_of(settings, 1200), metric_of(settings, 300), "--apply"
    )
    from newsmon.db.engine import dispose_engines

    dispose_engines()
    migrate_down_and_up(settings.database_url)
    dispose_engines()
    kinds = [s[1] for s in statements(settings)]
    assert len(kinds) == 4 and as_json(settings, "metrics", "log") == []


def test_a_database_with_corrections_migrates_down_and_up_on_sqlite(tmp_path: Path) -> None:
    corrected_then_migrated(write_config(tmp_path, topic={"name": "floods", "keywords": ["flood"]}))


def test_a_database_with_corrections_migrates_down_and_up_on_postgresql(
    tmp_path: Path, pg_url: str
) -> None:
    corrected_then_migrated(
        write_config(tmp_path, topic={"name": "floods", "keywords": ["flood"]}, database_url=pg_url)
    )


def test_the_run_summary_says_what_was_corrected_by_hand(story: Settings) -> None:
    from newsmon.tasks.report.summary import RunSummary
    from newsmon.views import run_views

    riverton, lakeside = metric_of(story, 1200), metric_of(story, 300)
    cli(story, "metrics", "merge", riverton, lakeside, "--apply")
    cli(story, "metrics", "mute", riverton, "--apply")
    since = datetime.now(UTC)
    ingest(story, DAYS[3:])  # Lakeside's 450, filed under Riverton by the merge
    with transaction(get_engine(story.database_url)) as session:
        found = run_views(session, since)
    summary = RunSummary()
    summary.count_corrections(found["corrections"], found["figures"])
    assert (
        summary.lines()[-1] == "by hand: 1 metrics merged, 1 muted; 1 new figure(s) filed by them"
    )
    assert RunSummary().lines()[-1].startswith("alerts:")  # nothing said when nothing corrected
