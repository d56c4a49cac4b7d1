"""Report: what a run says about itself, as counts (`RunSummary`) and escaped Markdown."""

from newsmon.tasks.report.markdown import change_rows, run_markdown
from newsmon.tasks.report.summary import RunSummary

__all__ = ["RunSummary", "change_rows", "run_markdown"]
