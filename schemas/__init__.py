"""Avro schemas of the pipeline's outputs, loadable from an installed package.

The current schemas are ``schemas/<name>.avsc``; earlier versions that
consumers may still read with are kept as ``schemas/history/<name>.v<N>.avsc``
(see ``schemas/CHANGELOG.md``).
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Dict

import fastavro

EVENT, WINDOW_COUNT, DEAD_LETTER = "event", "window_count", "dead_letter"


@lru_cache(maxsize=None)
def load_schema(name: str) -> Dict[str, Any]:
    """The JSON schema ``name`` (event, window_count, dead_letter) as a dict."""
    text = resources.files(__name__).joinpath(f"{name}.avsc").read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=None)
def parsed_schema(name: str) -> Dict[str, Any]:
    """The schema parsed by fastavro, for writing and validation."""
    return fastavro.parse_schema(load_schema(name))


CURRENT_VERSION = {EVENT: 2, WINDOW_COUNT: 1, DEAD_LETTER: 1}


@lru_cache(maxsize=None)
def load_schema_version(name: str, version: int) -> Dict[str, Any]:
    """Version ``version`` of schema ``name``: the current file or one under history/."""
    if version == CURRENT_VERSION[name]:
        return load_schema(name)
    path = resources.files(__name__).joinpath("history", f"{name}.v{version}.avsc")
    return json.loads(path.read_text(encoding="utf-8"))
