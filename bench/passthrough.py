"""The pipeline's extraction step as a pass-through, for the benchmark only.

``PassThroughOutcomeFn`` gives every article the outcome "no events" without
running the extractor, so a run with it measures what the rest of the
pipeline (reading, parsing, grouping by id, counting, writing Avro) costs.
"""
from __future__ import annotations

from typing import Any, Dict, List

from transforms.extract import ExtractOutcomeFn


class NoExtractor:
    """An extractor that finds nothing."""

    def extract(self, text: str, published: Any = None) -> List[Dict[str, Any]]:
        return []


class PassThroughOutcomeFn(ExtractOutcomeFn):
    """Article → (id, outcome with no events)."""

    def setup(self):
        self.extractor = NoExtractor()
