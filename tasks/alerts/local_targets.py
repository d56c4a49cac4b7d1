"""Alert targets that need no account: the console and a local file (apprise plugins)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from apprise.decorators import notify


@notify(on="console", name="newsmon console")
def to_console(body: str, title: str, *args: Any, **kwargs: Any) -> bool:
    """Print an alert on standard output."""
    print(f"\n*** {title}\n{body}\n", file=sys.stdout, flush=True)
    return True


def logfile_path(meta: dict[str, Any]) -> Path:
    """The file a logfile:// URL names (apprise splits it into host and path). An absolute
    path comes as logfile://localhost/abs/path: apprise drops the slash of logfile:///abs,
    so the config writes it that way (config/settings.py, AlertTarget)."""
    host, path = str(meta.get("host") or ""), str(meta.get("fullpath") or "")
    return Path(path) if host == "localhost" else Path(host + path)


@notify(on="logfile", name="newsmon alert log")
def to_logfile(body: str, title: str, *args: Any, meta: dict[str, Any], **kwargs: Any) -> bool:
    """Append an alert to a local file (relative paths from the working directory)."""
    path = logfile_path(meta)
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"--- {stamp}\n{title}\n{body}\n\n")
    return True
