"""The declarative rule kinds on small documents."""

from __future__ import annotations

from cleaner import Cleaner
from cleaner.matchers import Block, Cut, Drop, Matcher, Screen
from cleaner.patterns import compile_pattern
from cleaner.segment import normalise, segment

from .conftest import CORPUS

BODY = (
    "The council approved the budget late on Tuesday after a long and heated debate in the chamber."
)


def removed(kind, text):
    doc = segment(normalise(text))
    return [doc.segments[i].text for i, _ in kind(doc)]


def test_drop_matches_phrases_and_whole_segment_patterns():
    drop = Drop(Matcher.build(["share"], [r"\d+ hours? ago"]))
    assert removed(drop, "Share\nShare this story now\n2 hours ago\nabout 2 hours ago") == [
        "Share",
        "2 hours ago",
    ]


def test_drop_in_body_only_looks_between_body_paragraphs():
    drop = Drop(Matcher.build(["Related"], []), in_body=True)
    text = f"Related\n{BODY}\nRelated\n{BODY}\nRelated"
    assert removed(drop, text) == ["Related"]


def test_block_takes_the_marker_and_the_headlines_under_it():
    block = Block(Matcher.build(["UP NEXT"], []), follow=2)
    text = f"UP NEXT\nFirst Headline Here\nSecond Headline Here\nThird Headline Here\n{BODY}"
    assert removed(block, text) == ["UP NEXT", "First Headline Here", "Second Headline Here"]


def test_block_stops_at_body_text():
    block = Block(Matcher.build(["UP NEXT"], []), follow=3)
    assert removed(block, f"UP NEXT\n{BODY}\nA Headline Again") == ["UP NEXT"]


def test_cut_after_takes_the_footer():
    cut = Cut(Matcher.build(["More from us"], []), after=True)
    assert removed(cut, f"{BODY}\n{BODY}\nMore from us\nOther story") == [
        "More from us",
        "Other story",
    ]


def test_cut_after_ignores_a_marker_above_most_of_the_body():
    cut = Cut(Matcher.build(["0 comments"], []), after=True)
    text = f"Title of the story\n0 Comments\n{BODY}\n{BODY}\n0 Comments\nFirst comment"
    assert removed(cut, text) == ["0 Comments", "First comment"]


def test_cut_before_takes_the_header():
    cut = Cut(Matcher.build(["Skip to content"], []), after=False)
    assert removed(cut, f"Menu\nSkip to content\n{BODY}") == ["Menu", "Skip to content"]


def test_the_one_pass_screen_agrees_with_each_phrase_and_pattern_alone():
    plan = Cleaner().plan(None)
    matchers = [rule.find.match for rule in plan.matching]
    texts = [p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")]
    texts.append("Share\n2 hours ago\nREAD MORE: x\nBy Ann Lee\n© 2024 Site\n(AP)\n>")
    for text in texts:
        segments = segment(normalise(text)).segments
        found = Screen(matchers).run(segments)
        for match, indices in zip(matchers, found, strict=True):
            patterns = [compile_pattern(source) for source in match.sources]
            want = [
                i
                for i, seg in enumerate(segments)
                if seg.key in match.phrases
                or (match.max_chars is None or len(seg.text) <= match.max_chars)
                and any(p.fullmatch(seg.text) for p in patterns)
            ]
            assert indices == want, match
