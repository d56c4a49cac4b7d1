"""Dedupe: store each article once, and say what every other document was.

`dedupe` stores a batch of Documents: the same canonical URL (unchanged, or a new version
when its text changed), the same text or a near-copy (MinHash LSH, bands stored in SQL)
as a duplicate of the earliest-published original, an off-topic item as skipped (judged
against the story's profile, `story_profile`), the rest as pending for figure extraction.
"""

from newsmon.tasks.dedupe.store import dedupe
from newsmon.tasks.dedupe.topic import Story, rescore_skipped, story_profile

__all__ = ["Story", "dedupe", "rescore_skipped", "story_profile"]
