"""The bot's summaries beside a lead-N summary of the same ceiling, with the checks a reader makes.

    python bench/summary_eval.py [--pages ../shared/corpus/pages]
        [--polnear ../shared/eval/polnear/dev] [--budget 400] [--lead 3] [--show N]

For every page of a corpus (html/*.html.gz, extracted with the project's `extract_article`, as
the pipeline does) and every PolNeAR text (first line the title, the rest the body), the bot's
summary (`enrich_article(..., summary_chars=budget)`) is put beside the lead: the article's first
sentences in order (the same cleaned text and sentence splitter), stopping at the first one that
would take the summary over the same ceiling or at N sentences. Both are counted, sentence by
sentence, with checks written here on their own (they share no rule with bot/enrich/summary.py,
so the summariser is not graded by its own rules):

- dangling opener: a sentence that opens with a pronoun (he, she, they, it, this ...) while the
  article sentence just before it is not in the summary, or with a definite description ("The
  company", "The 56-year-old", "This move") none of whose words appear in the title or earlier in
  the summary, while the sentence before it is not in the summary. The article's lead (its first
  sentence that is neither a marker line nor its headline repeated) is exempt from the
  description test (a lead's "The economy" refers to nothing before it) but not from the
  pronoun test; "It is unclear whether" and time phrases ("This week") are not references, nor
  is a name before its verb ("The Steelers spent Monday");
- deep: a sentence that starts more than two thirds down the article (by characters);
- duplicate: a sentence that shares with an earlier summary sentence at least three content
  words (lower-case words, crudely stemmed: names recur in any story) and at least half of
  the smaller sentence's (a dek restated by the lead);
- marker: a marker line ("ABSTRACT.", "FULL TEXT.", an all-capitals line of a few words), a
  dateline ("WASHINGTON —", "(Reuters) -"), a byline or a date line;
- quote-interior: a sentence that starts inside a quotation opened in an earlier sentence (a
  long quote split into sentences, the paragraphs of a multi-paragraph quote, a roundup's
  `Name, Outlet: "…"`), i.e. someone's words posted as the news, unattributed.

Goal (issue 19): each count at or below the lead's, and 0 for the last three. `--show N`
prints N summaries side by side, to read them; never paste PolNeAR or corpus text into the
project (neither has a licence that allows it).
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.enrich import enrich_article, extract_article, sentence_spans
from bot.enrich.lexicon import words

CHECKS = ("dangling opener", "deep", "duplicate", "marker", "quote-interior")

_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9’'\-]*")
_STOP = words(
    """a an the and or but if of to in on at for with by from as is are was were be been being
    it its this that these those he she they we i you his her their our my your him them us me
    not no so than then there here what which who whom whose when where why how all any both
    each few more most other some such only own same too very can will just should would could
    may might must shall do does did done has have had having said says say about after before
    over under again further once up down out off into through during also new one two"""
)
_PRONOUNS = words(
    "he she they it his her their its him them this these those that such "
    "he's she's they're they've they'd it's he'd she'd"
)
_DETERMINERS = frozenset({"the", "this", "that", "these", "those", "such"})
# "It is unclear whether ...", "It was not immediately clear ...": no antecedent needed.
_EXPLETIVE_RE = re.compile(
    r"^(?:it|it's)\s+(?:(?:is|was|has been|had been|will be|would be|remains|seems|appears)\s+)?"
    r"(?:not\s+)?(?:immediately\s+|still\s+|also\s+)?"
    r"(?:un)?(?:clear|likely|possible|known|expected|true|important|hard|easy|time|worth|"
    r"too early)\b",
    re.IGNORECASE,
)
_INTRODUCERS = words("on in at after before during with without despite even since for when while")
_CONNECTIVES = words("but and yet so still however meanwhile also instead nor")
_TIME_NOUNS = words(
    """week weekend month year day morning afternoon evening night time season summer winter
    spring fall autumn quarter decade century moment hour election cycle past"""
)
# Words that end a noun phrase opening a sentence: verbs, prepositions, conjunctions (not
# "of" or "by": "The efforts by supporters of <Name>" is anchored by the name).
_NP_END = words(
    """is are was were has have had will would could can may might must should said says
    in on at for with from to as that which who and or but after before since
    while when because if than did does do also"""
)
_TIME_MODIFIERS = words("next following past same previous last first coming")
# Past tenses not in -ed: "The Steelers spent Monday ...", "The Obamas cut ...": after a run of
# capitalised words they end a name, not a description ("The Texas senator" has no verb).
_IRREGULAR_PAST = words(
    """began spent made cut took gave won lost met left sent told found put set got went came
    saw held kept led paid ran sold stood wrote rose fell hit struck brought bought thought
    built drew grew knew threw broke chose spoke"""
)
# Capitalised words for a person, not a name: "The Arizona Republican survived", "The Florida
# Senator lost" are descriptions of someone.
_PERSON_NOUNS = words(
    """republican democrat independent conservative liberal libertarian senator governor
    president congressman congresswoman representative mayor secretary minister chancellor
    justice judge general speaker leader chairman chairwoman candidate nominee"""
)
_MARKER_RE = re.compile(r"^[A-Z][A-Z0-9 .,'’&/-]{1,40}[.:]?$")
_DATELINE_RE = re.compile(
    r"^(?:[A-Z][A-Z.'’]+(?:[ ,]+[A-Z][A-Za-z.'’]+){0,3}\s*(?:\([^)]{1,30}\))?\s*(?:—|–|--|-)\s"
    r"|\((?:AP|Reuters|AFP|CNN|Bloomberg|UPI)\)\s*(?:—|–|--|-))"
)
_BYLINE_RE = re.compile(
    r"^(?:By|BY|Written by|Reporting by)\s+[A-Z][\w.’'-]*(?:,?\s+(?:and\s+)?[A-Z][\w.’'-]*){0,5}"
    r"(?:\s*[|,]\s*[A-Z][\w.’' &-]{0,40})?\.?$"
    r"|^[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){1,3}\s*(?:\||,)\s*[A-Z][\w.’'&-]*"
    r"(?: (?:[A-Z&][\w.’'&-]*|of|the|and)){0,5}:?$"
    r"|contributed (?:to )?(?:this )?report(?:ing)?\.?$"
)
_DATE_LINE_RE = re.compile(
    r"^(?:(?:Updated|Published|Posted|Last updated)\b.{0,60}"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4}"
    r"(?:,? \d{1,2}:\d{2}.{0,20})?\.?|\d{1,2}:\d{2} ?[ap]\.m\.(?: [A-Z]{2,4})?\.?)$"
)


@dataclass
class Tally:
    articles: int = 0
    empty: int = 0
    sentences: int = 0
    chars: int = 0
    sentences_by_check: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHECKS, 0))
    articles_by_check: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHECKS, 0))

    def add(self, flags: dict[str, int], n_sentences: int, n_chars: int) -> None:
        self.articles += 1
        self.sentences += n_sentences
        self.chars += n_chars
        if not n_sentences:
            self.empty += 1
        for name, count in flags.items():
            self.sentences_by_check[name] += count
            self.articles_by_check[name] += 1 if count else 0


def _content(sentence: str, *, names: bool = True) -> set[str]:
    """Content words, crudely stemmed; without capitalised words when `names` is False."""
    out: set[str] = set()
    for w in _WORD_RE.findall(sentence):
        if not names and w[0].isupper():
            continue
        w = w.lower()
        w = w.replace("’", "'").removesuffix("'s")
        if w in _STOP or len(w) < 2:
            continue
        for suffix in ("ments", "ment", "ings", "ing", "ed", "es", "s"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 4:
                w = w[: -len(suffix)]
                break
        out.add(w[:-1] if w.endswith("e") and len(w) > 4 else w)
    return out


def _opening_words(sentence: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9’'\-]+|[,;:—–]", sentence.lstrip("\"“‘'([ ")[:160])


def _past_verb(token: str) -> bool:
    return token.islower() and (
        (token.endswith("ed") and len(token) > 4) or token in _IRREGULAR_PAST
    )


def dangling(
    sentence: str, index: int, chosen: set[int], context: set[str], lead_at: int = 0
) -> bool:
    """Whether `sentence` (article sentence `index`) opens with a reference nothing resolves;
    `lead_at` is the article's first prose sentence (its lead), exempt from the description
    test."""
    if index - 1 in chosen:
        return False  # read as the article reads it
    tokens = _opening_words(sentence)
    while tokens and tokens[0].lower() in _CONNECTIVES | {","}:
        tokens = tokens[1:]  # "But it was ...": the connective hides nothing
    if not tokens:
        return False
    if tokens[0].lower() in _INTRODUCERS and "," in tokens[1:9]:
        comma = tokens.index(",")
        intro = [t.lower() for t in tokens[:comma]]
        if any(t in {"he", "she", "his", "her", "they", "their", "him", "them"} for t in intro):
            return True  # "Even with his win, ..."
        tokens = tokens[comma + 1 :]  # "On Tuesday, he said ...": look past the phrase
        if not tokens:
            return False
    first = tokens[0].lower().replace("’", "'")
    second = tokens[1].lower() if len(tokens) > 1 else ""
    if first in _PRONOUNS and first not in _DETERMINERS:
        return _EXPLETIVE_RE.match(sentence.lstrip("\"“‘'([ ")) is None
    if first not in _DETERMINERS:
        return False
    second = second.replace("’", "'").removesuffix("'s")
    if second in _TIME_NOUNS:
        return False  # "This year's race", "That day"
    if first in {"this", "that", "these", "those"} and (
        not second or second in _NP_END or not second.isalpha()
    ):
        return True  # a demonstrative pronoun: "This is ...", "That, he said, ..."
    if index <= lead_at:
        return False
    phrase: list[str] = []
    for token in tokens[1:7]:
        if token.lower() in _NP_END or not token[0].isalnum():
            break
        if (
            phrase
            and _past_verb(token)
            and all(t[0].isupper() for t in phrase)
            and not phrase[-1].replace("’", "'").endswith("'s")
            and phrase[-1].lower() not in _PERSON_NOUNS
        ):
            break  # "The Steelers spent Monday", "The State Department released": name, verb
        phrase.append(token)
    if not phrase or all(t[0].isupper() for t in phrase):
        return False  # "The White House", "The U.S.": a name
    head = phrase[1] if phrase[0].lower() in _TIME_MODIFIERS and len(phrase) > 1 else phrase[0]
    if head.lower() in _TIME_NOUNS:
        return False
    return not (_content(" ".join(phrase)) & context)


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def first_prose(sentences: Sequence[str], title: str) -> int:
    """The index of the article's lead: its first sentence that is neither a marker line nor
    its title repeated ("ABSTRACT." above a NYT abstract, a page's headline above its text)."""
    plain_title = _plain(title)
    for i, s in enumerate(sentences):
        plain = _plain(s)
        if is_marker(s) or (plain and plain_title.startswith(plain)):
            continue
        return i
    return 0


def is_marker(sentence: str) -> bool:
    s = sentence.strip()
    if _DATELINE_RE.match(s) or _DATE_LINE_RE.match(s) or _BYLINE_RE.search(s):
        return True
    return len(s.split()) <= 5 and _MARKER_RE.match(s) is not None


def quote_interior(text: str, spans: Sequence[tuple[int, int]]) -> list[bool]:
    """For each sentence, whether it starts inside a quotation opened before it.

    Curly marks open and close; a straight mark (" or '') toggles within its paragraph. A
    quotation still open at a paragraph's end carries on when the next paragraph opens with a
    mark (the multi-paragraph convention) and is closed otherwise.
    """
    marks = re.compile(r"“|”|\"|''")
    inside = [False] * len(spans)
    open_ = False
    k = 0
    for para in re.finditer(r"[^\n]+", text):
        a, b = para.span()
        if open_ and not para.group(0).lstrip().startswith(("“", '"', "''")):
            open_ = False  # an unclosed quotation ends with its paragraph
        for m in marks.finditer(text, a, b):
            while k < len(spans) and spans[k][0] <= m.start():
                inside[k] = open_
                k += 1
            if m.group(0) == "“":
                open_ = True
            elif m.group(0) == "”":
                open_ = False
            else:
                open_ = not open_
        while k < len(spans) and spans[k][0] < b:
            inside[k] = open_
            k += 1
    return inside


def check(
    text: str, title: str, summary: Sequence[str], spans: Sequence[tuple[int, int]]
) -> dict[str, int]:
    """Per-check counts of flagged sentences in `summary` (sentences of `text`)."""
    starts = {text[a:b]: i for i, (a, b) in reversed(list(enumerate(spans)))}
    indexes = []
    for s in summary:
        i = starts.get(s)
        if i is None:  # a sentence the summariser trimmed: find where it sits
            at = text.find(s)
            i = max((j for j, (a, _) in enumerate(spans) if a <= at), default=0)
        indexes.append(i)
    interior = quote_interior(text, spans)
    lead_at = first_prose([text[a:b] for a, b in spans], title)
    flags = dict.fromkeys(CHECKS, 0)
    chosen: set[int] = set()
    context = _content(title)
    previous: list[set[str]] = []
    for s, i in zip(summary, indexes, strict=True):
        words = _content(s)
        plain = _content(s, names=False)
        if dangling(s, i, chosen, context, lead_at):
            flags["dangling opener"] += 1
        if text.find(s) > 2 * len(text) / 3:
            flags["deep"] += 1
        if any(len(plain & p) >= max(3, 0.5 * min(len(plain), len(p))) for p in previous):
            flags["duplicate"] += 1
        if is_marker(s):
            flags["marker"] += 1
        if interior[i]:
            flags["quote-interior"] += 1
        chosen.add(i)
        context |= words
        previous.append(plain)
    return flags


def lead(sentences: Sequence[str], budget: int, n: int) -> list[str]:
    out: list[str] = []
    used = 0
    for s in sentences[:n]:
        cost = len(s) + (1 if out else 0)
        if used + cost > budget:
            break
        out.append(s)
        used += cost
    return out


def pages(root: Path) -> Iterator[tuple[str, str, str]]:
    for path in sorted((root / "html").glob("*.html.gz")):
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        title, text = extract_article(html)
        yield path.name.removesuffix(".html.gz"), title, text


def polnear(root: Path) -> Iterator[tuple[str, str, str]]:
    for path in sorted((root / "text").glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        first, _, body = raw.partition("\n")
        yield path.stem, first.strip().rstrip(".;").strip(), body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, action="append", default=[])
    parser.add_argument("--polnear", type=Path, action="append", default=[])
    parser.add_argument("--budget", type=int, default=400)
    parser.add_argument("--lead", type=int, default=3, help="N of lead-N (default 3)")
    parser.add_argument("--show", type=int, default=0, help="print N summaries side by side")
    parser.add_argument("--only", choices=CHECKS, help="--show only summaries flagged by this")
    args = parser.parse_args(argv)
    corpora: list[tuple[str, Iterator[tuple[str, str, str]]]] = [
        (f"pages {p}", pages(p)) for p in args.pages
    ] + [(f"PolNeAR {p}", polnear(p)) for p in args.polnear]
    if not corpora:
        parser.error("give --pages and/or --polnear")
    shown = 0
    for label, items in corpora:
        bot, base = Tally(), Tally()
        for name, title, text in items:
            if not text.strip():
                continue
            result = enrich_article(title, text, summary_chars=args.budget)
            spans = sentence_spans(result.text)
            sentences = [result.text[a:b] for a, b in spans]
            if not sentences:
                continue
            ours = list(result.summary)
            theirs = lead(sentences, args.budget, args.lead)
            ours_flags = check(result.text, result.title, ours, spans)
            theirs_flags = check(result.text, result.title, theirs, spans)
            bot.add(ours_flags, len(ours), len(" ".join(ours)))
            base.add(theirs_flags, len(theirs), len(" ".join(theirs)))
            if shown < args.show and (args.only is None or ours_flags[args.only]):
                shown += 1
                print(f"== {name}\n   title: {result.title}")
                print(f"   bot  {dict((k, v) for k, v in ours_flags.items() if v)}")
                for s in ours:
                    print(f"     | {s}")
                print(f"   lead {dict((k, v) for k, v in theirs_flags.items() if v)}")
                for s in theirs:
                    print(f"     | {s}")
                print()
        _report(label, args, bot, base)
    return 0


def _report(label: str, args: argparse.Namespace, bot: Tally, base: Tally) -> None:
    print(f"\n{label}: {bot.articles} articles, ceiling {args.budget} characters, lead-{args.lead}")
    print(f"  {'sentences flagged (articles)':<30} {'bot':>14} {'lead':>14}  goal")
    for name in CHECKS:
        goal = "0" if name in ("duplicate", "marker", "quote-interior") else "<= lead"
        ours = f"{bot.sentences_by_check[name]} ({bot.articles_by_check[name]})"
        theirs = f"{base.sentences_by_check[name]} ({base.articles_by_check[name]})"
        print(f"  {name:<30} {ours:>14} {theirs:>14}  {goal}")
    n_bot, n_base = max(bot.articles, 1), max(base.articles, 1)
    per_bot, per_base = bot.sentences / n_bot, base.sentences / n_base
    print(f"  {'sentences per summary':<30} {per_bot:>14.2f} {per_base:>14.2f}")
    print(
        f"  {'characters per summary':<30} {bot.chars / n_bot:>14.0f} {base.chars / n_base:>14.0f}"
    )
    print(f"  {'empty summaries':<30} {bot.empty:>14} {base.empty:>14}")


if __name__ == "__main__":
    raise SystemExit(main())
