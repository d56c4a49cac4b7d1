"""The CLI: every command has help, and the read commands work on a fresh database."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from newsmon.cli import app
from newsmon.config.settings import Settings

runner = CliRunner()


def all_commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path of a command group, groups included."""
    paths = []
    for name, command in group.commands.items():
        paths.append((*prefix, name))
        if hasattr(command, "commands"):
            paths += all_commands(command, (*prefix, name))
    return paths


COMMANDS = all_commands(get_command(app))


README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_is_documented_in_the_readme(path: tuple[str, ...]) -> None:
    usage = re.compile(rf"^newsmon {re.escape(' '.join(path))}(?: |$)", re.MULTILINE)
    assert usage.search(README), f"README lists no `newsmon {' '.join(path)}`"


def test_the_readme_documents_no_command_that_does_not_exist() -> None:
    section = README.split("## What you can ask it", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    listed = re.findall(r"^newsmon ([a-z]+(?: [a-z]+)?)", block, re.MULTILINE)
    assert listed
    known = {" ".join(path) for path in COMMANDS}
    unknown = {line for line in listed if line not in known and line.split()[0] not in known}
    assert not unknown


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert "--config" in result.output


@pytest.mark.parametrize("command", ["figures", "changes", "alerts"])
def test_read_commands_on_an_empty_database(settings: Settings, command: str) -> None:
    result = runner.invoke(app, [command, "--config", str(settings.path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == []


def test_a_bad_config_is_a_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["figures", "--config", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "cannot load config" in result.output


@pytest.mark.parametrize(
    ("database_url", "said"),
    [
        ("postgresql+psycopg://newsmon:s3cret@127.0.0.1:1/none", "cannot open the database"),
        ("sqlite:////proc/no-such-place/newsmon.db", "cannot open the database"),
    ],
)
@pytest.mark.parametrize("command", [["run"], ["figures"], ["metrics"], ["status"]])
def test_a_database_that_cannot_be_opened_is_one_line(
    tmp_path: Path, database_url: str, said: str, command: list[str]
) -> None:
    from tests.support.config import write_config

    settings = write_config(tmp_path, database_url=database_url)
    result = runner.invoke(app, [*command, "--config", str(settings.path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {said}") and result.stderr.count("\n") == 1
    assert "s3cret" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("command", [["articles"], ["alerts"]])
def test_an_unknown_status_filter_is_an_error(settings: Settings, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--status", "bogus", "--config", str(settings.path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown status 'bogus' (known: ")


def test_alerts_say_what_they_are_about(tmp_path: Path) -> None:
    from tests.support.config import write_config
    from tests.test_alerts import ingest_seeds

    targets = [{"name": "log", "url": "console://"}]
    settings = write_config(tmp_path, alerts={"targets": targets, "kinds": ["changed"]})
    ingest_seeds(settings)
    listed = json.loads(runner.invoke(app, ["alerts", "--json", "-c", str(settings.path)]).stdout)
    assert listed and all(a["kind"] == "changed" and a["metric_label"] for a in listed)
    assert {(a["old_value"], a["new_value"]) for a in listed} >= {(3000, 13000)}
    table = runner.invoke(app, ["alerts", "-c", str(settings.path)]).stdout
    assert "changed 3,000 -> 13,000" in table


@pytest.mark.parametrize(
    ("widths", "width", "expected"),
    [
        ([10, 40, 12], None, [10, 40, 12]),  # piped: whole
        ([10, 40, 12], 80, [10, 40, 12]),  # fits already
        ([10, 40, 12], 50, [10, 24, 12]),  # the widest gives way
        ([30, 30], 40, [19, 19]),  # both, in turn
        ([9, 9, 9], 10, [8, 8, 8]),  # never under 8: wider than asked rather than unreadable
    ],
)
def test_columns_fit_the_terminal(
    widths: list[int], width: int | None, expected: list[int]
) -> None:
    from newsmon.views import fitted

    assert fitted(widths, width) == expected


def test_a_cut_cell_ends_with_an_ellipsis_and_no_line_is_wider_than_asked() -> None:
    from newsmon.views import table

    rows = [["2024-11-01", "North Korea troops, deployed and then some more words", "13,000"]]
    shown = table(rows, ["published", "metric", "new"], width=50)
    assert all(len(line) <= 50 for line in shown.splitlines())
    assert "…" in shown and "13,000" in shown  # the number is whole, the label cut
