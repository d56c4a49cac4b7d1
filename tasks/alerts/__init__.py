"""Alerts: the outbox delivered through apprise, each alert marked sent once delivered.

`send_alerts` renders every due alert (`messages`), sends it (`notify`, secrets redacted)
or a digest per period, and records each attempt with a doubling backoff.
"""

from newsmon.tasks.alerts.outbox import send_alerts

__all__ = ["send_alerts"]
