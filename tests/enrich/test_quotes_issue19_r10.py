"""Issue 19, round 10: read on sets E and F (wrong key quotes, sure wrong speakers) and on set J
(quotes around code strings and titles); docs/enrich.md, "Issue 19, round 10". Each article is
written for its test and fails on the code before the round, but for the guards."""

from __future__ import annotations

from bot.enrich.keyquotes import pick_key_quotes
from bot.enrich.quote_rules import SURE
from bot.enrich.quotes import find_quotes
from bot.enrich.types import Quote


def _quote(text: str, opening: str) -> Quote:
    [quote] = [q for q in find_quotes(text) if q.text.startswith(opening)]
    return quote


def test_a_title_and_a_second_title_before_the_name_are_both_the_role() -> None:
    # "said Harbour Minister and board head Lia Park": Lia Park, not "Harbour Minister"
    text = (
        "Ferry plan approved\n\n"
        "The island ferry will run all winter from next year.\n\n"
        "“We are preparing a full winter timetable for the island run,” said Harbour Minister "
        "and ferry board head Lia Park in September.\n"
    )
    quote = _quote(text, "We are preparing a full")
    assert quote.speaker == "Lia Park"
    assert quote.role is not None and "Harbour Minister" in quote.role


def test_an_office_of_a_body_before_the_name_is_the_role_not_the_speaker() -> None:
    # "President and CEO of Bulletin of the Harbour Watchers Ana Cole said": Ana Cole, not "CEO"
    text = (
        "Harbour clock moved\n\n"
        "The harbour trust moved its flood clock forward on Tuesday.\n\n"
        "“Every tide counts, and we are running out of time,” President and CEO of Bulletin "
        "of the Harbour Watchers Ana Cole said.\n"
    )
    quote = _quote(text, "Every tide counts, and we")
    assert quote.speaker == "Ana Cole"


def test_the_title_of_someone_named_before_is_that_person() -> None:
    # "The U.S. President said" after "President Tom Berg": Tom Berg, and not sure
    text = (
        "Berg unveils ferry board\n\n"
        "President Tom Berg has launched his ferry board at the harbour forum.\n\n"
        "Returning to the stage on Thursday, Berg was joined by the board's members. The "
        "U.S. President said he was honored to chair what could be “one of the most useful "
        "boards the island has ever had.”\n"
    )
    quote = _quote(text, "one of the most useful")
    assert quote.speaker == "Tom Berg"
    assert quote.confidence < SURE


def test_a_bare_title_is_never_a_key_quotes_speaker() -> None:
    # No one in the article holds the title: shown as written, never as a key quote
    text = (
        "Clock moved\n\n"
        "The harbour clock was moved on Tuesday, closer to the flood line than ever before.\n\n"
        "“Every tide counts, and we are running out of time on this coast,” the Harbour "
        "Minister said.\n"
    )
    quotes = find_quotes(text)
    [quote] = [q for q in quotes if q.text.startswith("Every tide counts")]
    assert quote.confidence < SURE
    assert quote not in pick_key_quotes(quotes, title="Clock moved")


def test_a_he_is_never_the_firm_named_in_an_apposition() -> None:
    # "Ruiz, a partner at venture firm Seven Seven Six, ... “...,” he said": Ruiz
    text = (
        "Ruiz bullish about ferries\n\n"
        "Dan Ruiz spoke at the harbour summit on Monday.\n\n"
        "Ruiz, a founding partner at venture capital firm Harbour Seven Six, is best known as "
        "the founder of the ferry line. “Being on the water all day was part of the job,” he "
        "said, as part of a talk with the editor.\n"
    )
    quote = _quote(text, "Being on the water all")
    assert quote.speaker == "Dan Ruiz"


def test_a_given_name_of_either_gender_lets_he_stand_for_its_bearer() -> None:
    # "Andrea" is a woman's name in English and a man's in Italian: "he" is Andrea Ruiz, not
    # the body before his title
    text = (
        "What we are reading\n\n"
        "Harbour Action chief Andrea Ruiz calls for a movement to save the pier. “The risk to the "
        "pier thus has the potential to unite the whole town,” he writes.\n"
    )
    quote = _quote(text, "The risk to the pier")
    assert quote.speaker == "Andrea Ruiz"


def test_a_name_with_an_ampersand_is_kept_whole() -> None:
    text = (
        "Filing your first tax return\n\n"
        "“If you earned more than the threshold in the tax year, you will need to file,” said "
        "H&R Block. Other firms give the same advice.\n"
    )
    quote = _quote(text, "If you earned more than")
    assert quote.speaker == "H&R Block"


def test_a_she_after_a_quote_is_not_the_name_the_quoted_words_go_on_from() -> None:
    # "Hale “could frame the sale as ...,” she says": Berg is what the words are about; the
    # "she" is the scholar quoted before
    text = (
        "Can the mayor sell the pier?\n\n"
        "Lia Park, a professor of law at Harbour University, says the council would object. "
        "“The result would be a confrontation between the mayor and the council,” she says.\n"
        "Mayor Hale has said the town needs the money. According to Park, the mayor could use "
        "this argument. Hale “could frame the sale as necessary for the town's budget,” she "
        "says.\n"
    )
    quote = _quote(text, "could frame the sale as")
    assert quote.speaker == "Lia Park"


def test_a_paper_and_a_title_in_lower_case_before_the_name_are_the_role() -> None:
    # "said The Gazette’s Berlin correspondent Tom Berg": Tom Berg, sure, with that role
    text = (
        "Harbour summit\n\n"
        "The summit opened on Friday.\n\n"
        "The far right was only invited following “pressure from the mayor’s office”, said The "
        "Gazette’s Berlin correspondent Tom Berg.\n\n"
        "“It is a good day for the harbour,” said the Gazette’s Berlin correspondent Tom Berg.\n"
    )
    for opening in ("pressure from the mayor’s office", "It is a good day"):
        quote = _quote(text, opening)
        assert quote.speaker == "Tom Berg"
        assert quote.role is not None and quote.role.endswith("Berlin correspondent")
        assert quote.confidence >= SURE


def test_a_title_and_a_name_joined_by_and_are_two_people_not_a_role() -> None:
    # "said the Harbour Minister and Lia Park": not Lia Park alone
    text = (
        "Ferry plan\n\n"
        "The ferry plan was approved on Monday by the island council.\n\n"
        "“It is a bad day for the island and for the ferry,” said the Harbour Minister and Lia "
        "Park.\n"
    )
    assert _quote(text, "It is a bad day").speaker != "Lia Park"


def test_a_she_is_never_a_name_used_as_an_adjective() -> None:
    # "five other Latin American countries": "Latin American" is no one "she" can stand for
    text = (
        "Park gives medal to mayor\n\n"
        "Lia Park gave her medal to the mayor on Thursday. The medal had first been given to "
        "Simon Reyes, who helped free five other Latin American countries from Spanish rule. "
        "She said she called the mayor the “heir” of the founder and told him: “The people of "
        "the island are giving back a medal to the heir of the founder.”\n"
    )
    assert _quote(text, "The people of the island").speaker == "Lia Park"


def test_a_name_used_as_an_adjective_is_not_the_speaker_alone() -> None:
    # "according to local Slovak media", "Nonprofit groups ... signed a letter": the media
    # and the groups, never "Slovak" or "Nonprofit" as if they were names
    text = (
        "Envoy resigns\n\n"
        "Tom Berg resigned on Monday, so that the mayor “does not bear political costs for "
        "something unrelated to his decisions,” according to local Slovak media.\n\n"
        "Nonprofit groups, former employees, and public figures signed a public letter asking "
        "the firm seven questions, including “Will the firm continue to have a legal duty to "
        "its mission?” The firm did not respond.\n"
    )
    media = _quote(text, "does not bear political costs")
    groups = _quote(text, "Will the firm continue")
    assert media.speaker in {None, "Slovak media", "local Slovak media"}
    assert groups.speaker in {None, "Nonprofit groups"}
    assert media.confidence < SURE and groups.confidence < SURE


def test_a_name_and_verb_opening_the_next_sentence_is_no_cue_for_the_quote_before() -> None:
    # "“... accountable.” Berg says this is typical": Berg's own sentence, not the quote's cue
    text = (
        "Families sue the ferry line\n\n"
        "Ana Cole says she has not paid the firm a fee. “I’ve never asked about money,” says "
        "Cole. “To me, that’s not the point of the lawsuit. I want to hold the line "
        "accountable.” Berg says this is typical of his clients. “They want justice.”\n"
    )
    quote = _quote(text, "To me, that’s not the point")
    assert quote.speaker != "Berg" and quote.speaker != "Tom Berg"


def test_a_name_and_verb_after_a_full_stop_quote_is_still_its_cue() -> None:
    # (guard) "“... today.” Lia Park said on Monday." is still hers
    text = (
        "Pier opens\n\n"
        "The pier opened on Monday after two years of work.\n\n"
        "“We are opening the pier to everyone today.” Lia Park said on Monday.\n"
    )
    assert _quote(text, "We are opening the pier").speaker == "Lia Park"


# Set J (blog and technical posts, read this round): strings in code, config files and shell
# sessions were reported as quotes, 162 of the 238 quotes found.
_CODE_POST = (
    "Writing a tide rule\n\n"
    "The rule came out like this:\n"
    'let message "Did you mean the high tide line here?"\n'
    'test "The ferry left at the low tide line." "The ferry left at the high tide line."\n'
    'description: "Corrects the common slip in the harbour log entries."\n'
    'it "returns the capitalised harbour name for the log" do\n'
    'expect(log.name).must_equal "Harbour Log"\n'
    'print("Loading the tide tables for the whole coast now")\n'
    '{"message": "The tide table has been loaded for the coast"}\n'
    '$ echo "Tide tables loaded for every harbour on the coast"\n'
    'git commit -m "Add the tide rule for the harbour log"\n'
    "That looks pretty good.\n"
)


def test_strings_in_code_config_and_shell_lines_are_not_quotes() -> None:
    found = [q.text for q in find_quotes(_CODE_POST)]
    assert found == []


def test_quotes_in_prose_beside_code_marks_are_kept() -> None:
    # (guards: a colon or a comma after a speech verb, a list of phrases, a parenthesis, a
    # transcript label and a hard-wrapped line all stay speech)
    text = (
        "Harbour news\n\n"
        'Lia Park said: "We will rebuild the pier before the summer season."\n'
        'Tom Berg said, "The ferry cannot run another winter on this hull."\n'
        'The mayor praised her "long experience," "firm grasp of the budget" and patience.\n'
        '(That said, she also noted, "When you attack the harbour, it will punch back.")\n'
        'You: "Check the tide tables for the harbour this week"\n'
        'the searcher would do well to ask their cousin some\nvariant of "hey, do you mean the '
        'old pier or the new one"\n'
    )
    found = {q.text for q in find_quotes(text)}
    for words in (
        "We will rebuild the pier before the summer season.",
        "The ferry cannot run another winter on this hull.",
        "firm grasp of the budget",
        "When you attack the harbour, it will punch back.",
        "Check the tide tables for the harbour this week",
        "hey, do you mean the old pier or the new one",
    ):
        assert any(q.startswith(words[:30]) for q in found), (words, found)


def test_a_title_case_passage_no_one_says_is_a_title() -> None:
    # "How and Why Wonder Books", "Short Notes Suggested by the General Theory": titles of
    # books and papers, never cued; a title-case line someone says keeps its speaker
    text = (
        "Harbour books\n\n"
        "The series was called “How and Why Harbour Books” in the shops.\n\n"
        "New paper: “Tidal Study of the Outer Harbour”\n\n"
        "“Build The Pier Now,” Lia Park said at the rally.\n"
    )
    found = {q.text: q.speaker for q in find_quotes(text)}
    assert not any(t.startswith(("How and Why", "Tidal Study")) for t in found), found
    assert found.get("Build The Pier Now") == "Lia Park", found
