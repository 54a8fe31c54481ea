"""Who a request comes from: the peer's address, or, when the peer is a trusted proxy
(`--trusted-proxy`), the address that proxy says it forwarded for.

X-Forwarded-For is a list the client itself may start: only the addresses appended by
trusted proxies can be believed, so the client is the rightmost address that is not a
trusted proxy (the algorithm nginx's realip module and Starlette's ProxyHeadersMiddleware
follow). A request straight from an untrusted peer is that peer, whatever it sends.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(values: Iterable[str]) -> tuple[Network, ...]:
    """`--trusted-proxy` values (addresses or CIDR blocks) as networks; ValueError
    naming a value that is neither."""
    found = []
    for value in values:
        try:
            found.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{value!r} is not an IP address or network") from None
    return tuple(found)


class ClientAddresses:
    """Tells the client's address from a request's peer and headers."""

    def __init__(self, trusted: tuple[Network, ...] = ()) -> None:
        self.trusted = trusted
        # asked for every request: parsing an address costs more than the rest of this
        self._is_trusted = functools.lru_cache(maxsize=4096)(self._trusted)

    def _trusted(self, address: str) -> bool:
        if not self.trusted:
            return False
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.trusted)

    def of(self, scope: dict) -> str:
        """The client's address for `scope` (an ASGI HTTP scope); '-' if unknown."""
        peer = scope.get("client")
        address = peer[0] if peer else "-"
        if not self._is_trusted(address):
            return address
        forwarded = [
            value.decode("latin-1")
            for name, value in scope.get("headers", ())
            if name == b"x-forwarded-for"
        ]
        hops = [hop.strip() for value in forwarded for hop in value.split(",")]
        for hop in reversed(hops):
            if not hop:
                continue
            if not self._is_trusted(hop):
                return hop if _is_address(hop) else address
        return address


@functools.lru_cache(maxsize=4096)
def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
