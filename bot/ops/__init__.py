"""Operations: what an operator sees of a running bot.

- `health`: the rule that says whether one `newsbot run` process is healthy (pure, clock given).
- `metrics`: the Prometheus metrics of one process, in a registry of its own.
- `observer`: the hooks the app calls (polls, enrichment, sends, 429s) and the health inputs.
- `server`: `/healthz` and `/metrics`, served by aiohttp on the bot's own event loop.
- `jsonlog`: JSON-lines logging (`[logging] format = "json"`).
- `status`: `newsbot status`, read from the database and the writer lock file.
"""
