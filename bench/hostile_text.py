"""How enrichment time grows on hostile text: one paragraph made of a single repeated piece.

    python bench/hostile_text.py [--sizes 1000 2000 4000 8000]

Each shape is run at each size (in repetitions of its piece); the figure is the median of
three runs of `enrich_article`, in ms of process CPU time, and the growth from one size to
the next. A growth near 2 for a doubled size is linear; near 4 is quadratic. A page can be
built this way by anyone, and enrichment runs in a worker process that must not stall.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.enrich import enrich_article

# One piece each; the text is the piece repeated, as one paragraph.
SHAPES = {
    "capitalised words": "Harbour ",
    "quotes": "“a,” ",
    "names and verbs": "Tom Berg said ",
    "appositions": "Tom Berg, a pilot, ",
    "of-phrases": "of the Harbour Trust ",
    "title list": "“Black Water,” ",
    "sentences": "Tom Berg said “no.” ",
    # (names to look back over for a pronoun, in one paragraph: every name asks whether it
    # sits inside a quote)
    "pronouns": "Lia Park met Tom Berg. “We talked for an hour,” he said. ",
    # (names the given-name lists do not know: each asks whether its line is a headline)
    "unknown names": "Zorb Quill met Brax Yule. “We talked for an hour,” he said. ",
    # (each "the company" looks back for the headline's company: a bounded window)
    "the company": "Harbour runs boats. “We won the bid,” the company said. ",
    # (one cue, then quote after quote carried on from it: each reads back to the cue)
    "carried quotes": "“It is a mess of the first order.” ",
    # (one roundup credit, then uncued partial quotes in its voice)
    "roundup voice": "It is “a mess of the first order.” ",
    # (each "they" asks whether the paragraph is about one person; each epithet whether the
    # one just quoted is the headline's; each pair after an inverted verb looks for "and")
    "they": "Park spoke. “We talked for an hour,” they said. ",
    "epithets": "“We won the bid,” said the singer. ",
    "pairs": "“We won,” said Lia Park and Tom Berg. “We lost,” they added. ",
    # (each bare title reads on through its clause for a name; each "she" after a name and
    # a quote asks who the quoted words go on from; each capitalised word before "media"
    # is an adjective)
    "titles": "“We won,” said Harbour Minister and ferry board head of the Trust Lia Park. ",
    "spoken of": "Hale “could sell the pier,” she says. ",
    "adjectives": "Latin American media said “no.” ",
    # (each string asks whether its line is code: one look back to the line's start)
    "code strings": 'x = "a b" ',
    # (a console listing's dot leaders: each run of terminators is read once)
    "dot leaders": "GET / " + "." * 40 + " home ",
}
# what opens the text before the repeated piece, for the shapes that need a cue first
LEADS = {
    "carried quotes": "Tom Berg said: “The pier will fall.” ",
    "roundup voice": "The pier “will fall,” says Tom Berg. ",
}


def _ms(text: str) -> float:
    runs = []
    for _ in range(3):
        t0 = time.process_time()
        enrich_article("Harbour hostile page", text)  # (a headline name: "the company")
        runs.append((time.process_time() - t0) * 1000)
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000])
    args = parser.parse_args(argv)
    print("shape, then ms per size (repetitions of the piece) and growth between sizes")
    for name, piece in SHAPES.items():
        cells: list[str] = []
        last: float | None = None
        for size in args.sizes:
            ms = _ms(LEADS.get(name, "") + piece * size)
            growth = f" (x{ms / last:.1f})" if last else ""
            cells.append(f"{size}: {ms:.0f} ms{growth}")
            last = max(ms, 0.1)
        print(f"  {name:<18} " + "  ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
