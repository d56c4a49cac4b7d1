"""One deadline for a whole fetch: connecting, TLS, the headers and the body, every hop.

httpx bounds each socket wait (connect, read, write) but not their sum, so a server that
trickles its headers a byte a second holds a fetch for as long as it likes. `fetch` sets
DEADLINE for its thread; the sockets here cut every wait to what is left of it and raise
httpcore's ReadTimeout once it has passed.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable
from contextvars import ContextVar

import httpcore
import httpx

# When the fetch running in this thread must be over (time.monotonic()), if any.
DEADLINE: ContextVar[float | None] = ContextVar("newsmon_fetch_deadline", default=None)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every wait ends by the fetch's deadline: a server trickling its
    headers a byte a second meets each read timeout, never the deadline, without it."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _within_deadline(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _within_deadline(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:  # fmt: skip
        tls = self._stream.start_tls(ssl_context, server_hostname, _within_deadline(timeout))
        return _DeadlineStream(tls)

    def get_extra_info(self, info: str) -> object:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.SyncBackend):
    """httpcore's sockets, with every wait bounded by the running fetch's deadline."""

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
                    ) -> httpcore.NetworkStream:  # fmt: skip
        bounded = _within_deadline(timeout)
        return _DeadlineStream(super().connect_tcp(host, port, bounded, local_address,
                                                   socket_options))  # fmt: skip


def _within_deadline(timeout: float | None) -> float | None:
    """`timeout`, cut to what is left of the running fetch's deadline (ReadTimeout if none)."""
    deadline = DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("deadline exceeded")
    return left if timeout is None else min(timeout, left)


def deadline_transport(tls: ssl.SSLContext) -> httpx.HTTPTransport:
    """httpx's transport over the deadline-bounded sockets. httpx takes no network backend,
    so its pool is rebuilt with one: httpcore's public ConnectionPool, with httpx's own
    default limits (httpcore's differ: 10 connections, idle ones kept forever)."""
    transport = httpx.HTTPTransport(verify=tls, trust_env=False)
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=tls,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_DeadlineBackend(),
    )
    return transport
