"""Check every summary over a corpus of pages against the rules a post must keep.

    python bench/summary_check.py ../shared/corpus/pages [--budget 400] [--show N]

For each page: extract, enrich, then count summaries that

- contain a boilerplate line (share/follow prompts, newsletter pitches, credits, "Read more"):
  checked with an independent list of phrases, not only with the cleaner's own patterns;
- contain a quote-only sentence (most of it inside quotation marks);
- open a sentence with a pronoun whose antecedent sentence is not in the summary;
- exceed the character budget;
- hold a sentence that is not verbatim in the article text (a sentence whose dateline was cut,
  "WASHINGTON — ...", counts as verbatim: it is the end of an article sentence);
- are empty although the article has text.

The reader checks of issue 19 (dangling references, depth, repeats, markers, quote interiors)
are in bench/summary_eval.py, beside a lead-N summary.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.enrich import enrich_article, extract_article, split_sentences
from bot.enrich.clean import is_boilerplate
from bot.enrich.summary import is_quote_only, opens_with_pronoun

_BOILERPLATE_PHRASES = re.compile(
    r"\b(?:on facebook|on twitter|on instagram|follow us|like us on|share this|sign up|"
    r"subscribe|newsletter|read more|click here|all rights reserved|copyright|getty images|"
    r"ap photo|photo credit|advertisement|continue reading)\b",
    re.IGNORECASE,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="corpus/pages (html/*.html.gz)")
    parser.add_argument("--budget", type=int, default=400)
    parser.add_argument("--show", type=int, default=0, help="print this many summaries")
    args = parser.parse_args(argv)
    counts = dict.fromkeys(
        (
            "pages",
            "with text",
            "boilerplate",
            "quote-only sentence",
            "unresolved pronoun",
            "over budget",
            "not verbatim",
            "empty",
        ),
        0,
    )
    shown = 0
    sentences_total = 0
    for path in sorted((args.path / "html").glob("*.html.gz")):
        counts["pages"] += 1
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        title, text = extract_article(html)
        if not text:
            continue
        counts["with text"] += 1
        result = enrich_article(title, text, summary_chars=args.budget)
        summary = result.summary
        sentences_total += len(summary)
        if not summary:
            counts["empty"] += 1
            continue
        if any(_BOILERPLATE_PHRASES.search(s) or is_boilerplate(s) for s in summary):
            counts["boilerplate"] += 1
        if any(is_quote_only(s) for s in summary):
            counts["quote-only sentence"] += 1
        article = split_sentences(result.text)
        positions = [
            next((i for i, a in enumerate(article) if a == s or a.endswith(" " + s)), -1)
            for s in summary
        ]
        if any(p < 0 for p in positions):
            counts["not verbatim"] += 1
        if any(
            opens_with_pronoun(s) and (p - 1) not in positions
            for s, p in zip(summary, positions, strict=True)
        ):
            counts["unresolved pronoun"] += 1
        if len(result.summary_text) > args.budget:
            counts["over budget"] += 1
        if shown < args.show:
            shown += 1
            print(f"- {title[:80]}\n  {result.summary_text}\n")
    for name, value in counts.items():
        print(f"{name:<22} {value}")
    with_text = max(counts["with text"], 1)
    print(f"{'sentences per summary':<22} {sentences_total / with_text:.2f}")
    failures = sum(
        counts[k]
        for k in (
            "boilerplate",
            "quote-only sentence",
            "unresolved pronoun",
            "over budget",
            "not verbatim",
        )
    )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
