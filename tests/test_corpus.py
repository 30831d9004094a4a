"""The five seed pages: each one's cleaned output is frozen by a snapshot, and judged by explicit
assertions of what an editor keeps (title, standfirst, subheadings, every body paragraph) and
what must go (every kind of boilerplate seen on that page)."""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.segment import normalise, split_glued

from .conftest import CORPUS

PAGES = {
    "000_180171d1971f5d0c.txt": {
        "site": "thenationalnews.com",
        "keep": [
            "Blinken heads to Israel and Palestine to 'solidify' Gaza ceasefire",
            "US Secretary of State will meet Israeli and Palestinian leaders, before travelling to Egypt and Jordan",
            "US Secretary of State Antony Blinken departs on Monday for a Middle East trip",
            "Securing such a mechanism has been a challenge.",
            "Mr Al Safadi visited Washington two weeks ago to co-ordinate the ceasefire.",
        ],
        "drop": [
            "Antony Blinken leaves the US on Middle East trip",
            "Powered by automated translation",
            "Biden: Two-state solution 'is the only answer'",
        ],
    },
    "001_f15399462ad2409f.txt": {
        "site": "aljazeera.com",
        "keep": [
            "US: Blinken heads to Middle East amid Gaza ceasefire",
            "The US secretary of state says he will ‘meet with the parties to support their efforts",
            # the lead paragraph, glued to the date stamp in the input
            "United States Secretary of State Antony Blinken will head to the Middle East amid a ceasefire",
            # the paragraph the "Keep reading" box was glued to
            "which began on May 10 and lasted for 11 days.",
            "At least 248 Palestinians, including 66 children, were killed",
            "‘Way toward two states’",
            "Blinken said the US remains “committed to Israel’s defence”.",
        ],
        "drop": [
            "Gaza News | Al Jazeera",
            "Skip links",
            "Navigation menu",
            "Show more news sections",
            "Latin America",
            "Ukraine war",
            "Click here to search",
            "[File: Saul Loeb",
            "Published On",
            "Updated:",
            "Keep reading",
            "list 1 of 3",
            "Israel-Hamas ceasefire holds as UN launches Gaza aid appeal",
            "In Pictures: Cleaning up a Gaza massacre",
            "end of list",
            "(@SecBlinken)",
            "Source: Al Jazeera",
            "aj-logo",
            "Privacy Policy",
            "Cookie Preferences",
            "Al Jazeera Balkans",
            "facebooktwitter",
            "© 2023 Al Jazeera Media Network",
        ],
    },
    "002_b738ddf7ea14594f.txt": {
        "site": "trtworld.com",
        "keep": [
            "US Secretary of State Antony Blinken is heading to the Middle East to press Israeli",
            "'Immediate assistance'",
            "Criticism over initial inaction",
            "Humanitarian initiatives",
            "Palestine has no formal military, whereas Israel is among the world's top 20",
        ],
        "drop": [
            "Harpa Concert Hall",
            "(AP)",
            "READ MORE",
            "Hamas-Israel ceasefire holds for fourth day",
            "Gaza rising from the ashes",
            "Source: TRTWorld and agencies",
        ],
    },
    "003_684905c32e02510e.txt": {
        "site": "gvwire.com",
        "keep": [
            "Blinken off to Mideast to Push Peace Talks After Gaza Truce",
            "WASHINGTON — Secretary of State Antony Blinken will head to the Middle East on Monday",
            "The official said that could help create conditions for more stability.",
            "We have to start building back in concrete ways and offering some genuine hope",
        ],
        "drop": [
            "Please ensure Javascript is enabled",
            "gvw_ap_news",
            "By Associated Press",
            "Published 4 years ago on",
            "May 24, 2021",
            "Share\n",
            "Blinken to Focus on Immediate Aid Following Cease-Fire in Gaza",
            "Blinken Defends Biden Amid Criticism for His Response to Israel",
            "RELATED TOPICS",
            "DON'T MISS",
            "UP NEXT",
            "hours ago",
            "minutes ago",
            "Fresno Real Estate Experts",
            "Magic Happens When Kids and Adults Learn to Swim",
            "(Reuters) -Elon Musk’s electric vehicle company",
            "Tesla Settles Wrongful Death Lawsuit",
            "REUTERS",
            "(Fresno PD)",
            "Help continue the work",
            "Search",
            "Send this to a friend",
        ],
    },
    "004_8fffa6de58de6128.txt": {
        "site": "israelhayom.com",
        "keep": [
            "Blinken off to Mideast to push peace talks after Gaza truce",
            "Hamas killed Israeli civilians with its rockets",
            "he will not meet with any Hamas terrorists.",
            "The official said that could help create conditions for more stability.",
        ],
        "drop": [
            "By Associated Press",
            "Fearing Hamas coup, PA battles terror groups in Jenin",
            "'Israel can't trust terror-supporting PA for security,'",
            "\n>",
        ],
    },
}


def _body_paragraphs(text: str) -> list[str]:
    """Every piece of the input that reads as a body paragraph: 15+ words, ending a sentence."""
    pieces = []
    for line in normalise(text):
        for _, piece, _ in split_glued(line):
            if len(piece.split()) >= 15 and piece.rstrip("”’\"')").endswith((".", "?", "!")):
                pieces.append(piece)
    return pieces


@pytest.fixture(scope="module", params=sorted(PAGES))
def page(request, cleaner: Cleaner):
    name = request.param
    text = (CORPUS / name).read_text(encoding="utf-8")
    return name, text, cleaner.analyse(text)


def test_corpus_holds_the_seed_pages():
    assert sorted(p.name for p in CORPUS.glob("*.txt")) == sorted(PAGES)


def test_site_is_recognised_from_content(page):
    name, _, result = page
    assert result.site == PAGES[name]["site"]


def test_article_is_kept(page):
    name, _, result = page
    for text in PAGES[name]["keep"]:
        assert text in result.text, f"{name}: lost {text!r}"


def test_boilerplate_is_removed(page):
    name, _, result = page
    for text in PAGES[name]["drop"]:
        assert text not in result.text, f"{name}: kept {text!r}"


def test_every_body_paragraph_is_kept(page):
    """No sentence of the article is lost: every long sentence-like piece of the input
    survives, unless it is one of the page's known boilerplate items (captions, teasers)."""
    name, text, result = page
    boilerplate = PAGES[name]["drop"]
    for paragraph in _body_paragraphs(text):
        if any(junk.strip() in paragraph for junk in boilerplate):
            continue
        assert paragraph in result.text, f"{name}: lost {paragraph[:80]!r}"


def test_title_appears_once(page):
    name, _, result = page
    title = PAGES[name]["keep"][0]
    if result.text.startswith(title):  # pages whose first line is their title
        assert result.text.count(title) == 1


def test_generic_rules_alone_do_most_of_the_work(page, cleaner: Cleaner):
    """Without any site file, at least 90% of what the site rules remove still goes."""
    name, text, result = page
    generic = Cleaner.run(text, cleaner.rules_for(None))
    removed_with_site = sum(len(s.text) for s in result.removed)
    removed_generic = sum(len(s.text) for s in generic.removed)
    assert removed_generic >= 0.9 * removed_with_site, name


def test_snapshot(page, snapshot):
    name, _, result = page
    assert result.text == snapshot(name=name)
