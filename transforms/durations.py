"""Durations written 30s, 15m, 1h, 1d on the command line (and 0.5s for a poll interval)."""
from __future__ import annotations

import re

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_FRACTIONAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")


def parse_duration(text: str) -> int:
    """Seconds in a duration such as ``1d``; ValueError with the accepted forms otherwise."""
    m = _DURATION.match(str(text))
    if not m or int(m.group(1)) == 0:
        raise ValueError(f"not a duration: {text!r}; write a positive number and s, m, h or d (30s, 15m, 1h, 1d)")
    return int(m.group(1)) * _UNITS[m.group(2)]


def parse_interval(text: str) -> float:
    """Seconds in an interval, which may be a fraction (``0.5s``, ``1.5m``); ValueError otherwise."""
    m = _FRACTIONAL.match(str(text))
    if not m or float(m.group(1)) == 0:
        raise ValueError(f"not an interval: {text!r}; write a positive number and s, m, h or d (0.5s, 30s, 5m)")
    return float(m.group(1)) * _UNITS[m.group(2)]
