"""Turn dead letters back into pipeline input, to rerun them after a fix.

    python -m pipeline.replay 'out/dead_letters-*.avro' --output replay.jsonl
    python -m pipeline.run --input replay.jsonl --output out-replay

Every dead letter keeps the input bytes exactly as read (``raw``). A JSON
Lines record is written back as the same bytes on one line, so the rerun sees
what the first run saw (with the fix applied: a raised ``max_article_bytes``,
a repaired parser, a new extractor). A whole ``.txt`` article is wrapped into
a JSON line (``id`` from the file name, ``text``). The unreadable end of a
truncated file (``InputTruncated``: only a fragment of a record could be read)
is not replayable and, like any record without bytes, is left out and listed
on stderr.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import sys
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import fastavro

from transforms.articles import ArticleError, decode_bytes

REPLAYABLE_STAGES = ("read", "parse", "extract", "validate", "write")


def read_dead_letters(patterns: Sequence[str]) -> Iterator[Dict[str, Any]]:
    """Every record of the dead-letter files matching ``patterns``, in path order."""
    paths = sorted({p for pattern in patterns for p in glob.glob(pattern)})
    for path in paths:
        with open(path, "rb") as fh:
            yield from fastavro.reader(fh)


def replay_line(record: Dict[str, Any]) -> Tuple[Optional[bytes], Optional[str]]:
    """One dead letter → (a JSON Lines record as bytes, None) or (None, why not)."""
    if record.get("stage") not in REPLAYABLE_STAGES:
        return None, f"stage {record.get('stage')!r} is not replayable"
    if record.get("error_class") == "InputTruncated":
        return None, "the unreadable end of a file: only a fragment of a record was kept"
    raw = bytes(record.get("raw") or b"")
    if not raw.strip():
        return None, "no input bytes kept"
    origin = record.get("origin") or ""
    if origin.lower().endswith(".txt"):
        try:
            text = decode_bytes(raw)
        except ArticleError as exc:
            return None, f"text file cannot be wrapped as JSON: {exc}"
        name = os.path.basename(origin)
        line = json.dumps({"id": record.get("article_id") or name[:-4], "text": text}, ensure_ascii=False)
        return line.encode("utf-8", "surrogatepass"), None
    if b"\n" in raw:
        return None, "record holds a line break and is not one JSON line"
    return raw, None


def replay(records: Iterable[Dict[str, Any]], out) -> Tuple[int, List[Tuple[str, str]]]:
    """Write the replayable records to the binary stream ``out``; return the
    number written and (origin, reason) for each record left out."""
    written, left_out = 0, []
    for record in records:
        line, reason = replay_line(record)
        if line is None:
            left_out.append((record.get("origin") or "?", reason))
            continue
        out.write(line + b"\n")
        written += 1
    return written, left_out


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.replay", description=__doc__.split("\n\n")[0])
    parser.add_argument("dead_letters", nargs="+", help="dead_letters-*.avro files or globs")
    parser.add_argument("--output", required=True, help="JSON Lines file to write, for pipeline.run --input")
    args = parser.parse_args(argv)
    with open(args.output, "wb") as out:
        written, left_out = replay(read_dead_letters(args.dead_letters), out)
    for origin, reason in left_out:
        print(f"left out {origin}: {reason}", file=sys.stderr)
    print(f"replay: {written} records written to {args.output}, {len(left_out)} left out", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
