"""SSRF guard: refuse hosts that resolve to loopback, private, link-local or otherwise internal addresses.

Outside tests and the demo the crawler only talks to public addresses.  A portal entry (``allow_private``)
or the ``--allow-private`` flag lifts the rule for that crawl.  The check runs twice: on the name before
the request (:func:`check_host`), and on the address the response actually came from
(:func:`address_refusal`), which also catches DNS answers that change between the two.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

Resolver = Callable[[str], list[str]]


class UnsafeHostError(Exception):
    """The host resolves to an address the crawler must not contact."""


def resolve(host: str) -> list[str]:
    """All addresses of ``host`` (IPv4 and IPv6), or [] when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError):
        return []
    return sorted({str(info[4][0]) for info in infos})


def address_refusal(address: str) -> str | None:
    """Why ``address`` is not a public internet address (None when it is)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"{address!r} is not an IP address"
    embedded = _embedded_ipv4(ip)
    if embedded is not None:  # ::ffff:10.0.0.1, 6to4 2002:7f00:1::, NAT64 64:ff9b::7f00:1, Teredo
        reason = address_refusal(str(embedded))
        return f"{address} embeds {reason}" if reason else None
    for label, flag in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return f"{address} is a {label} address"
    if not ip.is_global:
        return f"{address} is not a global address"
    return None


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, NAT64, Teredo client), if any."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


class HostGuard:
    """Caches one verdict per host name for the length of a crawl."""

    def __init__(self, *, allow_private: bool = False, resolver: Resolver = resolve) -> None:
        self.allow_private = allow_private
        self.resolver = resolver
        self._verdicts: dict[str, str | None] = {}

    def refusal(self, host: str, *, allow_private: bool = False) -> str | None:
        """Why a request to ``host`` must be refused; None when it may go ahead."""
        if self.allow_private or allow_private:
            return None
        host = host.lower().strip("[]").rstrip(".")  # localhost. is localhost
        if host not in self._verdicts:
            self._verdicts[host] = self._check(host)
        return self._verdicts[host]

    def _check(self, host: str) -> str | None:
        if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
            return f"{host} is a loopback name"
        try:
            ipaddress.ip_address(host)
        except ValueError:
            addresses = self.resolver(host)
        else:
            return address_refusal(host)
        if not addresses:
            return None  # does not resolve: the download fails on its own, with a DNS error in the summary
        for address in addresses:
            reason = address_refusal(address)
            if reason:
                return f"{host} resolves to {reason}"
        return None

    def check_host(self, host: str, *, allow_private: bool = False) -> None:
        reason = self.refusal(host, allow_private=allow_private)
        if reason:
            raise UnsafeHostError(reason)


def refused_start_urls(starts: Iterable[tuple[str, bool]], guard: HostGuard) -> list[str]:
    """``url: reason`` for every start URL when the guard refuses all of them; [] when any may be asked.

    ``starts`` pairs each start URL with whether its portal allows private addresses.
    """
    refusals = []
    for url, allow_private in starts:
        reason = guard.refusal(urlsplit(url).hostname or "", allow_private=allow_private)
        if reason is None:
            return []
        refusals.append(f"{url}: {reason}")
    return refusals
