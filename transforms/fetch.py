"""Fetch a feed over HTTP without trusting the server: pure standard library.

``fetch`` makes one conditional GET and never raises for anything the network
or the server does; it returns a ``FetchResult`` whose ``status`` is one of

* ``ok``: a body, decompressed, within the caps;
* ``not_modified``: 304, nothing new;
* ``gone``: 410, stop polling this feed;
* ``retry_later``: 429 or 503, with the server's Retry-After if it gave one;
* ``error``: anything else (timeout, refused address, body over the cap,
  redirect loop, HTTP error), with the reason.

What it guards against: a connect and a read timeout plus a deadline for the
whole fetch (a server that drips one byte at a time), a byte cap on the body as
sent and again after gzip or deflate decoding (a gzip bomb inflates only up to
the cap), http and https only (no ``file://``, no paths), at most five
redirects with every hop checked again, and addresses that are private,
loopback, link-local, multicast or reserved unless the policy allows private
hosts. The connection goes to the address that was checked, so a second DNS
answer cannot swap it for another.

``next_state`` turns a result into the feed's polling state: conditional GET
validators, the new URL after a permanent redirect, 410 as the end of the feed,
Retry-After and exponential back-off.
"""
from __future__ import annotations

import dataclasses
import email.utils
import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple
from urllib.parse import urljoin, urlsplit

OK, NOT_MODIFIED, GONE, RETRY_LATER, ERROR = "ok", "not_modified", "gone", "retry_later", "error"
REDIRECTS = (301, 302, 303, 307, 308)
PERMANENT_REDIRECTS = (301, 308)
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchPolicy:
    """Limits of one fetch and of the back-off between failed fetches."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 8 * 1024 * 1024
    max_decoded_bytes: int = 16 * 1024 * 1024
    max_redirects: int = 5
    allow_private_hosts: bool = False
    trusted_addresses: frozenset = frozenset()  # allowed even when private hosts are not
    backoff_base: float = 60.0
    backoff_max: float = 6 * 3600.0
    retry_after_max: float = 24 * 3600.0
    user_agent: str = "arabic-events-feed-reader/1.0"


@dataclass
class FetchResult:
    """What one fetch ended in; ``body`` is decoded (no Content-Encoding left)."""

    status: str
    url: str
    http_status: Optional[int] = None
    body: bytes = b""
    headers: Dict[str, str] = field(default_factory=dict)
    error: Optional[str] = None
    retry_after: Optional[float] = None
    permanent_url: Optional[str] = None


@dataclass(frozen=True)
class FeedState:
    """What is remembered about a feed between polls."""

    url: str
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    gone: bool = False
    failures: int = 0
    next_fetch_at: float = 0.0

    def due(self, now: float) -> bool:
        return not self.gone and now >= self.next_fetch_at


class FetchRefused(Exception):
    """The fetch was stopped on purpose; the message says which rule."""


# ---------------------------------------------------------------- addresses

def check_url(url: str) -> Tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an http(s) URL, or FetchRefused."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchRefused(f"malformed URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(f"scheme {scheme or '(none)'!r} refused: http and https only")
    if not parts.hostname:
        raise FetchRefused("URL has no host")
    if parts.username or parts.password:
        raise FetchRefused("credentials in the URL refused")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80), path


def address_refusal(ip: str) -> Optional[str]:
    """Why a connection to ``ip`` is refused without --allow-private-hosts, or None."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    for test, name in ((addr.is_loopback, "loopback"), (addr.is_link_local, "link-local"),
                       (addr.is_private, "private"), (addr.is_multicast, "multicast"),
                       (addr.is_unspecified, "unspecified"), (addr.is_reserved, "reserved")):
        if test:
            return f"{name} address {addr} refused (allowed only with --allow-private-hosts)"
    return None


def resolve(host: str, port: int, policy: FetchPolicy) -> str:
    """The first address of ``host`` the policy allows; every address is checked."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise FetchRefused(f"cannot resolve {host}: {exc}") from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchRefused(f"cannot resolve {host}")
    if not policy.allow_private_hosts:
        for ip in addresses:
            reason = None if ip in policy.trusted_addresses else address_refusal(ip)
            if reason:
                raise FetchRefused(f"{host}: {reason}")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to an address already checked, with the Host header of the URL."""

    def __init__(self, host: str, port: int, ip: str, policy: FetchPolicy) -> None:
        super().__init__(host, port, timeout=policy.connect_timeout)
        self._ip, self._read_timeout = ip, policy.read_timeout

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock.settimeout(self._read_timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, ip: str, policy: FetchPolicy) -> None:
        super().__init__(host, port, timeout=policy.connect_timeout, context=ssl.create_default_context())
        self._ip, self._read_timeout = ip, policy.read_timeout

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        sock.settimeout(self._read_timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


# ---------------------------------------------------------------- fetching

def fetch(url: str, policy: FetchPolicy = FetchPolicy(), etag: Optional[str] = None,
          last_modified: Optional[str] = None, now: Optional[float] = None) -> FetchResult:
    """One conditional GET of ``url`` following at most ``policy.max_redirects`` redirects."""
    deadline = time.monotonic() + policy.total_timeout
    now = time.time() if now is None else now
    current, permanent = url, True
    try:
        for hop in range(policy.max_redirects + 1):
            status, headers, conn, resp = _request(current, policy, etag, last_modified)
            try:
                if status in REDIRECTS:
                    location = headers.get("location")
                    if not location:
                        return FetchResult(ERROR, current, status, error=f"HTTP {status} without Location")
                    permanent = permanent and status in PERMANENT_REDIRECTS
                    current = urljoin(current, location.strip())
                    continue
                result = FetchResult(OK, current, status, headers=headers,
                                     permanent_url=current if permanent and current != url else None)
                if status == 304:
                    result.status = NOT_MODIFIED
                elif status == 410:
                    result.status, result.error = GONE, "HTTP 410 Gone"
                elif status in (429, 503):
                    result.status, result.error = RETRY_LATER, f"HTTP {status}"
                    result.retry_after = parse_retry_after(headers.get("retry-after"), now)
                elif status != 200:
                    result.status, result.error = ERROR, f"HTTP {status} {resp.reason}"[:200]
                else:
                    raw = _read_capped(resp, headers, policy, deadline)
                    result.body = decode_body(raw, headers.get("content-encoding"), policy.max_decoded_bytes)
                return result
            finally:
                conn.close()
        return FetchResult(ERROR, current, error=f"more than {policy.max_redirects} redirects")
    except FetchRefused as exc:
        return FetchResult(ERROR, current, error=str(exc))
    except socket.timeout:
        return FetchResult(ERROR, current, error="timed out")
    except (OSError, http.client.HTTPException, ssl.SSLError) as exc:
        return FetchResult(ERROR, current, error=f"{type(exc).__name__}: {exc}"[:300])


def _request(url: str, policy: FetchPolicy, etag: Optional[str], last_modified: Optional[str]):
    scheme, host, port, path = check_url(url)
    ip = resolve(host, port, policy)
    cls = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    conn = cls(host, port, ip, policy)
    headers = {"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate", "Connection": "close",
               "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
    except BaseException:
        conn.close()
        raise
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, conn, resp


def _read_capped(resp, headers: Dict[str, str], policy: FetchPolicy, deadline: float) -> bytes:
    length = headers.get("content-length", "").strip()
    if length.isdigit() and int(length) > policy.max_bytes:
        raise FetchRefused(f"body of {length} bytes is over the cap of {policy.max_bytes}")
    chunks, total = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FetchRefused(f"fetch took longer than {policy.total_timeout:g}s")
        chunk = resp.read1(_CHUNK) if hasattr(resp, "read1") else resp.read(_CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > policy.max_bytes:
            raise FetchRefused(f"body over the cap of {policy.max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def decode_body(raw: bytes, encoding: Optional[str], max_decoded: int) -> bytes:
    """Undo gzip or deflate, stopping at ``max_decoded`` bytes of output."""
    coding = (encoding or "identity").strip().lower()
    if coding in ("", "identity"):
        return raw
    if coding in ("gzip", "x-gzip"):
        wbits = 16 + zlib.MAX_WBITS
    elif coding == "deflate":
        wbits = zlib.MAX_WBITS if raw[:1] == b"\x78" else -zlib.MAX_WBITS
    else:
        raise FetchRefused(f"content encoding {coding!r} not supported")
    inflater = zlib.decompressobj(wbits)
    out, total, data = [], 0, raw
    try:
        while data:
            piece = inflater.decompress(data, max_decoded + 1 - total)
            total += len(piece)
            out.append(piece)
            if total > max_decoded:
                raise FetchRefused(f"decompressed body over the cap of {max_decoded} bytes")
            data = inflater.unconsumed_tail
            if inflater.eof:
                break
        out.append(inflater.flush(max(1, max_decoded + 1 - total)))
    except zlib.error as exc:
        raise FetchRefused(f"corrupt {coding} body: {exc}") from None
    body = b"".join(out)
    if len(body) > max_decoded:
        raise FetchRefused(f"decompressed body over the cap of {max_decoded} bytes")
    return body


def parse_retry_after(value: Optional[str], now: float) -> Optional[float]:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - now)


# ---------------------------------------------------------------- polling state

def next_state(state: FeedState, result: FetchResult, now: float, policy: FetchPolicy) -> FeedState:
    """The feed's state after ``result``: pure, so every rule is tested without a network."""
    url = result.permanent_url or state.url
    if result.status == OK:
        return dataclasses.replace(state, url=url, etag=result.headers.get("etag"),
                                   last_modified=result.headers.get("last-modified"),
                                   failures=0, next_fetch_at=0.0)
    if result.status == NOT_MODIFIED:
        return dataclasses.replace(state, url=url, failures=0, next_fetch_at=0.0)
    if result.status == GONE:
        return dataclasses.replace(state, url=url, gone=True)
    failures = state.failures + 1
    wait = backoff(failures, policy)
    if result.status == RETRY_LATER and result.retry_after is not None:
        wait = min(max(result.retry_after, 0.0), policy.retry_after_max)
    return dataclasses.replace(state, failures=failures, next_fetch_at=now + wait)


def backoff(failures: int, policy: FetchPolicy) -> float:
    """Exponential back-off: base, 2×base, 4×base … up to the maximum."""
    return min(policy.backoff_base * (2 ** max(0, failures - 1)), policy.backoff_max)
