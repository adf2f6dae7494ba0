"""What the extractor produces: ``Event``, its types, modalities and interoperability codes."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional, Tuple

EXTRACTOR_VERSION = "1.0.0"

CONDEMNATION, LAUNCH = "CONDEMNATION", "LAUNCH"
ASSERTED = "ASSERTED"

# Interoperability codes: CAMEO 111 (criticize or denounce), 195 (employ
# aerial weapons), 194 (fight with artillery); PLOVER ACCUSE / ASSAULT.
CAMEO = {CONDEMNATION: "111", LAUNCH: "195"}
CAMEO_SHELLING = "194"
PLOVER = {CONDEMNATION: "ACCUSE", LAUNCH: "ASSAULT"}


@dataclass(frozen=True)
class Event:
    """One extracted event, with offsets into the article's original text."""

    event_type: str
    modality: str
    actor_code: Optional[str]
    actor_text: Optional[str]
    target_code: Optional[str]
    target_text: Optional[str]
    projectile: Optional[str]
    trigger: str
    trigger_start: int
    trigger_end: int
    sentence: str
    sentence_index: int
    event_date: Optional[date] = None
    mentions: int = 1

    @property
    def tuple(self) -> Tuple[str, Optional[str], Optional[str]]:
        return (self.event_type, self.actor_code, self.target_code)

    @property
    def cameo_code(self) -> str:
        if self.event_type == LAUNCH and self.projectile == "SHELL":
            return CAMEO_SHELLING
        return CAMEO[self.event_type]

    @property
    def plover(self) -> str:
        return PLOVER[self.event_type]
