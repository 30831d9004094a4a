from __future__ import annotations

import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import _core
from cleaner.patterns import compile_pattern
from cleaner.segment import Carve, normalise, segment, split_glued

from .conftest import best_seconds


def pieces(text):
    return [piece for _, piece, _ in split_glued(text)]


def test_menu_glued_into_one_line_is_cut_into_its_links():
    assert pieces("Skip linksSkip to ContentNewsMiddle EastAfricaAsiaUS & CanadaLatin America") == [
        "Skip links",
        "Skip to Content",
        "News",
        "Middle East",
        "Africa",
        "Asia",
        "US & Canada",
        "Latin America",
    ]


def test_pieces_of_a_glued_menu_are_marked_glued():
    assert all(glued for _, _, glued in split_glued("menuNavigation menuNewsShow moreSportVideo"))


def test_brand_names_in_prose_are_left_alone():
    text = "She posts on YouTube and uses JavaScript and WordPress for her site."
    assert pieces(text) == [text]


def test_sentence_glued_to_the_next_block_is_cut():
    assert pieces("It lasted 11 days.Keep reading") == ["It lasted 11 days.", "Keep reading"]


def test_a_block_glued_to_a_sentence_start_is_cut():
    assert pieces("Ten Galaxies in Our UniverseAs their galaxies grew, stars formed.") == [
        "Ten Galaxies in Our Universe",
        "As their galaxies grew, stars formed.",
    ]
    assert pieces("She uses LinkedIn and YouTube daily.") == [
        "She uses LinkedIn and YouTube daily."
    ]


def test_abbreviations_are_not_cut():
    assert pieces("The U.S.Secretary of State spoke.") == ["The U.S.Secretary of State spoke."]


def test_lead_glued_to_a_date_stamp_is_cut():
    assert pieces("Updated: 24 May 2021 05:02 PM (GMT)United States officials said") == [
        "Updated: 24 May 2021 05:02 PM (GMT)",
        "United States officials said",
    ]


def test_offsets_point_into_the_line():
    line = "Skip linksSkip to ContentNewsMiddle EastAfrica"
    for offset, piece, _ in split_glued(line):
        assert line[offset : offset + len(piece)] == piece


def test_normalise_folds_unicode_whitespace_and_line_ends():
    assert normalise("\ufeffa\u00a0 b\r\nc\u2028d\t\te  \n") == ["a b", "c", "d e"]


def test_segments_know_their_line_and_the_blank_line_before():
    doc = segment(normalise("one\n\ntwo\nthree"))
    assert [(s.text, s.line, s.gap_before) for s in doc.segments] == [
        ("one", 1, False),
        ("two", 3, True),
        ("three", 4, False),
    ]


# The core's seam finder at the boundary: any text (surrogates included), any thresholds.
SEAM_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.sampled_from(
            [*"aAzZ.!?…\"'”’»)]|( 1٣_", "The", "An", "DON'T", "ÉÉ", "ß", "İ", "ǅ", "日本", "\udcff"]
        ),
        max_size=60,
    ).map("".join),
)


@settings(max_examples=500, deadline=None)
@given(SEAM_TEXT, st.integers(0, 5), st.floats(0, 2))
def test_pieces_are_spans_of_the_line_in_order_and_lose_nothing(text, min_seams, per_word):
    shown = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")  # as the core reads
    pieces = split_glued(text, min_seams, per_word)
    end = 0
    for offset, piece, _ in pieces:
        assert offset >= end and piece and piece == piece.strip()
        assert shown[offset : offset + len(piece)] == piece
        end = offset + len(piece)
    assert "".join("".join(p.split()) for _, p, _ in pieces) == "".join(shown.split())


def _linear(work, size: int) -> tuple[float, float]:
    """The time `work(n)` takes at an eighth of `size` and at `size`."""
    return best_seconds(lambda: work(size // 8), runs=3), best_seconds(lambda: work(size))


# Lines that every seam finder looks at: long runs of letters (the sentence-start seam's
# look-behind once scanned back over the whole run at each letter: 68 s for 64 KB of "AbAb").
LONG_RUNS = {
    "AbAb": "Ab",
    "glued menu without spaces": "NewsSportWeatherTravel",
    "sentence starts": "theThe",
    "long words before The": "aaaaaaaaThe",
    "The": "The",
    "capitals then camel case": "ABCDef",
    "abAB": "abAB",
    "Cyrillic": "АбвгдЕжз",
}


@pytest.mark.parametrize("unit", LONG_RUNS.values(), ids=LONG_RUNS.keys())
def test_seams_are_found_in_linear_time_in_long_runs_of_letters(unit):
    def cut(size: int):
        split_glued((unit * (size // len(unit) + 1))[:size])

    small, large = _linear(cut, 32_768)
    assert large < 24 * small + 0.25, f"{small:.3f} s, then {large:.3f} s for 8 times as much"


def test_seams_are_the_same_as_before_the_look_behind_was_bounded():
    # A word of 8+ letters qualifies by its length, a shorter one by its lower-case start.
    assert pieces("the deep endBefore we dive in") == ["the deep end", "Before we dive in"]
    assert pieces("in Our UniverseAs their") == ["in Our Universe", "As their"]
    assert pieces("She reads UniverseAs one") == ["She reads Universe", "As one"]
    assert pieces("x LinkedIn daily") == ["x LinkedIn daily"]
    assert pieces("x MacBookAs it") == ["x MacBookAs it"]  # 7 letters, capital first
    assert pieces("x MacBooksAs it") == ["x MacBooks", "As it"]  # 8 letters
    assert pieces("x 1macbookThe end") == ["x 1macbookThe end"]  # no word start: a digit
    assert pieces("x 1macbooksThe end") == ["x 1macbooks", "The end"]


def test_strip_rules_matching_all_over_a_line_carve_it_in_linear_time():
    # Each span of the second rule was inserted into the list of the first's: n² moves.
    line = "y" * 60_000 + "x" * 60_000
    one = [Carve("USR001", "x-or-y", (compile_pattern("[xy]"),))]
    two = [
        Carve("USR001", "x", (compile_pattern("x"),)),
        Carve("USR002", "y", (compile_pattern("y"),)),
    ]
    assert segment([line], two).segments[0].hits[0].code == "USR002"
    times = {1: float("inf"), 2: float("inf")}
    for _ in range(2):
        for carves in (one, two):
            started = time.perf_counter()
            segment([line], carves)
            times[len(carves)] = min(times[len(carves)], time.perf_counter() - started)
    assert times[2] < 1.7 * times[1] + 0.1, times


def test_earlier_strip_rules_win_where_their_spans_overlap():
    first = Carve("USR001", "first", (compile_pattern("b+c"), compile_pattern("e")))
    second = Carve("USR002", "second", (compile_pattern("a.|cd|d|f"),))
    carved = [
        (piece.text, piece.hits[0].code if piece.hits else None)
        for piece in segment(["abbcdef"], [first, second]).segments
    ]
    # "cd" is where the second rule's pattern matches (then "f"): it overlaps "bbc", so "d"
    # stays; the same pattern never matches "d" on its own there.
    assert carved == [
        ("a", None),
        ("bbc", "USR001"),
        ("d", None),
        ("e", "USR001"),
        ("f", "USR002"),
    ]


def test_blank_lines_before_a_line_carved_all_over_cost_nothing_more():
    # The spans of the next carved line were read again at every blank line before it.
    carve = Carve("USR001", "x", (compile_pattern("x"),))

    def run(size: int):
        segment(["", *[""] * size, "x " * size], [carve])

    small, large = _linear(run, 16_000)
    assert large < 24 * small + 0.25, f"{small:.3f} s, then {large:.3f} s for 8 times as much"


def test_segments_pickle_with_their_hits():
    import pickle

    from cleaner import Cleaner

    result = Cleaner().analyse("Share\n\nThe council approved the budget late on Tuesday.\n")
    again = pickle.loads(pickle.dumps(result))
    assert [(s.text, s.line, s.start, s.gap_before, s.hits) for s in again.segments] == [
        (s.text, s.line, s.start, s.gap_before, s.hits) for s in result.segments
    ]
    assert again.text == result.text and again.segments[0].key == "share"


def test_match_keys_fold_case_as_python_does_for_every_character():
    # The core folds case by a table of Python's (core/src/fold_table.rs), not by calling
    # str.casefold: every character must come out as casefold makes it.
    quotes = {"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"'}
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        want = quotes.get(char, char).casefold().rstrip(" :!…»›")
        assert _core.key_of(char) == want, hex(code)
    assert _core.key_of("STRASSE Straße ΣΊΣΥΦΟΣ ǅ") == "strasse strasse σίσυφοσ ǆ"


def test_the_cores_rules_answer_thresholds_and_segments_out_of_range_without_a_panic():
    from cleaner.document import Segment
    from cleaner.heuristics.context import outside_main_text

    body = "The council approved the budget late on Tuesday night after a very long debate."
    doc = segment([body] * 5 + [f"Menu {n}" for n in range(8)] + [body.replace("budget", "plan")])
    assert list(outside_main_text(doc))  # a light cluster of body text after the menu goes
    assert list(outside_main_text(doc, min_share=2.0)) == []  # no cluster weighs enough
    with pytest.raises(ValueError):
        _core.Doc([Segment("a", 0)], ["a"]).place([(1, 0, 1)])
