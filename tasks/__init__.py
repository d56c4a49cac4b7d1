"""The pipeline's stages, in order, one folder each: plain functions, no Prefect inside.

ingest -> dedupe -> figures -> compare -> alerts -> report; runtime holds what they share
(worker processes, the run lease, backoff). A stage imports only from earlier stages,
except where a module says why.
"""
