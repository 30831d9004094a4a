"""Ways to show what cleaning did: --explain, --check findings, --diff, the rule list."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from cleaner.engine import Result
from cleaner.files import shown
from cleaner.rulebook import Rule, Rulebook

PREVIEW = 60


def _preview(text: str, width: int = PREVIEW) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def findings(result: Result, path: str) -> Iterator[str]:
    """One linter-style line per removed segment: `path:line: CODE rule-name: text…`."""
    for segment in result.removed:
        hit = segment.hits[0]
        yield f"{path}:{segment.line}: {hit.code} {hit.name}: {_preview(segment.text)}"


def explain(result: Result) -> Iterator[str]:
    """Every input line with its verdict; a line cut into segments shows one row per segment."""
    by_line: dict[int, list] = {}
    for segment in result.segments:
        by_line.setdefault(segment.line, []).append(segment)
    for number in range(1, len(result.document.lines) + 1):
        segments = by_line.get(number)
        if not segments:
            yield f"{number:>5}  blank"
            continue
        for n, segment in enumerate(segments):
            place = f"{number:>5}" if n == 0 else "    +"
            if segment.kept:
                yield f"{place}  keep  {segment.text}"
            else:
                codes = ",".join(dict.fromkeys(hit.code for hit in segment.hits))
                details = "; ".join(h.detail for h in segment.hits if h.detail)
                reason = f" ({details})" if details else ""
                yield f"{place}  drop  [{codes}{reason}] {segment.text}"


def diff(original: str, cleaned: str, path: str) -> str:
    return "".join(
        difflib.unified_diff(
            original.splitlines(keepends=True),
            cleaned.splitlines(keepends=True),
            fromfile=f"a/{path}",
            tofile=f"b/{path}",
        )
    )


def rule_list(book: Rulebook) -> Iterator[str]:
    """Every rule: code, name, where it comes from, and its one-line description. Generic
    rules first, by code; then each site's, in file order."""
    generic = sorted(book.generic, key=lambda r: r.code)
    for rule in generic:
        yield f"{rule.code:<7} {rule.name:<22} {rule.origin:<8} {rule.description}"
    for site in book.sites:
        yield ""
        yield f"site {site.name} ({shown(site.path)})"
        for rule in site.rules:
            yield f"  {rule.code}  {rule.description}"
        if site.ignore:
            yield f"  switches off: {', '.join(site.ignore)}"
        if not site.rules:
            yield "  (no rules of its own: recognised by its file, cleaned by the generic rules)"


def rule_page(rule: Rule) -> str:
    """The documentation of one rule, as `clean --show-rule CODE` prints it."""
    lines = [
        f"{rule.code} {rule.name}",
        "",
        rule.description,
        "",
        f"kind:   {rule.kind}",
        f"origin: {rule.origin} ({shown(rule.path)}:{rule.line})",
    ]
    if rule.doc:
        lines += ["", rule.doc]
    if rule.options:
        lines += ["", "options: " + ", ".join(f"{key}={value}" for key, value in rule.options)]
    for case in rule.cases:
        lines += ["", f"Example{': ' + case.name if case.name else ''}", ""]
        lines += [f"    {line}".rstrip() for line in case.input.splitlines()]
        if case.keep:
            lines += ["  keeps: " + " | ".join(case.keep)]
        if case.drop:
            lines += ["  drops: " + " | ".join(case.drop)]
    return "\n".join(lines) + "\n"
