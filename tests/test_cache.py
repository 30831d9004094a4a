"""The cache of the built-in rules, compiled (cleaner.cache): it serves only the very files it
was made from, gives what compiling them gives, and is never in the way."""

from __future__ import annotations

import os
import shutil

import pytest

from cleaner import Cleaner, RuleError, cache, language, rulebook
from cleaner.rulebook import builtin_rules_dir, load_rulebook

from .conftest import CORPUS


@pytest.fixture
def rules(tmp_path, monkeypatch):
    """A copy of the built-in rules standing in for them, with a cache of its own."""
    copy = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), copy)
    monkeypatch.setattr(rulebook, "builtin_rules_dir", lambda: copy)
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path / "cache"))
    return copy


@pytest.fixture
def compiled(monkeypatch):
    """The paths of the rule files compiled (not taken from the cache) from now on."""
    paths = []
    compile_file = rulebook._compile_file

    def counted(path):
        paths.append(path)
        return compile_file(path)

    monkeypatch.setattr(rulebook, "_compile_file", counted)
    return paths


def described(book: rulebook.Rulebook) -> list:
    """Everything a rule book says about its rules and sites, as plain values."""
    rules = [
        (r.code, r.name, r.kind, r.description, r.doc, r.origin, r.path, r.line, r.stage)
        + (r.cases, r.options, r.mode, type(r.find).__name__, type(r.html).__name__)
        + (r.carve and (r.carve.code, [p.pattern for p in r.carve.patterns]),)
        for r in book.all_rules
    ]
    sites = [
        (s.name, s.description, s.path, s.domains, [p.pattern for p in s.fingerprints])
        + (s.min_fingerprints, s.ignore, s.tests, s.html_main, s.html_ignore)
        for s in book.sites
    ]
    return [rules, sites, book.html_ignore]


def test_the_rules_from_the_cache_are_the_rules_compiled(rules, compiled, monkeypatch):
    made = load_rulebook([rules])
    assert len(compiled) == len(list(rules.rglob("*.yaml")))
    assert len(list((rules.parent / "cache").iterdir())) == 1
    from_cache = load_rulebook([rules])
    assert len(compiled) == len(list(rules.rglob("*.yaml")))  # none compiled again
    monkeypatch.setenv("CLEANER_CACHE_DIR", "")
    assert described(from_cache) == described(made) == described(load_rulebook([rules]))


def test_pages_are_cleaned_alike_with_and_without_the_cache(monkeypatch):
    Cleaner()  # the cache holds the built-in rules
    warm = [Cleaner(), Cleaner(mode="scored")]
    monkeypatch.setenv("CLEANER_CACHE_DIR", "")
    cold = [Cleaner(), Cleaner(mode="scored")]
    for page in sorted(CORPUS.glob("*.txt")):
        text = page.read_text(encoding="utf-8")
        html = "".join(f"<p>{line}</p>" for line in text.splitlines())
        for a, b in zip(warm, cold, strict=True):
            assert verdicts(a.analyse(text)) == verdicts(b.analyse(text)), page.name
            assert verdicts(a.analyse_html(html)) == verdicts(b.analyse_html(html)), page.name


def verdicts(result) -> list:
    return [
        (s.text, s.line, s.start, [(h.code, h.detail) for h in s.hits]) for s in result.segments
    ]


def test_an_edited_rule_file_is_read_again(rules, compiled):
    load_rulebook([rules])
    navigation = rules / "generic" / "navigation.yaml"
    text = navigation.read_text(encoding="utf-8")
    (old,) = {r.description for r in load_rulebook([rules]).generic if r.code == "NAV001"}
    navigation.write_text(text.replace(old, "Edited."), encoding="utf-8")
    compiled.clear()
    (new,) = {r.description for r in load_rulebook([rules]).generic if r.code == "NAV001"}
    assert new == "Edited." and compiled


def test_a_broken_edit_is_an_error_naming_file_and_line(rules):
    load_rulebook([rules])
    teasers = rules / "generic" / "teasers.yaml"
    text = teasers.read_text(encoding="utf-8")
    teasers.write_text(text.replace("kind: drop", "kind: explode", 1), encoding="utf-8")
    line = text[: text.index("kind: drop")].count("\n") + 1
    with pytest.raises(RuleError) as error:
        load_rulebook([rules])
    assert str(error.value).startswith(f"{teasers}:{line}: rules[1].kind: must be one of")


def test_a_rule_file_added_or_removed_counts(rules):
    load_rulebook([rules])
    extra = rules / "generic" / "extra.yaml"
    extra.write_text(
        "rules:\n  - name: extra\n    code: XTR001\n    kind: drop\n    description: d\n"
        "    phrases: [Extra]\n",
        encoding="utf-8",
    )
    assert "XTR001" in {r.code for r in load_rulebook([rules]).generic}
    extra.unlink()
    assert "XTR001" not in {r.code for r in load_rulebook([rules]).generic}


def test_a_changed_module_of_the_package_is_a_new_key(rules, tmp_path, monkeypatch):
    package = tmp_path / "package"
    package.mkdir()
    module = package / "module.py"
    module.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "PACKAGE", package)
    paths = sorted(rules.rglob("*.yaml"))
    key = cache._key(paths)
    assert cache._key(paths) == key
    status = module.stat()
    os.utime(module, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    assert cache._key(paths) != key


def test_a_damaged_entry_is_made_again(rules, compiled):
    made = described(load_rulebook([rules]))
    (entry,) = (rules.parent / "cache").iterdir()
    whole = entry.read_bytes()
    for damaged in (b"not a cache entry", whole[: len(whole) // 2]):
        entry.write_bytes(damaged)
        compiled.clear()
        assert described(load_rulebook([rules])) == made
        assert compiled  # compiled again…
        compiled.clear()
        assert described(load_rulebook([rules])) == made
        assert not compiled  # …and the entry made again


def test_a_cache_that_cant_be_written_is_passed_over(rules, tmp_path, monkeypatch):
    blocked = tmp_path / "a file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(blocked / "cache"))
    made = described(load_rulebook([rules]))
    assert described(load_rulebook([rules])) == made


def test_a_cache_others_may_write_to_is_not_used(rules, compiled, tmp_path, monkeypatch):
    """Its entries are pickles, which run code when loaded: no one else may plant one."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(shared))
    load_rulebook([rules])
    load_rulebook([rules])
    assert len(compiled) == 2 * len(list(rules.rglob("*.yaml")))
    assert list(shared.iterdir()) == []


def test_the_cache_can_be_switched_off(rules, compiled, monkeypatch):
    monkeypatch.setenv("CLEANER_CACHE_DIR", "")
    assert cache.location() is None
    load_rulebook([rules])
    load_rulebook([rules])
    assert len(compiled) == 2 * len(list(rules.rglob("*.yaml")))
    assert not (rules.parent / "cache").exists()


def test_the_default_place_is_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("CLEANER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.location() == tmp_path / "cleaner"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # ignored, as the XDG spec says
    assert cache.location() == tmp_path / "home" / ".cache" / "cleaner"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.location() == tmp_path / "home" / ".cache" / "cleaner"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a generic code the cached rules hold
            "rules:\n  - name: dup\n    kind: drop\n    code: NAV001\n    description: d\n"
            "    phrases: [x]\n",
            ":4: rules[0].code: NAV001 is already defined in",
        ),
        (  # a site the cached rules hold
            "site: gvwire.com\nmatch:\n  domains: [gvwire.com]\n",
            ":1: site: site 'gvwire.com' is defined twice",
        ),
        (  # no generic rule, cached or not, has the code
            "site: example.com\nmatch:\n  domains: [example.com]\nignore: [ZZZ]\n",
            ":4: ignore[0]: no generic rule has the code 'ZZZ'",
        ),
    ],
)
def test_clashes_with_the_cached_rules_name_file_and_line(rules, tmp_path, text, expected):
    load_rulebook([rules])
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "example.com.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as error:
        load_rulebook([rules, mine])
    assert str(error.value).startswith(f"{mine / 'example.com.yaml'}{expected}")


def test_a_clash_between_built_in_files_names_file_and_line(rules):
    """An edit makes two built-in files clash: the second is named, with the line."""
    load_rulebook([rules])
    teasers = rules / "generic" / "teasers.yaml"
    text = teasers.read_text(encoding="utf-8")
    teasers.write_text(text.replace("code: TSR001", "code: NAV001", 1), encoding="utf-8")
    line = text[: text.index("code: TSR001")].count("\n") + 1
    with pytest.raises(RuleError) as error:
        load_rulebook([rules])
    assert str(error.value).startswith(f"{teasers}:{line}: rules[0].code: NAV001 is already")


def test_the_stop_words_from_the_cache_are_the_stop_words_read(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path))
    signature, names, rows = language._signatures()
    for _ in range(2):  # the entry made, then read
        language._stop_word_signatures.cache_clear()
        cached_signature, cached_names, cached_rows = language._stop_word_signatures()
        assert len(list(tmp_path.glob("stopwords-*"))) == 1
        assert cached_signature == signature and cached_names == names
        assert (cached_rows == rows).all()
