"""A small reader of the repo's Dockerfile: instructions, build arguments, COPY sources."""
from __future__ import annotations

import os
import re
import shlex
from typing import Dict, List, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCKERFILE = os.path.join(ROOT, "Dockerfile")


def instructions(path: str = DOCKERFILE) -> List[Tuple[str, str]]:
    """(INSTRUCTION, arguments) in order; continuation lines joined, comments dropped."""
    out: List[Tuple[str, str]] = []
    pending = ""
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if not pending and (not line.strip() or line.lstrip().startswith("#")):
                continue
            if line.rstrip().endswith("\\"):
                pending += line.rstrip()[:-1] + " "
                continue
            line = pending + line
            pending = ""
            word, _, rest = line.strip().partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def substitute(text: str, args: Dict[str, str]) -> str:
    """Expand ``${NAME}`` and ``$NAME`` the way Docker does for build arguments."""
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: args[m.group(1) or m.group(2)], text)


def global_args(path: str = DOCKERFILE) -> Dict[str, str]:
    """Build arguments declared before the first FROM, with their defaults."""
    args: Dict[str, str] = {}
    for word, rest in instructions(path):
        if word == "FROM":
            break
        if word == "ARG":
            name, _, default = rest.partition("=")
            args[name.strip()] = default.strip().strip('"')
    return args


def base_image(path: str = DOCKERFILE) -> str:
    return substitute(next(rest for word, rest in instructions(path) if word == "FROM").split()[0],
                      global_args(path))


def copy_sources(path: str = DOCKERFILE) -> List[str]:
    """Paths in the build context that the COPY instructions read."""
    sources: List[str] = []
    for word, rest in instructions(path):
        if word in ("COPY", "ADD"):
            parts = [p for p in shlex.split(rest) if not p.startswith("--")]
            sources.extend(parts[:-1])
    return sources
