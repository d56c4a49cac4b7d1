"""SSRF guard: which URLs may be fetched (http/https to public addresses unless allow-listed)."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from dataclasses import dataclass
from typing import Protocol

import httpx

METADATA_IPS = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)
NON_PUBLIC_KINDS = ("loopback", "link_local", "unspecified", "multicast", "private", "reserved")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AllowList(Protocol):
    """What the guard needs from FetchLimits."""

    @property
    def allow_hosts(self) -> frozenset[str]: ...

    @property
    def allow_networks(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Verdict:
    """Whether a URL may be fetched, and the vetted address to connect to."""

    refusal: str | None = None
    address: str | None = None  # None: allow-listed host name, resolved by the client


def vet(url: str, lim: AllowList) -> Verdict:
    """Check scheme and every resolved address; pick the address to connect to."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        return Verdict(f"invalid URL: {exc}")
    if parsed.scheme not in ("http", "https"):
        return Verdict(f"refused: scheme {parsed.scheme or '(none)'!r} not allowed")
    host = parsed.host.lower()
    if not host:
        return Verdict("refused: URL has no host")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    if allowed(host, port, lim.allow_hosts):
        return Verdict()
    return _vet_addresses(host, port, lim)


def allowed(host: str, port: int, allow_hosts: frozenset[str]) -> bool:
    """Whether an allow-list entry names this host ("127.0.0.1": any port) or this host and
    port ("127.0.0.1:8765", "[::1]:8765": that port only)."""
    if ":" in host:  # an IPv6 address, compared as allow_entry writes it
        with contextlib.suppress(ValueError):
            host = ipaddress.IPv6Address(host).compressed
    shown = f"[{host}]" if ":" in host else host
    return host in allow_hosts or f"{shown}:{port}" in allow_hosts


def _vet_addresses(host: str, port: int, lim: AllowList) -> Verdict:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        return Verdict(f"cannot resolve {host}: {exc}")
    networks = [ipaddress.ip_network(n, strict=False) for n in lim.allow_networks]
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    for ip in addresses:
        kind = _address_kind(ip)
        if kind and (ip in METADATA_IPS or not any(ip in net for net in networks)):
            shown = host if host == str(ip) else f"{host} resolves to {ip}, which"
            article = "an" if kind[0] in "aeiou" else "a"
            return Verdict(f"refused: {shown} is {article} {kind} address")
    preferred = sorted(addresses, key=lambda ip: ip.version)  # IPv4 first
    return Verdict(address=str(preferred[0])) if preferred else Verdict(f"no address for {host}")


def _address_kind(ip: IPAddress) -> str | None:
    """Why an address is not public ('loopback', 'private', ...) or None when it is."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip in METADATA_IPS:
        return "cloud-metadata"
    for kind in NON_PUBLIC_KINDS:
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if ip.is_global else "non-public"
