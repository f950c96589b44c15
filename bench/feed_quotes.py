"""Quotes and speakers on news text no rule was tuned on: full-text items of the real feeds.

    python bench/feed_quotes.py sample ../shared/corpus/feeds-real OUT [--count N] [--per-feed K]
        [--exclude bench/data/feed_quotes_*.json]
    python bench/feed_quotes.py sample ../shared/corpus/pages OUT --count 200
    python bench/feed_quotes.py sample ../shared/corpus/feeds-real OUT --few --count 1000
        --exclude bench/data/feed_quotes_*.json
    python bench/feed_quotes.py sample ../shared/corpus/feeds-real OUT --big --count 1000
        --exclude bench/data/feed_quotes_*.json
    python bench/feed_quotes.py score ../shared/corpus/feeds-real ANNOTATIONS.json

`sample` picks, in a fixed order, feed items whose full text (as the bot reads it:
`parse_feed`, then the entry's content) runs to 300-2,500 words and holds at least four
quotations and two speech verbs, at most K per feed, and writes each as OUT/<id>.txt
(headline, blank line, body) for annotators to read. The quote rules were tuned on PolNeAR
train and on the corpus pages, never on these texts; the annotators did not see the bot's
output. Given a pages corpus (a folder with html/*.html.gz) instead of feeds, each page is an
item, as the bot reads it: extracted (`extract_article`) and cleaned (`clean_text`); sets P1
and P2 are the corpus pages themselves (P1 was read to tune the rules, P2 held out). With
`--few`, the items the default passes over: 100-2,500 words, one to three quotations and a
speech verb (set H: every such item not in an earlier set, at most K per feed; mostly blog
and tech posts, whose quotation marks are more often titles and terms than speech). With
`--big`, the long items the default leaves out: 2,501-8,000 words, four quotations and two
speech verbs (set I: features, profiles, long blog posts, code walk-throughs).

`score` reads the annotations (per text id: every direct quotation the annotator found, by its
opening words, with the person or body who said it, or null for a quotation no one speaks:
titles, terms, scare quotes) and compares them with `find_quotes` and `pick_key_quotes`:

- quote recall/precision: a predicted quote matches an annotated one when its text starts
  within the annotated quote or the annotated opening words start within it;
- speaker accuracy over matched quotes that have an annotated speaker: right when the
  predicted speaker shares a capitalised name word with the annotated one, or is the same
  text (lower case); no speaker counts as wrong. Unlike PolNeAR's scorer, a pronoun is never
  right by position: the annotators wrote the person a "he" stands for, and the bot's
  speaker is the name it resolved;
- key quotes: the ones a post shows, wrong or missing speaker among those matched.

The texts stay in ../shared (regenerated from the feeds); the annotation file holds ids,
opening words and names only.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import gzip
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.enrich import extract_article
from bot.enrich.clean import clean_text
from bot.enrich.keyquotes import pick_key_quotes
from bot.enrich.quote_rules import SURE
from bot.enrich.quotes import find_quotes
from bot.enrich.sentences import split_sentences
from bot.sources.feeds import parse_feed

_QUOTE_RE = re.compile(r"[“\"][^”\"]{20,}[”\"]")
_SPEECH_RE = re.compile(r"\b(?:said|says|told)\b")
_NAME_WORD_RE = re.compile(r"[A-Z][\w’'\-]+")
_STOP_NAMES = frozenset(
    {"The", "A", "An", "He", "She", "They", "We", "I", "It", "Mr", "Mrs", "Ms", "Dr", "Sen"}
)
_MARKS = "“”\"‘’'"
_CLOSE_RE = re.compile(r"[”\"]|\n")


@dataclass(frozen=True, slots=True)
class Item:
    ident: str
    text: str  # headline, blank line, body


@dataclass(frozen=True, slots=True)
class Shape:
    """Which items a set takes: body length in words, quotations, speech verbs."""

    min_words: int = 301
    max_words: int = 2500
    min_quotes: int = 4
    max_quotes: int = 10**6
    min_speech: int = 2

    def fits(self, body: str) -> bool:
        quotes = len(_QUOTE_RE.findall(body))
        return (
            self.min_words <= len(body.split()) <= self.max_words
            and self.min_quotes <= quotes <= self.max_quotes
            and len(_SPEECH_RE.findall(body)) >= self.min_speech
        )


LONG = Shape()  # sets A-G, P1 and P2: long items, at least four quotations
FEW = Shape(min_words=100, min_quotes=1, max_quotes=3, min_speech=1)  # set H
BIG = Shape(min_words=2501, max_words=8000)  # set I: the long items LONG leaves out
ANY = Shape(min_words=0, max_words=10**6, min_quotes=1, min_speech=0)  # every set's texts


def items(
    feeds: Path,
    count: int,
    per_feed: int,
    shape: Shape = LONG,
    skip: frozenset[str] | set[str] = frozenset(),
) -> list[Item]:
    """Feed items whose body fits `shape`, in a fixed order, at most `per_feed` each (by
    default a body of 301-2,500 words with four quotations: past that, long blog posts and
    code listings, not news), none of the ids in `skip` (texts an earlier set annotated)."""
    out: list[Item] = []
    for source in _sources(feeds):
        taken = 0
        for ident, title, body in source:
            if ident in skip:
                continue
            if not shape.fits(body):
                continue
            out.append(Item(ident, f"{title}\n\n{body}\n"))
            taken += 1
            if taken == per_feed:
                break
    # spread over the feeds: every k-th of the list, so that no one site fills the sample
    if len(out) > count:
        step = len(out) / count
        out = [out[int(i * step)] for i in range(count)]
    return out


def _sources(corpus: Path) -> Iterator[Iterator[tuple[str, str, str]]]:
    """(id, headline, body) of every item, source by source: a feed's entries (id
    "<feed file>-<n>"), or, for a pages corpus (a folder with html/), each page as the bot
    reads it, extracted and cleaned (id "page-<first 12 characters of its file name>", one
    page a source)."""
    pages = corpus / "html"
    if pages.is_dir():
        for path in sorted(pages.glob("*.html.gz")):
            html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
            title, text = extract_article(html)
            yield iter([(f"page-{path.name[:12]}", " ".join(title.split()), clean_text(text))])
        return
    for path in sorted(corpus.iterdir()):
        if path.name == "SOURCES.tsv" or not path.is_file():
            continue
        parsed = parse_feed(path.read_bytes(), f"https://feeds.example/{path.name}")
        yield (
            (f"{path.name}-{n}", entry.title, entry.content or entry.summary)
            for n, entry in enumerate(parsed.entries)
        )


def _every_item(feeds: Path) -> tuple[Item, ...]:
    """Every item the sampler could take, parsed once while the feeds stay as they are
    (scoring several files in one run)."""
    signature = tuple(
        (p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(feeds.iterdir())
    )
    return _parsed_items(feeds, signature)


@functools.lru_cache(maxsize=4)
def _parsed_items(feeds: Path, signature: tuple[tuple[str, int, int], ...]) -> tuple[Item, ...]:
    del signature  # (part of the cache key only)
    return tuple(items(feeds, count=10**6, per_feed=10**6, shape=ANY))


def _same_person(pred: str, gold: str) -> bool:
    p = {w.rstrip("’'s") for w in _NAME_WORD_RE.findall(pred) if w not in _STOP_NAMES}
    g = {w.rstrip("’'s") for w in _NAME_WORD_RE.findall(gold) if w not in _STOP_NAMES}
    if p & g or _acronym_of(pred, gold) or _acronym_of(gold, pred):
        return True
    last_p, last_g = _NAME_WORD_RE.findall(pred)[-1:], _NAME_WORD_RE.findall(gold)[-1:]
    if last_p and last_g and _misspelt(last_p[0], last_g[0]):
        return True  # the text spells the surname two ways ("Botherel" / "Éric Bothorel")
    return bool(pred) and pred.strip().lower() == gold.strip().lower()


def _misspelt(one: str, other: str) -> bool:
    """Two spellings of one name word: six letters or more, the same first letter, at most
    one letter changed or two side by side swapped."""
    if len(one) < 6 or len(one) != len(other) or one[0] != other[0]:
        return False
    diff = [i for i, (a, b) in enumerate(zip(one, other, strict=True)) if a != b]
    if len(diff) == 1:
        return True
    i = diff[0] if len(diff) == 2 else -1
    return i >= 0 and diff[1] == i + 1 and one[i] == other[i + 1] and one[i + 1] == other[i]


def _acronym_of(short: str, long: str) -> bool:
    """ "IOC" for "the International Olympic Committee", "AWS" for "Amazon Web Services":
    the initials of the long name's capitalised words."""
    short = short.strip().removeprefix("the ").replace(".", "")
    if not (2 <= len(short) <= 6 and short.isupper() and short.isalpha()):
        return False
    initials = "".join(w[0] for w in _NAME_WORD_RE.findall(long) if w not in _STOP_NAMES)
    return len(initials) >= 2 and initials == short


_WRITER = frozenset({"the writer", "the author", "the narrator", "i"})
_DETERMINERS = frozenset({"the", "a", "an", "another", "one", "some", "many", "several"})


def _same_entity(pred: str, gold: str) -> bool:
    """Looser than `_same_person`: the writer of the text however named ("the writer" /
    "the author"), or a description whose head noun the annotated speaker holds ("the
    commission" / "the European Commission", "regulators" / "EU regulators")."""
    if _same_person(pred, gold):
        return True
    p, g = pred.strip().lower(), gold.strip().lower()
    if p in _WRITER and g in _WRITER:
        return True
    words = p.split()
    if not words or (pred[:1].isupper() and words[0] not in _DETERMINERS):
        return False  # a name: `_same_person` decides ("Another employee" is no name)
    head = words[-1].rstrip("s")
    return len(head) > 2 and any(w.rstrip("s") == head for w in re.findall(r"[a-z]+", g))


def _norm(words: str) -> str:
    return " ".join(words.strip(_MARKS + " ").split())


@dataclass(frozen=True, slots=True)
class Gold:
    start: int
    end: int
    speech: bool  # False: a title, term, scare quote... (no one's words)
    speaker: str | None  # None for speech whose speaker the text does not give


def locate(text: str, annotated: list[dict[str, object]]) -> tuple[list[Gold], list[str]]:
    """Annotated quotes as spans of `text`: each opening words found after the previous one
    (an annotation whose words are not in the text is reported, not guessed)."""
    golds: list[Gold] = []
    lost: list[str] = []
    at = 0
    for note in annotated:
        where, until = note.get("at"), note.get("end")
        if isinstance(where, int) and isinstance(until, int):
            # a packed annotation: the span located from the opening words when it was packed
            golds.append(_gold(note, where, until))
            at = where
            continue
        if isinstance(where, int):  # (packed before spans were kept: the opening's offset)
            start = stop = where
        else:
            opening = _norm(str(note.get("opening") or ""))
            if not opening:
                continue
            pattern = re.compile(r"\s+".join(re.escape(w) for w in opening.split()))
            found = pattern.search(text, at) or pattern.search(text)
            if found is None:
                lost.append(opening)
                continue
            start, stop = found.start(), found.end()
        # the quote runs to its closing mark, or to the end of the paragraph
        close = _CLOSE_RE.search(text, stop)
        end = close.start() if close else len(text)
        golds.append(_gold(note, start, max(end, stop)))
        at = start
    return golds, lost


def _gold(note: dict[str, object], start: int, end: int) -> Gold:
    speech = note.get("kind") != "not_speech"
    speaker = note.get("speaker") if speech else None
    return Gold(start, end, speech, str(speaker) if speaker else None)


def pack(feeds: Path, annotations: list[Path]) -> dict[str, object]:
    """The annotations with each quote's opening words replaced by their offset in the text
    regenerated from the feeds, so that the file kept in the project holds no article text."""
    notes = load_notes(annotations)
    packed: dict[str, object] = {}
    digests: dict[str, str] = {}
    for item in _every_item(feeds):
        if item.ident not in notes:
            continue
        golds, lost = locate(item.text, notes[item.ident])
        if lost:
            raise SystemExit(f"{item.ident}: openings not found: {lost}")
        packed[item.ident] = [
            {
                "at": g.start,
                "end": g.end,
                "kind": "speech" if g.speech else "not_speech",
                "speaker": g.speaker,
            }
            for g in golds
        ]
        digests[item.ident] = _sha1(item.text)
    # the offsets hold only for the text as regenerated then: `score` checks it still is
    return {"_sha1": dict(sorted(digests.items())), **dict(sorted(packed.items()))}


def _match(start: int, end: int, golds: list[Gold]) -> int:
    for i, g in enumerate(golds):
        if g.start <= start + 1 < g.end or start <= g.start < end:
            return i
    return -1


@dataclass
class Tally:
    texts: int = 0
    gold: int = 0  # speech passages annotated
    gold_named: int = 0  # of them, with a speaker
    not_speech: int = 0
    preds: int = 0
    pred_matched: int = 0  # predictions on an annotated speech passage
    pred_not_speech: int = 0  # predictions on a passage annotated as no one's words
    gold_matched: int = 0
    speaker_total: int = 0
    speaker_ok: int = 0
    speaker_ok_loose: int = 0  # the same, a description of the speaker counted as right
    wrong: int = 0
    sure_total: int = 0
    sure_ok: int = 0
    keys: int = 0
    keys_matched: int = 0
    keys_bad: int = 0
    keys_bad_loose: int = 0
    keys_not_quote: int = 0
    articles_with_key: int = 0


def score_text(tally: Tally, ident: str, text: str, golds: list[Gold], show: bool) -> None:
    tally.texts += 1
    tally.gold += sum(g.speech for g in golds)
    tally.gold_named += sum(g.speaker is not None for g in golds)
    tally.not_speech += sum(not g.speech for g in golds)
    quotes = find_quotes(text)
    matched: set[int] = set()
    for q in quotes:
        tally.preds += 1
        i = _match(q.start, q.end, golds)
        if i < 0 or not golds[i].speech:
            tally.pred_not_speech += i >= 0
            if show:
                print(f"FP {ident}: {q.text[:60]!r} -> {q.speaker!r}")
            continue
        tally.pred_matched += 1
        matched.add(i)
        gold = golds[i]
        if gold.speaker is None:
            continue
        tally.speaker_total += 1
        ok = q.speaker is not None and _same_person(q.speaker, gold.speaker)
        tally.speaker_ok += ok
        tally.speaker_ok_loose += q.speaker is not None and _same_entity(q.speaker, gold.speaker)
        tally.wrong += q.speaker is not None and not ok
        if q.speaker is not None and q.confidence >= SURE:
            tally.sure_total += 1
            tally.sure_ok += ok
        if show and not ok:
            print(
                f"SPK {ident}: {q.text[:50]!r} -> {q.speaker!r} "
                f"({q.confidence:.2f} {q.attributed_by}); annotated {gold.speaker!r}"
            )
    tally.gold_matched += len(matched)
    title, _, body = text.partition("\n")
    summary = " ".join(split_sentences(body)[:3])
    keys = pick_key_quotes(quotes, summary=summary, title=title)
    tally.articles_with_key += bool(keys)
    for q in keys:
        tally.keys += 1
        i = _match(q.start, q.end, golds)
        if i < 0 or golds[i].speaker is None:
            tally.keys_not_quote += 1  # no annotated speech, or no speaker to check against
            continue
        tally.keys_matched += 1
        tally.keys_bad_loose += q.speaker is None or not _same_entity(
            q.speaker, golds[i].speaker or ""
        )
        if q.speaker is None or not _same_person(q.speaker, golds[i].speaker or ""):
            tally.keys_bad += 1
            if show:
                print(f"KEY {ident}: {q.text[:50]!r} -> {q.speaker!r}; {golds[i].speaker!r}")


def load_notes(paths: list[Path]) -> dict[str, list[dict[str, object]]]:
    """Every text's annotation, from the first file that has it."""
    notes: dict[str, list[dict[str, object]]] = {}
    for path in paths:
        for ident, listed in json.loads(path.read_text(encoding="utf-8")).items():
            if not ident.startswith("_"):  # ("_sha1": the texts a packed file was made on)
                notes.setdefault(ident, listed)
    return notes


def _digests(paths: list[Path]) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in paths:
        found.update(json.loads(path.read_text(encoding="utf-8")).get("_sha1", {}))
    return found


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def score(feeds: Path, annotations: list[Path], show: bool) -> Tally:
    notes = load_notes(annotations)
    tally = Tally()
    lost_all = 0
    every = _every_item(feeds)
    digests = _digests(annotations)
    for item in every:
        if item.ident in notes:
            if item.ident in digests and digests[item.ident] != _sha1(item.text):
                raise SystemExit(
                    f"{item.ident}: the text regenerated from the feed is not the one the "
                    "annotation's offsets were packed on (the feed reader changed): re-pack "
                    "from the annotators' files"
                )
            golds, lost = locate(item.text, notes[item.ident])
            lost_all += len(lost)
            score_text(tally, item.ident, item.text, golds, show)
    missing = set(notes) - {i.ident for i in every}
    if missing:
        print(f"annotated texts not found in the feeds: {sorted(missing)}")
    if lost_all:
        print(f"annotated openings not found in their text: {lost_all}")
    return tally


def agreement(feeds: Path, first: Path, second: Path) -> str:
    """Texts both files annotate: passages both found, kind and speaker agreement."""
    a = json.loads(first.read_text(encoding="utf-8"))
    b = json.loads(second.read_text(encoding="utf-8"))
    both = set(a) & set(b)
    texts = {i.ident: i.text for i in _every_item(feeds) if i.ident in both}
    found = only_a = only_b = same_kind = speakers = same_speaker = 0
    for ident, text in texts.items():
        ga, _ = locate(text, a[ident])
        gb, _ = locate(text, b[ident])
        used: set[int] = set()
        for g in ga:
            j = _match(g.start, g.end, gb)
            if j < 0 or j in used:
                only_a += 1
                continue
            used.add(j)
            found += 1
            same_kind += g.speech == gb[j].speech
            if g.speaker is not None and gb[j].speaker is not None:
                speakers += 1
                same_speaker += _same_person(g.speaker, gb[j].speaker or "")
        only_b += len(gb) - len(used)
    return (
        f"{len(texts)} texts in both: {found} passages in both, {only_a} / {only_b} in one "
        f"only; same kind {same_kind}/{found}; same speaker {same_speaker}/{speakers}"
    )


def report(t: Tally) -> str:
    p = t.pred_matched / t.preds if t.preds else 0.0
    r = t.gold_matched / t.gold if t.gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    s = t.speaker_ok / t.speaker_total if t.speaker_total else 0.0
    loose = t.speaker_ok_loose / t.speaker_total if t.speaker_total else 0.0
    sure = t.sure_ok / t.sure_total if t.sure_total else 0.0
    none = t.speaker_total - t.speaker_ok - t.wrong
    bad = t.keys_bad / t.keys_matched if t.keys_matched else 0.0
    bad_loose = t.keys_bad_loose / t.keys_matched if t.keys_matched else 0.0
    return (
        f"{t.texts} texts, {t.gold} annotated quotations of speech ({t.gold_named} with a "
        f"speaker), {t.not_speech} of no one's words\n"
        f"quotes P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (predicted {t.preds}; on a passage of "
        f"no one's words {t.pred_not_speech})\n"
        f"speaker {s:.3f} ({t.speaker_ok}/{t.speaker_total}; other speaker {t.wrong}, "
        f"none {none}); sure right {sure:.3f} ({t.sure_ok}/{t.sure_total}); a description "
        f"of the speaker counted right: {loose:.3f} ({t.speaker_ok_loose}/{t.speaker_total})\n"
        f"key quotes {t.keys}: wrong or missing speaker {bad:.3f} ({t.keys_bad} of "
        f"{t.keys_matched} matched; {t.keys_bad_loose} with descriptions counted right, "
        f"{bad_loose:.3f}); no annotated speaker or not a quote {t.keys_not_quote}; "
        f"articles with a key quote {t.articles_with_key}/{t.texts}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample", help="write the sampled texts for annotators")
    s.add_argument("feeds", type=Path)
    s.add_argument("out", type=Path)
    s.add_argument("--count", type=int, default=48)
    s.add_argument("--per-feed", type=int, default=3)
    s.add_argument(
        "--few",
        action="store_true",
        help="items of 100-2,500 words with one to three quotations (set H) instead",
    )
    s.add_argument(
        "--big",
        action="store_true",
        help="items of 2,501-8,000 words with four quotations (set I) instead",
    )
    s.add_argument(
        "--min-speech",
        type=int,
        default=None,
        help="speech verbs an item needs at least (set J: 0, the long items with fewer than two)",
    )
    s.add_argument(
        "--exclude",
        type=Path,
        nargs="*",
        default=[],
        help="annotation files whose texts are left out (a new set must be new text)",
    )
    c = sub.add_parser("score", help="score the bot against an annotation file")
    c.add_argument("feeds", type=Path)
    c.add_argument("annotations", type=Path, nargs="+", help="one or more annotation files")
    c.add_argument("--show", action="store_true", help="print every miss (never paste them)")
    k = sub.add_parser("pack", help="annotations as offsets, to keep without article text")
    k.add_argument("feeds", type=Path)
    k.add_argument("annotations", type=Path, nargs="+")
    k.add_argument("--out", type=Path, required=True)
    g = sub.add_parser("agree", help="agreement of two annotators on the texts both did")
    g.add_argument("feeds", type=Path)
    g.add_argument("first", type=Path)
    g.add_argument("second", type=Path)
    args = parser.parse_args(argv)
    if args.cmd == "sample":
        args.out.mkdir(parents=True, exist_ok=True)
        done = set(load_notes(args.exclude))
        shape = FEW if args.few else BIG if args.big else LONG
        if args.min_speech is not None:
            shape = dataclasses.replace(shape, min_speech=args.min_speech)
        chosen = items(args.feeds, args.count, args.per_feed, shape, skip=done)
        for item in chosen:
            (args.out / f"{item.ident}.txt").write_text(item.text, encoding="utf-8")
        print(f"{len(chosen)} texts written to {args.out}")
        return 0
    if args.cmd == "pack":
        packed = pack(args.feeds, args.annotations)
        args.out.write_text(json.dumps(packed, indent=1, ensure_ascii=False) + "\n", "utf-8")
        texts = [v for k, v in packed.items() if not k.startswith("_") and isinstance(v, list)]
        print(f"{len(texts)} texts, {sum(map(len, texts))} passages -> {args.out}")
        return 0
    if args.cmd == "agree":
        print(agreement(args.feeds, args.first, args.second))
        return 0
    print(report(score(args.feeds, args.annotations, args.show)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
