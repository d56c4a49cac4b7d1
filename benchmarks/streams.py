"""Every labelled stream of ../shared/streams through the real monitor flow, side by side.

Each stream runs as run_stream.sh runs it (benchmarks/streamrun.py), in-process and in a
fresh work dir, with its vocabulary.yaml ("vocab", when it has one) and without ("plain"),
all on one temporary Prefect server. Beside score.py's summary: on-topic items skipped, the
off-topic item kept, copies kept over their original, figures stored twice in one article
version (benchmarks/streamscore.py), and each feed item's relevance score.

Run:  .venv/bin/python -m benchmarks.streams [--only NAME] [--variant vocab|plain|both]
      [--keep DIR]   (--only repeats; --keep leaves each run's files in DIR/<stream>-<variant>)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from subprocess import SubprocessError

from benchmarks.streamrun import STREAMS, RunError, Stream, discover, one_line, run_stream
from benchmarks.streamscore import Facts, Score, facts
from newsmon.config.runtime import apply_quiet_defaults
from newsmon.db.engine import dispose_engines

PREFECT_ENV = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    # The shared machine is often loaded: the temporary server may need more than 20 s.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "240",
}
NOT_INHERITED = ("PREFECT_API_URL", "NEWSMON_DATABASE_URL", "NEWSMON_CONFIG")
SERVER_STARTUP = 240
VARIANTS = {"both": ("vocab", "plain"), "vocab": ("vocab",), "plain": ("plain",)}
MARKER = ".stream-run"  # a work dir holding it was made here and may be emptied
# A step that fails (RunError, timeouts, a file missing) or an export that does not read.
RUN_ERRORS = (RunError, SubprocessError, OSError, ValueError, KeyError, TypeError)
COLUMNS = (
    "stream", "variant", "recall", "grouping F1", "merged", "expected alerts",
    "wrong baseline", "noise", "update", "on-topic skipped", "off-topic kept", "copy kept",
    "figures twice", "seconds",
)  # fmt: skip
NOTES = (
    "on-topic skipped: story and update items stored as skipped, of all of them; off-topic "
    "kept: off-topic items stored and not skipped; copy kept: duplicates not stored as a "
    "duplicate of an original holding the figures.",
    "figures twice: figures.json carries no article version; the versions of an updated "
    "article are told apart by figures1.json (the update is served only in phase 2).",
)


@dataclass
class StreamResult:
    """One stream in one variant: score.py's numbers and the facts beside them, or the error."""

    stream: str
    variant: str
    work_dir: Path
    seconds: float = 0.0
    score: Score | None = None
    facts: Facts | None = None
    error: str | None = None


def prefect_environment(home: Path) -> None:
    """Prefect's settings for this process: a private home, quiet, offline, patient."""
    # Prefect reads its settings from the environment when it is first imported, so this
    # must run before any import of prefect (or newsmon.flows); run_stream.sh sets the same.
    home.mkdir(parents=True, exist_ok=True)
    os.environ.update(PREFECT_ENV, PREFECT_HOME=str(home))
    for name in NOT_INHERITED:  # run_stream.sh unsets them: all state in the work dir
        os.environ.pop(name, None)
    apply_quiet_defaults()


@contextlib.contextmanager
def prefect_server(home: Path) -> Iterator[None]:
    """One temporary Prefect server for every run, with Prefect's environment set first."""
    prefect_environment(home)
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=SERVER_STARTUP):
        yield


def fresh_dir(path: Path) -> Path:
    """An empty work dir at `path`; one made here before is emptied, any other refused."""
    if path.exists() and any(path.iterdir()) and not (path / MARKER).exists():
        raise RunError(f"{path} is not empty and was not made by benchmarks.streams")
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    (path / MARKER).touch()
    return path


def run_one(stream: Stream, variant: str, base: Path) -> StreamResult:
    """One stream in one variant in a fresh work dir; a failed step is the row's error."""
    result = StreamResult(stream.name, variant, base / f"{stream.name}-{variant}")
    started = time.perf_counter()
    try:
        result.score = run_stream(stream, variant, fresh_dir(result.work_dir))
        result.facts = facts(stream.yaml, result.work_dir)
    except RUN_ERRORS as exc:
        result.error = str(exc) if isinstance(exc, RunError) else one_line(exc)
    finally:  # nothing of this work dir may leak into the next; the warm workers hold none
        dispose_engines()
    result.seconds = time.perf_counter() - started
    return result


def selected(only: list[str] | None, root: Path = STREAMS) -> list[Stream]:
    """The streams of `root` named in `only` (all when None); ValueError for unknown names."""
    streams = discover(root)
    unknown = sorted(set(only or ()) - {s.name for s in streams})
    if unknown or not streams:
        raise ValueError(f"no stream {', '.join(unknown) or 'at all'} in {root}")
    return [s for s in streams if only is None or s.name in only]


def run_streams(
    only: list[str] | None = None,
    variants: tuple[str, ...] = ("vocab", "plain"),
    keep: Path | None = None,
    progress: Callable[[StreamResult], None] | None = None,
) -> list[StreamResult]:
    """Run the streams (all, or those in `only`) in each variant on one temporary Prefect server."""
    runs = [(s, v) for s in selected(only) for v in s.variants(variants)]
    with contextlib.ExitStack() as stack:
        base = keep or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="streams-")))
        stack.enter_context(prefect_server(base / "prefect"))
        results = []
        for stream, variant in runs:
            results.append(run_one(stream, variant, base))
            if progress:
                progress(results[-1])
        return results


def cells(result: StreamResult) -> list[str]:
    """One table row; a failed run shows its error in place of the numbers."""
    head, tail = [result.stream, result.variant], [f"{result.seconds:.1f}"]
    s, f = result.score, result.facts
    if s is None or f is None:
        return [*head, f"error: {result.error}".replace("|", "/"), *["-"] * 10, *tail]
    return [
        *head, f"{s.recall:.2f}", f"{s.grouping_f1:.2f}", str(s.merged),
        f"{s.alerts_found}/{s.alerts_expected}", str(s.wrong_baseline), str(s.noise),
        "yes" if s.update else "no", f"{f.on_topic_skipped}/{len(f.on_topic)}",
        f"{f.offtopic_kept}/{len(f.offtopic)}", f"{f.copies_kept}/{len(f.copies)}",
        str(f.figures_twice), *tail,
    ]  # fmt: skip


def table(results: list[StreamResult]) -> str:
    """The results as one Markdown table."""
    rule = ["---" if c in ("stream", "variant") else "---:" for c in COLUMNS]
    rows = [list(COLUMNS), rule, *map(cells, results)]
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def relevance_block(result: StreamResult) -> list[str]:
    """Each feed item's stored status and relevance, and where each copy's figures went."""
    lines = [f"{result.stream}, {result.variant}:"]
    for item in result.facts.items if result.facts else []:
        score = "-" if item.relevance is None else f"{item.relevance:.3f}"
        version = f"v{item.version}" if item.version else "-"
        lines.append(f"  {item.kind:<9} {item.slug:<54} {version:<3} {item.status:<14} {score}")
    for copy in result.facts.copies if result.facts else []:
        lines.append(
            f"  copy {copy.slug}: {copy.status}, {copy.copy_figures} figures; original "
            f"{copy.of}: {copy.original_status}, {copy.original_figures} figures"
        )
    return lines


def report(results: list[StreamResult], argv: list[str], seconds: float) -> None:
    """The table, the notes, the relevance blocks, the command line and the wall time."""
    print(table(results) + "\n")
    print("\n".join(NOTES) + "\n")
    print("relevance of each feed item (kind, slug, stored version, status, relevance):")
    for result in results:
        print("\n".join(relevance_block(result)))
    print(f"\ncommand: python -m benchmarks.streams {shlex.join(argv)}".rstrip())
    print(f"wall time: {seconds:.0f} s for {len(results)} runs")


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.streams", description=__doc__)
    parser.add_argument("--only", action="append", metavar="NAME", help="run this stream only")
    parser.add_argument("--variant", choices=tuple(VARIANTS), default="both")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep the work dirs in DIR")
    return parser.parse_args(argv)


def progress_line(result: StreamResult) -> None:
    """One line per finished run, on stderr, while the benchmark works."""
    done = "ok" if result.error is None else f"error: {result.error}"
    print(f"{result.stream} {result.variant}: {done} in {result.seconds:.1f} s", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table; 1 when a run failed, 2 for a bad command line."""
    argv = sys.argv[1:] if argv is None else argv
    args, started = parse_args(argv), time.perf_counter()
    keep = args.keep.resolve() if args.keep else None
    try:
        results = run_streams(args.only, VARIANTS[args.variant], keep, progress_line)
    except ValueError as exc:  # a stream named that is not there
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:  # the temporary Prefect server did not start
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return 1
    report(results, argv, time.perf_counter() - started)
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
