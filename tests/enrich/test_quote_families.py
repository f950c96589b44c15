"""The cue finders live in the module of their rule's family, and each family module's
docstring names the rules it holds, so a reader can go from `preview --explain`'s rule name to
its code (issue 19: "group cues and patterns so that a newcomer ... finds the rule")."""

from __future__ import annotations

import importlib

from bot.enrich import quote_cues
from bot.enrich.quote_rules import FAMILIES, RULES

MODULE_OF_FAMILY = {
    "cue after the quote": "bot.enrich.quote_cues_after",
    "cue before the quote": "bot.enrich.quote_cues_before",
    "subject of the quote's sentence": "bot.enrich.quote_cues_subject",
}


def test_every_cue_finder_lives_in_its_family_module_and_is_named_there() -> None:
    finders = [rule for rule in RULES.values() if callable(getattr(quote_cues, rule.name, None))]
    assert len(finders) >= 15  # the named rules that are functions, not branches of `quotes`
    assert set(MODULE_OF_FAMILY) <= set(FAMILIES)
    for rule in finders:
        module = MODULE_OF_FAMILY[rule.family]
        assert getattr(quote_cues, rule.name).__module__ == module, rule.name
        assert f"`{rule.name}`" in (importlib.import_module(module).__doc__ or ""), rule.name


def test_the_label_family_has_its_own_module() -> None:
    label = importlib.import_module("bot.enrich.quote_cues_label")
    assert quote_cues.LABEL_RE is label.LABEL_RE
    assert "`label`" in (label.__doc__ or "")
    assert RULES["label"].family == "label or sign-off"


def test_quote_cues_still_exports_what_it_did() -> None:
    for name in ("Mention", "mention_of", "from_match", "head_cue", "tail_cue", "words_of"):
        assert name in quote_cues.__all__ and hasattr(quote_cues, name)
