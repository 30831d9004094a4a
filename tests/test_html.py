"""HTML input: decoding, what the DOM pipeline keeps and removes (with which rule), the
site file's HTML section, and pathological pages (deep nesting, many <br>)."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest

import cleaner
from cleaner import Cleaner, RuleError
from cleaner.html import decode_html, looks_like_html
from cleaner.html.depth import MAX_DEPTH, SCAN_ABOVE, _flatten, cap_depth
from cleaner.report import explain, findings

FIXTURES = Path(__file__).parent / "fixtures" / "html"
TRT = (FIXTURES / "trtworld_article.html").read_bytes()
BODY = (
    "The council approved the budget on Tuesday night after a long debate about the new "
    "library and the bus lanes, which will run through the centre of the town from next "
    "spring, and the mayor said that the work would start in May."
)


def codes_of(result, text: str) -> set[str]:
    return {h.code for s in result.removed if text in s.text for h in s.hits}


# --- decoding -----------------------------------------------------------------------------


def test_meta_charset_is_followed():
    page = '<html><head><meta charset="windows-1252"></head><body><p>Café “crème”</p>'
    assert "Café “crème”" in decode_html(page.encode("cp1252"))


def test_http_equiv_content_type_is_followed():
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">'
        "</head><body><p>Zażółć gęślą jaźń</p>"
    )
    assert "Zażółć gęślą jaźń" in decode_html(page.encode("iso-8859-2"))


def test_wrong_declaration_never_raises():
    latin = '<html><head><meta charset="utf-8"></head><body><p>Grüße aus Köln</p>'
    text = decode_html(latin.encode("latin-1"))  # declared UTF-8, but it is not
    assert "Köln" in text or "K" in text  # detected, or at worst replacement characters
    unknown = b'<meta charset="no-such-encoding"><p>plain</p>'
    assert "plain" in decode_html(unknown)


def test_mislabelled_utf8_is_read_as_utf8():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Grüße – “quoted”</p>'
    assert "Grüße – “quoted”" in decode_html(page.encode("utf-8"))


@pytest.mark.parametrize("declared", ["Shift_JIS", "EUC-JP", "GBK", "Big5", "EUC-KR"])
def test_utf8_mislabelled_as_a_multi_byte_encoding_is_read_as_utf8(declared):
    words = "Le café et la crème brûlée sont très appréciés, dit-il mardi."
    assert words.encode("utf-8").decode(declared)  # the declaration would not fail: mojibake
    page = f'<html><head><meta charset="{declared}"></head><body><p>{words}</p>'
    assert words in decode_html(page.encode("utf-8"))


def test_a_page_declared_in_a_multi_byte_encoding_is_read_in_it():
    words = "東京都の道路は火曜日に再開されたと市長は記者団に語った。"
    for declared in ("Shift_JIS", "EUC-JP", "ISO-2022-JP"):
        page = f'<html><head><meta charset="{declared}"></head><body><p>{words}</p>'
        assert words in decode_html(page.encode(declared))


@pytest.mark.parametrize("declared", ["", '<meta charset="windows-1252">'])
def test_a_utf8_page_with_a_stray_byte_is_read_as_utf8(declared):
    words = "It’s the council’s budget, they said: “we’re done” — it’s over."
    page = f"<html><head>{declared}</head><body><p>{words}</p><p>Caf\x00 au lait</p>"
    data = page.encode("utf-8").replace(b"\x00", b"\xe9")  # one cp1252 byte in UTF-8
    text = decode_html(data)
    assert words in text and "Caf\ufffd au lait" in text


@pytest.mark.parametrize("bom", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_byte_order_mark_wins(bom):
    encoding = {codecs.BOM_UTF8: "utf-8", codecs.BOM_UTF16_LE: "utf-16-le"}.get(bom, "utf-16-be")
    page = '<html><head><meta charset="windows-1252"></head><body><p>Łódź</p>'
    text = decode_html(bom + page.encode(encoding))
    assert "Łódź" in text and not text.startswith("\ufeff")


def test_looks_like_html():
    assert looks_like_html(b"<!DOCTYPE html><html><body>x</body></html>")
    assert looks_like_html(b"  \n<html lang='en'><p>x")
    assert looks_like_html(codecs.BOM_UTF8 + b"<div class='a'>x</div>")
    assert looks_like_html(codecs.BOM_UTF16_LE + "<html><body>x".encode("utf-16-le"))
    assert looks_like_html(b"<!-- saved page --><p>Hello</p>")
    assert not looks_like_html(b"Skip links\nSkip to Content\nThe council met on Monday.\n")
    assert not looks_like_html(b"a < b and c > d are comparisons, not tags")


# --- one corpus page's structure as HTML --------------------------------------------------


@pytest.fixture(scope="module")
def trt():
    return cleaner.analyse_html(TRT)


def test_article_text_is_kept_in_order(trt):
    out = trt.text
    kept = [
        "Blinken heads to Middle East to shore up Gaza ceasefire",
        "US Secretary of State Antony Blinken is heading to the Middle East to press",
        "US Secretary of State Antony Blinken is heading for the Middle East to meet",
        "US President Joe Biden announced Blinken would depart on Monday",
        "His trip will not include a meeting with Hamas, who run besieged Gaza.",
        "'Immediate assistance'",
        "Israeli strikes on Gaza this month killed 248 Palestinians",
        "Criticism over initial inaction",
        "Gaza has been ruled by Hamas since a 2006 election",
        "Israel blockaded Gaza in 2007 by sea, air and land",
        "Ramallah, on Tuesday afternoon, with President Mahmoud Abbas",
    ]
    positions = [out.index(text) for text in kept]
    assert positions == sorted(positions)


def test_boilerplate_goes_with_its_rule(trt):
    expected = {
        "Skip to content": "HTM002",  # .sr-only
        "Americas": "HTM003",  # the banner and its menu
        "Search TRT World": "HTM003",
        "We use cookies": "HTM008",
        "Share on Facebook": "HTM006",
        "at Harpa Concert Hall": "HTM012",  # the caption
        "googletag.cmd.push": "HTM001",
        "Advertisement": "HTM008",
        "READ MORE: Hamas-Israel ceasefire": "HTM010",  # a paragraph of link text
        "Source: TRTWorld and agencies": "SRC001",  # the text rules run on the blocks
        "Erdogan meets Biden": "HTM004",
        "UN calls for 'political process'": "HTM004",
        "Great article": "HTM007",
        "All rights reserved": "HTM005",
        "window.dataLayer": "HTM001",
    }
    for text, code in expected.items():
        assert text not in trt.text, text
        assert code in codes_of(trt, text), (text, codes_of(trt, text))


def test_output_format_matches_text_input(trt):
    out = trt.text
    assert out.endswith("\n") and not out.endswith("\n\n")
    assert "\n\n\n" not in out
    assert all(line == line.strip() for line in out.splitlines())
    assert cleaner.clean_html(TRT) == out


def test_a_double_br_separates_blocks_a_single_one_does_not(trt):
    blocks = trt.text.split("\n\n")
    assert any(b.startswith("Israel blockaded Gaza in 2007") for b in blocks)
    page = f"<html><body><p>{BODY}<br>Second line of the same paragraph.</p></body></html>"
    assert cleaner.clean_html(page).count("\n\n") == 0


def test_explain_and_findings_work_on_html(trt):
    rows = list(explain(trt))
    assert len(rows) >= len(trt.document.lines)
    assert any("drop  [HTM003" in row for row in rows)
    assert all(s.hits for s in trt.removed)
    lines = [s.line for s in trt.segments]
    assert lines == sorted(lines) and lines[0] >= 1
    assert all(f.startswith("page.html:") for f in findings(trt, "page.html"))


def test_json_ld_article_body_is_evidence():
    links = " ".join(f"<a href='/{n}'>Story number {n}</a>" for n in range(8))
    page = (
        '<html><head><script type="application/ld+json">'
        '{"@graph": [{"@type": "NewsArticle", "articleBody": "The vote was close: nine to eight."}]}</script>'
        f"</head><body><p>{BODY}</p><div>{links}</div><p>The vote was close: nine to eight.</p>"
        "</body></html>"
    )
    out = cleaner.clean_html(page)
    assert "The vote was close" in out and "Story number" not in out


def test_a_token_never_removes_the_article():
    page = f"<html><body><div class='page-with-sidebar'><p>{BODY}</p><p>{BODY}</p></div>"
    page += "<div class='sidebar'><p>Other things to read this week in the town.</p></div>"
    result = cleaner.analyse_html(page)
    assert BODY in result.text
    assert "Other things to read" not in result.text


def test_an_article_element_with_a_boilerplate_token_outweighed_by_comments_stays():
    # WordPress puts the post's categories in its class ("category-no-newsletter"), and a
    # comment thread and an author box can hold more prose than the post itself.
    comment = (
        "I baked this on Sunday for my family and everybody loved it, so thank you very "
        "much for the recipe, which I will make again when the lemons are in season."
    )
    page = (
        "<html><body><main><article class='post category-no-newsletter'>"
        f"<p>{BODY}</p><p>{BODY.replace('council', 'committee')}</p></article>"
        "<div class='comments'>"
        + "".join(f"<p>{n}. {comment}</p>" for n in range(3))
        + "</div><div><p>She has been writing about the town and its people for the paper "
        "since 2009, and she lives there with her family and their two dogs.</p></div>"
        "</main></body></html>"
    )
    result = cleaner.analyse_html(page)
    assert BODY in result.text
    assert "I baked this" not in result.text
    assert codes_of(result, "I baked this") == {"HTM007"}


def test_a_hidden_schema_org_copy_is_evidence_not_output():
    # "10 things to know today": every item of the article is a link. The page also carries
    # the whole article once more in hidden schema.org markup, for machines.
    items = [
        f"Story {n}: the council has approved a plan for the new library and the bus lanes"
        for n in range(6)
    ]
    listed = "".join(f"<li><a href='/story/{n}'>{item}.</a></li>" for n, item in enumerate(items))
    copy = " ".join(f"{item}." for item in items)
    page = (
        f"<html><body><div class='content'><ul>{listed}</ul></div>"
        "<div style='display:none' itemscope itemtype='http://schema.org/NewsArticle'>"
        f"<div itemprop='headline'>Six things</div><div itemprop='articleBody'>{copy}</div>"
        "</div></body></html>"
    )
    result = cleaner.analyse_html(page)
    for item in items:
        assert result.text.count(item) == 1
    assert "Six things" not in result.text
    assert codes_of(result, "Six things") == {"HTM002"}


def test_html_rules_are_listed_and_switchable():
    book = Cleaner().rulebook
    codes = {r.code for r in book.generic}
    assert {f"HTM{n:03d}" for n in range(1, 13)} <= codes
    no_nav = Cleaner(ignore=["HTM003"]).analyse_html(TRT)
    assert "HTM003" not in {h.code for s in no_nav.removed for h in s.hits}


# --- the site file's HTML section ---------------------------------------------------------

SITE_FILE = """\
site: example.com
match: {domains: [example.com]}
html:
  drop: [".byline-box", "p.kicker"]
  main: "#story"
  ignore: [SRC001]
rules: []
"""


def test_site_html_section(tmp_path):
    (tmp_path / "example.com.yaml").write_text(SITE_FILE, encoding="utf-8")
    site_cleaner = Cleaner(rules_dirs=[tmp_path])
    page = (
        f"<html><body><div id='story'><p class='kicker'>Exclusive</p><p>{BODY}</p>"
        "<div class='byline-box'>Jane Doe writes about the town council for the paper.</div>"
        f"</div><div><p>{BODY.replace('council', 'board')}</p></div></body></html>"
    )
    result = site_cleaner.analyse_html(page, url="https://www.example.com/a")
    assert result.site == "example.com"
    assert BODY in result.text
    assert "SITE:example.com/html-drop" in codes_of(result, "Jane Doe writes")
    assert "SITE:example.com/html-drop" in codes_of(result, "Exclusive")
    assert "HTM011" in codes_of(result, "The board approved")  # outside the site's main element
    source = page.replace("</div><div>", "<p>Source: agencies</p></div><div>")
    assert "Source: agencies" in site_cleaner.clean_html(source, site="example.com")
    assert "Source: agencies" not in site_cleaner.clean_html(source)  # SRC001 on other sites


def test_bad_selector_is_a_rule_error(tmp_path):
    (tmp_path / "example.com.yaml").write_text(
        SITE_FILE.replace('"#story"', '"div[["'), encoding="utf-8"
    )
    with pytest.raises(RuleError, match=r"example.com.yaml:5: html.main: invalid CSS selector"):
        Cleaner(rules_dirs=[tmp_path])
    (tmp_path / "example.com.yaml").write_text(
        SITE_FILE.replace("SRC001", "XYZ999"), encoding="utf-8"
    )
    with pytest.raises(RuleError, match=r"html.ignore\[0\]: no generic rule has the code"):
        Cleaner(rules_dirs=[tmp_path])


# --- pathological pages: linear time, no recursion ----------------------------------------


def test_deeply_nested_page():
    depth = 10_000
    page = "<html><body>" + "<div><span>" * depth + f"<p>{BODY}</p>" + "</span></div>" * depth
    assert BODY in cleaner.clean_html(page)


def test_nesting_is_capped_before_parsing_and_no_text_is_lost():
    # Parsers take n² steps on pages nested n deep; the tags below MAX_DEPTH go, the text stays.
    levels = MAX_DEPTH + 3000
    page = "<body><div>" + "<div><b>" * levels + BODY + "</b></div>" * levels + "<p>End.</p>"
    capped = cap_depth(page)
    assert capped.count("<body>") + capped.count("<div>") + capped.count("<b>") == MAX_DEPTH
    # Every end tag of a start tag taken out goes too (the outer <div> is never closed).
    assert capped.count("<div>") == capped.count("</div>") + 1 and capped.count(
        "<b>"
    ) == capped.count("</b>")
    assert BODY in capped and capped.endswith("</div><p>End.</p>")
    assert BODY in cleaner.clean_html(page)


def test_pages_that_are_not_deep_are_left_as_they_are():
    # Unclosed <p> and <li>, void elements, and tags inside comments and scripts don't nest.
    rows = "".join(f"<li><p>item {n}<br><img src=x.png>" for n in range(3000))
    script = "<script>var s = '" + "<div>" * 3000 + "';</script><!--" + "<div>" * 3000 + "-->"
    page = f"<body><div><ul>{rows}</ul></div>{script}<div>{BODY}</div></body>"
    assert cap_depth(page) is page
    with_comment_and_script = "<div>" * (MAX_DEPTH - 1) + script + "</div>" * (MAX_DEPTH - 1)
    assert with_comment_and_script.count("<") > SCAN_ABOVE
    assert _flatten(with_comment_and_script) == with_comment_and_script


def test_tags_that_never_close_are_walked_in_linear_time():
    # "<a<a<a…" with no ">": each "<" was tried again up to the end, the name's and the
    # attributes' runs against each other (113 s for 8 KB). Now a few milliseconds.
    def walk(count: int) -> float:
        page = "<div>" * (MAX_DEPTH + 1) + "<a" * count
        started = time.perf_counter()
        assert _flatten(page).endswith("<a" * count)
        return time.perf_counter() - started

    small, large = min(walk(500) for _ in range(3)), walk(4_000)
    assert large < 24 * small + 0.25, f"{small:.3f} s, then {large:.3f} s for 8 times as much"
    page = "<p>" + "<a" * 3_000 + f"</p><p>{BODY}</p>"
    assert BODY in cleaner.clean_html(page)
    # A tag's name ends at a space, a slash or ">", as before: <i\ty> and </i > go (too deep),
    # <b/> stays (closes itself), the comment's <div> is no tag.
    assert _flatten("<div>" * 600 + "<b/>x<i\ty>z</i ><!-- <div> -->end") == (
        "<div>" * MAX_DEPTH + "<b/>xz<!-- <div> -->end"
    )


def test_many_br():
    page = f"<html><body><p>{BODY}</p>" + "<br>" * 45_000 + f"<p>{BODY}</p></body></html>"
    assert BODY in cleaner.clean_html(page)
    many = "<html><body>" + "<br><br>".join(["short line"] * 20_000) + "</body></html>"
    cleaner.analyse_html(many)  # 20,000 short blocks: no error


def test_empty_and_broken_pages():
    for page in (b"", b"<html>", b"<body></body>", b"\xff\xfe\x00", "<p>unclosed <b>bold"):
        assert isinstance(cleaner.clean_html(page), str)


def test_a_lead_above_the_article_element_stays_across_a_byline_and_links():
    lead = (
        "The town will spend more on its library and its buses next year, and less on roads, "
        "after a vote that split the council down the middle."
    )
    page = (
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<h1>Council passes the budget</h1><div class='standfirst'><p>{lead}</p></div>"
        "<div class='byline'>By Jane Smith</div><div class='tools'><a href='/s/1'>Facebook</a> "
        "<a href='/s/2'>Twitter</a> <a href='/s/3'>Email</a></div>"
        f"<article>{f'<p>{BODY}</p>' * 4}</article></body></html>"
    )
    result = cleaner.analyse_html(page)
    assert lead in result.text and BODY in result.text
    assert "By Jane Smith" not in result.text and "Twitter" not in result.text


def test_scored_mode_judges_blocks_with_the_block_scorer():
    menu = "".join(f"<li><a href='/{n}'>Section {n}</a></li>" for n in range(8))
    page = (
        f"<html><body><ul>{menu}</ul><article>{f'<p>{BODY}</p>' * 3}</article>"
        "<div><a href='/more'>More stories from the town</a></div></body></html>"
    )
    rules = cleaner.analyse_html(page)
    scored = Cleaner(mode="scored").analyse_html(page)
    assert BODY in scored.text and "Section 3" not in scored.text
    assert "More stories" not in scored.text
    codes = {hit.code for segment in scored.removed for hit in segment.hits}
    assert "HTM013" in codes and not codes & {"HTM010", "HTM011"}
    detail = next(h.detail for s in scored.removed for h in s.hits if h.code == "HTM013")
    assert detail.startswith("score 0.")
    assert {h.code for s in rules.removed for h in s.hits} & {"HTM010", "HTM011"}


@pytest.mark.parametrize("mode", ["rules", "scored"])
def test_a_lead_in_a_teaser_class_stays(mode):
    lead = (
        "Die Stadt gibt im kommenden Jahr mehr für ihre Bibliothek und ihre Busse aus, und "
        "weniger für die Straßen, nach einer Abstimmung, die den Rat in zwei Hälften teilte."
    )
    body = (
        "Der Rat hat den Haushalt am Dienstagabend nach einer langen Debatte über die neue "
        "Bibliothek und die Busspuren beschlossen, die im nächsten Frühjahr durch die Mitte der "
        "Stadt führen werden, und der Bürgermeister sagte, die Arbeiten würden im Mai beginnen."
    )
    page = (
        "<html><body><div class='news-single'><h1>Rat beschließt den Haushalt</h1>"
        f"<div class='teaser-text'><p>{lead}</p></div>{f'<p>{body}</p>' * 3}</div>"
        "</body></html>"
    )
    assert lead in Cleaner(mode=mode).clean_html(page)


@pytest.mark.parametrize("mode", ["rules", "scored"])
def test_the_body_is_never_taken_for_a_menu(mode):
    """Themes write layout flags into the body's class ("et_fixed_nav"); on a page without
    prose (a results table) nothing outweighs the flag, and the page once lost every line."""
    rows = "".join(
        f"<tr><td>{n}.</td><td>{club}</td><td>5{n},84 sec.</td></tr>"
        for n, club in enumerate(["LG Staufeneck", "LSG Aalen", "TS Göppingen"], start=1)
    )
    html = f'<html><body class="single-post et_fixed_nav"><table>{rows}</table></body></html>'
    result = Cleaner(mode=mode).analyse_html(html)
    for club in ("LG Staufeneck", "LSG Aalen", "TS Göppingen"):
        assert club in result.text
    assert not any(hit.code == "HTM003" for s in result.segments for hit in s.hits)
