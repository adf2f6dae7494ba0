"""The polled feeds' state on disk, so that a streaming run started again resumes.

``PollFeeds`` keeps each feed's ``FeedState`` (validators for conditional GET,
the URL after a permanent redirect, 410 and back-off) and the ids of the
entries it has emitted in Beam state. Beam state lives as long as the job; this
store keeps a copy as one small JSON file per feed under
``OUTPUT/.state/feeds/``, written to a temporary name and renamed into place,
so a copy is always whole. A run that finds a copy for a feed starts from it
instead of from nothing.

A feed's copy is written one tick late: at each tick, before polling, the
state left by the previous tick is saved, since by then everything that tick
emitted has been written. A run killed mid-tick therefore resumes from the
tick before, and emits that tick's new entries again; the events writer drops
the events it has already written (``transforms.write.WriteEventFilesFn``), so
nothing is lost and nothing is written twice.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Dict, Optional, Tuple

from apache_beam.io.filesystems import FileSystems

from transforms.fetch import FeedState
from transforms.write import read_whole, write_atomically

STATE_DIR = ".state"
FORMAT = 1

Seen = Dict[str, float]  # entry id → poll time it was last seen


def feeds_dir(output_dir: str) -> str:
    """Where the feeds' state of an output directory is kept."""
    return FileSystems.join(output_dir, STATE_DIR, "feeds")


def store_path(directory: str, url: str) -> str:
    """The file of one feed: named by a hash of the URL it was configured with."""
    return FileSystems.join(directory, hashlib.sha256(url.encode("utf-8")).hexdigest()[:24] + ".json")


def encode(url: str, state: FeedState, seen: Seen) -> bytes:
    return json.dumps({"format": FORMAT, "feed": url, "state": dataclasses.asdict(state), "seen": seen},
                      ensure_ascii=False, sort_keys=True).encode("utf-8")


def decode(data: bytes) -> Tuple[FeedState, Seen]:
    """(state, seen ids) from a stored copy; ValueError if it is not one."""
    doc = json.loads(data.decode("utf-8"))
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError("not a feed state file of this version")
    fields = {f.name for f in dataclasses.fields(FeedState)}
    state = FeedState(**{k: v for k, v in doc["state"].items() if k in fields})
    return state, {str(k): float(v) for k, v in doc["seen"].items()}


def load(directory: str, url: str) -> Optional[Tuple[FeedState, Seen]]:
    """The stored copy of a feed's state; None when there is none, ValueError when it is unreadable."""
    path = store_path(directory, url)
    if not FileSystems.exists(path):
        return None
    try:
        return decode(read_whole(path))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"{path}: {type(exc).__name__}: {exc}") from None


def save(directory: str, url: str, state: FeedState, seen: Seen) -> None:
    """Replace the stored copy of a feed's state, atomically."""
    data = encode(url, state, seen)
    write_atomically(store_path(directory, url), lambda fh: fh.write(data))
