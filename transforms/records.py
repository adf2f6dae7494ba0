"""Build and check the Avro records the pipeline writes: pure functions."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Optional

from fastavro.validation import validate

from schemas import parsed_schema
from transforms.extractor import EXTRACTOR_VERSION, Event

_MAX_SENTENCE_CHARS = 2000


def event_id(article_id: str, event: Event) -> str:
    """Deterministic id: the same article and tuple give the same id on any run."""
    parts = (article_id, event.event_type, event.modality, event.actor_code or "", event.target_code or "")
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def event_record(article: Dict[str, Any], event: Event) -> Dict[str, Any]:
    """The Avro ``Event`` record of one extracted event."""
    sentence = event.sentence
    if len(sentence) > _MAX_SENTENCE_CHARS:
        sentence = sentence[:_MAX_SENTENCE_CHARS] + "…"
    return {
        "event_id": event_id(article["id"], event),
        "article_id": article["id"],
        "source": article.get("source"),
        "url": article.get("url"),
        "published": to_utc(article["published"]),
        "event_type": event.event_type,
        "modality": event.modality,
        "actor_code": event.actor_code,
        "actor_text": event.actor_text,
        "target_code": event.target_code,
        "target_text": event.target_text,
        "projectile": event.projectile,
        "trigger": event.trigger,
        "trigger_start": event.trigger_start,
        "trigger_end": event.trigger_end,
        "sentence": sentence,
        "sentence_index": event.sentence_index,
        "event_date": event.event_date,
        "cameo_code": event.cameo_code,
        "plover": event.plover,
        "mentions": event.mentions,
        "time_note": article.get("time_note"),
        "extractor_version": EXTRACTOR_VERSION,
    }


def dead_letter_record(origin: str, stage: str, error: BaseException | str, raw: bytes | str,
                       article_id: Optional[str] = None) -> Dict[str, Any]:
    """A dead-letter record; ``raw`` is kept as the exact bytes that were read."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    if isinstance(error, BaseException):
        error_class, message = type(error).__name__, str(error)
    else:
        error_class, message = "Rejected", error
    return {"origin": origin, "article_id": article_id, "stage": stage,
            "error_class": error_class, "error_message": message[:2000], "raw": bytes(raw)}


def to_utc(value: datetime) -> datetime:
    """An aware UTC datetime; naive values are refused rather than guessed."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: every time in a record must be UTC-aware")
    return value.astimezone(timezone.utc)


class RecordInvalid(ValueError):
    """A record does not fit its Avro schema."""


def check_record(schema_name: str, record: Dict[str, Any]) -> Dict[str, Any]:
    """Validate ``record`` against the named schema (types, enum symbols, int
    ranges) and require every datetime in it to be timezone-aware UTC."""
    for name, value in record.items():
        if isinstance(value, datetime) and (value.tzinfo is None or value.utcoffset() != timedelta(0)):
            raise RecordInvalid(f"{schema_name} record invalid: {name} is not a UTC-aware datetime: {value!r}")
    schema = parsed_schema(schema_name)
    try:
        # The quiet pass is the common case; with raise_errors=True fastavro
        # formats an error for every union branch it rejects (None for a
        # nullable string, say), so that pass runs only to explain a failure.
        if not validate(record, schema, raise_errors=False):
            validate(record, schema, raise_errors=True)
    except Exception as exc:  # fastavro raises ValidationError or a type error
        raise RecordInvalid(f"{schema_name} record invalid: {exc}") from None
    return record
