"""Pages: how much of each article body extraction keeps, titles, and pages refused as not news.

    python bench/pages_eval.py ../shared/corpus/pages [--show-cut] [--show-refused] [--titles]

For every page in PATH/html/*.html.gz with its ground-truth.json entry (expected article text):

- token recall / precision of the extracted text against the ground truth (median and mean);
- pages whose extracted body is under half the ground truth's words (a body cut short);
- titles that still end with the site's name (" - IGN", " | Site"): the tail after the last
  separator matched against og:site_name, application-name and the host name;
- pages classified not an article (`bot.enrich.pagekind`), each listed with its reason when
  --show-refused is given, so every refusal can be read.

The checks use their own matching (not the extractor's), so that a change to the title
cleanup cannot grade itself.
"""

from __future__ import annotations

import argparse
import gzip
import html as html_lib
import json
import re
import statistics
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.enrich import extract_article

_TOKEN_RE = re.compile(r"\w+")
_META_RE = re.compile(r"<meta\b[^>]{0,2000}>", re.IGNORECASE)
_ATTR_RE = re.compile(r"([\w:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def _overlap(pred: str, gold: str) -> tuple[float, float, int, int]:
    p = Counter(_TOKEN_RE.findall(pred.lower()))
    g = Counter(_TOKEN_RE.findall(gold.lower()))
    common = sum((p & g).values())
    n_p, n_g = sum(p.values()), sum(g.values())
    return common / max(n_g, 1), common / max(n_p, 1), n_p, n_g


def _site_names(page: str, url: str) -> set[str]:
    """The names a site goes by: og:site_name, application-name, its host's words."""
    names: set[str] = set()
    for tag in _META_RE.finditer(page[:300_000]):
        attrs = {m[1].lower(): m[2] or m[3] or "" for m in _ATTR_RE.finditer(tag.group(0))}
        key = (attrs.get("property") or attrs.get("name") or "").lower()
        if key in ("og:site_name", "application-name", "twitter:site"):
            value = html_lib.unescape(attrs.get("content", "")).strip().lstrip("@")
            if value:
                names.add(_norm(value))
    host = urlsplit(url).hostname or ""
    parts = [p for p in host.split(".") if p not in ("www", "com", "org", "net", "co", "uk")]
    if parts:
        names.add(_norm(parts[0]))
    return {n for n in names if n}


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def suffix_left(title: str, page: str, url: str) -> str | None:
    """The tail of `title` that is the site's name, if one is left."""
    names = _site_names(page, url)
    for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
        head, found, tail = title.rpartition(sep)
        if not found or not head:
            continue
        t = _norm(tail)
        if t and any(
            t == n or (len(n) >= 4 and abs(len(t) - len(n)) <= 5 and (n in t or t in n))
            for n in names
        ):
            return tail
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="corpus/pages (html/*.html.gz, ground-truth.json)")
    parser.add_argument("--show-cut", action="store_true", help="list pages cut under half")
    parser.add_argument("--show-refused", action="store_true", help="list pages refused")
    parser.add_argument("--titles", action="store_true", help="list titles with a suffix left")
    parser.add_argument("--json", type=Path, help="write per-page figures here")
    args = parser.parse_args(argv)
    try:
        from bot.enrich.extract import extract_page
    except ImportError:  # the code before issue 19 had no classifier
        extract_page = None
    truth: dict[str, dict[str, str]] = json.loads(
        (args.path / "ground-truth.json").read_text(encoding="utf-8")
    )
    recalls: list[float] = []
    precisions: list[float] = []
    cut: list[tuple[str, int, int]] = []
    suffixes: list[tuple[str, str]] = []
    refused: list[tuple[str, str, str]] = []
    rows = []
    files = sorted((args.path / "html").glob("*.html.gz"))
    for path in files:
        key = path.name.removesuffix(".html.gz")
        page = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        entry = truth.get(key, {})
        gold, url = entry.get("articleBody", ""), entry.get("url", "")
        if extract_page is not None:
            found = extract_page(page, url or None)
            title, text, kind = found.title, found.text, found.kind
        else:
            title, text = extract_article(page, url or None)
            kind = None
        r, p, n_p, n_g = _overlap(text, gold)
        if gold:
            recalls.append(r)
            precisions.append(p)
            if n_p < n_g / 2:
                cut.append((key[:12], n_p, n_g))
        tail = suffix_left(title, page, url)
        if tail is not None:
            suffixes.append((key[:12], title))
        reason = ""
        if kind is not None and not kind.is_article:
            reason = f"[{kind.rule}] {kind.reason}"
            refused.append((key[:12], title, reason))
        rows.append(
            {
                "page": key,
                "recall": r,
                "precision": p,
                "words": n_p,
                "gold": n_g,
                "title": title,
                "refused": reason,
            }
        )
    print(f"{len(files)} pages from {args.path}")
    print(
        f"  token recall    median {statistics.median(recalls):.3f}"
        f"  mean {statistics.fmean(recalls):.3f}"
    )
    print(
        f"  token precision median {statistics.median(precisions):.3f}"
        f"  mean {statistics.fmean(precisions):.3f}"
    )
    print(f"  bodies under half the ground truth's words: {len(cut)}")
    print(f"  titles with the site's name left as a suffix: {len(suffixes)}")
    if extract_page is None:
        print("  not-an-article classification: not in this code")
    else:
        print(f"  classified not an article: {len(refused)}")
    if args.show_cut:
        for key, n_p, n_g in cut:
            print(f"    cut {key}: {n_p} of {n_g} words")
    if args.titles:
        for key, title in suffixes:
            print(f"    title {key}: {title}")
    if args.show_refused:
        for key, title, reason in refused:
            print(f"    refused {key}: {title[:70]!r}: {reason}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
