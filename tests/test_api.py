from __future__ import annotations

import pickle

import pytest

import cleaner
from cleaner import Cleaner

from .conftest import CORPUS

PAGE = (CORPUS / "002_b738ddf7ea14594f.txt").read_text(encoding="utf-8")


def test_clean_returns_text():
    out = cleaner.clean("Share\n\nThe council approved the budget on Tuesday night.\n")
    assert out == "The council approved the budget on Tuesday night.\n"


def test_analyse_reports_every_removed_segment_with_its_rule():
    result = cleaner.analyse(PAGE)
    assert result.site == "trtworld.com"
    assert result.text == cleaner.clean(PAGE)
    read_more = [s for s in result.removed if s.text.startswith("READ MORE")]
    assert read_more and all(s.hits[0].code == "TSR002" for s in read_more)
    assert all(s.hits for s in result.removed)
    assert [s.line for s in result.segments] == sorted(s.line for s in result.segments)


def test_nothing_leaves_without_a_code():
    for page in CORPUS.glob("*.txt"):
        for segment in cleaner.analyse(page.read_text(encoding="utf-8")).removed:
            assert all(hit.code and hit.name for hit in segment.hits)


def test_site_by_url_and_by_name():
    assert cleaner.analyse(PAGE, url="https://www.trtworld.com/americas/x").site == "trtworld.com"
    assert cleaner.analyse(PAGE, site="gvwire.com").site == "gvwire.com"
    assert cleaner.analyse(PAGE, url="https://unknown.example/").site is None
    with pytest.raises(KeyError, match="unknown site 'nope'"):
        cleaner.analyse(PAGE, site="nope")


def test_site_by_fingerprints_the_one_with_most_found_wins(tmp_path):
    for name, fingerprints, least in (
        ("one.example", ["Brought to you by Acme"], 1),
        ("two.example", ["(?m)^Acme News$", "Brought to you by Acme"], 2),
    ):
        (tmp_path / f"{name}.yaml").write_text(
            f"site: {name}\nmatch: {{fingerprints: {fingerprints!r}, min_fingerprints: {least}}}\n",
            encoding="utf-8",
        )
    sites = Cleaner(rules_dirs=(tmp_path,))
    body = "The council approved the budget on Tuesday night.\n"
    assert sites.analyse(body + "Brought to you by Acme\n").site == "one.example"
    assert sites.analyse("Acme News\n" + body + "Brought to you by Acme\n").site == "two.example"
    assert sites.analyse("Acme News\n" + body).site is None  # two.example needs both
    assert sites.analyse(body + "Acme News is here\n").site is None  # (?m)^…$: a line of its own
    assert pickle.loads(pickle.dumps(sites)).analyse(body + "by Acme").site is None


def test_ignore_and_select_rule_codes():
    text = "Share\n\nREAD MORE: Other story\n\nThe council approved the budget on Tuesday night.\n"
    assert "Share" in Cleaner(ignore=("SHR",)).clean(text)
    assert Cleaner(ignore="SHR").ignore == ("SHR",)  # one code, not its letters
    only_teasers = Cleaner(select=("TSR",)).clean(text)
    assert "Share" in only_teasers and "READ MORE" not in only_teasers


def test_site_file_switches_off_a_generic_rule(tmp_path):
    (tmp_path / "s.yaml").write_text(
        "site: quiet.example\nmatch: {domains: [quiet.example]}\nignore: [SHR001]\n",
        encoding="utf-8",
    )
    text = "Share\n\nThe council approved the budget on Tuesday night.\n"
    assert "Share" in Cleaner(rules_dirs=(tmp_path,)).clean(text, url="http://quiet.example/a")
    assert "Share" not in Cleaner(rules_dirs=(tmp_path,)).clean(text)


def test_cleaner_is_picklable_for_worker_processes():
    built = Cleaner()
    copy = pickle.loads(pickle.dumps(built))
    assert copy.clean(PAGE) == built.clean(PAGE)


def test_empty_and_blank_input():
    assert cleaner.clean("") == ""
    assert cleaner.clean("  \n\u00a0\n\n") == ""


@pytest.mark.parametrize("mode", ["rules", "scored"])
def test_lone_surrogates_become_replacement_characters(mode):
    """A str may hold surrogates that no UTF-8 text can: a lone one is read as U+FFFD, a pair
    as the character it encodes, in every entry point and in both modes."""
    built = Cleaner(mode=mode)
    assert built.clean("\udcff") == ""  # a line of one symbol, like any other (SYM001)
    assert [s.text for s in built.analyse("\ud800").segments] == ["\ufffd"]
    text = "The council met on Tuesday \ud800 night, and \ud83d\ude00 voted.\n"
    want = "The council met on Tuesday \ufffd night, and \U0001f600 voted.\n"
    assert built.clean(text) == want
    assert built.analyse(text).text == want
    assert built.clean_html(f"<p>{text}</p>") == want
    assert built.analyse_html(f"<p>{text}</p>").text == want
    assert Cleaner.run(text, built.plan(None).rules).text == want
    if mode == "rules":
        assert cleaner.clean(text) == cleaner.analyse(text).text == want
        assert cleaner.clean_html(f"<p>{text}</p>") == cleaner.analyse_html(text).text == want


GREEDY_SITE = """\
site: greedy.example
match: {domains: [greedy.example]}
rules:
  - name: anything
    kind: drop
    description: A mistaken pattern that matches every line.
    patterns: ['.+']
"""


def test_a_rule_file_that_would_wipe_a_page_leaves_it_unchanged(tmp_path):
    (tmp_path / "greedy.yaml").write_text(GREEDY_SITE, encoding="utf-8")
    greedy = Cleaner(rules_dirs=(tmp_path,))
    result = greedy.analyse(PAGE, url="https://greedy.example/story")
    assert result.text == PAGE
    assert "greedy.yaml would remove" in result.withheld
    assert "(more than 80%)" in result.withheld
    # The same rules, with the guard off, do what they say; other sites are not affected.
    assert Cleaner(rules_dirs=(tmp_path,), max_removed=None).clean(PAGE, url="greedy.example") == ""
    assert greedy.analyse(PAGE).withheld is None


HTML_PAGE = """<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article>
<p>The council voted on Tuesday to widen the bridge, after two years of studies and hearings.</p>
<p>Work starts in the spring and the road stays open to traffic for most of the time.</p>
</article></body></html>"""


def test_a_rule_file_that_would_wipe_an_html_page_is_withheld_for_it(tmp_path):
    (tmp_path / "greedy.yaml").write_text(GREEDY_SITE, encoding="utf-8")
    greedy = Cleaner(rules_dirs=(tmp_path,))
    result = greedy.analyse_html(HTML_PAGE, url="https://greedy.example/story")
    assert "greedy.yaml would remove" in result.withheld
    # Markup can't be given back as text: the page comes out as the built-in rules clean it.
    assert result.text == Cleaner().clean_html(HTML_PAGE)
    assert "widen the bridge" in result.text and "Home" not in result.text
    assert (
        Cleaner(rules_dirs=(tmp_path,), max_removed=None).clean_html(
            HTML_PAGE, url="greedy.example"
        )
        == ""
    )


HALF_SITE = """\
site: halves.example
match: {domains: [halves.example]}
rules:
  - name: alpha-lines
    kind: drop
    description: A mistaken pattern that takes the lines about Alpha.
    patterns: ['Alpha .+']
"""
HALF_USER = """\
rules:
  - code: USR001
    name: beta-lines
    kind: drop
    description: A mistaken pattern that takes the lines about Beta.
    patterns: ['Beta .+']
"""
HALVES = (
    "Alpha council members voted on Tuesday to widen the old bridge after two years.\n\n"
    "Beta work starts in the spring and the road stays open to traffic most of the time.\n\n"
    "Alpha residents asked for a footpath on both sides, and the council agreed to it.\n\n"
    "Beta engineers expect the new deck to last a century with little upkeep at all.\n"
)


def test_rule_files_that_together_would_wipe_a_page_leave_it_unchanged(tmp_path):
    # Each file takes half the words, under the guard's 80%; together they take them all.
    (tmp_path / "halves.yaml").write_text(HALF_SITE, encoding="utf-8")
    (tmp_path / "user.yaml").write_text(HALF_USER, encoding="utf-8")
    url = "https://halves.example/story"
    unguarded = Cleaner(rules_dirs=(tmp_path,), max_removed=None)
    assert unguarded.clean(HALVES, url=url) == ""
    assert "Alpha" in unguarded.clean(HALVES) and "Beta" not in unguarded.clean(HALVES)
    guarded = Cleaner(rules_dirs=(tmp_path,))
    result = guarded.analyse(HALVES, url=url)
    assert result.text == HALVES
    assert str(tmp_path / "halves.yaml") in result.withheld
    assert str(tmp_path / "user.yaml") in result.withheld
    assert "together would remove 100% of its words (more than 80%)" in result.withheld
    assert guarded.analyse(HALVES).withheld is None  # the user file alone takes half
    html = (
        "<html><body>"
        + "".join(f"<p>{line}</p>" for line in HALVES.split("\n\n"))
        + "</body></html>"
    )
    assert unguarded.clean_html(html, url=url) == ""
    page = guarded.analyse_html(html, url=url)
    assert "together would remove" in page.withheld
    assert page.text == Cleaner().clean_html(html)  # the built-in rules alone
    assert "Alpha council" in page.text and "Beta work" in page.text


def test_max_removed_must_be_a_share():
    with pytest.raises(ValueError, match="max_removed"):
        Cleaner(max_removed=1.5)
