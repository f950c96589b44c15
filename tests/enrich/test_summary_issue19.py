"""Summaries never worse than the lead (issue 19), on articles written for these tests.

Each test is a pattern a news editor saw go wrong: a short, weak sentence from far down slotted
in when the next lead sentence did not fit, a dek and a lead saying the same thing, marker
lines and datelines, sentences from inside someone's quote, references with nothing to refer to.
"""

from __future__ import annotations

from bot.enrich import enrich_article, split_sentences, summarize
from bot.enrich.summary import opens_with_pronoun

# A lead of ~250 characters, a second sentence of ~200 (both will not fit under 400), then
# ordinary story, and far down a short "declined to comment" line and a holiday notice.
FERRY = (
    "The Casco Bay ferry authority will cut its winter schedule to four crossings a day "
    "starting in January, after a year in which fuel costs rose by a third and two of its "
    "five boats spent months in dry dock for repairs to their hulls and engines.\n\n"
    "The cuts will fall hardest on the roughly 900 island residents who take the early boat "
    "to jobs on the mainland, and on the school district, which ferries 140 pupils across "
    "the bay every weekday morning.\n\n"
    "Board members voted 5-2 for the plan after a three-hour meeting on Thursday night in "
    "which dozens of islanders spoke against it, many of them holding signs and photographs "
    "of the boats.\n\n"
    "Ridership has fallen every year since the pandemic, and fares now cover only 58 percent "
    "of the authority's operating budget, according to figures presented by its finance "
    "director at the meeting.\n\n"
    "Islanders asked the board to delay the vote until the state settles its transport "
    "budget in the spring, which could restore some of the money that was cut from the "
    "ferry service last year.\n\n"
    "The board said it would review the winter schedule again in April if ridership rises, "
    "and that it would ask the state for an emergency grant to keep the early boat running.\n\n"
    "Harbor pilots have warned for years that the fleet was ageing.\n\n"
    "The ferry company's owner declined to comment.\n\n"
    "The terminal is closed on Monday for the holiday.\n\n"
    "Tickets for the summer season go on sale in March."
)


def _positions(result_text: str, summary: tuple[str, ...]) -> list[int]:
    sentences = split_sentences(result_text)
    return [next(i for i, s in enumerate(sentences) if s.endswith(x)) for x in summary]


def test_no_short_weak_sentence_from_far_down_when_the_next_lead_sentence_does_not_fit() -> None:
    result = enrich_article("Ferry cuts winter crossings", FERRY, summary_chars=400)
    assert result.summary[0].startswith("The Casco Bay ferry authority will cut")
    text = result.summary_text
    assert "declined to comment" not in text
    assert "closed on Monday" not in text
    assert "Tickets for the summer" not in text
    assert "Harbor pilots" not in text
    positions = _positions(result.text, result.summary)
    sentences = split_sentences(result.text)
    assert all(p < 2 * len(sentences) / 3 for p in positions)
    assert len(text) <= 400


def test_never_ends_on_a_no_comment_or_cliffhanger_line_even_when_early() -> None:
    article = (
        "A harbor crane collapsed onto a cargo ship in Port Alden on Friday, injuring two "
        "dock workers and closing the container terminal for the weekend.\n\n"
        "A spokeswoman for the crane's owner, Norrland Lifting, did not respond to a request "
        "for comment.\n\n"
        "Whether the terminal reopens on Monday remains to be seen.\n\n"
        "Investigators from the state labor department were at the scene on Saturday, "
        "examining the crane's base and its maintenance records."
    )
    result = enrich_article("Crane collapses at Port Alden", article)
    text = result.summary_text
    assert "did not respond" not in text
    assert "remains to be seen" not in text
    assert result.summary[0].startswith("A harbor crane collapsed")


def test_a_dek_and_a_lead_that_say_the_same_thing_are_not_both_kept() -> None:
    article = (
        "The harbor authority will spend $40 million dredging the port's silted main channel "
        "so that larger container ships can dock.\n\n"
        "The harbor authority's board voted on Tuesday to spend $40 million dredging the "
        "silted main channel of the port, so that larger container ships can reach its "
        "docks.\n\n"
        "Work is expected to begin in March and to take about two years, officials said."
    )
    result = enrich_article("Port to dredge its main channel", article)
    dredging = [s for s in result.summary if "$40 million" in s]
    assert len(dredging) == 1


def test_marker_lines_headings_and_date_lines_are_not_news() -> None:
    article = (
        "Port budget grows by a third.\n\n"
        "ABSTRACT.\n\n"
        "The harbor authority's budget will grow by a third next year, driven by dredging.\n\n"
        "FULL TEXT.\n\n"
        "HARBOR DREDGING TO BEGIN IN MARCH.\n\n"
        "Updated 6:05 p.m. ET, March 3, 2031.\n\n"
        "PORTLAND, Maine — The harbor authority approved a budget on Tuesday that grows by "
        "a third, most of it for dredging the main channel.\n\n"
        "Lena Ortiz in Quito contributed reporting.\n\n"
        "Board members said the dredging could not wait another year."
    )
    result = enrich_article("Harbor authority budget grows", article, summary_chars=400)
    text = result.summary_text
    assert "ABSTRACT" not in text and "FULL TEXT" not in text
    assert "HARBOR DREDGING" not in text
    assert "Updated 6:05" not in text
    assert "contributed reporting" not in text
    assert "PORTLAND, Maine —" not in text  # the dateline is cut off the sentence it opens
    assert result.summary  # and what is left is posted


def test_strip_dateline() -> None:
    from bot.enrich.summary import strip_dateline  # (new in issue 19)

    assert strip_dateline("OSCEOLA, Iowa — Ted Cruz is racing to visit all counties.") == (
        "Ted Cruz is racing to visit all counties."
    )
    assert strip_dateline("Mexico City (AFP) – It featured drama fit for a telenovela.") == (
        "It featured drama fit for a telenovela."
    )
    assert strip_dateline("NATO - the alliance - met on Tuesday in Brussels.") == (
        "NATO - the alliance - met on Tuesday in Brussels."
    )


def test_roundup_sentences_from_inside_a_long_quote_are_not_the_news() -> None:
    long_quote = " ".join(
        [
            "The council has spent a decade promising a new library and delivered a car park.",
            "Every budget since 2021 has moved the money somewhere else.",
            "Residents deserve to know where those millions went.",
            "The mayor should publish the accounts before the vote in June.",
            "Anything less is an insult to the people who pay for all of this.",
            "Even the architects have stopped answering our calls about the plans.",
            "We were promised reading rooms and got a parking garage with a coffee cart.",
            "Nobody on the council has explained why the tender was cancelled twice.",
            "If the money is gone, the council should say so plainly and apologise.",
            "The children of this town have waited long enough for a place to read.",
            "Our readers will remember this when the council asks for their votes again.",
        ]
    )
    article = (
        "Newspapers across the county weighed in on the library dispute this week.\n\n"
        f"Marta Fenn, Harbor Gazette: “{long_quote}”\n\n"
        "Oskar Lind, Valley Courier: “The council is right to wait. Building costs have "
        "doubled.”"
    )
    sentences = split_sentences(article)
    assert any(s.startswith("Residents deserve") for s in sentences)  # split inside the quote
    result = enrich_article("What the papers say about the library", article)
    text = result.summary_text
    for inside in ("Every budget", "Residents deserve", "The mayor should", "Nobody on"):
        assert inside not in text
    assert result.summary == (
        "Newspapers across the county weighed in on the library dispute this week.",
    )


def test_multi_paragraph_quotes_and_colon_introduced_blocks_are_someone_elses_words() -> None:
    article = (
        "The mayor of Port Alden defended the ferry cuts in a long statement on Friday "
        "evening, after a week of protests by island residents.\n\n"
        "In it, she wrote:\n\n"
        "Our ferries lose money on every winter crossing. The state has cut its support "
        "twice in three years.\n\n"
        "“We cannot run empty boats. The budget does not allow it.\n\n"
        "“I know this is hard for islanders. The schedule will be reviewed in April.”\n\n"
        "Residents plan another protest at the terminal on Monday morning."
    )
    result = enrich_article("Mayor defends ferry cuts", article)
    text = result.summary_text
    assert "Our ferries lose money" not in text
    assert "The state has cut" not in text
    assert "The budget does not allow" not in text
    assert "The schedule will be reviewed" not in text
    assert result.summary[0].startswith("The mayor of Port Alden defended")


def test_a_definite_description_needs_its_antecedent_in_the_summary() -> None:
    sentences = [
        # too long for the 170-character ceiling below
        "Ingrid Solberg, a 56-year-old harbor pilot who has guided ships into Port Alden for "
        "three decades, was named the port's first female harbor master on Thursday, the "
        "authority said in a statement.",
        "The 56-year-old will take up the post in March, replacing a retiring colleague.",
        "Officials expect the new dredging program to cost about $40 million in state money.",
        "Dredging is due to start in the spring, once the state has approved the money for it.",
        "Solberg said she would make the channel's safety her first priority in the job.",
    ]
    title = "Port names new harbor master"
    assert summarize(sentences, title=title, budget=170) == (2,)  # not "The 56-year-old"
    # with the sentence that names her, the same description reads as the article does
    assert summarize(sentences, title=title, budget=400)[:2] == (0, 1)
    # and a description whose words the title gives needs nothing more
    assert 1 in summarize(sentences, title="The 56-year-old harbor master", budget=170)


def test_a_pronoun_after_an_introductory_phrase_needs_its_antecedent() -> None:
    assert opens_with_pronoun("On Tuesday, he said the port would stay open.")
    assert opens_with_pronoun("Even with his win in March, the race is far from over.")
    assert opens_with_pronoun("But it was never mentioned by the moderators.")
    assert not opens_with_pronoun("On Tuesday, the board voted to close the port.")
    assert not opens_with_pronoun("It is common for ferries to lose money in winter.")
    assert not opens_with_pronoun("This year's budget grows by a third.")
    sentences = [
        "The harbor authority's board voted on Tuesday to close the north terminal for the "
        "winter, citing falling ridership and rising fuel costs.",
        "Officials expect the closure to save about $2 million by the end of next spring.",
        "On Wednesday, he said the terminal would reopen in April if ridership recovers.",
    ]
    assert 2 not in summarize(sentences, title="North terminal to close", budget=400)


def test_related_headlines_transcript_labels_and_exclamations_are_left_out() -> None:
    from bot.enrich.summary import ineligible_reason  # (new in issue 19)

    assert ineligible_reason("Harbor Authority Names First Female Harbor Master In Port Alden.")
    assert ineligible_reason("SOLBERG: We will keep every crossing that islanders rely on.")
    assert ineligible_reason("The media makes everything up about the port authority!")
    assert ineligible_reason("- exchange during a March 3 hearing before the port board.")
    assert ineligible_reason("''We cannot run empty boats in the winter,'' the mayor said.")
    assert ineligible_reason("The board voted 5-2 for the plan on Thursday night.") is None


def test_list_bullets_and_reprint_notices_read_as_furniture_not_news() -> None:
    article = (
        "This copy is for your personal, non-commercial use only.\n\n"
        "- Islanders will lose the early winter boat from January, the ferry board decided.\n\n"
        "- The board says fuel costs rose by a third and two boats need new engines.\n\n"
        "- Visit the Harbor Gazette's homepage for more stories.\n\n"
        "The Casco Bay ferry board voted on Thursday to cut its winter timetable, over the "
        "protests of island residents who rely on the early crossing.\n\n"
        "The cuts take effect in January and will be reviewed in April.\n\n"
        "Ridership has fallen since the pandemic, the board said.\n\n"
        "Fares now cover only about half of the operating budget."
    )
    result = enrich_article("Ferry board cuts the early winter boat", article)
    assert result.summary
    assert all(not s.startswith(("-", "This copy", "Visit")) for s in result.summary)
    assert "Islanders will lose the early winter boat" in result.summary_text  # bullet cut off


def test_a_lead_full_of_names_is_not_a_headline_and_scripts_without_capitals_are_prose() -> None:
    from bot.enrich.summary import ineligible_reason  # (new in issue 19)

    lead = (
        "President of the Harbor Board, Ingrid Solberg, Councillor Oskar Lind and Councillor "
        "Marta Fenn have taken the Port Alden Ferry Company to court over the winter cuts."
    )
    assert ineligible_reason(lead) is None
    assert ineligible_reason("Harbor Board Takes Ferry Company To Court Over Winter Cuts.")
    assert (
        ineligible_reason("항구 위원회는 목요일에 겨울 운항 일정을 줄이기로 결정했다고 밝혔다.")
        is None
    )
