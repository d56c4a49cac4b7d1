"""Curate: the analyst corrects the grouping once, and the history follows.

Corrections (merge, split, move, rename, mute, track) are recorded in the database and
replayed over what the registry filed (`newsmon.tasks.figures.corrections`); the metrics
they touch have their changes recomputed from history (`recompute`), and the differences
are stored (`store`) in one transaction, or shown and rolled back in a dry run (`run`).
"""
