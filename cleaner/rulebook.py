"""All rules in force: the generic ones and every site's, compiled from the rule directories.

A file with a `site:` key is a site file; any other is a file of generic rules. Generic rules
carry their own stable codes (NAV001); a site rule's code is derived from its site and name
(SITE:gvwire.com/related-topics).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from cleaner.cache import cached
from cleaner.html.classify import PARAGRAPH_RULES
from cleaner.html.prune import ElementMatch
from cleaner.loader import Located, RuleError, read_rule_file, rule_paths
from cleaner.matchers import Block, Cut, Drop, Matcher
from cleaner.patterns import compile_pattern
from cleaner.segment import Carve

if TYPE_CHECKING:
    from cleaner import schema


@cache
def builtin_rules_dir() -> Path:
    """The rules shipped with cleaner: inside the installed package, or the checkout's rules/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleError(f"{here}: the built-in rules are missing (expected {here / '_rules'})")


@dataclass(frozen=True)
class Case:
    """A rule file's regression case: the input text, what must survive and what must go."""

    name: str
    input: str
    keep: tuple[str, ...]
    drop: tuple[str, ...]
    url: str | None = None

    @classmethod
    def of(cls, case: schema.Case) -> Case:
        return cls(case.name, case.input, tuple(case.keep), tuple(case.drop), case.url)


@dataclass(frozen=True)
class Rule:
    """One rule, ready to run."""

    code: str
    name: str
    kind: str
    description: str
    doc: str
    origin: str  # "generic" or "site:NAME"
    path: str
    line: int
    stage: int  # 0 = strip (during segmentation); higher stages see lower stages' verdicts
    find: Callable | None  # document → (index, detail) pairs; None for strip rules
    carve: Carve | None
    cases: tuple[Case, ...]
    options: tuple[tuple[str, object], ...] = ()  # thresholds in force, for the docs
    mode: str | None = None  # runs only in this mode of the cleaner; None: in every mode
    # HTML input only: an ElementMatch (kind element) or a bound paragraph rule
    html: object | None = None


@dataclass(frozen=True)
class Site:
    name: str
    description: str
    path: str
    domains: tuple[str, ...]
    fingerprints: tuple  # compiled patterns, searched in the raw page text
    min_fingerprints: int
    ignore: tuple[str, ...]
    rules: tuple[Rule, ...]
    tests: tuple[Case, ...]
    html_main: str | None = None  # CSS selector of the site's article element (HTML input)
    html_ignore: tuple[str, ...] = ()  # text rules switched off on the site's HTML

    def serves(self, url: str) -> bool:
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.domains)


@dataclass(frozen=True)
class Rulebook:
    generic: tuple[Rule, ...]
    sites: tuple[Site, ...]
    html_ignore: tuple[str, ...] = ()  # text rules that don't run on HTML input

    @property
    def all_rules(self) -> list[Rule]:
        return [*self.generic, *(rule for site in self.sites for rule in site.rules)]

    def site(self, name: str) -> Site:
        for site in self.sites:
            if site.name == name:
                return site
        known = ", ".join(s.name for s in self.sites) or "none"
        raise KeyError(f"unknown site {name!r} (known sites: {known})")


def load_rulebook(directories: Iterable[Path]) -> Rulebook:
    """Compile every *.yaml / *.yml file under the given directories, in order."""
    generic: list[Rule] = []
    sites: list[Site] = []
    html_ignore: list[str] = []
    codes: dict[str, str] = {}
    for directory in directories:
        directory = Path(directory)
        if not directory.is_dir():
            raise RuleError(f"{directory}: rules directory not found")
        for file in _rule_files(directory):
            if file.site is None:
                rules = file.rules
                generic.extend(rules)
                html_ignore.extend(file.html_ignore)
            else:
                site = file.site
                if any(s.name == site.name for s in sites):
                    message = f"site {site.name!r} is defined twice"
                    raise _located(file.path).error(["site"], message)
                sites.append(site)
                rules = site.rules
            for index, rule in enumerate(rules):
                if rule.code in codes:
                    raise _located(file.path).error(
                        ["rules", index, "code" if file.site is None else "name"],
                        f"{rule.code} is already defined in {codes[rule.code]}",
                    )
                codes[rule.code] = str(file.path)
    generic_codes = [rule.code for rule in generic]
    for site in sites:
        for key, prefixes in (("ignore", site.ignore), ("html.ignore", site.html_ignore)):
            for n, prefix in enumerate(prefixes):
                if not any(code.startswith(prefix) for code in generic_codes):
                    raise _located(Path(site.path)).error(
                        [*key.split("."), n], f"no generic rule has the code {prefix!r}"
                    )
    for n, prefix in enumerate(html_ignore):
        if not any(code.startswith(prefix) for code in generic_codes):
            raise RuleError(f"html.ignore[{n}]: no generic rule has the code {prefix!r}")
    return Rulebook(tuple(generic), tuple(sites), tuple(html_ignore))


@dataclass(frozen=True)
class CompiledFile:
    """One rule file, compiled on its own: its generic rules, or its site."""

    path: Path
    rules: tuple[Rule, ...] = ()  # generic rules (a site's are in site.rules)
    site: Site | None = None
    html_ignore: tuple[str, ...] = ()  # generic text rules that don't run on HTML input


def _rule_files(directory: Path) -> list[CompiledFile]:
    """Every rule file under `directory`, compiled. The built-in rules come from the cache
    when it holds them compiled from these very files (cleaner.cache): that saves reading and
    validating their YAML, a tenth of a second, at every start."""
    paths = rule_paths(directory)
    if directory.resolve() != builtin_rules_dir().resolve():
        return [_compile_file(path) for path in paths]
    return cached("rules", directory, paths, lambda: [_compile_file(path) for path in paths])


def _compile_file(path: Path) -> CompiledFile:
    """Read, validate and compile one rule file (RuleError naming file, line and key)."""
    spec, located = read_rule_file(path)
    if spec.site is None:
        rules = tuple(_generic_rules(spec, located))
        return CompiledFile(path, rules, html_ignore=tuple(spec.html.ignore if spec.html else ()))
    return CompiledFile(path, site=_site(spec, located))


def _located(path: Path) -> Located:
    """A valid rule file's YAML nodes, to point at one of its keys when it clashes with
    another file (two sites of one name, one code twice): the file is read again, since it
    may have come from the cache."""
    return read_rule_file(path)[1]


def _generic_rules(spec: schema.RuleFile, located: Located) -> list[Rule]:
    for key in ("match", "ignore", "tests"):
        if getattr(spec, key):
            raise located.error([key], "only a site file (with 'site:') may have this key")
    if spec.html is not None and (spec.html.drop or spec.html.main):
        key = "drop" if spec.html.drop else "main"
        raise located.error(["html", key], "only a site file (with 'site:') may have this key")
    for index, rule in enumerate(spec.rules):
        if rule.code is None:
            raise located.error(
                ["rules", index, "code"], "a generic rule needs a code (NAV001)", missing=True
            )
    return [
        _compile(rule, index, rule.code, "generic", located)
        for index, rule in enumerate(spec.rules)
    ]


def _site(spec: schema.RuleFile, located: Located) -> Site:
    rules = []
    for index, rule in enumerate(spec.rules):
        if rule.code is not None:
            raise located.error(
                ["rules", index, "code"], "site rules get their code from the site and name"
            )
        rules.append(
            _compile(rule, index, f"SITE:{spec.site}/{rule.name}", f"site:{spec.site}", located)
        )
    if spec.html is not None and spec.html.drop:
        line, _ = located.locate(["html", "drop"])
        rules.append(
            Rule(
                code=f"SITE:{spec.site}/html-drop",
                name="html-drop",
                kind="element",
                description="Elements the site file's html.drop selectors name.",
                doc="",
                origin=f"site:{spec.site}",
                path=str(located.path),
                line=line,
                stage=0,
                find=None,
                carve=None,
                cases=(),
                html=ElementMatch(selectors=tuple(spec.html.drop), guarded=False),
            )
        )
    match = spec.match
    if match is None or not (match.domains or match.fingerprints):
        raise located.error(
            ["match"], "a site file needs match: domains and/or fingerprints", missing=True
        )
    return Site(
        name=spec.site,
        description=spec.description,
        path=str(located.path),
        domains=tuple(d.lower().removeprefix("www.") for d in match.domains),
        fingerprints=tuple(compile_pattern(p) for p in match.fingerprints),
        min_fingerprints=match.min_fingerprints,
        ignore=tuple(spec.ignore),
        rules=tuple(rules),
        tests=tuple(map(Case.of, spec.tests)),
        html_main=spec.html.main if spec.html else None,
        html_ignore=tuple(spec.html.ignore) if spec.html else (),
    )


def _compile(rule, index: int, code: str, origin: str, located: Located) -> Rule:
    find, carve, stage, html = None, None, 0, None
    if rule.kind == "element":
        html = ElementMatch(
            tags=frozenset(t.lower() for t in rule.tags),
            roles=frozenset(rule.roles),
            tokens=frozenset(t.lower() for t in rule.tokens),
            selectors=tuple(rule.selectors),
            hidden=rule.hidden,
            guarded=rule.guarded,
        )
    elif rule.kind == "paragraph":
        html = _paragraph(rule, index, located)
    elif rule.kind == "strip":
        patterns = tuple(compile_pattern(p) for p in rule.patterns)
        carve = Carve(code, rule.name, patterns, rule.first_lines)
    elif rule.kind == "builtin":
        find, stage = _builtin(rule, index, located)
    else:
        matcher = Matcher.build(rule.phrases, rule.patterns, rule.max_chars)
        if rule.kind == "drop":
            find = Drop(matcher, rule.in_body)
        elif rule.kind == "block":
            find = Block(matcher, rule.follow)
        else:  # cut-before, cut-after
            find = Cut(matcher, after=rule.kind == "cut-after", min_share=rule.min_share)
        stage = find.stage
    line, _ = located.locate(["rules", index])
    return Rule(
        code=code,
        name=rule.name,
        kind=rule.kind,
        description=rule.description.strip(),
        doc=rule.doc.strip(),
        origin=origin,
        path=str(located.path),
        line=line,
        stage=stage,
        find=find,
        carve=carve,
        cases=tuple(map(Case.of, rule.cases)),
        options=_options(rule, find or html),
        mode=rule.mode,
        html=html,
    )


def _options(rule, find) -> tuple[tuple[str, object], ...]:
    """The settings a rule runs with: a builtin's parameters (defaults included), or the
    keys of a declarative kind."""
    if rule.kind == "paragraph":
        return find.params
    if rule.kind == "builtin":
        signature = inspect.signature(find.function)
        defaults = {
            name: p.default for name, p in signature.parameters.items() if p.kind is p.KEYWORD_ONLY
        }
        return tuple({**defaults, **dict(find.params)}.items())
    keys = ("max_chars", "follow", "min_share", "in_body", "first_lines")
    keys += ("tags", "roles", "tokens", "selectors", "hidden")  # element rules
    return tuple(
        (key, getattr(rule, key))
        for key in keys
        if getattr(rule, key, None) not in (None, False, [])
    )


@dataclass(frozen=True)
class _Bound:
    """A builtin with its parameters (picklable, unlike a closure)."""

    function: Callable
    params: tuple[tuple[str, object], ...]

    def __call__(self, doc):
        return self.function(doc, **dict(self.params))


def _builtin(rule: schema.BuiltinRule, index: int, located: Located) -> tuple[_Bound, int]:
    from cleaner.heuristics import BUILTINS  # with the first rule file compiled (else: cached)

    builtin = BUILTINS.get(rule.name)
    if builtin is None:
        known = ", ".join(sorted(BUILTINS))
        raise located.error(["rules", index, "name"], f"no builtin named {rule.name!r} ({known})")
    return _bind(builtin.function, rule, index, located), builtin.stage


def _paragraph(rule: schema.ParagraphRule, index: int, located: Located) -> _Bound:
    """A paragraph rule with its thresholds (defaults, then the file's). The thresholds of
    every paragraph rule in force are handed to the page's view at once (cleaner.html.classify)."""
    found = PARAGRAPH_RULES.get(rule.name)
    if found is None:
        known = ", ".join(sorted(PARAGRAPH_RULES))
        raise located.error(
            ["rules", index, "name"], f"no paragraph rule named {rule.name!r} ({known})"
        )
    function, defaults = found
    for key, value in rule.params.items():
        if key not in defaults:
            allowed = ", ".join(defaults)
            raise located.error(
                ["rules", index, "params", key], f"unknown parameter (allowed: {allowed})"
            )
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise located.error(["rules", index, "params", key], f"must be a number, not {value!r}")
    return _Bound(function, tuple({**defaults, **rule.params}.items()))


def _bind(function: Callable, rule, index: int, located: Located) -> _Bound:
    """The function with the rule's parameters, each checked against its signature."""
    signature = inspect.signature(function)
    for key, value in rule.params.items():
        parameter = signature.parameters.get(key)
        if parameter is None or parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
            allowed = [p for p, v in signature.parameters.items() if v.kind is v.KEYWORD_ONLY]
            raise located.error(
                ["rules", index, "params", key],
                f"unknown parameter (allowed: {', '.join(allowed)})",
            )
        default = parameter.default
        if isinstance(default, (int, float)) and (
            not isinstance(value, (int, float)) or isinstance(value, bool)
        ):
            raise located.error(["rules", index, "params", key], f"must be a number, not {value!r}")
    return _Bound(function, tuple(sorted(rule.params.items())))
