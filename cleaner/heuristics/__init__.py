"""Generic rules whose logic is code: one module per family, thresholds from `rules/`.

Each builtin is a function `(doc, **params) -> Iterator[(segment index, detail)]` and a stage:
rules of a lower stage run first, so later ones see their verdicts (a short line between two
removed lines is judged after those lines were removed). The core runs each (under the
builtin's name, core/src/rules.rs) when a plan is judged; the function is its entry point for
running it on a document on its own. `model`: what the core's rule needs besides its
thresholds, made once for a plan; `stop_words`: called with each document it judges, the stop
words of its language (both the line scorer's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cleaner.heuristics import context, duplicates, navigation, scoring


@dataclass(frozen=True)
class Builtin:
    function: Callable
    stage: int
    model: Callable[[], dict] | None = None
    stop_words: Callable | None = None


BUILTINS: dict[str, Builtin] = {
    "nav-link-run": Builtin(navigation.glued_menu, stage=1),
    "separator-menu": Builtin(navigation.separator_menu, stage=1),
    "duplicate-caption": Builtin(duplicates.caption_twice, stage=3),
    "duplicate-paragraph": Builtin(duplicates.repeated, stage=4),
    "short-line-run": Builtin(navigation.short_line_run, stage=5),
    "between-boilerplate": Builtin(context.between_boilerplate, stage=6),
    "trailing-boilerplate": Builtin(context.trailing_boilerplate, stage=7),
    "outside-main-text": Builtin(context.outside_main_text, stage=8),
    "scored-boilerplate": Builtin(
        scoring.scored_boilerplate,
        stage=8,
        model=scoring.model,
        stop_words=scoring.page_stop_words,
    ),
}
