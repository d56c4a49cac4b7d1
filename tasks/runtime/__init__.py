"""Runtime: what the stages share to run: worker processes, the run lease, backoff."""
