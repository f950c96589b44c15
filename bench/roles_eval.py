"""Roles and speaker names under quotes: how many a reader would find garbled.

    python bench/roles_eval.py ../shared/eval/polnear/train [--list] [--show N]
    python bench/roles_eval.py ../shared/corpus/pages [--list]

PATH is a PolNeAR split (text/*.txt, run through `find_quotes` as quotes_eval does) or a pages
corpus (html/*.html.gz, extracted and enriched as the pipeline does: `extract_article`, then
`enrich_article`). Every quote with a role counts once per quote.

A role is counted bad when it is

- a bare honorific: only "Mr.", "Ms.", "Sen.", "Dr." ... (the abbreviated titles of
  `bot.enrich.names`, plus Sir/Madam/Miss);
- cut: its last word is an article, a preposition or a conjunction ("Secretary of",
  "a professor at the");
- a clause: it holds a verb. No tagger: a lexicon of finite verbs that do not occur in
  titles: the forms of be/have/do, the modals, the speech verbs of `quote_patterns.VERBS`
  (without the few that are also nouns in titles: "reports", "notes", "claims", "charged",
  "calls", "posted", "states", "offered") and a short list of verbs
  that follow a subject in news text (gets, went, wants, ...). "a retired teacher" or
  "an elected official" are not clauses: participles used as adjectives are not in it;
- longer than 12 words.

A speaker string is counted bad when it holds an honorific word ("Mr.", "Ms." ...) or ends
in punctuation (a comma, a point, a colon) other than the point of an initial ("Jr.").

--list prints every distinct role once, most frequent first, so a reader can scan them;
--show N prints N bad roles with the quote's speaker. PolNeAR is used for evaluation only:
nothing from it is stored in the project (never paste this output into it).
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.enrich import enrich_article, extract_article, find_quotes
from bot.enrich.lexicon import words
from bot.enrich.quote_patterns import VERBS
from bot.enrich.types import Quote

_HONORIFICS = words(
    "mr mrs ms miss dr sen sens rep reps gov gen lt col sgt capt rev prof maj adm cmdr pres "
    "atty supt sir madam dame"
)
_CUT_END = words(
    "of the a an at in on for to from with by and or but as about into over under than "
    "between among via per"
)
_NOUN_LIKE = words("reports notes claims charged calls posted states offered reads speaks spoke")


def _without_lookarounds(pattern: str) -> str:
    """`pattern` with its (?...) groups cut out: "maintained(?!\\s+(?:a|the)\\b)" is the verb
    "maintained", not also "a" and "the"."""
    out: list[str] = []
    depth = 0
    i = 0
    while i < len(pattern):
        if pattern.startswith("(?", i) and (depth or pattern[i + 2 : i + 3] in "!=<"):
            depth += 1
            i += 2
            continue
        if depth and pattern[i] == "(":
            depth += 1
        elif depth and pattern[i] == ")":
            depth -= 1
        elif not depth:
            out.append(pattern[i])
        i += 1
    return "".join(out)


_FINITE = (
    frozenset(
        v for v in re.split(r"\|", _without_lookarounds(VERBS)) if " " not in v and v.isalpha()
    )
    - _NOUN_LIKE
) | words(
    "is was are were am be been being has have had does did do will would can could should "
    "shall may might must gets got went goes wants wanted says thinks thought knows knew "
    "believes believed hopes hoped feels felt sees saw makes made takes took gives gave "
    "needs needed tried tries plans planned"
)
_WORD_RE = re.compile(r"[\w’'\-]+")
_TRAILING_PUNCT_RE = re.compile(r"[,.;:!?’'\"”)\-–—]$")
_INITIAL_END_RE = re.compile(r"(?:\b[A-Z]|\bJr|\bSr|\bInc|\bCo|\bSt)\.$")


def role_problem(role: str) -> str | None:
    """The first check a role fails ("honorific", "cut", "verb", "long"), or None."""
    words = [w.lower() for w in _WORD_RE.findall(role)]
    if not words:
        return "honorific"
    if len(words) == 1 and words[0] in _HONORIFICS:
        return "honorific"
    if words[-1] in _CUT_END:
        return "cut"
    if any(w in _FINITE for w in words):
        return "verb"
    if len(words) > 12:
        return "long"
    return None


def speaker_problem(speaker: str) -> str | None:
    """ "honorific" when a speaker string holds one, "punct" when it ends in punctuation."""
    for w in speaker.split():
        if w.rstrip(".").lower() in _HONORIFICS and w[:1].isupper():  # (not "Swift's rep")
            return "honorific"
    if _TRAILING_PUNCT_RE.search(speaker) and not _INITIAL_END_RE.search(speaker):
        return "punct"
    return None


def _polnear(path: Path) -> Iterator[list[Quote]]:
    for text_path in sorted((path / "text").glob("*.txt")):
        yield find_quotes(text_path.read_text(encoding="utf-8"))


def _pages(path: Path) -> Iterator[list[Quote]]:
    for page in sorted((path / "html").glob("*.html.gz")):
        html = gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace")
        title, text = extract_article(html)
        if text:
            yield list(enrich_article(title, text).quotes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a PolNeAR split or a pages corpus")
    parser.add_argument("--list", action="store_true", help="print every role, most frequent first")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N bad roles")
    args = parser.parse_args(argv)
    articles = _pages(args.path) if (args.path / "html").is_dir() else _polnear(args.path)
    roles: Counter[str] = Counter()
    problems: Counter[str] = Counter()
    speakers: Counter[str] = Counter()
    bad_speakers: list[str] = []
    bad_roles: list[str] = []
    n_articles = n_quotes = n_roles = n_speakers = 0
    for quotes in articles:
        n_articles += 1
        for q in quotes:
            n_quotes += 1
            if q.speaker:
                n_speakers += 1
                sp = speaker_problem(q.speaker)
                if sp:
                    speakers[sp] += 1
                    bad_speakers.append(f"{sp:<9} {q.speaker!r}")
            if q.role:
                n_roles += 1
                roles[q.role] += 1
                problem = role_problem(q.role)
                if problem:
                    problems[problem] += 1
                    bad_roles.append(f"{problem:<9} {q.role!r}  ({q.speaker!r})")
    bad = sum(problems.values())
    print(f"{n_articles} articles from {args.path}: {n_quotes} quotes, {n_roles} with a role")
    share = bad / n_roles if n_roles else 0.0
    detail = ", ".join(f"{k} {problems[k]}" for k in ("honorific", "cut", "verb", "long"))
    print(f"bad roles: {bad}/{n_roles} = {share:.1%} ({detail}); {len(roles)} distinct")
    detail = ", ".join(f"{k} {speakers[k]}" for k in ("honorific", "punct"))
    print(f"bad speakers: {sum(speakers.values())}/{n_speakers} ({detail})")
    for line in bad_roles[: args.show]:
        print("  " + line)
    for line in bad_speakers[: args.show]:
        print("  " + line)
    if args.list:
        for role, count in roles.most_common():
            print(f"{count:5d}  {role}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
