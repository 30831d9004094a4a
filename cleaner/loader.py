"""Reading rule files: YAML → validated `RuleFile`, with errors as `file:line: key: what`.

The YAML is composed into nodes first so that every key keeps its line number; validation
errors from the schema are then mapped back onto those nodes. PyYAML and pydantic (the schema)
are imported with the first file read: rules loaded from the cache (cleaner.rulebook) need
neither.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import yaml

    from cleaner.schema import RuleFile


class RuleError(ValueError):
    """A rule file (or configuration) is malformed. The message names file, line and key."""


def where(path: Path | str, line: int | None = None, key: str | None = None) -> str:
    place = f"{path}:{line}" if line else f"{path}"
    return f"{place}: {key}" if key else place


class Located:
    """A parsed YAML document that can tell the line of any key path."""

    def __init__(self, path: Path, root: yaml.Node):
        self.path = path
        self.root = root

    def error(self, loc: Sequence[str | int], message: str, missing: bool = False) -> RuleError:
        """An error at the key `loc` points to; `missing`: the last key is absent from the file."""
        line, key = self.locate(loc, missing)
        return RuleError(f"{where(self.path, line, key or None)}: {message}")

    def locate(self, loc: Sequence[str | int], missing: bool = False) -> tuple[int, str]:
        import yaml

        node, line, key = self.root, self.root.start_mark.line + 1, ""
        for i, part in enumerate(loc):
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                found = next((kv for kv in node.value if kv[0].value == part), None)
                if found is not None:
                    line, node = found[0].start_mark.line + 1, found[1]
                elif not (missing and i == len(loc) - 1):
                    continue  # a tag the schema added (e.g. the rule kind), not a YAML key
                key = f"{key}.{part}" if key else part
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part < len(node.value):
                    node = node.value[part]
                    line = node.start_mark.line + 1
                key = f"{key}[{part}]"
        return line, key


def rule_paths(directory: Path) -> list[Path]:
    """Every *.yaml / *.yml file under `directory`, in a stable order, following symbolic links
    to folders; a folder reached twice (a link back up, two links to one folder) is read once."""
    seen: set[tuple[int, int]] = set()
    paths = []
    for folder, subfolders, names in os.walk(directory, followlinks=True):
        status = os.stat(folder)
        if (status.st_dev, status.st_ino) in seen:
            subfolders[:] = []
            continue
        seen.add((status.st_dev, status.st_ino))
        paths.extend(Path(folder, n) for n in names if n.endswith((".yaml", ".yml")))
    return sorted(paths)


def read_rule_file(path: Path) -> tuple[RuleFile, Located]:
    """Parse and validate one rule file, or raise RuleError naming file, line and key."""
    import yaml
    from pydantic import ValidationError

    from cleaner.schema import RuleFile

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleError(f"{path}: cannot read rule file: {error}") from None
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as error:  # a character YAML doesn't allow (a control one)
        line = text.count("\n", 0, error.position) + 1
        problem = str(error).splitlines()[0]
        raise RuleError(f"{where(path, line)}: invalid YAML: {problem}") from None
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise RuleError(f"{where(path, line)}: invalid YAML: {error.problem}") from None
    finally:
        loader.dispose()
    if root is None or not isinstance(data, dict):
        line = root.start_mark.line + 1 if root is not None else None
        raise RuleError(f"{where(path, line)}: a rule file must be a mapping (site:, rules:, …)")
    located = Located(path, root)
    try:
        return RuleFile.model_validate(data), located
    except ValidationError as error:
        first = error.errors()[0]
        loc = list(first["loc"])
        if first["type"] == "union_tag_invalid":
            loc.append(first["ctx"]["discriminator"].strip("'"))
        raise located.error(loc, _message(first), missing=first["type"] == "missing") from None


def _message(error: dict) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown key"
    if error["type"] == "missing":
        return "required key is missing"
    if error["type"] == "union_tag_invalid":
        return f"must be one of {error['ctx']['expected_tags']}, not {error['ctx']['tag']!r}"
    message = error["msg"]
    return message.removeprefix("Value error, ")
