"""Benchmarks (runnable modules; helpers importable by tests)."""
