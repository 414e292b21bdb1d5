"""Where `serve` and `present` listen and who may talk to them: loopback unless --host says otherwise."""

import hmac
import ipaddress
import secrets
import time
from urllib.parse import urlsplit

WILDCARDS = ("", "0.0.0.0", "::", "*")


def ip_literal(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return None


def is_loopback(host: str) -> bool:
    address = ip_literal(host)
    return host == "localhost" or bool(address and address.is_loopback)


def local_name(host: str) -> str:
    """How this machine's browser reaches a server listening on `host` (as it goes in a URL)."""
    if host in WILDCARDS:
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def exposure_warning(host: str, what: str) -> str | None:
    """The warning --host deserves when it is not a loopback address; `what` is what the network reaches."""
    if is_loopback(host):
        return None
    return (f"WARNING: --host {host} makes the server, and so {what}, reachable from the network. "
            f"Its traffic is unencrypted (HTTP): anyone on the way can read it.")


def host_header_allowed(header: str, host: str, port: int) -> bool:
    """Whether a request's Host header names this server: localhost, a loopback address or `host` itself, at
    `port`; on a wildcard address any IP address too. A DNS name that is not `host` is refused: a page on another
    site whose name was re-pointed at this machine (DNS rebinding) cannot read the answers."""
    if not header or any(character in header for character in "@/?#\\ "):
        return False
    try:
        parts = urlsplit(f"//{header}")
        name, asked_port = parts.hostname or "", parts.port or 80
    except ValueError:
        return False
    if asked_port != port:
        return False
    address = ip_literal(name)
    if name in ("localhost", host.strip("[]").lower()) or (address and address.is_loopback):
        return True
    return bool(address) and host in WILDCARDS


class OneTimeCode:
    """A secret that logs a browser in once, within `seconds` of being made: the address that carries it is
    worthless once used (in a process list, the browser's history) or once old."""

    def __init__(self, seconds: float, page: str, clock=time.monotonic):
        self.code, self.page, self.clock = secrets.token_urlsafe(32), page, clock
        self.expires, self.used = clock() + seconds, False

    def redeem(self, offered: str) -> bool:
        matches = hmac.compare_digest(offered.encode(), self.code.encode())
        valid = matches and not self.used and self.clock() < self.expires
        self.used = self.used or valid
        return valid
