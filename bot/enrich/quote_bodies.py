"""Which body or document a description stands for: "the ministry", "the company", "the
message", "the ruling", "the outlet", "the team".

An article names a body once in full and then describes it; a reader of a post wants the
name. Each rule below looks back from the description for the one name it can stand for and
gives up (None) when the article offers none or two. What they find is read from elsewhere,
so the attribution carries the `description_for_name` doubt and is never sure
(`quote_rules.mention_sureness`): never a key quote's speaker.

- `fuller_body`: "the report" -> "the International AI Safety Report", "the ministry" ->
  "Indonesia's foreign ministry";
- `headline_company`: "the company" -> the headline's company the body named last;
- `document_author`: "a statement from X" -> X; "the message" after "a message from Mayor
  Lia Park" -> Lia Park; "the statement" after "X issued a statement" -> X;
- `named_outlet`: "the outlet", "the paper" -> the outlet last credited ("said to Wired");
- `ruling_court`: "the ruling" -> the one court named before it;
- `team_lead`: "the team" after "researchers led by Lia Park" -> "the team led by Lia Park".
"""

from __future__ import annotations

import re

from .names import (
    NAME_PATTERN,
    TITLES,
    NameRegistry,
    is_function_word,
    is_given_name,
    is_organisation,
    is_place,
    split_title,
    strip_possessive,
)
from .roles import clean_name

__all__ = [
    "body_for",
    "document_author",
    "fuller_body",
    "headline_company",
    "named_outlet",
    "ruling_court",
    "team_lead",
]

# "the ministry said" after "Indonesia’s foreign ministry": the body in full, when named
_BODIES = frozenset(
    {"report", "study", "ministry", "spokesperson", "spokesman", "spokeswoman", "commission"}
    | {"agency", "council", "committee", "department", "office", "court", "survey", "poll"}
)
_BODY_REACH = 3000
_ARTICLES = frozenset({"The", "A", "An", "This"})
_FULLER_BODY_RES = {
    noun: re.compile(
        r"(?<![\w’'\-])(?P<np>(?:[A-Z](?:[\w’'\-]|\.(?=[A-Z]))* ){0,5}"
        r"[A-Z](?:[\w’'\-]|\.(?=[A-Z]))*(?:[’']s)? "
        rf"(?:[a-z]+ ){{0,2}}(?i:{noun}))\b"
    )
    for noun in _BODIES
}
# "the company said" in a story about one company: the company the headline names
_COMPANY_NP_RE = re.compile(
    r"(?i:the)\s+(?:[a-z][\w\-]*\s+){0,2}?(?:company|firm|startup|start-up|tech giant)"
)
_BRAND_RE = re.compile(r"\b[A-Z][A-Za-z0-9]*[a-z0-9][A-Za-z0-9]*\b|\b[A-Z]{2,}[a-z]*\b")
_SENTENCE_OPEN_RE = re.compile(r"(?:[.!?:][’'”\"]?\s+|\n\s*|[“\"‘]\s*)$")
_BRAND_MENTIONS = 2  # in the body before the quote, at least
_BRAND_REACH = 5000  # characters back: "the company" is one named lately
# "the message read" after "a message from Emmanuel Macron": the words are its author's
_DOCUMENTS = (
    r"message|statement|letter|post|note|release|press release|memo|email|e-mail|text|"
    r"tweet|announcement"
)
_DOCUMENT_NP_RE = re.compile(
    rf"(?i:the|a|an|this|that)\s+(?:[a-z][\w\-]*\s+){{0,2}}?(?P<doc>{_DOCUMENTS})"
    rf"(?:\s+(?:from|by)\s+(?P<own>{NAME_PATTERN}|the\s+{NAME_PATTERN}))?[.,]?"
)
_DOCUMENT_FROM_RE = re.compile(
    rf"\b(?:{_DOCUMENTS})\s+(?:(?:sent|issued|released|posted|written)\s+)?(?:from|by)\s+"
    rf"(?:(?:[a-z][\w\-]*|[A-Z]{{2,}})\s+){{0,4}}?(?P<who>{NAME_PATTERN})"
)
# "Big Machine Records issued a statement", "Harbour Trust said in a statement": the body or
# person that put out a document of that kind
_DOCUMENT_ISSUED_RE = re.compile(
    rf"(?P<who>{NAME_PATTERN})\s+(?:(?:also|later|then|quickly|on\s+[A-Z][a-z]+day)\s+)?"
    rf"(?:(?:issued|released|put\s+out|posted|published|shared|sent)\s+(?:a|an|its|their|his|her)"
    rf"|said\s+in\s+(?:a|an|its|their|his|her))"
    rf"\s+(?:[a-z][\w\-]*\s+){{0,2}}?(?P<doc>{_DOCUMENTS})\b"
)
_DOCUMENT_REACH = 2000
# "the outlet reported" after "... first shared with Axios": the outlet last named as one
_OUTLET_NP_RE = re.compile(
    r"(?i:the)\s+(?:outlet|paper|newspaper|magazine|publication|broadcaster|news site)"
)
_OUTLET_CREDIT_RE = re.compile(
    rf"\b(?:told|to|with|by|according to|said|says|reported|reports|wrote|writes)\s+"
    rf"(?:the\s+)?(?P<outlet>{NAME_PATTERN})(?=[\s.,;’']|$)"
    rf"|(?P<first>{NAME_PATTERN})\s+(?:reported|reports|said|says|wrote|writes|first reported)\b"
)
# "the ruling stated" after "London's High Court": a court's words
_RULING_NP_RE = re.compile(r"(?i:the|that|this)\s+(?:[a-z][\w\-]*\s+)?(?:ruling|judgment|verdict)")
_COURT_RE = re.compile(
    r"(?<![\w’'\-])(?:[A-Z][\w’'\-]*\s+){1,5}?(?:Court|Tribunal)(?:\s+of\s+(?:[A-Z][\w\-]*\s*){1,3})?"
)
# "the team concluded" after the article named who led it
_TEAM_NPS = frozenset(
    {"the team", "the researchers", "the scientists", "the authors", "the research team"}
    | {"the study authors", "the study’s authors", "the study's authors"}
)
_TEAM_REACH = 5000
_TEAM_LEAD_RE = re.compile(
    rf"\b(?:[Rr]esearchers|[Ss]cientists|[Aa]\s+team|[Tt]he\s+team|team|[Aa]uthors|[Aa]\s+group)\s+"
    rf"(?:\w+\s+){{0,2}}?(?:led|headed)\s+by\s+(?P<led>{NAME_PATTERN})"
    rf"|(?P<own>{NAME_PATTERN})(?:\s+and\s+(?:his|her|their)\s+(?:colleagues|team|co-?authors)"
    rf"|\s+and\s+colleagues|,?\s+et\s+al\b)"
)


def fuller_body(text: str, np: str, at: int) -> str | None:
    """The body or document "the report", "the ministry" stands for, as the article last
    named it in full before `at`: "the International AI Safety Report", "Indonesia’s
    foreign ministry", "the Foreign Office spokesperson". None when it was not."""
    words_ = np.split()
    if len(words_) != 2 or words_[0].lower() != "the" or words_[1].lower() not in _BODIES:
        return None
    pattern = _FULLER_BODY_RES[words_[1].lower()]
    for named in reversed(list(pattern.finditer(text, max(0, at - _BODY_REACH), at))):
        tokens = named.group("np").split()
        while tokens and (tokens[0] in _ARTICLES or is_function_word(tokens[0])):
            tokens = tokens[1:]  # ("What the report says": no name)
        if len(tokens) < 2 or tokens[0][:1].islower():
            continue
        full = " ".join(tokens)
        return full if "’s " in full or "'s " in full else f"the {full}"
    return None


def headline_company(
    text: str, registry: NameRegistry, np: str, at: int, headline: str, body_start: int = 0
) -> str | None:
    """The company "the company" stands for in a story about companies: of the names in
    the headline that the body writes in the 5,000 characters before `at` (twice at least,
    once inside a sentence: a proper name, not a headline's capitalised word) and that are
    no person's, place's or title word, the one written last before `at`."""
    if _COMPANY_NP_RE.fullmatch(np) is None:
        return None
    last: dict[str, int] = {}
    for brand in set(_BRAND_RE.findall(headline)):
        if is_function_word(brand) or brand.lower() in TITLES or is_given_name(brand):
            continue
        if brand.isupper() and len(brand) <= 3:
            continue  # "AI", "US", "EU": a subject, not the company
        full = registry.resolve(brand)
        if is_place(brand) or (" " in full and full in registry.names):
            continue  # a place, or the surname of a person the body names ("Lia Park")
        if any(name.startswith(f"{brand} ") for name in registry.names):
            continue  # the first name of a person the body names ("Taylor" of Taylor Swift)
        pattern = re.compile(rf"(?<![\w’'\-]){re.escape(brand)}(?![\w\-])")
        since = max(body_start, at - _BRAND_REACH)
        seen = [m.start() for m in pattern.finditer(text, since, at)]
        inside = any(_SENTENCE_OPEN_RE.search(text, max(0, i - 4), i) is None for i in seen)
        if len(seen) >= _BRAND_MENTIONS and inside:
            last[brand] = seen[-1]
    return max(last, key=last.__getitem__) if last else None


def document_author(text: str, registry: NameRegistry, np: str, at: int) -> str | None:
    """Who wrote the document `np` names, when the article says: "a statement from X"
    itself, or "the message" after "a message from NATO Secretary General Mark Rutte",
    "Big Machine Records issued a statement" or "X said in a statement" (the last document
    of that kind credited before `at`)."""
    doc = _DOCUMENT_NP_RE.fullmatch(np)
    if doc is None:
        return None
    own = doc.group("own")
    if own is not None and own.endswith(".") and "." not in own[:-1]:
        own = own[:-1]  # ("a statement from X.": the sentence's full stop)
    if own is not None:
        return own if own.startswith("the ") else registry.resolve(own)
    if not np.lower().startswith(("the ", "this ", "that ")):
        return None  # ("a statement said": some statement, whoever's)
    kind = doc.group("doc").lower()  # (a ruling's court: `ruling_court`)
    since = max(0, at - _DOCUMENT_REACH)
    credits = [
        (m.start(), m.group("who"))
        for m in _DOCUMENT_FROM_RE.finditer(text, since, at)
        if m.group(0).lower().startswith(kind)
    ]
    credits.extend(
        (m.start(), m.group("who"))
        for m in _DOCUMENT_ISSUED_RE.finditer(text, since, at)
        if m.group("doc").lower() == kind
    )
    if not credits:
        return None
    _, who = split_title(max(credits)[1])
    return registry.resolve(strip_possessive(who))


def named_outlet(text: str, registry: NameRegistry, np: str, at: int) -> str | None:
    """The outlet "the outlet" or "the paper" stands for: the last body before `at` that
    the article credits as telling or being told (an organisation by its name, or one
    named there at least twice: "said to Wired", "Wired said"), not a person."""
    if _OUTLET_NP_RE.fullmatch(np) is None:
        return None
    credits = [
        (m.group("outlet") or m.group("first"))
        for m in _OUTLET_CREDIT_RE.finditer(text, max(0, at - _DOCUMENT_REACH), at)
    ]
    counts: dict[str, int] = {}
    for name in credits:
        name = strip_possessive(name)
        counts[name] = counts.get(name, 0) + 1
    for name in reversed(credits):
        name = strip_possessive(name)
        full = registry.resolve(name)
        person = full in registry.names and not is_organisation(full)
        if person or is_place(name) or is_given_name(name.split()[0]):
            continue  # a person ("said to Lia Park"), or a place
        if is_function_word(name) or name.lower() in TITLES:
            continue
        if is_organisation(name) or counts[name] >= 2:
            return name
    return None


def ruling_court(text: str, np: str, at: int) -> str | None:
    """The court whose ruling `np` is: the one court the article names before `at`
    (two courts named: no guess)."""
    if _RULING_NP_RE.fullmatch(np) is None:
        return None
    courts = set()
    for found in _COURT_RE.finditer(text, max(0, at - _DOCUMENT_REACH), at):
        words_ = found.group(0).split()
        while words_ and (is_function_word(words_[0]) or words_[0] in _ARTICLES):
            words_ = words_[1:]  # ("In the High Court": the court)
        if len(words_) >= 2:
            words_[-1] = strip_possessive(words_[-1])  # ("the High Court’s ruling")
            courts.add(" ".join(words_))
    courts = {c for c in courts if not any(c != o and o.endswith(c) for o in courts)}
    if len(courts) != 1:
        return None
    court = courts.pop()
    return court if "’s " in court or "'s " in court else f"the {court}"


def team_lead(text: str, registry: NameRegistry, at: int) -> str | None:
    """The person the article last named as leading a study's team before `at`
    ("researchers led by Lia Park", "Park and her colleagues", "Park et al.")."""
    leads = list(_TEAM_LEAD_RE.finditer(text, max(0, at - _TEAM_REACH), at))
    if not leads:
        return None
    last = leads[-1]
    name = last.group("led") or last.group("own")
    return clean_name(registry.resolve(name))


def body_for(
    text: str, registry: NameRegistry, np: str, at: int, headline: str = "", body_start: int = 0
) -> tuple[str, bool] | None:
    """The name the description `np` (at `at`) stands for, and whether the description's own
    role stays with it ("the ministry", a body's part, keeps it; a document's author does
    not), trying the rules in the module's order; None when none finds one."""
    if np.lower() in _TEAM_NPS:
        lead = team_lead(text, registry, at)
        if lead is not None:  # "the team" after "scientists led by Lia Park"
            return f"the team led by {lead}", False
    fuller = fuller_body(text, np, at)
    if fuller is not None:  # "the ministry" after "Indonesia’s foreign ministry"
        return fuller, True
    company = headline_company(text, registry, np, at, headline, body_start)
    if company is not None:  # "the company" in a story headlined on Uber: Uber
        return company, True
    for found in (
        document_author(text, registry, np, at),  # "the message" after "a message from X"
        named_outlet(text, registry, np, at),  # "the outlet" after "shared with Axios"
        ruling_court(text, np, at),  # "the ruling" after "London's High Court"
    ):
        if found is not None:
            return found, False
    return None
