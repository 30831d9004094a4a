"""The cleaner: pick the site, segment, run the rules stage by stage, render what is kept."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from cleaner import _core, language
from cleaner.document import Document, Hit, Segment
from cleaner.heuristics import BUILTINS
from cleaner.html.decode import decode_html
from cleaner.html.dom import load, visible_text
from cleaner.html.pipeline import HtmlRules
from cleaner.matchers import Block, Cut, Drop, Screen
from cleaner.passes import compose, place
from cleaner.patterns import PatternError, SearchSet
from cleaner.rulebook import Rule, Rulebook, Site, builtin_rules_dir, load_rulebook
from cleaner.segment import GLUE, carve_specs

_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def without_surrogates(text: str) -> str:
    """`text` as UTF-8 can hold it. A Python str may carry surrogates ("\\ud800" in JSON, a
    str built by hand), which no UTF-8 text can: a pair becomes the character it encodes (as
    a UTF-16 reader takes it), a lone one U+FFFD, the replacement character. Every entry
    point passes its text through here first."""
    if text.isascii() or not _core.has_surrogates(text):
        return text
    text = _SURROGATE_PAIR.sub(_joined_pair, text)
    return _SURROGATE.sub("\ufffd", text)


def _joined_pair(match: re.Match) -> str:
    return match.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le")


@dataclass(frozen=True)
class Result:
    """What cleaning one document did: every segment with its hits, and the cleaned text."""

    document: Document
    site: str | None
    # What Result.text gives back when cleaning was withheld: the input for text; for HTML,
    # whose markup can't be given back as text, the page cleaned by the built-in rules alone.
    original: str = ""
    # Why the document was left unchanged (see Cleaner.max_removed), or None.
    withheld: str | None = None
    # For a later pass over cleaned text: for each segment, the index of the earlier pass's
    # kept segment it is a piece of (cleaner.passes.place).
    sources: list[int] | None = field(default=None, repr=False, compare=False)

    @property
    def language(self) -> str | None:
        """jusText's name of the page's language, told from its stop words."""
        return self.document.language

    @property
    def segments(self) -> list[Segment]:
        return self.document.segments

    @property
    def kept(self) -> list[Segment]:
        return [s for s in self.segments if s.kept]

    @property
    def removed(self) -> list[Segment]:
        return [s for s in self.segments if not s.kept]

    @property
    def text(self) -> str:
        """Kept segments in order, one paragraph each, separated by one blank line; the
        original text, unchanged, when cleaning was withheld."""
        if self.withheld is not None:
            return self.original
        return self.document.text()


MODES = ("rules", "scored")
BUILTIN = object()  # Cleaner._plans key of the built-in rules' plan
FINGERPRINTS = object()  # …and of every site's fingerprints (see Fingerprints)


def _selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    chosen = not select or any(code.startswith(prefix) for prefix in select)
    return chosen and not any(code.startswith(prefix) for prefix in ignore)


@dataclass(frozen=True)
class Cleaner:
    """Built once (rule files read and compiled), then used for any number of documents.

    rules_dirs: extra directories of rule files, read after the built-in ones.
    select / ignore: rule codes or code prefixes ("TSR", "SITE:gvwire.com") to run or skip.
    mode: "rules" (default) runs the phrase and context rules: conservative; with `passes`,
    cleaning cleaned text changes nothing. "scored" adds the learned line scorer (SCR001) in
    place of the outside-main-text rule (CTX003): more boilerplate found on sites nobody
    wrote rules for, at some cost in speed, and a second pass may take more.
    passes: at most this many passes over a text: the cleaned text is cleaned again until
    nothing changes (cleaner.passes). With PASSES (3) in rules mode, cleaning cleaned text
    changes nothing on every benchmark dump, at some cost in F1 (README "Modes"); the scored
    mode's line scorer takes more of the article on each pass. Default 1.
    max_removed: a guard against bad rule files wiping a corpus. When the rules of the site
    and user rule files, all together, would remove more than this share of a document's
    words, the document is left unchanged (Result.withheld says why); an HTML page is then
    cleaned by the built-in rules alone. The built-in generic rules are measured by the
    benchmark and are not guarded: a page can really be 90% menu. None: off.
    """

    rules_dirs: tuple[Path, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    mode: str = "rules"
    passes: int = 1
    max_removed: float | None = 0.8
    rulebook: Rulebook = field(init=False, repr=False, compare=False)
    _plans: dict = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self):
        for name in ("rules_dirs", "select", "ignore"):  # accept one value or any iterable
            value = getattr(self, name)
            one = isinstance(value, (str, Path))
            object.__setattr__(self, name, (value,) if one else tuple(value))
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        if isinstance(self.passes, bool) or not isinstance(self.passes, int) or self.passes < 1:
            raise ValueError(f"passes must be a whole number of 1 or more, not {self.passes!r}")
        if self.max_removed is not None and not 0 < self.max_removed <= 1:
            raise ValueError(f"max_removed must be in (0, 1], not {self.max_removed!r}")
        dirs = (builtin_rules_dir(), *(Path(d) for d in self.rules_dirs))
        object.__setattr__(self, "rulebook", load_rulebook(dirs))

    def __getstate__(self):
        # Plans are built where they are used (each process its own): a copy starts without.
        return {**self.__dict__, "_plans": {}}

    def __setstate__(self, state):
        self.__dict__.update(state)

    def plan(self, site: Site | None, html: bool = False) -> Plan:
        """The rules for `site` (None: generic only), arranged once and then reused; `html`:
        for HTML input (without the text rules the rule files switch off for it)."""
        key = (site.name if site else None, html)
        if key not in self._plans:
            rules = self.rules_for(site)
            if html:
                off = (*self.rulebook.html_ignore, *(site.html_ignore if site else ()))
                rules = [r for r in rules if not any(r.code.startswith(p) for p in off)]
            self._plans[key] = Plan(rules, site.html_main if site else None, self._screen)
        return self._plans[key]

    def _screen(self, matchers: tuple) -> Screen:
        """The screen of these matchers, made once for all of this cleaner's plans (the
        built-in rules' are in every plan, and its sets' caches are then warmed once)."""
        key = ("screen", matchers)
        if key not in self._plans:
            self._plans[key] = Screen(matchers)
        return self._plans[key]

    def preload(self) -> None:
        """Build now the plans every document may need (generic rules, for text and HTML) and
        load the language data: done before forking workers, so that they share it. A site's
        plan is built where its first page is met: a rule book may have hundreds of sites."""
        for html in (False, True):
            self.plan(None, html)
        self._fingerprints()
        language.preload()

    def find_site(self, text: str, *, url: str | None = None, site: str | None = None):
        """The site whose rules apply: named, served at `url`, or recognised by fingerprints."""
        if site is not None:
            return self.rulebook.site(site)
        if url:
            return next((s for s in self.rulebook.sites if s.serves(url)), None)
        scores = [0] * len(self.rulebook.sites)
        for site in self._fingerprints().matches(text):
            scores[site] += 1
        best, best_score = None, 0
        for candidate, score in zip(self.rulebook.sites, scores, strict=True):
            if score >= candidate.min_fingerprints and score > best_score:
                best, best_score = candidate, score
        return best

    def _fingerprints(self) -> Fingerprints:
        if FINGERPRINTS not in self._plans:
            self._plans[FINGERPRINTS] = Fingerprints(self.rulebook.sites)
        return self._plans[FINGERPRINTS]

    def rules_for(self, site: Site | None) -> list[Rule]:
        ignore = (*self.ignore, *(site.ignore if site else ()))
        generic = [r for r in self.rulebook.generic if _selected(r.code, self.select, ignore)]
        own = [
            r for r in (site.rules if site else ()) if _selected(r.code, self.select, self.ignore)
        ]
        return [r for r in (*generic, *own) if r.mode in (None, self.mode)]

    def builtin_plan(self, html: bool = False) -> Plan:
        """The built-in generic rules in force (select / ignore / mode), no site or user file."""
        key = (BUILTIN, html)
        if key not in self._plans:
            builtin = [r for r in self.plan(None, html).rules if not Plan.is_guarded(r)]
            self._plans[key] = Plan(builtin, screen_of=self._screen)
        return self._plans[key]

    def analyse(self, text: str, *, url: str | None = None, site: str | None = None) -> Result:
        """Clean `text`, then clean the cleaned text again until nothing changes (at most
        `passes` passes, see cleaner.passes), so that cleaning cleaned text changes nothing.
        The result's segments, hits and line numbers are those of `text`."""
        text = without_surrogates(text)
        result = self._pass(text, url, site)
        for _ in range(self.passes - 1):
            if result.withheld is not None or not result.kept:
                break
            again = self._pass(result.text, url, site, result.kept)
            if again.withheld is not None or again.text == result.text:
                break
            segments = compose(result.segments, again.segments, again.sources)
            result = replace(result, document=result.document.with_segments(segments))
        return result

    def _pass(self, text: str, url, site, kept: list[Segment] | None = None) -> Result:
        """One pass over `text`; `kept`: the segments of the earlier pass whose text it is."""
        chosen = self.find_site(text, url=url, site=site)
        plan = self.plan(chosen)
        result = plan.run(text, chosen.name if chosen else None, kept)
        return self._guard(plan, result, lambda: text)

    def clean(self, text: str, *, url: str | None = None, site: str | None = None) -> str:
        return self.analyse(text, url=url, site=site).text

    def analyse_html(
        self, html: str | bytes, *, url: str | None = None, site: str | None = None
    ) -> Result:
        """Clean an HTML page (bytes are decoded by cleaner.html.decode_html). Each of the
        page's blocks is one line of the result's document: Segment.line is the block's
        position among the page's blocks, counting each element removed whole as one."""
        tree = load(without_surrogates(decode_html(html)))
        chosen = self.find_site(visible_text(tree), url=url, site=site)
        plan = self.plan(chosen, html=True)
        result = plan.run_html(tree, chosen.name if chosen else None)
        return self._guard(plan, result, lambda: self.builtin_plan(html=True).run_html(tree).text)

    def _guard(self, plan: Plan, result: Result, fallback) -> Result:
        """`result`, or the same marked withheld (its text then `fallback()`) when the guarded
        rule files of `plan` together would remove more than max_removed of its words."""
        if self.max_removed is None:
            return result
        reason = plan.overreach(result.document, self.max_removed)
        if reason is None:
            return result
        return replace(result, withheld=reason, original=fallback())

    def clean_html(
        self, html: str | bytes, *, url: str | None = None, site: str | None = None
    ) -> str:
        return self.analyse_html(html, url=url, site=site).text

    @staticmethod
    def run(text: str, rules: Iterable[Rule], site: str | None = None) -> Result:
        """Clean with exactly these rules (no site detection)."""
        return Plan(rules).run(without_surrogates(text), site)


class Fingerprints:
    """Every site's fingerprints, searched for together: one pass over a page however many
    sites the rule book has."""

    def __init__(self, sites: Sequence[Site]):
        sources, self.owner = [], []
        for n, site in enumerate(sites):
            for pattern in site.fingerprints:
                sources.append(pattern.pattern)
                self.owner.append(n)
        self.patterns = SearchSet(sources)

    def matches(self, text: str) -> list[int]:
        """For each fingerprint found in `text`, the index of its site."""
        return [self.owner[k] for k in self.patterns.matches(text)]


class Plan:
    """The rules in force for one site, compiled into the core's program (core/src/program.rs).

    Strip rules cut their spans out as the text is segmented. Every phrase-and-pattern rule
    (drop, block, cut) is then matched against each segment at once, by the core's screen: one
    phrase lookup and one pass of a pattern set; the context-free `drop` rules hit right away,
    the others see where their matcher matched. The remaining rules run stage by stage in the
    core, each seeing the verdicts of earlier stages; the scored mode's line scorer asks the
    front for the stop words of the page's language when it runs.
    """

    def __init__(self, rules: Iterable[Rule], html_main: str | None = None, screen_of=Screen):
        """`screen_of`: the Screen of a tuple of matchers (a cleaner's, to share one)."""
        self.rules = rules = list(rules)
        # Rule files whose removals are guarded (Cleaner.max_removed), by rule code.
        self.guarded = {r.code: r.path for r in rules if self.is_guarded(r)}
        bare = {r.code: Hit(r.code, r.name) for r in rules}  # shared by hits without detail
        self.html = HtmlRules(rules, html_main)
        carves = [r.carve for r in rules if r.carve is not None]
        screened = [r for r in rules if isinstance(r.find, Drop) and r.stage == 1]
        staged = sorted(
            (r for r in rules if r.find is not None and r not in screened),
            key=lambda r: r.stage,
        )
        self.staged = staged
        # The built-in rules' matchers first, in a screen of their own that every plan of a
        # cleaner shares (`screen_of`); then the site's and the user's.
        matching = [r for r in rules if isinstance(r.find, (Drop, Block, Cut))]
        builtin = [r for r in matching if not self.is_guarded(r)]
        others = [r for r in matching if self.is_guarded(r)]
        self.matching = builtin + others
        screens = [screen_of(tuple(r.find.match for r in group)) for group in (builtin, others)]
        try:
            self.program = _core.Program(
                carve_specs(carves),
                [screen._core for screen in screens],
                [bare[r.code] if r in screened else None for r in self.matching],
                [self._step(rule, bare[rule.code]) for rule in staged],
                GLUE,
            )
        except ValueError as error:
            raise PatternError(str(error)) from None

    def _step(self, rule: Rule, hit: Hit) -> tuple:
        """A staged rule as the core runs it: (hit, kind, params, matcher index, stop words:
        what tells those of a document's language to a rule that reads them)."""
        if isinstance(rule.find, (Drop, Block, Cut)):
            return hit, rule.find.kind, rule.find.params, self.matching.index(rule), None
        builtin = BUILTINS[rule.name]
        params = {**dict(rule.options), **(builtin.model() if builtin.model else {})}
        return hit, rule.name, params, None, builtin.stop_words

    @staticmethod
    def is_guarded(rule: Rule) -> bool:
        """Whether Cleaner.max_removed watches `rule`: every rule but the built-in generic ones."""
        return Path(rule.path).parent != builtin_rules_dir() / "generic"

    def run(self, text: str, site: str | None = None, kept: list[Segment] | None = None) -> Result:
        """Clean `text`; `kept`: the segments of an earlier pass whose joined text `text` is,
        where the new segments are placed (cleaner.passes.place) before they are judged."""
        doc = Document(self.program.read(text))
        sources = place(doc, kept) if kept is not None else None
        return Result(self.judge(doc), site, text, sources=sources)

    def run_html(self, tree, site: str | None = None) -> Result:
        """Clean a parsed HTML page: element and paragraph rules, then the text rules."""
        prepared = self.html.prepare(tree, self.program)
        doc = self.judge(prepared.document)
        doc.segments = prepared.merged()
        return Result(doc, site)

    def judge(self, doc: Document, timings: list[float] | None = None) -> Document:
        """Run the phrase, pattern and staged rules over a segmented document; `timings`: a list
        to append the seconds of the screen and of each staged rule to (bench/phases.py)."""
        core = doc.core()
        self.program.judge(core, doc, timings)
        return Document(core, lines=doc.given_lines(), language=doc.told_language())

    def overreach(self, doc: Document, limit: float) -> str | None:
        """Why `doc` must be left unchanged: the guarded rule files together would remove more
        than `limit` of its words (a word counts once, however many files take it). The
        message names each file that takes any, the greediest first. None if they don't."""
        if not self.guarded:
            return None
        taken: dict[str, int] = {}
        removed = 0
        for words, hits in doc.removed():
            paths = {self.guarded.get(hit.code) for hit in hits} - {None}
            removed += words if paths else 0
            for path in paths:
                taken[path] = taken.get(path, 0) + words
        total = doc.words()
        if not taken or removed <= limit * total:
            return None
        files = sorted(taken, key=lambda path: (-taken[path], path))
        named = files[0] if len(files) == 1 else f"{', '.join(files[:-1])} and {files[-1]} together"
        return f"{named} would remove {removed / total:.0%} of its words (more than {limit:.0%})"
