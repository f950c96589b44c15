"""Every named attribution rule attributes the sentence it was written for (issue 19).

The rules in `quote_rules.RULES` are what `newsbot preview --explain` names; each carries an
invented example sentence, and this test runs it: the rule, by its name, must give a quote
in its example a speaker. A rule renamed in the code but not in the table, or an example
that some other rule now takes, fails here.
"""

from __future__ import annotations

import pytest

from bot.enrich.clean import clean_text
from bot.enrich.quote_rules import FAMILIES, FOUND_BY, RULES
from bot.enrich.quotes import find_quotes


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_rule_attributes_its_own_example(name: str) -> None:
    rule = RULES[name]
    assert rule.family in FAMILIES
    quotes = find_quotes(clean_text(rule.example))
    by = {q.attributed_by for q in quotes if q.speaker is not None}
    assert name in by, (name, [(q.text, q.speaker, q.attributed_by) for q in quotes])
    assert all(q.found_by in FOUND_BY for q in quotes)
    assert all(0.0 < q.confidence <= 1.0 for q in quotes if q.speaker is not None)


def test_every_attribution_names_a_rule_of_the_table() -> None:
    text = clean_text(
        "“We will rebuild,” Lia Park said. “The town deserves it.”\n\n"
        "Tom Berg disagreed. He said the plan was “a waste of money.”\n\n"
        "“Nobody asked us,” said a fisherman, Sam Reed."
    )
    quotes = find_quotes(text)
    assert len(quotes) == 4
    assert all(q.attributed_by in RULES for q in quotes)
