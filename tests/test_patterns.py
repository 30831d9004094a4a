"""Rule patterns mean what they meant in RE2, on the core's regex engine (README, rule files)."""

from __future__ import annotations

import pickle
import time

import pytest

from cleaner.matchers import Matcher, Screen
from cleaner.patterns import PatternError, SearchSet, compile_pattern
from cleaner.segment import segment


@pytest.mark.parametrize(
    ("source", "text", "whole"),
    [
        (r"\w+", "Muller", True),
        (r"\w+", "Müller", False),  # \w is ASCII, as in RE2
        (r"[\w-]+", "half-time", True),
        (r"[\w-]+", "demi-étape", False),  # inside brackets too
        (r"\d+", "2024", True),
        (r"\d+", "٢٠٢٤", False),  # Arabic-Indic digits are not \d
        (r"\s", "\u00a0", False),  # no-break space is not \s
        (r"\S+", "a\u00a0b", True),
        (r"\W", "é", True),
        (r"\p{L}+", "Müller", True),  # Unicode classes cover every script
        (r"\p{Lu}\p{Ll}+", "Ölmühle", True),
        (r"(?i)kelvin", "\u212aelvin", True),  # simple case folding: the Kelvin sign is K
        (r"(?i)strasse", "straße", False),  # …but not full folding
        (r"[[:digit:]]+", "42", True),
    ],
)
def test_classes_keep_their_re2_meaning(source, text, whole):
    assert compile_pattern(source).fullmatch(text) is whole


def test_word_boundaries_are_ascii():
    # "é" is no word character for an ASCII \b, so "foo" starts a word after it.
    assert compile_pattern(r"\bfoo\b").search("éfooé")
    assert not compile_pattern(r"\bfoo").search("xfoo")
    assert compile_pattern(r"\Bfoo").search("xfoo")


def test_a_whole_match_need_not_be_the_leftmost_first_one():
    assert compile_pattern("a|ab").fullmatch("ab")


def test_spans_are_in_characters_and_follow_the_first_group():
    assert compile_pattern("b+").spans("ééb ébb") == [(2, 3), (5, 7)]
    assert compile_pattern(r"é (\w+) ?").spans("é ab é cd") == [(2, 4), (7, 9)]
    assert compile_pattern(r"x(y)?").spans("x xy") == [(3, 4)]  # none where y took no part


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("(?=.{0,80}$)More.*", "no lookaround or backreferences"),
        (r"(a)\1", "no lookaround or backreferences"),
        ("(unclosed", "unclosed group"),
        (r"\Qa.b\E", "escape"),
    ],
)
def test_bad_patterns_are_one_line_errors(source, says):
    with pytest.raises(PatternError, match=says) as error:
        compile_pattern(source)
    assert "\n" not in str(error.value)


def test_patterns_run_in_linear_time():
    pattern = compile_pattern("(a+)+$")
    started = time.perf_counter()
    assert not pattern.fullmatch("a" * 100_000 + "b")
    assert time.perf_counter() - started < 1  # a backtracking engine takes forever here


def test_sets_agree_with_their_patterns_alone():
    sources = [r"\d+ comments?", r"(?i)read more.*", r"\w+", "Share"]
    texts = ["12 comments", "READ MORE: x", "Müller", "Share", "share"]
    compiled = [compile_pattern(s) for s in sources]
    whole = Screen([Matcher.build(patterns=[source]) for source in sources])
    anywhere = SearchSet(sources)
    found = whole.run(segment(texts).segments)
    for n, text in enumerate(texts):
        assert [i for i, rows in enumerate(found) if n in rows] == [
            i for i, p in enumerate(compiled) if p.fullmatch(text)
        ]
        assert anywhere.matches(text) == [i for i, p in enumerate(compiled) if p.search(text)]


def test_compiled_patterns_pickle():
    pattern = pickle.loads(pickle.dumps(compile_pattern(r"\bx(\d)")))
    assert pattern.pattern == r"\bx(\d)" and pattern.spans("x1 éx2") == [(1, 2), (5, 6)]


@pytest.mark.parametrize("source", [".+ ?.+", ".+.+", "(?:.+){2}"])
def test_a_character_is_never_split_between_two_runs_of_dots(source):
    # A whole match over a text of one character outside ASCII: no way to split it in two.
    (found,) = Screen([Matcher.build(patterns=[source])]).run(segment(["»", "中"]).segments)
    assert found == [] and not compile_pattern(source).fullmatch("中")
    assert not Screen([Matcher.build(patterns=[r".*\B.*"])]).run(segment(["aéa"]).segments)[0]


def test_dots_in_fingerprints_stop_at_line_ends():
    assert SearchSet(["(?m)^Source:.*TRTWorld$"]).matches("Source: AP\nMore from TRTWorld") == []
    assert SearchSet(["a.*b"]).matches("a\nb") == []


def test_spans_count_a_lone_surrogate_as_one_character():
    assert compile_pattern("Ad").spans("\ud800 Ad here") == [(2, 4)]


def test_s_keeps_its_space_in_extended_mode():
    assert compile_pattern(r"(?x) a \s b").fullmatch("a b")
    assert not compile_pattern(r"(?x) a \S b").fullmatch("a b")


def test_a_whole_match_is_found_whatever_the_order_of_alternatives():
    assert compile_pattern(r"(?:a|ab)|\p{L}{400}").fullmatch("ab")
