"""Every rule's own cases (in its YAML entry) and every site file's tests, run as data.

A `drop` string must leave the output, and the rule under test must be among the rules that
removed it, so a case can't pass thanks to another rule alone.
"""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.rulebook import builtin_rules_dir, load_rulebook

BOOK = load_rulebook([builtin_rules_dir()])
# A case is a few lines built around one rule: the guard against rule files that remove most
# of a document (Cleaner.max_removed) is for whole pages, and is tested on its own.
CASE_CLEANERS = {mode: Cleaner(mode=mode, max_removed=None) for mode in ("rules", "scored")}

RULE_CASES = [
    pytest.param(rule, case, id=f"{rule.code}-{n}")
    for rule in BOOK.all_rules
    for n, case in enumerate(rule.cases)
]
SITE_TESTS = [
    pytest.param(site, case, id=f"{site.name}-{n}")
    for site in BOOK.sites
    for n, case in enumerate(site.tests)
]


def _check(result, case, code_prefix: str):
    output = result.text
    for text in case.keep:
        assert text in output, f"{text!r} must be kept"
    for text in case.drop:
        assert text not in output, f"{text!r} must be removed"
        hit_by = {
            hit.code for segment in result.removed if text in segment.text for hit in segment.hits
        }
        assert any(code.startswith(code_prefix) for code in hit_by), (
            f"{text!r} was removed by {sorted(hit_by)}, not by {code_prefix}"
        )


@pytest.mark.parametrize(("rule", "case"), RULE_CASES)
def test_rule_case(rule, case):
    site = rule.origin.removeprefix("site:") if rule.origin.startswith("site:") else None
    chosen = CASE_CLEANERS[rule.mode or "rules"]
    analyse = chosen.analyse_html if rule.html is not None else chosen.analyse
    result = analyse(case.input, url=case.url, site=site)
    _check(result, case, rule.code)


@pytest.mark.parametrize(("site", "case"), SITE_TESTS)
def test_site_case(site, case):
    result = CASE_CLEANERS["rules"].analyse(case.input, url=case.url, site=site.name)
    _check(result, case, "")


def test_every_rule_has_a_case():
    missing = [r.code for r in BOOK.generic if not r.cases]
    assert not missing, f"generic rules without cases: {missing}"


def test_every_site_has_tests_and_its_rules_fire():
    for site in BOOK.sites:
        assert site.tests, f"{site.name} has no tests"
        for rule in site.rules:
            hit = any(
                rule.code
                in {
                    h.code
                    for s in Cleaner.run(case.input, [*BOOK.generic, *site.rules]).removed
                    for h in s.hits
                }
                for case in site.tests
            )
            assert hit, f"{rule.code} matched nothing in its site's tests"
