"""The `newsmon run` command's stop handler, kept for SIGTERM while its flow runs.

Prefect's flow engine installs its own SIGTERM handler for the length of a flow run: it
raises in the main thread and then waits for the stage threads (for minutes, in a slow
network read). Under a worker that is how Prefect cancels; from the command line, the
command's own handler (newsmon/interrupt.py) stops within seconds, and the flow puts it
back when it starts.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType

Handler = Callable[[int, FrameType | None], None]
_command_stop: list[Handler] = []


def register(handler: Handler | None) -> None:
    """Say which handler stops the command (None: no command is running)."""
    _command_stop.clear()
    _command_stop.extend([handler] if handler else [])


def reclaim_sigterm() -> None:
    """Put the command's stop handler back on SIGTERM, when there is one (main thread only)."""
    if _command_stop and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _command_stop[0])
