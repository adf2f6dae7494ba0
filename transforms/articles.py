"""Turn raw input records into articles: pure functions, no Beam.

An article is a plain dict: ``id``, ``text``, ``published`` (an aware UTC
datetime), ``source``, ``url``, ``title``, ``origin`` and ``time_note`` (why
``published`` is not the article's own date, when it is not). Anything that
cannot become an article raises ``ArticleError`` with the reason; the Beam
layer turns that into a dead letter.
"""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone, timedelta
from typing import Any, Dict, Optional, Tuple

Article = Dict[str, Any]

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
FUTURE_TOLERANCE = timedelta(days=1)


class ArticleError(ValueError):
    """Input that cannot become an article; the message says why."""


def decode_utf8(raw: bytes) -> str:
    """Strict UTF-8 with an optional BOM; NUL bytes are refused."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"not UTF-8 at byte {exc.start}: {exc.reason}") from None
    if "\x00" in text:
        raise ArticleError("NUL byte in input")
    return text


def parse_timestamp(value: Any) -> datetime:
    """Parse an ISO 8601 time to aware UTC; a naive time is taken as UTC."""
    if not isinstance(value, str) or not value.strip():
        raise ArticleError(f"published is not an ISO 8601 string: {value!r:.80}")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ArticleError(f"published is not ISO 8601: {value!r:.80}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def resolve_published(value: Any, fallback: datetime, now: Optional[datetime] = None) -> Tuple[datetime, Optional[str]]:
    """The article's time, or ``fallback`` with the reason the article's own was not used."""
    now = now or datetime.now(timezone.utc)
    if value is None:
        return fallback, "published missing; file or fetch time used"
    try:
        parsed = parse_timestamp(value)
    except ArticleError as exc:
        return fallback, f"{exc}; file or fetch time used"
    if isinstance(value, str) and _is_naive(value):
        return parsed, "published had no timezone; taken as UTC"
    if parsed < EPOCH:
        return fallback, "published before 1970; file or fetch time used"
    if parsed > now + FUTURE_TOLERANCE:
        return fallback, "published in the future; file or fetch time used"
    return parsed, None


def _is_naive(value: str) -> bool:
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).tzinfo is None
    except ValueError:
        return False


def _optional_str(record: Dict[str, Any], key: str) -> Optional[str]:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ArticleError(f"{key} is not a string: {type(value).__name__}")
    return value


def article_from_json_line(raw: bytes, origin: str, fallback_time: datetime) -> Article:
    """One JSON Lines record → article. Unknown fields (gold ``events``) are ignored."""
    text = decode_utf8(raw)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleError(f"malformed JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        raise ArticleError("malformed JSON: nested too deeply") from None
    if not isinstance(record, dict):
        raise ArticleError(f"JSON value is a {type(record).__name__}, not an object")
    article_id = record.get("id")
    if isinstance(article_id, bool) or not isinstance(article_id, (str, int)):
        raise ArticleError(f"id is missing or not a string: {article_id!r:.80}")
    article_id = str(article_id).strip()
    if not article_id:
        raise ArticleError("id is empty")
    body = record.get("text")
    if not isinstance(body, str):
        raise ArticleError(f"text is missing or not a string: {type(body).__name__}")
    published, note = resolve_published(record.get("published"), fallback_time)
    return make_article(article_id, body, published, origin,
                        source=_optional_str(record, "source"), url=_optional_str(record, "url"),
                        title=_optional_str(record, "title"), time_note=note)


def article_from_text_file(raw: bytes, path: str, published: datetime, time_note: Optional[str]) -> Article:
    """A whole .txt file is one article; its id is the file name without extension."""
    text = decode_utf8(raw)
    name = os.path.basename(path)
    article_id = name[:-4] if name.endswith(".txt") else name
    return make_article(article_id, text, published, path, time_note=time_note)


def make_article(article_id: str, text: str, published: datetime, origin: str, *,
                 source: Optional[str] = None, url: Optional[str] = None,
                 title: Optional[str] = None, time_note: Optional[str] = None) -> Article:
    if _has_lone_surrogate(text):
        raise ArticleError("text holds lone surrogate code points")
    return {"id": article_id, "text": text, "published": published, "source": source,
            "url": url, "title": title, "origin": origin, "time_note": time_note}


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
