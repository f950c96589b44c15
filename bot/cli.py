"""`newsbot` command line: run, check-config, preview, db, sources, why, top."""

from __future__ import annotations

import sys

# Ctrl-C while starting up (these imports take a moment): a line, not a traceback.
try:
    import argparse
    import asyncio
    import json
    import logging
    import os
    import signal
    import sqlite3
    import time
    from collections.abc import Sequence
    from pathlib import Path
    from typing import TYPE_CHECKING, Any

    from bot.config import Config, ConfigError, load_config
    from bot.store.errors import StoreError, from_sqlite
except KeyboardInterrupt:
    print("newsbot: interrupted", file=sys.stderr)
    raise SystemExit(130) from None

if TYPE_CHECKING:
    from bot.delivery.outbox import DeliveryReport
    from bot.store import Store

__all__ = ["main"]

DEFAULT_CONFIG = "config.toml"


class UsageError(Exception):
    """A wrong argument the parser could not catch: printed, exit status 2."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsbot", description="News for Discord and Slack.")
    p.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_config(sp: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sp.add_argument("--config", default=DEFAULT_CONFIG, help="path to config.toml")
        return sp

    r = with_config(sub.add_parser("run", help="watch the sources and post (Ctrl-C stops)"))
    r.add_argument("--once", action="store_true", help="poll every source once, deliver, exit")

    c = sub.add_parser("check-config", help="validate a config file")
    c.add_argument("path", nargs="?", default=DEFAULT_CONFIG)

    pv = with_config(sub.add_parser("preview", help="what would be posted for one article"))
    pv.add_argument("target", help="a URL, an .html file, or a text file (title, then body)")
    pv.add_argument("--json", action="store_true", help="print JSON")

    db = sub.add_parser("db", help="database maintenance")
    dbs = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    with_config(dbs.add_parser("migrate", help="bring the schema up to date"))
    b = with_config(dbs.add_parser("backup", help="online backup to a file"))
    b.add_argument("target")
    b.add_argument("--force", action="store_true", help="replace the target if it exists")

    s = sub.add_parser("sources", help="the sources and their state")
    ss = s.add_subparsers(dest="sources_command", required=True, metavar="ACTION")
    with_config(ss.add_parser("list", help="state, last success, last error, next poll"))
    imp = with_config(ss.add_parser("import", help="add the feeds of an OPML file"))
    imp.add_argument("file", help="an OPML file; its categories become topics")
    exp = with_config(ss.add_parser("export", help="write the sources as OPML"))
    exp.add_argument("-o", "--output", help="file to write (default: standard output)")

    w = with_config(sub.add_parser("why", help="why an article was or was not posted"))
    w.add_argument("article", help="article id or URL")
    w.add_argument("channel", nargs="?", help="only this channel")

    cs = sub.add_parser("config", help="the configuration in force")
    css = cs.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    with_config(css.add_parser("show", help="every setting and where it comes from (file/chat)"))

    t = with_config(sub.add_parser("top", help="posts ranked by reactions"))
    t.add_argument("--since", default="1d", help="e.g. 6h, 1d, 7d (default 1d)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    config: Config | None = None
    try:
        if args.command == "check-config":
            return _check_config(args.path)
        if args.command == "preview":
            return _preview(args)
        config = load_config(args.config)
        code: int = asyncio.run(_COMMANDS[args.command](config, args))
        return code
    except ConfigError as e:
        print(e.render(), file=sys.stderr)
        return 1
    except UsageError as e:
        print(f"newsbot: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsbot: interrupted", file=sys.stderr)
        return 130
    except (sqlite3.Error, StoreError) as e:
        # The one place a database failure becomes a line: "newsbot: <db>: <what> — <do>".
        if isinstance(e, sqlite3.Error):
            path = str(config.resolve(config.database.path)) if config else "database"
            e = from_sqlite(path, e)
        print(f"newsbot: {e}", file=sys.stderr)
        return 1


def _check_config(path: str) -> int:
    try:
        config = load_config(path)
    except ConfigError as e:
        print(e.render(), file=sys.stderr)
        return 1
    adapters = [n for n in ("console", "discord", "slack") if getattr(config.adapters, n).enabled]
    print(f"{path}: OK")
    print(f"  database: {config.resolve(config.database.path)}")
    print(
        f"  sources:  {len(config.sources)}"
        + "".join(
            f"\n    - {s.name} ({s.kind}: {s.location}) → {', '.join(s.topics) or 'no topic'}"
            for s in config.sources
        )
    )
    print(f"  topics:   {', '.join(t.name for t in config.topics) or 'none'}")
    print(
        f"  channels: {len(config.channels)}"
        + "".join(
            f"\n    - {c.platform}:{c.id} ← {', '.join((*c.topics, *c.sources)) or 'nothing'}"
            for c in config.channels
        )
    )
    print(f"  adapters: {', '.join(adapters) or 'none'}")
    return 0


async def _run(config: Config, args: argparse.Namespace) -> int:
    from bot.adapters.console import ConsoleAdapter
    from bot.app import App
    from bot.delivery.ports import Adapter
    from bot.platforms import start_platforms, stop_platforms

    adapters: dict[str, Adapter] = {}
    if config.adapters.console.enabled:
        adapters["console"] = ConsoleAdapter()
    app = await App.open(config, adapters, clock=time.time, processes=0 if args.once else None)
    try:
        try:
            await start_platforms(app, os.environ)
        except ValueError as e:  # a missing token variable: named, never printed
            print(f"newsbot: {e}", file=sys.stderr)
            return 1
        if not app.adapters:
            print(
                "newsbot: no adapter is enabled in [adapters]; nothing can be posted.",
                file=sys.stderr,
            )
        if args.once:
            summary = await app.run_once()
            for p in summary.errors:
                print(f"newsbot: source {p.source!r} failed: {p.error}", file=sys.stderr)
            d = summary.delivery
            if summary.new == 0 and d.sent == 0:
                print("newsbot: nothing new.", file=sys.stderr)
            else:
                print(
                    f"newsbot: {summary.new} new article(s), {d.sent} post(s) delivered"
                    + (f", {d.retrying} waiting to retry" if d.retrying else "")
                    + (f", {d.failed} failed" if d.failed else "")
                    + ".",
                    file=sys.stderr,
                )
            if d.store_errors:
                print(await _stopped_delivering(app.store, d), file=sys.stderr)
                return 1
            failed_all = bool(summary.polls) and len(summary.errors) == len(summary.polls)
            return 1 if failed_all else 0
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        log = logging.getLogger("newsbot")
        reloads: set[asyncio.Task[None]] = set()

        async def reload_config() -> None:
            problem = await app.reload_config(args.config)
            if problem is None:
                log.info("reloaded %s", args.config)
            else:
                log.error("%s\nnot reloaded: the running configuration is kept", problem)

        def on_hup() -> None:
            task = asyncio.create_task(reload_config())
            reloads.add(task)
            task.add_done_callback(reloads.discard)

        loop.add_signal_handler(signal.SIGHUP, on_hup)
        log.info("running; Ctrl-C to stop, SIGHUP to reload %s", args.config)
        await app.run_forever(stop)
        return 0
    finally:
        await stop_platforms(app)  # first: no command may reach a closed store
        await app.close()


async def _stopped_delivering(store: Store, report: DeliveryReport) -> str:
    """The line for a delivery stopped by a store failure: why, and what is still to send."""
    line = f"newsbot: stopped delivering: {report.store_errors[0]}"
    try:
        pending = (await store.count_deliveries()).get("pending", 0)
    except StoreError:
        line += "; the posts not delivered stay queued for the next run"
    else:
        line += f"; {pending} post(s) still pending, they will be sent on the next run"
    if report.unrecorded:
        line += (
            f"; {report.unrecorded} post(s) went out but could not be recorded as sent, "
            "and may be posted again"
        )
    return line


async def _fetch_page(url: str, allow_private: bool) -> tuple[str, str]:
    """(html, final url) through the guarded client: preview obeys the same SSRF guard."""
    from bot.sources.charset import decode_html
    from bot.sources.http import ClientSettings, GuardedClient

    async with GuardedClient(ClientSettings(allow_private_networks=allow_private)) as client:
        result = await client.fetch(url, accept="text/html,*/*;q=0.5")
    return decode_html(result.body, result.content_type), result.final_url


def _preview(args: argparse.Namespace) -> int:
    from bot.enrich import enrich_article, extract_article
    from bot.pipeline import topic_rules

    config: Config | None = None
    if Path(args.config).exists():
        config = load_config(args.config)
    target: str = args.target
    if target.startswith(("http://", "https://")):
        from bot.sources.errors import SourceError

        private = bool(config and config.network.allow_private_networks)
        try:
            html, final_url = asyncio.run(_fetch_page(target, private))
        except SourceError as e:
            print(f"newsbot: cannot fetch {target}: {e}", file=sys.stderr)
            return 1
        title, text = extract_article(html, final_url)
    else:
        path = Path(target)
        try:
            raw = path.read_bytes()
        except OSError as e:
            print(f"newsbot: cannot read {target}: {e.strerror}", file=sys.stderr)
            return 1
        body = raw.decode("utf-8", errors="replace")
        if path.suffix.lower() in (".html", ".htm") or body.lstrip()[:1] == "<":
            title, text = extract_article(body, path.resolve().as_uri())
        else:
            title, _, text = body.lstrip("\ufeff").partition("\n")
    if not text.strip():
        print(f"newsbot: no article text found in {target}", file=sys.stderr)
        return 1
    rules = topic_rules(config) if config else ()
    posting = config.posting if config else None
    result_ = enrich_article(
        title.strip(),
        text,
        topics=rules,
        summary_chars=posting.summary_chars if posting else 400,
        max_quotes=posting.max_quotes if posting else 3,
    )
    if args.json:
        out: dict[str, Any] = {
            "title": result_.title,
            "summary": result_.summary_text,
            "summary_sentences": list(result_.summary),
            "quotes": [
                {
                    "text": q.text,
                    "speaker": q.speaker,
                    "role": q.role,
                    "start": q.start,
                    "end": q.end,
                }
                for q in result_.quotes
            ],
            "key_quotes": [
                {"text": q.text, "speaker": q.speaker, "role": q.role} for q in result_.key_quotes
            ],
            "topics": [{"name": t.name, "score": round(t.score, 3)} for t in result_.topics],
            "language": result_.language,
            "word_count": result_.word_count,
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    from bot.adapters.console import render_console
    from bot.delivery.ports import ChannelRef, Post, PostQuote

    post = Post(
        kind="article",
        title=result_.title,
        url=target if "://" in target else None,
        summary=result_.summary_text,
        quotes=tuple(PostQuote(q.text, q.speaker, q.role) for q in result_.key_quotes),
        topics=result_.topic_names,
        source="preview",
    )
    print(render_console(ChannelRef("console", "", "preview"), post))
    if len(result_.quotes) > len(result_.key_quotes):
        print(f"({len(result_.quotes)} quotes found in all; --json lists them)")
    return 0


async def _db(config: Config, args: argparse.Namespace) -> int:
    from bot.store import StoreError, open_store

    path = config.resolve(config.database.path)
    if args.db_command == "backup" and not await asyncio.to_thread(Path(path).exists):
        # Opening would create an empty database, and back that up as a success.
        print(
            f"newsbot: {path}: there is no database to back up — check [database] path in "
            f"{args.config}",
            file=sys.stderr,
        )
        return 1
    try:
        store = await open_store(path, clock=time.time, migrate=False)
    except StoreError as e:
        print(f"newsbot: {e}", file=sys.stderr)
        return 1
    try:
        if args.db_command == "migrate":
            before = await store.version()
            applied = await store.migrate()
            if applied:
                print(f"{path}: migrated from version {before} to {applied[-1]}")
            else:
                print(f"{path}: already at version {before}, nothing to do")
        else:
            await store.backup(args.target, overwrite=args.force, protect=[Path(args.config)])
            print(f"{path}: backed up to {args.target}")
        return 0
    finally:
        await store.close()


def _when(ts: float | None) -> str:
    if ts is None:
        return "never"
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ts))


async def _sources(config: Config, args: argparse.Namespace) -> int:
    from bot.app import sync_config
    from bot.store import open_store

    store = await open_store(config.resolve(config.database.path), clock=time.time)
    try:
        await sync_config(store, config)
        if args.sources_command == "import":
            return await _import(store, config, args.file)
        if args.sources_command == "export":
            from bot.sources.opml import export_opml

            feeds = [
                (s.name, s.url, s.topics) for s in await store.list_sources() if s.kind != "file"
            ]
            data = export_opml(feeds)
            if args.output:
                await asyncio.to_thread(Path(args.output).write_bytes, data)
                print(f"wrote {len(feeds)} source(s) to {args.output}", file=sys.stderr)
            else:
                sys.stdout.write(data.decode("utf-8"))
            return 0
        rows = await store.list_sources()
        if not rows:
            print("no sources configured")
        for s in rows:
            state = "paused" if s.paused else ("failing" if s.error_count else "ok")
            print(f"{s.name}  [{state}]  {s.kind}: {s.url}")
            print(
                f"    last success: {_when(s.last_success_at)}   next poll: "
                f"{_when(s.next_poll_at) if not s.paused else '—'}   failures: {s.error_count}"
            )
            if s.last_error:
                print(f"    last error: {s.last_error}")
        return 0
    finally:
        await store.close()


async def _import(store: Any, config: Config, file: str) -> int:
    from bot.importer import import_opml
    from bot.sources.opml import OpmlError, parse_opml

    try:
        data = await asyncio.to_thread(Path(file).read_bytes)
        doc = parse_opml(data, name=file)
    except OSError as e:
        print(f"newsbot: cannot read {file}: {e.strerror}", file=sys.stderr)
        return 1
    except OpmlError as e:
        print(f"newsbot: {e}", file=sys.stderr)
        return 1

    def progress(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        print(f"\rimporting [{bar}] {done}/{total}", end="", file=sys.stderr, flush=True)

    report = await import_opml(store, config, doc, progress=progress)
    print(file=sys.stderr)
    print(
        f"added {len(report.added)} source(s)"
        + (
            f", {len(report.topics)} new topic(s): {', '.join(report.topics)}"
            if report.topics
            else ""
        )
    )
    for line in report.skipped:
        print(f"  skipped {line}")
    return 0


def _duration(text: str) -> float:
    units = {"m": 60, "h": 3600, "d": 86400, "w": 604800}
    try:
        return float(text[:-1]) * units[text[-1]]
    except (KeyError, ValueError, IndexError):
        raise UsageError(f"bad duration {text!r}; use e.g. 30m, 6h, 1d, 1w") from None


async def _why(config: Config, args: argparse.Namespace) -> int:
    from bot.delivery.why import not_found, why
    from bot.store import open_store

    store = await open_store(config.resolve(config.database.path), clock=time.time)
    try:
        lines = await why(store, args.article, args.channel)
        if lines == [not_found(args.article)]:
            print(f"newsbot: {lines[0]}", file=sys.stderr)
            return 1
        print("\n".join(lines))
        return 0
    finally:
        await store.close()


async def _top(config: Config, args: argparse.Namespace) -> int:
    from bot.store import open_store

    since = _duration(args.since)
    store = await open_store(config.resolve(config.database.path), clock=time.time)
    try:
        posts = await store.top_posts(since=time.time() - since)
        if not posts:
            print(f"no reactions on posts in the last {args.since}")
        for i, p in enumerate(posts, 1):
            print(
                f"{i}. {p.title} ({p.reactions} reaction{'s' if p.reactions != 1 else ''})"
                + (f"\n   {p.url}" if p.url else "")
            )
        return 0
    finally:
        await store.close()


async def _config_show(config: Config, args: argparse.Namespace) -> int:
    from bot.app import sync_config
    from bot.commands.effective import TOPIC_PREFIX, effective_config
    from bot.store import open_store

    store = await open_store(config.resolve(config.database.path), clock=time.time)
    try:
        await sync_config(store, config)
        chat = await store.all_settings()
        live = await effective_config(store, config)
        print(f"# {args.config} with the edits made from chat; origin in [brackets]")
        for section in ("database", "network", "posting"):
            values = getattr(live, section).model_dump(mode="json")
            edited = chat.get(section, {}) if section == "posting" else {}
            for key, value in values.items():
                origin = "chat" if key in edited else "file"
                print(f"{section}.{key} = {json.dumps(value)}  [{origin}]")
        for topic in live.topics:
            origin = "chat" if TOPIC_PREFIX + topic.name in chat else "file"
            terms = ", ".join((*topic.keywords, *topic.phrases))
            print(
                f"topic {topic.name}: {terms}"
                + (f"; exclude {', '.join(topic.exclude)}" if topic.exclude else "")
                + f"  [{origin}]"
            )
        for key, value in chat.items():
            if key.startswith(TOPIC_PREFIX) and value.get("removed"):
                print(f"topic {key.removeprefix(TOPIC_PREFIX)}: removed  [chat]")
        for source in await store.list_sources():
            print(
                f"source {source.name}: {source.kind} {source.url}"
                + (f" → {', '.join(source.topics)}" if source.topics else "")
                + (" (paused)" if source.paused else "")
                + f"  [{source.origin}]"
            )
        for sub in await store.list_subscriptions():
            what = f"topic {sub.topic}" if sub.topic else f"source {sub.source}"
            print(
                f"subscription {sub.platform}:{sub.workspace}/{sub.channel} ← {what}"
                f"  [{sub.origin}]"
            )
        for (platform, workspace, channel), settings in (await store.all_channel_origins()).items():
            shown = {k: v for k, v in settings[0].items() if v not in (None, [], {}, 0, 0.0)}
            print(
                f"channel {platform}:{workspace}/{channel}: {json.dumps(shown, sort_keys=True)}"
                f"  [{settings[1]}]"
            )
        return 0
    finally:
        await store.close()


_COMMANDS: dict[str, Any] = {
    "config": _config_show,
    "run": _run,
    "db": _db,
    "sources": _sources,
    "why": _why,
    "top": _top,
}


if __name__ == "__main__":
    raise SystemExit(main())
