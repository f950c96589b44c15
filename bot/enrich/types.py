"""The result of enriching one article: plain frozen data, picklable across processes.

`bot/enrich` imports nothing from the rest of `bot/`; these types are its whole interface.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Enrichment", "Quote", "TopicRule", "TopicScore"]


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote. `speaker` is None when the text does not say who spoke: never guessed."""

    text: str
    speaker: str | None
    role: str | None = None
    start: int = 0  # character offsets into the cleaned article text (marks included)
    end: int = 0
    # Offsets of the mention that cued the speaker (a name, "he", "a spokesman"); for a
    # quote that continues an earlier one, the mention that cued that one. None if unknown.
    speaker_start: int | None = None
    speaker_end: int | None = None
    # How sure the attribution is, 0..1 (0 when there is no speaker): a name in the quote's own
    # sentence is sure, a pronoun paragraphs away past other names is not. Key quotes are
    # chosen only among sure ones (quote_rules.SURE).
    confidence: float = 0.0
    # The names of the rules that found the quote's marks and gave it its speaker
    # (quote_rules.FOUND_BY and RULES), for `newsbot preview --explain`.
    found_by: str = ""
    attributed_by: str | None = None
    # The names of the doubts that lowered `confidence` (quote_rules.DOUBTS: a pronoun named
    # far back, a second source, speech within speech...), printed by `--explain`.
    doubts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TopicRule:
    """One configured topic, as the enricher needs it (built from the config by the core).

    `keywords` match case-insensitively on word boundaries, except a keyword written in capitals
    (e.g. "ICE"), which matches only in capitals. `phrases` are multi-word keywords with the same
    rule. `exclude` terms veto the topic; `sources` are source names that imply it.
    """

    name: str
    keywords: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    min_score: float = 1.0


@dataclass(frozen=True, slots=True)
class TopicScore:
    name: str
    score: float


@dataclass(frozen=True, slots=True)
class Enrichment:
    title: str
    summary: tuple[str, ...]  # the article's own sentences, in order
    quotes: tuple[Quote, ...]  # every direct quote found
    key_quotes: tuple[Quote, ...]  # the 1-3 worth posting, best first
    topics: tuple[TopicScore, ...]  # matched topics, best first
    language: str = "en"
    word_count: int = 0
    text: str = field(default="", repr=False)  # the cleaned text the offsets index

    @property
    def summary_text(self) -> str:
        return " ".join(self.summary)

    @property
    def topic_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.topics)
