"""The rule file format, declared once: what a YAML file in `rules/` may contain.

Validation (unknown keys, wrong types, bad regexes) happens here; `cleaner.loader` turns each
error into `file:line: key: what is wrong`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from cleaner.patterns import PatternError, compile_pattern

CODE = r"^[A-Z]{2,4}\d{3}$"
NAME = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _compiles(pattern: str) -> str:
    try:
        compile_pattern(pattern)
    except PatternError as error:
        shown = pattern if len(pattern) <= 60 else pattern[:59] + "…"
        raise ValueError(f"invalid regular expression {shown!r}: {error}") from None
    return pattern


Pattern = Annotated[str, AfterValidator(_compiles)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Case(Strict):
    """A regression case: the input text, what must survive and what must go."""

    name: str = ""
    input: str
    keep: list[str] = []
    drop: list[str] = []
    url: str | None = None


class _Rule(Strict):
    name: str = Field(pattern=NAME)
    code: str | None = Field(default=None, pattern=CODE)
    description: str = Field(min_length=1)
    doc: str = ""
    # Runs only in this mode of the cleaner (see engine.MODES); no mode: runs in every mode.
    mode: Literal["rules", "scored"] | None = None
    cases: list[Case] = []


class _Matching(_Rule):
    """Rules that recognise segments: by exact phrase (case, quotes and spacing ignored) or by
    regular expressions (RE2's syntax, cleaner.patterns) that must match the whole segment, on
    segments of at most `max_chars` characters."""

    phrases: list[str] = []
    patterns: list[Pattern] = []
    max_chars: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _has_something_to_match(self):
        if not self.phrases and not self.patterns:
            raise ValueError("needs 'phrases' or 'patterns'")
        return self


class DropRule(_Matching):
    kind: Literal["drop"]
    in_body: bool = False


class BlockRule(_Matching):
    """A marker segment ("DON'T MISS") and the teaser headlines that follow it."""

    kind: Literal["block"]
    follow: int = Field(default=3, ge=0, le=50)


class CutRule(_Matching):
    """A marker where the page's header ends (cut-before) or its footer starts (cut-after)."""

    kind: Literal["cut-before", "cut-after"]
    min_share: float = Field(default=0.2, ge=0, le=1)


class StripRule(_Rule):
    """Spans cut out of a line wherever the patterns match (glued prefixes, suffixes, blocks).
    A pattern with a capturing group cuts only what the group matched."""

    kind: Literal["strip"]
    patterns: list[Pattern] = Field(min_length=1)
    first_lines: int | None = Field(default=None, ge=1)


class BuiltinRule(_Rule):
    """Logic written in Python (cleaner/heuristics); the file holds its thresholds."""

    kind: Literal["builtin"]
    params: dict[str, Any] = {}


def _selector(selector: str) -> str:
    from selectolax.lexbor import LexborHTMLParser, SelectolaxError

    try:
        LexborHTMLParser("<p></p>").css(selector)
    except (SelectolaxError, ValueError) as error:
        raise ValueError(f"invalid CSS selector {selector!r}: {error}") from None
    return selector


Selector = Annotated[str, AfterValidator(_selector)]


class ElementRule(_Rule):
    """HTML input only: elements removed whole before blocks are made, named by tag, ARIA
    role, class/id token ("site-nav" has the tokens site and nav), CSS selector, or as hidden
    from readers (hidden, aria-hidden, display:none)."""

    kind: Literal["element"]
    tags: list[str] = []
    roles: list[str] = []
    tokens: list[str] = []
    selectors: list[Selector] = []
    hidden: bool = False
    # Spared when it holds the article's text (see cleaner/html/prune.py); false: always goes.
    guarded: bool = True

    @model_validator(mode="after")
    def _names_elements(self):
        if not (self.tags or self.roles or self.tokens or self.selectors or self.hidden):
            raise ValueError("needs 'tags', 'roles', 'tokens', 'selectors' or 'hidden'")
        return self


class ParagraphRule(_Rule):
    """HTML input only: logic over the page's blocks written in Python (cleaner/html/classify),
    named by `name`; the file holds its thresholds."""

    kind: Literal["paragraph"]
    params: dict[str, Any] = {}


Rule = Annotated[
    DropRule | BlockRule | CutRule | StripRule | BuiltinRule | ElementRule | ParagraphRule,
    Field(discriminator="kind"),
]


class HtmlSection(Strict):
    """HTML input: elements to drop (CSS selectors), where the article is (a site file's),
    and text rules (codes or prefixes) that don't run on HTML input."""

    drop: list[Selector] = []
    main: Selector | None = None
    ignore: list[str] = []


class Match(Strict):
    """How a page is recognised as coming from a site."""

    domains: list[str] = []
    fingerprints: list[Pattern] = []
    min_fingerprints: int = Field(default=1, ge=1)


class RuleFile(Strict):
    """One YAML file: the generic rules of one family, or every rule of one site."""

    site: str | None = Field(default=None, pattern=r"^[a-z0-9.-]+$")
    description: str = ""
    match: Match | None = None
    ignore: list[str] = []
    html: HtmlSection | None = None
    rules: list[Rule] = []
    tests: list[Case] = []
