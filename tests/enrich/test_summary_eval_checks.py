"""bench/summary_eval.py's dangling-opener check reads a name followed by its verb as a name
("The Steelers spent Monday ...") and lets the article's lead (its first prose sentence, after
a marker line or the repeated headline) open with a description, as it does sentence 0."""

from __future__ import annotations

from bench.summary_eval import _content, check, dangling, first_prose
from bot.enrich import sentence_spans

CONTEXT = _content("Harbour board approves ferry fares")


def test_a_name_then_its_verb_is_not_a_dangling_description() -> None:
    for name in ("The Harbourmen spent", "The State Department released", "The Obamas cut"):
        assert not dangling(f"{name} Monday on the ferry plan.", 4, set(), CONTEXT), name
    # descriptions still need an antecedent
    for described in (
        "The Texas senator spent Monday on the ferry plan.",
        "The embattled chairman resigned on Monday.",
        "The Republican Party’s presumed nominee spent Monday on the plan.",
        "The Inland Democrat spent Monday on the plan.",
        "The Coastal Senator lost his seat on Monday.",
    ):
        assert dangling(described, 4, set(), CONTEXT), described


def test_the_lead_after_a_marker_or_the_repeated_headline_may_open_with_a_description() -> None:
    title = "Harbour board approves ferry fares"
    for head in ("ABSTRACT.", f"{title}."):
        text = (
            f"{head}\n\nThe port authority will raise fares by a tenth in spring.\n\n"
            "Crossings rose last year. The authority said the boats are old."
        )
        spans = sentence_spans(text)
        sentences = [text[a:b] for a, b in spans]
        assert first_prose(sentences, title) == 1
        lead = sentences[1]
        assert check(text, title, [lead], spans)["dangling opener"] == 0
        # a later description with nothing before it in the summary is still dangling
        assert check(text, title, [sentences[-1]], spans)["dangling opener"] == 1
