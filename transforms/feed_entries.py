"""Feed bytes and response headers → articles: pure functions, no Beam, no network.

``parse_feed`` hands feedparser bytes it can parse safely:

* a document that declares entities (``<!ENTITY``) is refused whole
  (``FeedRefused``): one entity repeated a few thousand times expands to
  gigabytes inside feedparser;
* the DOCTYPE is stripped;
* windows-1256 bytes labelled as UTF-8 (by the HTTP header, the XML
  declaration or nothing) are re-decoded instead of turning into mojibake.

A malformed (bozo) feed still yields every entry that could be parsed; the
reason is kept in ``ParsedFeed.bozo_reason``. An entry becomes an article:
id from the entry's id/guid, else its link, else a hash of its content; text
from the content or summary with HTML turned into plain text; ``published``
from the entry's published or updated time, else the fetch time; ``source``
from the feeds file, else the feed's title. An entry that cannot become an
article is returned in ``rejected`` with the reason.
"""
from __future__ import annotations

import calendar
import hashlib
import re
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html.parser import HTMLParser
from typing import Dict, List, Mapping, Optional, Tuple

import feedparser

from transforms.articles import Article, ArticleError, make_article, resolve_published

_ENTITY_DECL = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(\[[^\]]*\])?\s*>", re.IGNORECASE)
_XML_DECL_ENCODING = re.compile(rb"(<\?xml[^>]*?encoding\s*=\s*[\"'])([A-Za-z0-9._-]+)([\"'])", re.IGNORECASE)
_ARABIC = re.compile("[\u0600-\u06ff]")
_HEADERS_PASSED = ("content-type", "content-language", "etag", "last-modified")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_UTF8_LABELS = ("utf-8", "utf8", "")


class FeedRefused(ValueError):
    """A feed document that is not parsed at all; the message says why."""


@dataclass
class ParsedFeed:
    """Articles of one fetched feed, the entries refused, and what was wrong with the feed."""

    title: Optional[str]
    articles: List[Article] = field(default_factory=list)
    rejected: List[Tuple[str, str, bytes]] = field(default_factory=list)  # (origin, reason, raw)
    bozo_reason: Optional[str] = None
    encoding_note: Optional[str] = None


# ---------------------------------------------------------------- bytes before feedparser

def refuse_entities(body: bytes) -> None:
    """Raise FeedRefused if the document declares entities, in UTF-8/ASCII or UTF-16."""
    if _ENTITY_DECL.search(body):
        raise FeedRefused("document declares entities (<!ENTITY); refused")
    if body[:2] in (b"\xff\xfe", b"\xfe\xff") or body[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        codec = "utf-16-be" if body[:2] == b"\xfe\xff" or body[:1] == b"\x00" else "utf-16-le"
        if re.search(r"<!\s*ENTITY", body.decode(codec, "replace"), re.IGNORECASE):
            raise FeedRefused("document declares entities (<!ENTITY); refused")


def strip_doctype(body: bytes) -> bytes:
    return _DOCTYPE.sub(b"", body, count=1)


def declared_charset(body: bytes, headers: Mapping[str, str]) -> Tuple[str, str]:
    """(HTTP charset, XML declaration encoding), lower case, '' when absent."""
    http_charset = ""
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._-]+)", headers.get("content-type", ""), re.IGNORECASE)
    if m:
        http_charset = m.group(1).lower()
    m = _XML_DECL_ENCODING.search(body[:200])
    return http_charset, (m.group(2).decode("ascii").lower() if m else "")


def repair_windows_1256(body: bytes, headers: Dict[str, str]) -> Tuple[bytes, Dict[str, str], Optional[str]]:
    """Windows-1256 bytes labelled (or defaulting to) UTF-8 → UTF-8 bytes and matching headers.

    Only bytes that are not valid UTF-8, decode as windows-1256 and hold Arabic
    letters are re-decoded; anything else is returned as it came.
    """
    http_charset, xml_encoding = declared_charset(body, headers)
    if http_charset not in _UTF8_LABELS or xml_encoding not in _UTF8_LABELS:
        return body, headers, None
    try:
        body.decode("utf-8")
        return body, headers, None
    except UnicodeDecodeError:
        pass
    try:
        text = body.decode("cp1256")
    except UnicodeDecodeError:
        return body, headers, None
    if len(_ARABIC.findall(text)) < 10:
        return body, headers, None
    fixed = text.encode("utf-8")
    fixed = _XML_DECL_ENCODING.sub(rb"\1utf-8\3", fixed, count=1)
    headers = dict(headers)
    headers["content-type"] = re.sub(r";\s*charset\s*=\s*[^;]+", "", headers.get("content-type", "application/xml")) \
        + "; charset=utf-8"
    label = http_charset or xml_encoding or "no charset"
    return fixed, headers, f"re-decoded as windows-1256 (labelled {label})"


# ---------------------------------------------------------------- HTML → text

_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
          "table", "section", "article", "header", "footer", "pre", "hr", "figure", "figcaption", "dd", "dt"}
_DROPPED = {"script", "style", "noscript", "template", "head", "iframe", "object", "svg"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: List[str] = []
        self.current: List[str] = []
        self.skip = 0

    def _break(self) -> None:
        text = _SPACES.sub(" ", " ".join("".join(self.current).split("\n"))).strip()
        if text:
            self.paragraphs.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in _DROPPED:
            self.skip += 1
        elif tag in _BLOCK:
            self._break()

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag):
        if tag in _DROPPED:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self._break()

    def handle_data(self, data):
        if not self.skip:
            self.current.append(data)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: paragraphs separated by a blank line,
    scripts and styles dropped, entities decoded, spaces collapsed."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    parser._break()
    return "\n\n".join(parser.paragraphs)


def plain_text(value: str) -> str:
    paragraphs = [_SPACES.sub(" ", p).strip() for p in re.split(r"\n\s*\n", value)]
    return "\n\n".join(" ".join(p.split("\n")).strip() for p in paragraphs if p.strip())


# ---------------------------------------------------------------- entries → articles

def _detail_text(detail) -> str:
    value = detail.get("value") or ""
    kind = (detail.get("type") or "text/html").lower()
    return html_to_text(value) if ("html" in kind or "xml" in kind) else plain_text(value)


def entry_text(entry) -> str:
    """The entry's content, else its summary, as plain text."""
    for content in entry.get("content") or []:
        text = _detail_text(content)
        if text:
            return text
    if entry.get("summary_detail"):
        return _detail_text(entry["summary_detail"])
    return plain_text(entry.get("summary") or "")


def entry_id(entry, text: str) -> str:
    """id/guid, else link, else a hash of the title and text."""
    for key in ("id", "link"):
        value = (entry.get(key) or "").strip()
        if value:
            return value
    digest = hashlib.sha256(((entry.get("title") or "") + "\x1f" + text).encode("utf-8")).hexdigest()
    return "sha256:" + digest[:32]


def entry_published(entry) -> Optional[str]:
    """The entry's published, else updated time as ISO 8601 UTC, or None."""
    for key in ("published_parsed", "updated_parsed"):
        with warnings.catch_warnings():  # feedparser warns when "updated" falls back to "published"
            warnings.simplefilter("ignore", DeprecationWarning)
            parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc).isoformat()
    return None


def parse_feed(body: bytes, headers: Mapping[str, str], feed_url: str, fetched_at: datetime,
               source: Optional[str] = None, now: Optional[datetime] = None) -> ParsedFeed:
    """A fetched feed document → its articles; FeedRefused for a document not parsed at all."""
    refuse_entities(body)
    headers = {k.lower(): v for k, v in headers.items() if k.lower() in _HEADERS_PASSED}
    body, headers, encoding_note = repair_windows_1256(strip_doctype(body), headers)
    parsed = feedparser.parse(body, response_headers=headers, resolve_relative_uris=False, sanitize_html=False)
    feed_title = (parsed.feed.get("title") or "").strip() or None
    result = ParsedFeed(title=feed_title, encoding_note=encoding_note)
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        result.bozo_reason = f"{type(exc).__name__}: {exc}"[:500] if exc is not None else "malformed feed"
    if not parsed.entries and result.bozo_reason and not parsed.feed:
        raise FeedRefused(f"not a feed: {result.bozo_reason}")
    for entry in parsed.entries:
        text = entry_text(entry)
        article_id = entry_id(entry, text)
        origin = f"{feed_url}#{article_id}"
        raw = repr({k: entry.get(k) for k in ("id", "link", "title", "published", "updated")}).encode("utf-8")
        if not text.strip():
            result.rejected.append((origin, "entry has no content or summary", raw))
            continue
        published, note = resolve_published(entry_published(entry), fetched_at, now=now)
        if note and note.startswith("published missing"):
            note = "published missing; fetch time used"
        try:
            result.articles.append(make_article(
                article_id, text, published, origin, source=source or feed_title,
                url=(entry.get("link") or None), title=(entry.get("title") or None), time_note=note))
        except ArticleError as exc:
            result.rejected.append((origin, str(exc), raw))
    return result
