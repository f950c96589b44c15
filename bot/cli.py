"""`newsbot` command line: run, status, check-config, preview, db, sources, why, top."""

from __future__ import annotations

import sys

# Ctrl-C while starting up (these imports take a moment): a line, not a traceback.
try:
    import argparse
    import asyncio
    import contextlib
    import json
    import logging
    import os
    import re
    import signal
    import sqlite3
    import time
    from collections.abc import Sequence
    from pathlib import Path
    from typing import TYPE_CHECKING, Any
    from urllib.parse import urlsplit, urlunsplit

    from bot.config import Config, ConfigError, load_config
    from bot.store.errors import StoreError, from_sqlite
    from bot.textsafe import LogLines, clean_line, clean_text, escape_controls, escape_log_records
except KeyboardInterrupt:
    print("newsbot: interrupted", file=sys.stderr)
    raise SystemExit(130) from None

if TYPE_CHECKING:
    from bot.delivery.outbox import DeliveryReport
    from bot.store import Store
    from bot.store.writer import WriterLock

__all__ = ["main"]

DEFAULT_CONFIG = "config.toml"


class UsageError(Exception):
    """A wrong argument the parser could not catch: printed, exit status 2."""


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsbot", description="News for Discord and Slack.")
    p.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_config(sp: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sp.add_argument("--config", default=DEFAULT_CONFIG, help="path to config.toml")
        return sp

    r = with_config(sub.add_parser("run", help="watch the sources and post (Ctrl-C stops)"))
    r.add_argument("--once", action="store_true", help="poll every source once, deliver, exit")

    with_config(sub.add_parser("status", help="is a bot running; sources, outbox, last delivery"))

    c = sub.add_parser("check-config", help="validate a config file")
    c.add_argument("path", nargs="?", default=DEFAULT_CONFIG)

    pv = with_config(sub.add_parser("preview", help="what would be posted for one article"))
    pv.add_argument("target", help="a URL, an .html file, or a text file (title, then body)")
    pv.add_argument("--json", action="store_true", help="print JSON")
    pv.add_argument(
        "--explain",
        action="store_true",
        help="also say, for each quote, which rule found it and which gave it its speaker",
    )

    db = sub.add_parser("db", help="database maintenance")
    dbs = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    with_config(dbs.add_parser("migrate", help="bring the schema up to date"))
    b = with_config(dbs.add_parser("backup", help="online backup to a file"))
    b.add_argument("target")
    b.add_argument("--force", action="store_true", help="replace the target if it exists")
    cp = with_config(
        dbs.add_parser("copy", help="copy the SQLite database into an empty PostgreSQL one")
    )
    cp.add_argument(
        "--to", required=True, metavar="URL", help="postgresql://user@host:port/database"
    )
    cp.add_argument(
        "--password-env",
        metavar="NAME",
        help="environment variable holding the target's password (default: the config's "
        "[database] password_env; else PGPASSWORD or ~/.pgpass)",
    )

    s = sub.add_parser("sources", help="the sources and their state")
    ss = s.add_subparsers(dest="sources_command", required=True, metavar="ACTION")
    with_config(ss.add_parser("list", help="state, last success, last error, next poll"))
    imp = with_config(ss.add_parser("import", help="add the feeds of an OPML file"))
    imp.add_argument("file", help="an OPML file; its categories become topics")
    imp.add_argument(
        "--max-feeds", type=_positive, default=500, help="new sources per import (default 500)"
    )
    imp.add_argument(
        "--max-topics", type=_positive, default=100, help="new topics per import (default 100)"
    )
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
    escape_log_records()  # no feed or server text can fake a log line or drive the terminal
    config: Config | None = None
    try:
        if args.command == "check-config":
            return _check_config(args.path)
        if args.command == "preview":
            return _preview(args)
        config = load_config(args.config)
        if config.logging.format == "json":
            from bot.ops.jsonlog import use_json_logs

            use_json_logs()
        code: int = asyncio.run(_COMMANDS[args.command](config, args))
        return code
    except ConfigError as e:
        print(e.render(), file=sys.stderr)
        return 1
    except UsageError as e:
        _error(f"newsbot: {e}")
        return 2
    except KeyboardInterrupt:
        _error("newsbot: interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`newsbot status | head`): stop quietly, as other tools do.
        # Standard output is pointed at /dev/null so that the flush at exit cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except (sqlite3.Error, StoreError) as e:
        # The one place a database failure becomes a line: "newsbot: <db>: <what> — <do>".
        if isinstance(e, sqlite3.Error):
            path = str(config.resolve(config.database.path)) if config else "database"
            e = from_sqlite(path, e)
        _error(f"newsbot: {e}")
        return 1


_SECRET_PARAM = re.compile(r"(?i)token|key|secret|sig|auth|pass|session|code")


def redact_url(url: str) -> str:
    """A URL as printed by check-config: a password in it, and the values of query parameters
    named like credentials (private feeds often carry one), shown as `***`."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc
    if parts.password:
        netloc = netloc.replace(":" + parts.password + "@", ":***@", 1)
    query = "&".join(
        f"{k}=***" if _SECRET_PARAM.search(k) else f"{k}={v}" if v or "=" in pair else k
        for pair in parts.query.split("&")
        if pair
        for k, _, v in [pair.partition("=")]
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _error(text: str) -> None:
    """A command's one-line failure: printed as it is, or as a JSON record when the logs are
    JSON lines (`[logging] format = "json"`), so that every line a log shipper reads parses."""
    from bot.ops.jsonlog import JsonFormatter

    if any(isinstance(h.formatter, JsonFormatter) for h in logging.getLogger().handlers):
        logging.getLogger("newsbot").error("%s", text.removeprefix("newsbot: "))
    else:
        print(text, file=sys.stderr)


def _check_config(path: str) -> int:
    try:
        config = load_config(path)
    except ConfigError as e:
        print(e.render(), file=sys.stderr)
        return 1
    adapters = [n for n in ("console", "discord", "slack") if getattr(config.adapters, n).enabled]
    print(f"{path}: OK")
    if config.database.url is None:
        print(f"  database: {config.resolve(config.database.path)}")
    else:
        from bot.store.postgres import redact_url as redact_db_url

        password = config.database.password_env
        print(
            f"  database: {redact_db_url(config.database.url)} (PostgreSQL"
            + (f"; password from ${password})" if password else ")")
        )
    print(
        f"  sources:  {len(config.sources)}"
        + "".join(
            f"\n    - {s.name} ({s.kind}: {redact_url(s.location)})"
            f" → {', '.join(s.topics) or 'no topic'}"
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
    if config.adapters.discord.enabled:
        print(f"  discord:  {_discord_shards(config)}")
    return 0


def _discord_shards(config: Config) -> str:
    """check-config's line on Discord's shards and REST budget for this process."""
    d = config.adapters.discord
    shards = d.assigned_shards
    if d.shard_count is None:
        which = "every shard (as many as Discord recommends)"
    elif shards is None:
        which = f"every shard of {d.shard_count}"
    else:
        which = f"shard{'s' if len(shards) > 1 else ''} {', '.join(map(str, shards))}"
        which += f" of {d.shard_count}"
        if d.process_count is not None:
            which += f" (process {d.process_index} of {d.process_count})"
    return f"{which}; REST {d.rest_per_second:g}/s for the token, shared by the live processes"


def _writer_lock(config: Config) -> WriterLock | None:
    """The database's writer lock, taken; None (after one line on stderr) if another newsbot
    holds it. Only `run` and `db migrate` write beside nothing else (see bot/store/writer.py)."""
    from bot.store import LATEST, StoreError
    from bot.store.preflight import check_database_file
    from bot.store.writer import WriterLock

    path = config.resolve(config.database.path)
    lock = WriterLock(path)
    try:
        # A database newsbot cannot use is named as such, not as a lock file problem.
        check_database_file(str(path), latest=LATEST)
        lock.acquire()
    except StoreError as e:
        _error(f"newsbot: {e}")
        return None
    return lock


async def _run(config: Config, args: argparse.Namespace) -> int:
    """One `run` per SQLite database: a second one refuses before it opens the store or posts.
    On PostgreSQL there is no lock file: processes share the work through the database."""
    if config.database.url is not None:
        return await _run_locked(config, args)
    lock = _writer_lock(config)
    if lock is None:
        return 1
    try:
        return await _run_locked(config, args)
    finally:
        lock.release()


async def _run_locked(config: Config, args: argparse.Namespace) -> int:
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
            await start_platforms(
                app, os.environ, slack_base_url=config.adapters.slack.api_base_url
            )
        except ValueError as e:  # a missing token variable: named, never printed
            _error(f"newsbot: {e}")
            return 1
        if not app.adapters:
            _error("newsbot: no adapter is enabled in [adapters]; nothing can be posted.")
        if args.once:
            summary = await app.run_once()
            for p in summary.errors:
                error = escape_controls(p.error or "")
                print(f"newsbot: source {p.source!r} failed: {error}", file=sys.stderr)
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
                log.error("%s\nnot reloaded: the running configuration is kept", LogLines(problem))

        def on_hup() -> None:
            task = asyncio.create_task(reload_config())
            reloads.add(task)
            task.add_done_callback(reloads.discard)

        loop.add_signal_handler(signal.SIGHUP, on_hup)
        log.info("running; Ctrl-C to stop, SIGHUP to reload %s", args.config)
        async with contextlib.AsyncExitStack() as serving:
            address = config.observability.address
            if address is not None:
                from bot.ops.server import serve

                try:
                    await serving.enter_async_context(serve(app.observer, app.store, *address))
                except OSError as e:
                    listen = config.observability.listen
                    _error(
                        f"newsbot: cannot serve [observability] listen = {listen!r}: "
                        f"{e.strerror or e}"
                    )
                    return 1
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
    from bot.enrich import enrich_article
    from bot.enrich.extract import extract_page
    from bot.enrich.pagekind import ARTICLE
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
        page = extract_page(html, final_url)
        title, text, kind = page.title, page.text, page.kind
    else:
        path = Path(target)
        try:
            raw = path.read_bytes()
        except OSError as e:
            print(f"newsbot: cannot read {target}: {e.strerror}", file=sys.stderr)
            return 1
        body = raw.decode("utf-8", errors="replace")
        if path.suffix.lower() in (".html", ".htm") or body.lstrip()[:1] == "<":
            page = extract_page(body, path.resolve().as_uri())
            title, text, kind = page.title, page.text, page.kind
        else:
            title, _, text = body.lstrip("\ufeff").partition("\n")
            kind = ARTICLE  # plain text is taken as an article's body
    title, text = clean_line(title), clean_text(text)  # a page is outside text
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
            # a page that is not an article is recorded as seen and not posted by the bot
            "is_article": kind.is_article,
            "not_an_article": None
            if kind.is_article
            else {
                "kind": kind.kind,
                "reason": kind.reason,
                "rule": kind.rule,
                "note": kind.preview_note(),
            },
            "summary": result_.summary_text,
            "summary_sentences": list(result_.summary),
            "quotes": [
                {
                    "text": q.text,
                    "speaker": q.speaker,
                    "role": q.role,
                    "start": q.start,
                    "end": q.end,
                    "confidence": q.confidence,
                    "found_by": q.found_by,
                    "attributed_by": q.attributed_by,
                    "doubts": list(q.doubts),
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

    if not kind.is_article:
        print(escape_controls(kind.preview_note()))
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
    if args.explain:
        from bot.enrich.explain import explain_quotes

        lines = explain_quotes(result_.quotes, result_.key_quotes)
        print("\n".join(escape_controls(line) for line in lines))
    elif len(result_.quotes) > len(result_.key_quotes):
        print(f"({len(result_.quotes)} quotes found in all; --json lists them)")
    return 0


async def _db(config: Config, args: argparse.Namespace) -> int:
    from bot.store import StoreError, open_configured

    if args.db_command == "copy":
        return await _db_copy(config, args)
    postgres = config.database.url is not None
    path = config.database_target()
    if args.db_command == "backup" and postgres:
        from bot.store.postgres import redact_url as redact_db_url

        _error(
            f"newsbot: {redact_db_url(path)}: `newsbot db backup` copies a SQLite file; back up "
            "PostgreSQL with its own tools (pg_dump -Fc, restored with pg_restore)"
        )
        return 1
    if args.db_command == "backup" and not await asyncio.to_thread(Path(path).exists):
        # Opening would create an empty database, and back that up as a success.
        print(
            f"newsbot: {path}: there is no database to back up — check [database] path in "
            f"{args.config}",
            file=sys.stderr,
        )
        return 1
    # A backup is safe beside a running bot; a migration is not (its schema changes under it).
    # On PostgreSQL, migrations take an advisory lock in the database instead.
    locking = args.db_command == "migrate" and not postgres
    lock = _writer_lock(config) if locking else None
    if locking and lock is None:
        return 1
    try:
        store = await open_configured(config, clock=time.time, migrate=False)
    except StoreError as e:
        print(f"newsbot: {e}", file=sys.stderr)
        if lock is not None:
            lock.release()
        return 1
    path = store.path  # on PostgreSQL: the url, without any password
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
        if lock is not None:
            lock.release()


async def _db_copy(config: Config, args: argparse.Namespace) -> int:
    """`db copy --to URL`: the config's SQLite database into an empty PostgreSQL database,
    with the writer lock held (no bot may write the file meanwhile)."""
    from pydantic import ValidationError

    from bot.config.models import DatabaseConfig
    from bot.store import StoreError, open_store
    from bot.store.copy import copy_database

    if config.database.url is not None:
        raise UsageError(
            "db copy reads the SQLite database of [database] path, but this config already "
            "names a PostgreSQL url"
        )
    try:
        DatabaseConfig(url=args.to)
    except ValidationError as e:
        raise UsageError(f"--to: {e.errors()[0]['msg']}") from None
    env_name = args.password_env or config.database.password_env
    password = None
    if env_name:
        password = os.environ.get(env_name)
        if not password:
            raise UsageError(f"the environment variable {env_name} is not set")
    lock = _writer_lock(config)
    if lock is None:
        return 1
    source = target = None
    try:
        source = await open_store(config.database_target(), clock=time.time, readonly=True)
        target = await open_store(args.to, clock=time.time, migrate=False, password=password)
        report = await copy_database(source, target)
        print(f"{source.path} → {target.path}: copied, schema version {report.version}")
        for table, n in report.rows.items():
            print(f"  {table}: {n} rows")
        print(
            "Now set [database] url (and password_env) in the config instead of path, and "
            "start newsbot on PostgreSQL."
        )
        return 0
    except StoreError as e:
        _error(f"newsbot: {e}")
        return 1
    finally:
        for store in (target, source):
            if store is not None:
                await store.close()
        lock.release()


def _when(ts: float | None) -> str:
    if ts is None:
        return "never"
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ts))


_ORIGINS = {"file": "config.toml", "chat": "chat", "opml": "OPML import"}


async def _open_readonly(config: Config) -> Any:
    """The store opened read-only (SQLite ``mode=ro``: no migration, no sync, any write fails),
    or None after a one-line message (no database yet, an older schema, ...)."""
    from bot.store import StoreError, open_configured

    try:
        return await open_configured(config, clock=time.time, readonly=True)
    except StoreError as e:
        print(f"newsbot: {e}", file=sys.stderr)
        return None


async def _sources(config: Config, args: argparse.Namespace) -> int:
    from bot.app import source_specs

    if args.sources_command == "import":
        from bot.store import open_configured

        # A write, but only of what the file adds: config.toml is not synced from here (a
        # --config other than the running bot's must not mark the bot's sources removed).
        store = await open_configured(config, clock=time.time)
        try:
            return await _import(store, config, args)
        finally:
            await store.close()
    store = await _open_readonly(config)
    if store is None:
        return 1
    try:
        # The config in force: this config.toml merged with the stored chat/OPML sources and
        # everyone's polling state, as the next `run` would sync it (nothing is written).
        plan = await store.stored_sources_plan(source_specs(config))
    finally:
        await store.close()
    if args.sources_command == "export":
        from bot.sources.opml import export_opml

        feeds = [
            (p.spec.name, p.spec.url, p.spec.topics) for p in plan.declared if p.spec.kind != "file"
        ] + [(s.name, s.url, s.topics) for s in plan.others if s.kind != "file"]
        data = export_opml(feeds)
        if args.output:
            await asyncio.to_thread(Path(args.output).write_bytes, data)
            print(f"wrote {len(feeds)} source(s) to {args.output}", file=sys.stderr)
        else:
            sys.stdout.write(data.decode("utf-8"))
        return 0
    if not plan.declared and not plan.others:
        _say("no sources configured")
    for p in plan.declared:
        row, spec = p.row, p.spec
        if row is None:
            _say(f"{spec.name}  [new, not polled yet]  {spec.kind}: {spec.url}  (config.toml)")
            continue
        _print_source(row, spec.url, "config.toml")
        if p.change == "restored":
            _say("    removed earlier; declared again, so the next run restores it (history kept)")
        elif p.change == "renamed":
            _say(f"    was {row.name!r} (same URL); the next run renames it (history kept)")
        elif p.change == "taken over":
            _say(
                f"    added from {_ORIGINS.get(row.origin, row.origin)}; config.toml declares "
                "it too, so config.toml owns it from the next run"
            )
    for row in plan.others:
        _print_source(row, row.url, _ORIGINS.get(row.origin, row.origin))
    for row in (*plan.removing, *plan.removed):
        _say(f"{row.name}  [removed from config.toml]  {row.kind}: {row.url}")
        _say("    not polled; its history is kept, and declaring it again restores it")
    return 0


def _say(text: str) -> None:
    """Print a line holding store text: controls that predate cleaning on the way in are shown
    escaped, never sent to the terminal."""
    print(escape_controls(text))


def _print_source(s: Any, url: str, origin: str) -> None:
    state = "paused" if s.paused and not s.removed else ("failing" if s.error_count else "ok")
    _say(f"{s.name}  [{state}]  {s.kind}: {url}  ({origin})")
    paused = s.paused and not s.removed
    _say(
        f"    last success: {_when(s.last_success_at)}   next poll: "
        f"{_when(s.next_poll_at) if not paused else '—'}   failures: {s.error_count}"
    )
    if s.last_error:
        _say(f"    last error: {s.last_error}")


_SHOWN_SKIPS = 20


async def _import(store: Any, config: Config, args: argparse.Namespace) -> int:
    from bot.importer import import_opml
    from bot.sources.opml import OpmlError, parse_opml

    file: str = args.file
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

    report = await import_opml(
        store, config, doc, progress=progress, max_feeds=args.max_feeds, max_topics=args.max_topics
    )
    print(file=sys.stderr)
    _say(
        f"added {len(report.added)} source(s)"
        + (
            f", {len(report.topics)} new topic(s): {_first(report.topics, 20)}"
            if report.topics
            else ""
        )
    )
    if report.over_feed_cap:
        _say(
            f"  not imported: {report.over_feed_cap:,} more feed(s) of the file, past the cap of "
            f"{args.max_feeds} new sources per import (--max-feeds N raises it; importing the "
            "file again adds the next ones)"
        )
    if report.topics_over_cap:
        _say(
            f"  not created: {len(report.topics_over_cap):,} topic(s), past the cap of "
            f"{args.max_topics} new topics per import (--max-topics N raises it): "
            f"{_first(report.topics_over_cap, 10)}; {report.feeds_missing_topics:,} feed(s) "
            "were added without them"
        )
    if report.reasons:
        counts = ", ".join(f"{n:,} {why}" for why, n in report.reasons.most_common())
        _say(f"  skipped feeds: {counts}")
    for line in report.skipped[:_SHOWN_SKIPS]:
        _say(f"  skipped {line}")
    if len(report.skipped) > _SHOWN_SKIPS:
        _say(f"  ... and {len(report.skipped) - _SHOWN_SKIPS:,} more skipped")
    return 0


def _first(names: list[str], n: int) -> str:
    return ", ".join(names[:n]) + (f" and {len(names) - n:,} more" if len(names) > n else "")


def _duration(text: str) -> float:
    units = {"m": 60, "h": 3600, "d": 86400, "w": 604800}
    try:
        return float(text[:-1]) * units[text[-1]]
    except (KeyError, ValueError, IndexError):
        raise UsageError(f"bad duration {text!r}; use e.g. 30m, 6h, 1d, 1w") from None


async def _why(config: Config, args: argparse.Namespace) -> int:
    from bot.delivery.why import not_found, why

    store = await _open_readonly(config)
    if store is None:
        return 1
    try:
        lines = await why(store, args.article, args.channel)
        if lines == [not_found(args.article)]:
            print(f"newsbot: {escape_controls(lines[0])}", file=sys.stderr)
            return 1
        print("\n".join(escape_controls(line) for line in lines))
        return 0
    finally:
        await store.close()


async def _top(config: Config, args: argparse.Namespace) -> int:
    since = _duration(args.since)
    store = await _open_readonly(config)
    if store is None:
        return 1
    try:
        posts = await store.top_posts(since=time.time() - since)
        if not posts:
            print(f"no reactions on posts in the last {args.since}")
        for i, p in enumerate(posts, 1):
            print(
                f"{i}. {escape_controls(p.title)} "
                f"({p.reactions} reaction{'s' if p.reactions != 1 else ''})"
                + (f"\n   {escape_controls(p.url)}" if p.url else "")
            )
        return 0
    finally:
        await store.close()


async def _config_show(config: Config, args: argparse.Namespace) -> int:
    """The configuration in force: this config.toml merged with the chat and OPML edits
    stored in the database, computed without writing (no sync: another --config must not
    change what the running bot owns)."""
    from bot.app import channel_settings, source_specs
    from bot.commands.effective import TOPIC_PREFIX, effective_config

    store = await _open_readonly(config)
    if store is None:
        return 1
    try:
        chat = await store.all_settings()
        live = await effective_config(store, config)
        plan = await store.stored_sources_plan(source_specs(config))
        stored_subs = [s for s in await store.list_subscriptions() if s.origin != "file"]
        stored_channels = await store.all_channel_origins()
    finally:
        await store.close()
    _say(f"# {args.config} with the edits made from chat; origin in [brackets]")
    for section in ("database", "network", "posting"):
        values = getattr(live, section).model_dump(mode="json")
        edited = chat.get(section, {}) if section == "posting" else {}
        for key, value in values.items():
            origin = "chat" if key in edited else "file"
            _say(f"{section}.{key} = {json.dumps(value)}  [{origin}]")
    for topic in live.topics:
        origin = "chat" if TOPIC_PREFIX + topic.name in chat else "file"
        terms = ", ".join((*topic.keywords, *topic.phrases))
        _say(
            f"topic {topic.name}: {terms}"
            + (f"; exclude {', '.join(topic.exclude)}" if topic.exclude else "")
            + f"  [{origin}]"
        )
    for key, value in chat.items():
        if key.startswith(TOPIC_PREFIX) and value.get("removed"):
            _say(f"topic {key.removeprefix(TOPIC_PREFIX)}: removed  [chat]")
    sources = [(p.spec, p.row) for p in plan.declared] + [(r, r) for r in plan.others]
    for spec, row in sources:
        _say(
            f"source {spec.name}: {spec.kind} {spec.url}"
            + (f" → {', '.join(spec.topics)}" if spec.topics else "")
            + (" (paused)" if row is not None and row.paused and not row.removed else "")
            + (" (new, not polled yet)" if row is None else "")
            + f"  [{spec.origin}]"
        )
    keys = {(s.platform, s.workspace, s.channel, s.topic, s.source) for s in stored_subs}
    for c in config.channels:
        pairs: list[tuple[str | None, str | None]] = [(t, None) for t in c.topics]
        pairs += [(None, n) for n in c.sources]
        for sub_topic, sub_source in pairs:
            if (c.platform, c.workspace, c.id, sub_topic, sub_source) in keys:
                continue  # a chat-made subscription of the same thing wins
            what = f"topic {sub_topic}" if sub_topic else f"source {sub_source}"
            _say(f"subscription {c.platform}:{c.workspace}/{c.id} ← {what}  [file]")
    for sub in stored_subs:
        what = f"topic {sub.topic}" if sub.topic else f"source {sub.source}"
        _say(f"subscription {sub.platform}:{sub.workspace}/{sub.channel} ← {what}  [{sub.origin}]")
    channels = {
        (c.platform, c.workspace, c.id): (channel_settings(c), "file") for c in config.channels
    }
    for key, (settings, origin) in stored_channels.items():
        if origin != "file":
            channels[key] = (settings, origin)
    for (platform, workspace, channel), (settings, origin) in sorted(channels.items()):
        shown = {k: v for k, v in settings.items() if v not in (None, [], {}, 0, 0.0)}
        _say(
            f"channel {platform}:{workspace}/{channel}: {json.dumps(shown, sort_keys=True)}"
            f"  [{origin}]"
        )
    return 0


async def _status(config: Config, args: argparse.Namespace) -> int:
    """Whether a bot runs on this database, and what the database says of its work. Reads only
    (the store read-only, the lock file read, never locked)."""
    from bot.ops.status import status_lines

    store = await _open_readonly(config)
    if store is None:
        return 1
    try:
        lines = await status_lines(
            store, config.database_target(), lease_seconds=config.database.lease_seconds
        )
    finally:
        await store.close()
    print("\n".join(lines))
    return 0


_COMMANDS: dict[str, Any] = {
    "config": _config_show,
    "run": _run,
    "status": _status,
    "db": _db,
    "sources": _sources,
    "why": _why,
    "top": _top,
}


if __name__ == "__main__":
    raise SystemExit(main())
