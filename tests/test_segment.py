from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.segment import normalise, segment, split_glued


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
