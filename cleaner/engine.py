"""The cleaner: pick the site, segment, run the rules stage by stage, render what is kept."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from cleaner.document import Document, Hit, Segment
from cleaner.matchers import Drop, combine
from cleaner.rulebook import Rule, Rulebook, Site, builtin_rules_dir, load_rulebook
from cleaner.segment import Carve, normalise, segment


@dataclass(frozen=True)
class Result:
    """What cleaning one document did: every segment with its hits, and the cleaned text."""

    document: Document
    site: str | None

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
        """Kept segments in order, one paragraph each, separated by one blank line."""
        blocks = [s.text for s in self.kept]
        return "\n\n".join(blocks) + "\n" if blocks else ""


def _selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    chosen = not select or any(code.startswith(prefix) for prefix in select)
    return chosen and not any(code.startswith(prefix) for prefix in ignore)


@dataclass(frozen=True)
class Cleaner:
    """Built once (rule files read and compiled), then used for any number of documents.

    rules_dirs: extra directories of rule files, read after the built-in ones.
    select / ignore: rule codes or code prefixes ("TSR", "SITE:gvwire.com") to run or skip.
    """

    rules_dirs: tuple[Path, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rulebook: Rulebook = field(init=False, repr=False, compare=False)
    _plans: dict = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self):
        dirs = (builtin_rules_dir(), *(Path(d) for d in self.rules_dirs))
        object.__setattr__(self, "rulebook", load_rulebook(dirs))

    def plan(self, site: Site | None) -> Plan:
        """The rules for `site` (None: generic only), arranged once and then reused."""
        name = site.name if site else None
        if name not in self._plans:
            self._plans[name] = Plan.build(self.rules_for(site))
        return self._plans[name]

    def find_site(self, text: str, *, url: str | None = None, site: str | None = None):
        """The site whose rules apply: named, served at `url`, or recognised by fingerprints."""
        if site is not None:
            return self.rulebook.site(site)
        if url:
            return next((s for s in self.rulebook.sites if s.serves(url)), None)
        best, best_score = None, 0
        for candidate in self.rulebook.sites:
            score = candidate.fingerprint_score(text)
            if score >= candidate.min_fingerprints and score > best_score:
                best, best_score = candidate, score
        return best

    def rules_for(self, site: Site | None) -> list[Rule]:
        ignore = (*self.ignore, *(site.ignore if site else ()))
        generic = [r for r in self.rulebook.generic if _selected(r.code, self.select, ignore)]
        own = [
            r for r in (site.rules if site else ()) if _selected(r.code, self.select, self.ignore)
        ]
        return [*generic, *own]

    def analyse(self, text: str, *, url: str | None = None, site: str | None = None) -> Result:
        chosen = self.find_site(text, url=url, site=site)
        return self.plan(chosen).run(text, chosen.name if chosen else None)

    def clean(self, text: str, *, url: str | None = None, site: str | None = None) -> str:
        return self.analyse(text, url=url, site=site).text

    @staticmethod
    def run(text: str, rules: Iterable[Rule], site: str | None = None) -> Result:
        """Clean with exactly these rules (no site detection)."""
        return Plan.build(rules).run(text, site)


@dataclass(frozen=True)
class Plan:
    """The rules in force for one site, arranged for speed.

    Most segments of a page are hit by no phrase or pattern rule. The context-free `drop`
    rules are therefore screened together: one phrase lookup and one combined regex per
    segment, and only a segment that passes is checked rule by rule (to record every hit).
    The other rules then run stage by stage, each seeing the verdicts of earlier stages.
    """

    carves: tuple[Carve, ...]
    screened: tuple[Rule, ...]
    phrases: frozenset[str]
    pattern: regex.Pattern | None
    staged: tuple[Rule, ...]

    @classmethod
    def build(cls, rules: Iterable[Rule]) -> Plan:
        rules = list(rules)
        screened = [r for r in rules if isinstance(r.find, Drop) and r.stage == 1]
        return cls(
            carves=tuple(r.carve for r in rules if r.carve is not None),
            screened=tuple(screened),
            phrases=frozenset(p for r in screened for p in r.find.match.phrases),
            pattern=combine([p for r in screened for p in r.patterns]),
            staged=tuple(
                sorted((r for r in rules if r.find and r not in screened), key=lambda r: r.stage)
            ),
        )

    def run(self, text: str, site: str | None = None) -> Result:
        doc = segment(normalise(text), self.carves)
        pattern = self.pattern
        for segment_ in doc.segments:
            if segment_.key in self.phrases or (pattern and pattern.fullmatch(segment_.text)):
                for rule in self.screened:
                    if rule.find.match(segment_):
                        segment_.hits.append(Hit(rule.code, rule.name))
        for rule in self.staged:
            for index, detail in dict(rule.find(doc)).items():  # one hit per segment
                doc.segments[index].hits.append(Hit(rule.code, rule.name, detail))
        return Result(doc, site)
