"""What every `newsmon` command shares: the config option, one-line errors, JSON or tables."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from newsmon.config.settings import ConfigError, Settings, load_settings
from newsmon.db.engine import get_engine
from newsmon.views import table

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config", "-c", help="Config file (default: $NEWSMON_CONFIG or the bundled one)."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
VerboseOption = Annotated[
    bool,
    typer.Option(
        "--verbose", "-v", help="Also log every request and delivery (httpx, apprise, newsmon)."
    ),
]


def settings_or_exit(config: Path | None) -> Settings:
    """The settings, or a one-line error and exit code 2."""
    try:
        return load_settings(config)
    except ConfigError as exc:
        fail(str(exc), 2)


def engine_or_exit(settings: Settings) -> Engine:
    """The migrated database engine, or a one-line error (password hidden) and exit code 2."""
    try:
        return get_engine(settings.database_url)
    except (SQLAlchemyError, OSError) as exc:
        where = make_url(settings.database_url).render_as_string(hide_password=True)
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())[:300]
        fail(f"cannot open the database {where}: {reason}")


def known_or_exit(values: list[str] | None, known: tuple[str, ...], what: str) -> list[str] | None:
    """The filter values, or a one-line error naming the known ones and exit code 2."""
    wrong = [value for value in values or [] if value not in known]
    if wrong:
        fail(f"unknown {what} {wrong[0]!r} (known: {', '.join(known)})")
    return values


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a one-line error and exit with `code`."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def emit(items: list[dict[str, Any]], as_json: bool, headers: list[str], row: Any) -> None:
    """Print items as JSON or as a table of the given columns."""
    if as_json:
        typer.echo(json.dumps(items, indent=2, ensure_ascii=False))
    elif not items:
        typer.echo("(none)")
    else:
        # On a terminal, the table fits its width; piped, it is whole.
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        typer.echo(table([row(item) for item in items], headers, width))
