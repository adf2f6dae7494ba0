"""The fetch layer against a real HTTP server on 127.0.0.1 that misbehaves on purpose."""
from __future__ import annotations

import email.utils
import gzip
import time
import tracemalloc

import pytest

from feed_server import RSS_TYPE, FeedServer, drip, fixture, gzip_bomb, stall
from transforms.fetch import (ERROR, GONE, NOT_MODIFIED, OK, RETRY_LATER, FeedState, FetchPolicy,
                              address_refusal, backoff, check_url, decode_body, fetch, next_state,
                              parse_retry_after, FetchRefused)

POLICY = FetchPolicy(connect_timeout=1.0, read_timeout=0.5, total_timeout=2.0, max_bytes=256 * 1024,
                     max_decoded_bytes=1024 * 1024, allow_private_hosts=True, backoff_base=60.0)


@pytest.fixture
def server():
    with FeedServer() as s:
        yield s


def test_ok_body_and_validators(server):
    server.routes["/news.rss"] = (200, {**RSS_TYPE, "ETag": '"v1"', "Last-Modified": "Sun, 10 Mar 2024 09:30:00 GMT"},
                                  fixture("news.rss"))
    result = fetch(server.url("/news.rss"), POLICY)
    assert result.status == OK and result.body == fixture("news.rss")
    assert result.headers["etag"] == '"v1"'
    state = next_state(FeedState(server.url("/news.rss")), result, 1000.0, POLICY)
    assert (state.etag, state.last_modified, state.failures) == ('"v1"', "Sun, 10 Mar 2024 09:30:00 GMT", 0)


def test_conditional_get_304_means_nothing_new(server):
    def route(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return (304, {"ETag": '"v1"'}, b"")
        return (200, {**RSS_TYPE, "ETag": '"v1"'}, fixture("news.rss"))
    server.routes["/c.rss"] = route
    first = fetch(server.url("/c.rss"), POLICY)
    state = next_state(FeedState(server.url("/c.rss")), first, 0.0, POLICY)
    second = fetch(state.url, POLICY, state.etag, state.last_modified)
    assert second.status == NOT_MODIFIED and second.body == b""
    assert server.requests[-1][1]["If-None-Match"] == '"v1"'


def test_gzip_body_is_decoded(server):
    server.routes["/gz.rss"] = (200, {**RSS_TYPE, "Content-Encoding": "gzip"}, gzip.compress(fixture("news.rss")))
    assert fetch(server.url("/gz.rss"), POLICY).body == fixture("news.rss")


def test_stall_past_the_read_timeout_is_an_error_in_bounded_time(server):
    server.routes["/stall"] = stall(3.0)
    server.routes["/stall-body"] = stall(3.0, headers_first=True)
    for path in ("/stall", "/stall-body"):
        started = time.monotonic()
        result = fetch(server.url(path), POLICY)
        assert result.status == ERROR and "timed out" in result.error
        assert time.monotonic() - started < 1.5


def test_slow_drip_is_cut_at_the_total_deadline(server):
    server.routes["/drip"] = drip(5.0, every=0.05)
    started = time.monotonic()
    result = fetch(server.url("/drip"), POLICY)
    assert result.status == ERROR and "longer than 2s" in result.error
    assert time.monotonic() - started < 3.0


def test_body_over_the_cap_is_refused(server):
    big = b"<rss>" + b"x" * (POLICY.max_bytes + 10) + b"</rss>"
    server.routes["/declared"] = (200, RSS_TYPE, big)

    def undeclared(handler):  # no Content-Length: the cap applies while reading
        handler.send_response(200)
        handler.end_headers()
        handler.wfile.write(big)
        return None
    server.routes["/undeclared"] = undeclared
    declared = fetch(server.url("/declared"), POLICY)
    assert declared.status == ERROR and "over the cap" in declared.error and "bytes is over" in declared.error
    undeclared_result = fetch(server.url("/undeclared"), POLICY)
    assert undeclared_result.status == ERROR and "body over the cap" in undeclared_result.error


def test_gzip_bomb_inflates_only_to_the_cap(server):
    bomb = gzip_bomb(64 * 1024 * 1024)
    assert len(bomb) < POLICY.max_bytes  # passes the cap on the wire
    server.routes["/bomb"] = (200, {**RSS_TYPE, "Content-Encoding": "gzip"}, bomb)
    tracemalloc.start()
    try:
        result = fetch(server.url("/bomb"), POLICY)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status == ERROR and "decompressed body over the cap" in result.error
    assert peak < 8 * 1024 * 1024  # 64 MB were never built


def test_redirect_loop_stops_after_five_hops(server):
    server.routes["/loop"] = (302, {"Location": "/loop"}, b"")
    result = fetch(server.url("/loop"), POLICY)
    assert result.status == ERROR and "more than 5 redirects" in result.error
    assert server.hits["/loop"] == 6


def test_permanent_redirect_updates_the_url(server):
    server.routes["/old.rss"] = (301, {"Location": "/new.rss"}, b"")
    server.routes["/new.rss"] = (200, RSS_TYPE, fixture("news.rss"))
    result = fetch(server.url("/old.rss"), POLICY)
    assert result.status == OK and result.permanent_url == server.url("/new.rss")
    assert next_state(FeedState(server.url("/old.rss")), result, 0.0, POLICY).url == server.url("/new.rss")
    server.routes["/temp.rss"] = (302, {"Location": "/new.rss"}, b"")
    assert fetch(server.url("/temp.rss"), POLICY).permanent_url is None


def test_private_address_refused_without_the_flag(server):
    server.routes["/news.rss"] = (200, RSS_TYPE, fixture("news.rss"))
    strict = FetchPolicy(connect_timeout=1.0, read_timeout=0.5)
    result = fetch(server.url("/news.rss"), strict)
    assert result.status == ERROR and "loopback address 127.0.0.1 refused" in result.error
    assert server.hits.get("/news.rss") is None  # no request reached the server


def test_redirect_to_a_private_address_is_checked_at_the_hop(server):
    # The test server itself is trusted; the hop it redirects to is checked again.
    server.routes["/to-private"] = (302, {"Location": "http://10.1.2.3/feed.rss"}, b"")
    server.routes["/to-metadata"] = (301, {"Location": "http://169.254.169.254/latest/meta-data/"}, b"")
    server.routes["/to-file"] = (302, {"Location": "file:///etc/passwd"}, b"")
    policy = FetchPolicy(connect_timeout=1.0, read_timeout=0.5, trusted_addresses=frozenset({"127.0.0.1"}))
    started = time.monotonic()
    assert "private address 10.1.2.3 refused" in fetch(server.url("/to-private"), policy).error
    assert "link-local address 169.254.169.254 refused" in fetch(server.url("/to-metadata"), policy).error
    assert "scheme 'file' refused" in fetch(server.url("/to-file"), policy).error
    assert time.monotonic() - started < 1.0  # refused before any connection


def test_410_stops_polling(server):
    server.routes["/gone.rss"] = (410, {}, b"")
    result = fetch(server.url("/gone.rss"), POLICY)
    assert result.status == GONE
    state = next_state(FeedState(server.url("/gone.rss")), result, 0.0, POLICY)
    assert state.gone and not state.due(10 ** 12)


def test_429_and_503_honour_retry_after(server):
    server.routes["/busy"] = (429, {"Retry-After": "120"}, b"slow down")
    server.routes["/down"] = (503, {"Retry-After": "Wed, 21 Oct 2037 07:28:00 GMT"}, b"")
    busy = fetch(server.url("/busy"), POLICY, now=1000.0)
    assert (busy.status, busy.retry_after) == (RETRY_LATER, 120.0)
    state = next_state(FeedState(server.url("/busy")), busy, 1000.0, POLICY)
    assert state.next_fetch_at == 1120.0 and not state.due(1119.0) and state.due(1120.0)
    when = email.utils.parsedate_to_datetime("Wed, 21 Oct 2037 07:28:00 GMT").timestamp()
    down = fetch(server.url("/down"), POLICY, now=when - 300)
    assert down.status == RETRY_LATER and down.retry_after == 300.0


def test_other_failures_back_off_exponentially(server):
    server.routes["/broken"] = (500, {}, b"oops")
    state = FeedState(server.url("/broken"))
    waits = []
    for _ in range(4):
        result = fetch(state.url, POLICY)
        assert result.status == ERROR and result.error.startswith("HTTP 500")
        state = next_state(state, result, 0.0, POLICY)
        waits.append(state.next_fetch_at)
    assert waits == [60.0, 120.0, 240.0, 480.0]
    assert backoff(20, POLICY) == POLICY.backoff_max


def test_only_http_and_https():
    for url in ("file:///etc/passwd", "/etc/passwd", "ftp://example.org/feed", "gopher://x/"):
        with pytest.raises(FetchRefused):
            check_url(url)
    assert fetch("file:///etc/passwd", POLICY).status == ERROR


def test_address_refusal_rules():
    for ip in ("10.0.0.1", "192.168.1.1", "172.16.5.4", "127.0.0.1", "169.254.169.254", "::1", "fe80::1",
               "::ffff:127.0.0.1", "0.0.0.0", "224.0.0.1"):
        assert address_refusal(ip), ip
    for ip in ("8.8.8.8", "2001:4860:4860::8888", "93.184.216.34"):
        assert address_refusal(ip) is None, ip


def test_decode_body_caps_and_rejects():
    with pytest.raises(FetchRefused):
        decode_body(gzip_bomb(4 * 1024 * 1024), "gzip", 1024 * 1024)
    with pytest.raises(FetchRefused):
        decode_body(b"not gzip", "gzip", 1024)
    with pytest.raises(FetchRefused):
        decode_body(b"x", "br", 1024)
    assert decode_body(gzip.compress(b"abc"), "x-gzip", 10) == b"abc"


def test_parse_retry_after():
    assert parse_retry_after("30", 0.0) == 30.0
    assert parse_retry_after("garbage", 0.0) is None
    assert parse_retry_after(None, 0.0) is None
    assert parse_retry_after("Thu, 01 Jan 1970 00:01:00 GMT", 0.0) == 60.0
