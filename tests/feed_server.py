"""A real HTTP server on 127.0.0.1 for feed tests: routes answer with fixed
responses, sequences that change between requests, or misbehaviour."""
from __future__ import annotations

import email.utils
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Dict, List, Optional, Tuple, Union

Response = Tuple[int, Dict[str, str], bytes]
Route = Union[Response, List[Response], Callable[["Handler"], Optional[Response]]]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        server = self.server
        path = self.path
        with server.lock:
            server.hits[path] = server.hits.get(path, 0) + 1
            server.requests.append((path, dict(self.headers)))
            count = server.hits[path]
        route = server.routes.get(path)
        if route is None:
            response = (404, {}, b"not found")
        elif callable(route):
            response = route(self)
        elif isinstance(route, list):
            response = route[min(count, len(route)) - 1]
        else:
            response = route
        if response is None:
            return
        status, headers, body = response
        try:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            if "Content-Length" not in headers and status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


class FeedServer:
    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.httpd.routes = {}
        self.httpd.hits = {}
        self.httpd.requests = []
        self.httpd.lock = threading.Lock()
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def routes(self) -> Dict[str, Route]:
        return self.httpd.routes

    @property
    def hits(self) -> Dict[str, int]:
        return self.httpd.hits

    @property
    def requests(self):
        return self.httpd.requests

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def __enter__(self) -> "FeedServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def stall(seconds: float, headers_first: bool = False):
    """A route that sleeps before answering (or after the headers, mid-body)."""
    def route(handler: Handler):
        if headers_first:
            handler.send_response(200)
            handler.send_header("Content-Type", "application/rss+xml")
            handler.send_header("Content-Length", "100000")
            handler.end_headers()
            handler.wfile.write(b"<?xml version='1.0'?><rss>")
            handler.wfile.flush()
        time.sleep(seconds)
        return None if headers_first else (200, {}, b"<rss/>")
    return route


def drip(total_seconds: float, every: float = 0.1):
    """A route that sends one byte every ``every`` seconds: each read is quick, the whole is not."""
    def route(handler: Handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.end_headers()
        end = time.monotonic() + total_seconds
        try:
            while time.monotonic() < end:
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(every)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return None
    return route


# ---------------------------------------------------------------- feed bodies

import os as _os

FIXTURES = _os.path.join(_os.path.dirname(__file__), "fixtures", "feeds")
RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}
ATOM_TYPE = {"Content-Type": "application/atom+xml; charset=utf-8"}


def fixture(name: str) -> bytes:
    with open(_os.path.join(FIXTURES, name), "rb") as fh:
        return fh.read()


def gzip_bomb(decoded_bytes: int = 64 * 1024 * 1024) -> bytes:
    """A small gzip body that inflates to ``decoded_bytes`` of zeros."""
    import zlib
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (1024 * 1024)
    parts = [comp.compress(block) for _ in range(decoded_bytes // len(block))]
    parts.append(comp.flush())
    return b"".join(parts)


def entity_bomb() -> bytes:
    """The 110 KB feed of the issue: one internal entity of 50,000 characters referenced 20,000 times."""
    value = "ا" * 25000  # 50,000 bytes in UTF-8
    refs = "&a;" * 20000
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE rss [<!ENTITY a "{value}">]>\n'
            f'<rss version="2.0"><channel><title>t</title><item><title>x</title>'
            f'<description>{refs}</description></item></channel></rss>').encode("utf-8")


def rss(items, title: str = "وكالة الاختبار") -> bytes:
    """An RSS 2.0 document of (guid, RFC 822 date, text) items."""
    body = "".join(
        f"<item><title>{guid}</title><link>https://feeds.example.org/{guid}</link><guid>{guid}</guid>"
        f"<pubDate>{date}</pubDate><description><![CDATA[<p>{text}</p>]]></description></item>"
        for guid, date, text in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://feeds.example.org/</link>{body}</channel></rss>").encode("utf-8")


class GrowingFeed:
    """A route whose RSS feed gains one launch entry every ``every`` seconds.

    Like a real feed it lists only the newest ``keep`` entries. ``first_served``
    records when each entry id was first sent to a client (``time.time()``), so
    a test can measure how long an entry took to reach the output.
    """

    def __init__(self, every: float, keep: int = 20, start: Optional[float] = None) -> None:
        self.every = every
        self.keep = keep
        self.start = time.time() if start is None else start
        self.first_served: Dict[str, float] = {}
        self.lock = threading.Lock()

    @staticmethod
    def entry_id(k: int) -> str:
        return f"launch-{k}"

    @staticmethod
    def text(k: int) -> str:
        return f"أطلقت كوريا الشمالية {k + 2} صواريخ باليستية باتجاه بحر اليابان."

    def count(self, now: float) -> int:
        """Entries published by ``now`` (the first at the start)."""
        return int((now - self.start) // self.every) + 1 if now >= self.start else 0

    def __call__(self, handler: Handler) -> Response:
        now = time.time()
        n = self.count(now)
        ks = range(max(0, n - self.keep), n)
        items = [(self.entry_id(k), email.utils.formatdate(self.start + k * self.every, usegmt=True), self.text(k))
                 for k in reversed(ks)]
        with self.lock:
            for k in ks:
                self.first_served.setdefault(self.entry_id(k), now)
        return 200, RSS_TYPE, rss(items)
