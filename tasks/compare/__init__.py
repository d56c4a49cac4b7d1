"""Compare: each new figure against its metric's history, and the alerts that follow.

`classify` decides (new, changed, refined, conflict, confirmed, historical, ignored) from
intervals that respect rounding and qualifiers; `compare_figures` judges every figure not
yet compared and stores its change with one queued alert per target.
"""

from newsmon.tasks.compare.kinds import is_loud, is_quiet
from newsmon.tasks.compare.store import compare_figures
from newsmon.tasks.compare.verdicts import classify

__all__ = ["classify", "compare_figures", "is_loud", "is_quiet"]
