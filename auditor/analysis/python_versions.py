"""End-of-life dates of Python versions (data), and the versions a base image or a
`requires-python` specifier names.

Source: https://devguide.python.org/versions/ (end of security support). Future dates are
the planned ends (five years after the release); update the table when a release ships.
"""

from __future__ import annotations

import datetime as dt
import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

END_OF_LIFE: dict[str, dt.date] = {
    "2.6": dt.date(2013, 10, 29),
    "2.7": dt.date(2020, 1, 1),
    "3.0": dt.date(2009, 6, 27),
    "3.1": dt.date(2012, 4, 9),
    "3.2": dt.date(2016, 2, 20),
    "3.3": dt.date(2017, 9, 29),
    "3.4": dt.date(2019, 3, 18),
    "3.5": dt.date(2020, 9, 30),
    "3.6": dt.date(2021, 12, 23),
    "3.7": dt.date(2023, 6, 27),
    "3.8": dt.date(2024, 10, 7),
    "3.9": dt.date(2025, 10, 31),
    "3.10": dt.date(2026, 10, 31),
    "3.11": dt.date(2027, 10, 31),
    "3.12": dt.date(2028, 10, 31),
    "3.13": dt.date(2029, 10, 31),
    "3.14": dt.date(2030, 10, 31),
    "3.15": dt.date(2031, 10, 31),
}
# The newest minor version the table knows: what `requires-python` upper bounds are read against.
KNOWN = sorted(END_OF_LIFE, key=lambda v: tuple(int(p) for p in v.split(".")))

# Official and common images whose tag starts with the Python version.
_PY_IMAGES = re.compile(
    r"(?:^|/)(?:python|pypy|cimg/python|circleci/python|devcontainers/python|lambda/python|"
    r"azure-functions/python|jupyter/[\w-]+)$"
)
_TAG_VERSION = re.compile(r"^(\d)\.(\d{1,2})(?![\d])")
_NAME_VERSION = re.compile(r"python-?(\d)\.?(\d{1,2})\b")


def end_of_life(version: str, today: dt.date | None = None) -> dt.date | None:
    """The EOL date of `3.8` if it has passed by `today`; None if supported or unknown."""
    date = END_OF_LIFE.get(version)
    if date is None:
        return None
    return date if date <= (today or dt.date.today()) else None


def image_python(name: str, tag: str) -> str | None:
    """`python`, `3.8-slim` -> `3.8`; `cimg/python`, `3.7.12` -> `3.7`; `ubuntu`, `22.04` -> None."""
    if _PY_IMAGES.search(name):
        m = _TAG_VERSION.match(tag)
        if m and f"{m.group(1)}.{m.group(2)}" in END_OF_LIFE:
            return f"{m.group(1)}.{m.group(2)}"
        return None
    m = _NAME_VERSION.search(tag)  # e.g. `bitnami/...:...-python3.8`
    if m and f"{m.group(1)}.{m.group(2)}" in END_OF_LIFE and name.rsplit("/", 1)[-1] != "python":
        return f"{m.group(1)}.{m.group(2)}"
    return None


def allowed_versions(specifier: str) -> list[str] | None:
    """The known minor versions a `requires-python` specifier admits (x.y.99 as the probe,
    so `>=3.8.1` admits 3.8); None if it cannot be parsed."""
    try:
        spec = SpecifierSet(specifier.strip())
    except InvalidSpecifier:
        return None
    return [v for v in KNOWN if spec.contains(Version(f"{v}.99"), prereleases=True) or spec.contains(Version(f"{v}.0"), prereleases=True)]
