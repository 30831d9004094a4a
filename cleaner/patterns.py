"""Regular expressions in rule files: RE2 syntax, matched in time linear in the text.

Rule files come from users, and a pattern that backtracks catastrophically would hang a
pipeline on one unlucky line. RE2 (google-re2) guarantees linear time: it has no lookaround
and no backreferences; a rule says what it needs with plain patterns plus `max_chars`.
Its `\\w`, `\\d`, `\\b` are ASCII; `\\p{L}`, `\\p{Lu}` and friends cover every script.

A set of patterns is matched in one pass (`PatternSet`), so that screening a segment against
every phrase-and-pattern rule costs about as much as one regex.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import re2

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # errors are reported to the user, not logged to stderr
# A set's DFA cache grows until it fills its budget, in every worker process, and is reset
# when full. 16 MB instead of 64: the same output over 50 MB of bench/data's pages, speed
# within the machine's noise (8 MB was a third slower). A PatternSet is two RE2 sets, each
# with this budget.
_SET_OPTIONS = re2.Options()
_SET_OPTIONS.log_errors = False
_SET_OPTIONS.max_mem = 16 << 20


class PatternError(ValueError):
    pass


def _message(error: Exception) -> str:
    text = error.args[0] if error.args else str(error)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if "(?=" in text or "(?!" in text or "(?<" in text:
        text += " (RE2 has no lookaround: use max_chars or plain alternatives)"
    return text


def compile_pattern(source: str):
    """A compiled RE2 pattern, or PatternError saying what is wrong with it."""
    try:
        return re2.compile(source, options=_OPTIONS)
    except re2.error as error:
        raise PatternError(_message(error)) from None


def alternation(sources: Sequence[str]) -> str:
    """One pattern source that matches where any of `sources` does; each keeps its own flags."""
    return "|".join(f"(?:{source})" for source in sources)


# A pattern that may start matching anywhere: `.*` first, perhaps after inline flags ("(?i)").
_LEADING_ANY = re.compile(r"(?:\(\?[a-zA-Z]+\))*\.\*")


class PatternSet:
    """Patterns that must match a whole text, matched together in one pass.

    Those that start with `.*` and those anchored at the start are matched as two sets: in
    one set, the DFA states of the two kinds multiply (two sets take a third less time).
    Not picklable (RE2 sets aren't): build it where it is used."""

    def __init__(self, sources: Sequence[str]):
        self.size = len(sources)
        groups: tuple[list[int], list[int]] = ([], [])
        for index, source in enumerate(sources):
            groups[bool(_LEADING_ANY.match(source))].append(index)
        # (match function, index in `sources` of each of the set's patterns)
        self._sets = [
            (_compiled_set([sources[i] for i in group], re2.Set.FullMatchSet), group)
            for group in groups
            if group
        ]

    def matches(self, text: str) -> list[int]:
        """Indices of the patterns that match all of `text`, in ascending order."""
        encoded = text.encode()
        found = [group[i] for match, group in self._sets for i in match(encoded)]
        return sorted(found)


class SearchSet:
    """Patterns searched for anywhere in a text, together in one pass: which of them occur."""

    def __init__(self, sources: Sequence[str]):
        self._match = _compiled_set(list(sources), re2.Set.SearchSet) if sources else None

    def matches(self, text: str) -> list[int]:
        """Indices of the patterns found in `text`, in ascending order."""
        return sorted(self._match(text.encode())) if self._match else []


def _compiled_set(sources: list[str], kind):
    """The Match function of an RE2 set (`kind`: re2.Set.FullMatchSet or SearchSet) of
    `sources`: bytes → indices of the sources that match.

    The underlying set's where the wrapper exposes it: the wrapper's checks cost about 1 µs a
    call, as much as matching."""
    patterns = kind(_SET_OPTIONS)
    for source in sources:
        try:
            patterns.Add(source)
        except re2.error as error:
            raise PatternError(_message(error)) from None
    patterns.Compile()
    native = getattr(patterns, "_set", None)
    if native is not None:
        return native.Match
    return lambda encoded: patterns.Match(encoded) or []
