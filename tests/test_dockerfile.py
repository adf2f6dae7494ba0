"""The worker image is the Beam SDK image of the pinned Beam version, built from files that exist."""
from __future__ import annotations

import os
import re
import sys
import tomllib

import apache_beam

from _dockerfile import ROOT, base_image, copy_sources, global_args, instructions


def _pyproject():
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as fh:
        return tomllib.load(fh)


def _beam_pin() -> str:
    pins = [d for d in _pyproject()["project"]["dependencies"] if re.match(r"apache-beam\b", d)]
    assert len(pins) == 1, pins
    m = re.fullmatch(r"apache-beam(?:\[[\w,-]+\])?==([\d.]+)", pins[0].replace(" ", ""))
    assert m, f"Beam must be pinned to one version: {pins[0]}"
    return m.group(1)


def test_beam_is_pinned_once_and_installed_at_that_version():
    assert apache_beam.__version__ == _beam_pin()


def test_base_image_is_the_sdk_image_of_the_pinned_beam_version():
    args = global_args()
    assert args["BEAM_VERSION"] == _beam_pin()
    python = args["PYTHON_VERSION"]
    assert base_image() == f"apache/beam_python{python}_sdk:{_beam_pin()}"
    # The SDK image's Python is the one the project supports and is tested with.
    minimum = _pyproject()["project"]["requires-python"].removeprefix(">=")
    assert tuple(map(int, python.split("."))) >= tuple(map(int, minimum.split(".")))
    assert python == f"{sys.version_info.major}.{sys.version_info.minor}"


def test_dockerfile_copies_every_file_the_package_build_needs():
    sources = copy_sources()
    for src in sources:
        assert os.path.exists(os.path.join(ROOT, src)), src
    project = _pyproject()
    assert project["project"]["readme"] in sources
    assert "pyproject.toml" in sources
    for package in project["tool"]["setuptools"]["packages"]:
        top = package.split(".")[0]
        assert top in sources, package


def test_image_keeps_the_sdk_entrypoint_and_installs_with_the_image_beam():
    words = [w for w, _ in instructions()]
    assert "ENTRYPOINT" not in words and "CMD" not in words  # /opt/apache/beam/boot stays
    run = " ".join(rest for w, rest in instructions() if w == "RUN")
    assert "pip install" in run and '"apache-beam==${BEAM_VERSION}"' in run
    with open(os.path.join(ROOT, ".dockerignore"), encoding="utf-8") as fh:
        ignored = fh.read().split()
    assert ".venv/" in ignored and ".git/" in ignored
