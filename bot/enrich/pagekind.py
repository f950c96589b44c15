"""Is this page an article? Listings, tables, deal roundups and standings are not news.

A page source or a teaser's link can lead to a page that extracts fine but is not a story: a
league table, a category page of headlines, a list of prices, a listicle of foods. Posting one
as news misleads the channel, so the pipeline records such a page as seen and says why
(`newsbot why`). The decision is made from the extracted text (what a post would show) with a
few counts from the page's tree, by named rules in `RULES`, each with the page it was written
for. Every rule asks first that the page have little *prose*: a real article that carries a
table, a price or a list has paragraphs of sentences around them, and refusing a real article
is worse than posting a listing, so the thresholds are set wide of every article in the corpus
(docs/enrich.md, "Issue 19: pages").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["ARTICLE", "RULES", "PageFeatures", "PageKind", "Rule", "classify_page", "features"]


@dataclass(frozen=True, slots=True)
class PageKind:
    """`is_article` False with `kind` ("table", "deals" or "listing"), a reason a person can
    check ("a table of 41 rows with 5 paragraphs of prose") and the name of the rule in `RULES`
    that decided."""

    is_article: bool
    kind: str = "article"
    reason: str = ""
    rule: str = ""

    def explanation(self) -> str:
        """The refusal in words, as `newsbot why` prints it after "not posted: "; "" for an
        article."""
        if self.is_article:
            return ""
        noun = _NOUNS.get(self.kind, f"a {self.kind}")
        return f"the page is {noun}, not an article ({self.reason})"

    def preview_note(self) -> str:
        """The line `newsbot preview` prints above what it found on a page that is not an
        article (it says what the bot would do, since preview shows it anyway); "" for an
        article."""
        if self.is_article:
            return ""
        noun = _NOUNS.get(self.kind, f"a {self.kind}")
        return (
            f"not an article: the page is {noun} ({self.reason}); newsbot records such a page "
            "as seen and does not post it"
        )


_NOUNS = {"table": "a table", "deals": "a deals roundup", "listing": "a listing"}


ARTICLE = PageKind(True)


@dataclass(frozen=True, slots=True)
class PageFeatures:
    """Counts over the extracted text (and, for headline links, the page)."""

    prose_paragraphs: int  # lines of 8+ words ending a sentence, or of 20+ holding an end
    prose_words: int  # words in those lines
    words: int  # all words of the text
    table_rows: int  # "cell | cell" lines
    price_lines: int  # lines with a price ("$699", "£12.99", "€5")
    item_lines: int  # short lines (list items, headings, labels) that are not table rows
    item_words: int  # words in those lines
    price_headlines: int  # short lines with a price and no sentence end ("AirPods for $139")
    headline_links: int  # <h2>/<h3>/<h4> holding a link (a listing's headlines), on the page
    teasers: int = 0  # lines of the text that follow a linked headline (a listing's cards)
    lines: int = 0  # non-empty lines of the text
    labelled_items: int = 0  # short lines whose "Label:" recurs 3+ times (a plan's fields)
    label: str = ""  # the most frequent such label


_WORD_RE = re.compile(r"\w+")
# Chinese, Japanese and Korean write no spaces: two such characters count as a word.
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff66-\uff9f]")
_SENTENCE_END_RE = re.compile(r"[.!?…。！？][\"'”’)\]]*(?:\s|$)")
_PRICE_RE = re.compile(
    r"(?:[$£€¥₹]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:USD|EUR|GBP|dollars|euros)\b|\b(?:R\$|US\$|Rs\.?)\s?\d)"
)
_ENDS_SENTENCE_RE = re.compile(r"[.!?…。！？][\"'”’)\]]*$")
_TEASER_PROBE = 30
_MIN_TEASERS = 5
_TEASER_SHARE = 0.5  # of the text's lines
_SPACES_RE = re.compile(r"\s+")


def _text_of(element: Any) -> str:
    return _SPACES_RE.sub(" ", "".join(element.itertext())).strip()


_LABEL_RE = re.compile(r"^([^:|]{3,40}):\s")
_LABEL_REPEATS = 3
_PROSE_MIN_WORDS = 20
_SHORT_SENTENCE_WORDS = 8
_HEADLINE_MAX_WORDS = 25
_ITEM_MAX_WORDS = 12
_MIN_ITEM_WORDS = 3  # mean words per short line for it to be a list of things
_MIN_WORDS = 100


def features(tree: Any, text: str) -> PageFeatures:
    prose_paragraphs = prose_words = words = table_rows = price_lines = 0
    item_lines = item_words = price_headlines = lines = 0
    labels: Counter[str] = Counter()
    # Whole-text tests first: most pages hold no CJK and no price, and per-line regexes on
    # them were half of this function's time.
    any_cjk = _CJK_RE.search(text) is not None
    any_price = _PRICE_RE.search(text) is not None
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        lines += 1
        cjk = len(_CJK_RE.findall(line)) if any_cjk else 0
        # words as a reader counts them: split on spaces (a regex per line cost more)
        n = len(_CJK_RE.sub(" ", line).split()) + cjk // 2 if cjk else len(line.split())
        words += n
        if any_price and _PRICE_RE.search(line):
            price_lines += 1
            if n <= _HEADLINE_MAX_WORDS and not _ENDS_SENTENCE_RE.search(line):
                price_headlines += 1
        label = _LABEL_RE.match(line) if n <= _ITEM_MAX_WORDS else None
        if " | " in line:
            table_rows += 1
        elif label is None and (
            (n >= _SHORT_SENTENCE_WORDS and _ENDS_SENTENCE_RE.search(line))
            or (n >= _PROSE_MIN_WORDS and (_SENTENCE_END_RE.search(line) or cjk))
        ):
            prose_paragraphs += 1
            prose_words += n
        elif n <= _ITEM_MAX_WORDS:
            item_lines += 1
            item_words += n
            if label is not None:  # "Portion Fix Containers: 1 Green, 1 Red." is a field
                labels[label.group(1).lower()] += 1
    headline_links = teasers = 0
    if tree is not None:
        headings = tree.xpath("//h2[.//a] | //h3[.//a] | //h4[.//a]")
        headline_links = len(headings)
        # Each teaser follows a linked headline, so the cards are counted only when there are
        # enough headlines for the rule to apply (most articles have a few, in sidebars).
        if headline_links >= _MIN_TEASERS and headline_links >= _TEASER_SHARE * lines:
            starts = {line.strip()[:_TEASER_PROBE] for line in text.split("\n")}
            for heading in headings:
                # a listing's card: a linked headline, then the teaser the extractor kept
                for sibling in heading.itersiblings():
                    if _text_of(sibling)[:_TEASER_PROBE] in starts:
                        teasers += 1
                        break
                    if sibling.tag in ("h2", "h3", "h4"):
                        break
    return PageFeatures(
        prose_paragraphs=prose_paragraphs,
        prose_words=prose_words,
        words=words,
        table_rows=table_rows,
        price_lines=price_lines,
        item_lines=item_lines,
        item_words=item_words,
        price_headlines=price_headlines,
        headline_links=headline_links,
        teasers=teasers,
        lines=lines,
        labelled_items=sum(k for k in labels.values() if k >= _LABEL_REPEATS),
        label=labels.most_common(1)[0][0] if labels else "",
    )


@dataclass(frozen=True, slots=True)
class Rule:
    """A named test: `test` returns the reason when the page is not an article, else None.
    `example` is the page it was written for."""

    name: str
    kind: str
    example: str
    test: Callable[[PageFeatures, str], str | None]


def _table(f: PageFeatures, title: str) -> str | None:
    if f.table_rows >= 8 and f.table_rows >= 2 * max(f.prose_paragraphs, 1) and f.prose_words < 250:
        return (
            f"a table of {f.table_rows} rows with {_para(f.prose_paragraphs)} of prose"
            " (standings, results or figures)"
        )
    return None


_DEALS_TITLE_RE = re.compile(
    r"\b(?:deals|sale|price drops?|% off|discounts|bargains|offerte|ofertas|angebote)\b",
    re.IGNORECASE,
)


def _deals(f: PageFeatures, title: str) -> str | None:
    if f.price_headlines >= 8:
        return f"{f.price_headlines} product lines with prices (a shopping roundup)"
    if _DEALS_TITLE_RE.search(title) and (f.price_lines >= 6 or f.price_headlines >= 3):
        return f"a deals headline and {f.price_lines} lines with prices (a deals roundup)"
    return None


def _headlines(f: PageFeatures, title: str) -> str | None:
    if f.teasers >= _MIN_TEASERS and f.teasers >= _TEASER_SHARE * f.lines:
        return f"{f.teasers} linked headlines, each with a teaser: a list of other pages"
    return None


def _listing(f: PageFeatures, title: str) -> str | None:
    if f.words < _MIN_WORDS:
        return None  # too little to tell: a short item is posted as it is
    if f.item_lines == 0 or f.item_words < _MIN_ITEM_WORDS * f.item_lines:
        return None  # one- and two-word lines are a menu the extractor took, not a list
    if f.labelled_items >= 10 and f.item_lines >= 2 * max(f.prose_paragraphs, 1):
        return (
            f"{f.item_lines} short lines, {f.labelled_items} of them fields such as"
            f" {f.label!r}, against {_para(f.prose_paragraphs)} of prose (a plan or list,"
            " not a story)"
        )
    if f.prose_paragraphs <= 2 and f.item_lines >= 12 and f.prose_words < 150:
        return f"{f.item_lines} short lines or list items and {_para(f.prose_paragraphs)} of prose"
    if (
        f.item_lines >= 20
        and f.item_lines >= 5 * max(f.prose_paragraphs, 1)
        and f.item_words >= 0.35 * f.words
    ):
        return (
            f"{f.item_lines} list items against {_para(f.prose_paragraphs)} of prose"
            " (a list, menu or plan rather than a story)"
        )
    return None


def _para(n: int) -> str:
    return "no paragraph" if n == 0 else "1 paragraph" if n == 1 else f"{n} paragraphs"


RULES: tuple[Rule, ...] = (
    Rule("standings-table", "table", "a league table with a one-line intro", _table),
    Rule(
        "deal-roundup",
        "deals",
        '"Daily Deals: ..." with a price on every product line; "MacBook sale at Amazon"',
        _deals,
    ),
    Rule(
        "headline-cards",
        "listing",
        "a section front: a linked <h2> and a one-line teaser per story",
        _headlines,
    ),
    Rule(
        "listing",
        "listing",
        "a race calendar; twenty links to shop with a two-line intro; a meal plan whose"
        ' lines are "Portion Fix Containers: ..."',
        _listing,
    ),
)


def classify_page(tree: Any, text: str, title: str = "") -> PageKind:
    """ARTICLE, or the first rule that finds the page is not one."""
    f = features(tree, text)
    for rule in RULES:
        reason = rule.test(f, title)
        if reason is not None:
            return PageKind(False, rule.kind, reason, rule.name)
    return ARTICLE
