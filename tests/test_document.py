from __future__ import annotations

from cleaner.document import Segment, looks_like_headline, match_key


def test_words_count_scripts_without_spaces():
    japanese = Segment(
        "先日、不正に改造したiPhoneを販売したとして、商標法違反の疑いで男性が逮捕されました。", 1
    )
    assert japanese.words >= 12
    assert japanese.is_sentence and japanese.is_body


def test_sentence_needs_terminal_punctuation_and_length():
    assert Segment("The talks ended without an agreement.", 1).is_sentence
    assert not Segment("Criticism over initial inaction", 1).is_sentence
    assert not Segment("Too short.", 1).is_sentence


def test_an_excerpt_cut_off_mid_word_is_not_a_sentence():
    assert not Segment(
        "Tesla has agreed to settle a lawsuit filed by a man who was kil...", 1
    ).is_sentence


def test_headline_shape():
    assert looks_like_headline(Segment("Fresno Barbershop Shooting Leaves Man Dead", 1))
    assert looks_like_headline(
        Segment("Magic Happens When Kids Learn to Swim. Tragedy Can Strike.", 1)
    )
    assert not looks_like_headline(
        Segment("The river rose by two metres overnight, flooding the town.", 1)
    )


def test_match_key_ignores_case_quotes_spacing_and_a_trailing_colon():
    assert match_key("  DON’T   MISS: ") == match_key("don't miss") == "don't miss"
    assert Segment("RELATED TOPICS:", 1).key == "related topics"


def test_match_key_ignores_what_a_marker_line_ends_in():
    for line in ("Das könnte Sie auch interessieren!", "More stories »", "Read more…", "Next ›"):
        assert match_key(line) == match_key(line.rstrip("!»…› ")), line
    assert match_key("The vote was close.") != match_key("The vote was close")  # a sentence
