"""Dedupe: store each article once, and say what every other document was.

`dedupe` stores a batch of Documents: the same canonical URL (unchanged, or a new version
when its text changed), the same text or a near-copy (MinHash LSH, bands stored in SQL)
as a duplicate of the original, an off-topic item as skipped (`topic_profile`), the rest
as pending for figure extraction.
"""

from newsmon.tasks.dedupe.store import dedupe, rescore_skipped, topic_profile

__all__ = ["dedupe", "rescore_skipped", "topic_profile"]
