"""Settings from `[tool.cleaner]` in pyproject.toml, found by walking up from a directory.

[tool.cleaner]
rules = ["my_rules"]        # extra rule directories, relative to pyproject.toml
select = ["NAV", "TSR001"]  # run only these codes / code prefixes
ignore = ["CTX001"]         # never run these
mode = "scored"             # add the learned line scorer (default: "rules")
max_removed = 0.9           # the guard against rule files wiping a page (1: off)
passes = 3                  # clean the cleaned text again until nothing changes (default: 1)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from cleaner.loader import RuleError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


MAX_PASSES = 10  # more passes than any page needs to settle: a typo, not a choice


@cache
def _table() -> type:
    """The schema of the [tool.cleaner] table, made when a pyproject.toml has one: pydantic
    is imported only then."""
    from pydantic import BaseModel, ConfigDict, Field

    class Table(BaseModel):
        model_config = ConfigDict(extra="forbid")
        rules: list[str] = []
        select: list[str] = []
        ignore: list[str] = []
        mode: Literal["rules", "scored"] | None = None
        max_removed: float = Field(0.8, gt=0, le=1)
        passes: int = Field(1, ge=1, le=MAX_PASSES)

    return Table


@dataclass(frozen=True)
class Settings:
    rules_dirs: tuple[Path, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    mode: str | None = None
    max_removed: float = 0.8
    passes: int = 1
    source: Path | None = None


def find_pyproject(start: Path) -> Path | None:
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_settings(start: Path | None = None) -> Settings:
    """The [tool.cleaner] table of the nearest pyproject.toml, or defaults if there is none."""
    path = find_pyproject((start or Path.cwd()).resolve())
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise RuleError(f"{path}: cannot read: {error}") from None
    table = data.get("tool", {}).get("cleaner")
    if table is None:
        return Settings()
    from pydantic import ValidationError

    try:
        parsed = _table().model_validate(table)
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        message = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        raise RuleError(f"{path}: [tool.cleaner] {key}: {message}") from None
    return Settings(
        rules_dirs=tuple(path.parent / d for d in parsed.rules),
        select=tuple(parsed.select),
        ignore=tuple(parsed.ignore),
        mode=parsed.mode,
        max_removed=parsed.max_removed,
        passes=parsed.passes,
        source=path,
    )
