"""Regular expressions in rule files: RE2's syntax and meaning, matched in time linear in the text.

Rule files come from users, and a pattern that backtracks catastrophically would hang a
pipeline on one unlucky line. The core matches them with Rust's regex crate, which, like RE2,
guarantees linear time: it has no lookaround and no backreferences; a rule says what it needs
with plain patterns plus `max_chars`. As in RE2, `\\w`, `\\d`, `\\s` and `\\b` are ASCII (the
core rewrites them so: see core/src/patterns.rs); `\\p{L}`, `\\p{Lu}` and friends cover every
script. Case-insensitive matching (`(?i)`) folds case by Unicode's simple case folding.

A set of patterns is matched in one pass (`SearchSet`; the phrase-and-pattern rules in the
core's screen, matchers.Screen), so that screening a segment against every rule costs about
as much as one regex.
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaner import _core


class PatternError(ValueError):
    pass


def _message(error: Exception) -> str:
    text = str(error)
    if "look-around" in text or "backreference" in text:
        text += " (rule patterns run in linear time: no lookaround or backreferences; use "
        text += "max_chars or plain alternatives)"
    return text


def compile_pattern(source: str) -> _core.Pattern:
    """A compiled pattern (fullmatch, search, spans), or PatternError saying what is wrong."""
    try:
        return _core.Pattern(source)
    except ValueError as error:
        raise PatternError(_message(error)) from None


def alternation(sources: Sequence[str]) -> str:
    """One pattern source that matches where any of `sources` does; each keeps its own flags."""
    return "|".join(f"(?:{source})" for source in sources)


class SearchSet:
    """Patterns searched for anywhere in a text, together in one pass: which of them occur."""

    def __init__(self, sources: Sequence[str]):
        try:
            self._set = _core.SearchSet(list(sources))
        except ValueError as error:
            raise PatternError(_message(error)) from None

    def matches(self, text: str) -> list[int]:
        """Indices of the patterns found in `text`, in ascending order."""
        return self._set.matches(text)
