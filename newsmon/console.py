"""What a run shows on the terminal besides its log: progress bars, and how chatty libraries are."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from newsmon.tasks.runtime import progress

if TYPE_CHECKING:  # imported when the bars are shown: `alerts test -v` needs no Prefect
    from prefect.logging.handlers import PrefectConsoleHandler

# Quiet unless -v: at INFO they log every request and delivery ("HTTP Request: GET ...").
CHATTY_LOGGERS = ("httpx", "apprise", "newsmon")


@contextmanager
def verbose_logs(verbose: bool) -> Iterator[None]:
    """With `verbose`, show the INFO lines of newsmon and its libraries while active."""
    loggers = [logging.getLogger(name) for name in CHATTY_LOGGERS] if verbose else []
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.INFO)
    # Outside `run` Prefect has not set up logging: nothing would print INFO.
    root = logging.getLogger()
    plain = logging.StreamHandler() if verbose and not root.handlers else None
    if plain:
        plain.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(plain)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
        if plain:
            root.removeHandler(plain)


@contextmanager
def progress_bars(enabled: bool) -> Iterator[None]:
    """While active and `enabled`, a bar on stderr for each long stage (polls, pages, figures)."""
    if not enabled:
        yield
        return
    handlers = prefect_console_handlers()
    # Markup off, as Prefect's own: a "[/b]" in a title is text. (Prefect's console itself
    # cannot draw bars: its theme has none of rich's default styles.)
    console = Console(stderr=True, markup=False, highlight=False)
    bars = Progress(
        TextColumn("{task.description:<20}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,  # the summary says what was done; the bars only say how far it is
    )
    shown: dict[str, TaskID] = {}

    def show(stage: str, done: int, total: int) -> None:
        if stage not in shown and total:
            shown[stage] = bars.add_task(stage, total=total)
        if stage in shown:
            bars.update(shown[stage], completed=done, total=total)

    with ExitStack() as stack:
        stack.enter_context(bars)
        stack.enter_context(printing_through(handlers, console))
        stack.enter_context(progress.listening(show))
        yield


def prefect_console_handlers() -> list[PrefectConsoleHandler]:
    """The handlers that print Prefect's log lines on the terminal."""
    from prefect.logging.handlers import PrefectConsoleHandler

    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    return [
        handler
        for logger in loggers
        if isinstance(logger, logging.Logger)
        for handler in logger.handlers
        if isinstance(handler, PrefectConsoleHandler)
    ]


@contextmanager
def printing_through(handlers: list[PrefectConsoleHandler], console: Console) -> Iterator[None]:
    """Make `handlers` print through `console`, so that their lines scroll above its bars."""
    # Each handler prints through its own rich Console on the real stderr; rich keeps a bar
    # below the printed lines only for lines printed through the bar's own console.
    before = [handler.console for handler in handlers]
    for handler in handlers:
        handler.console = console
    try:
        yield
    finally:
        for handler, own in zip(handlers, before, strict=True):
            handler.console = own
