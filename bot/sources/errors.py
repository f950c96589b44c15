"""The sources layer's exception tree.

Every error names the URL it concerns and keeps the lower-level cause in ``__cause__`` and in
``cause``, so the poller can record "what failed, for which source, and why" without string
matching, and can act on the narrow class (back off on ``HTTPStatusError`` 429, pause on
``BlockedAddress``)::

    SourceError(url)
    └── FetchError
        ├── BlockedAddress         the target resolved to a refused (private, loopback...) address
        ├── UnsupportedScheme      not http(s); or file: for a source that did not come from config
        ├── TooLarge               the decompressed body passed the size cap
        ├── TooManyRedirects       redirect limit reached, or a redirect loop
        ├── Timeout                connect or total timeout
        ├── HTTPStatusError        a 4xx/5xx answer (carries status and retry_after)
        └── ConnectionFailed       DNS failure, refused connection, TLS error, broken body...
"""

from __future__ import annotations

from bot.textsafe import clean_line

__all__ = [
    "BlockedAddress",
    "ConnectionFailed",
    "FetchError",
    "HTTPStatusError",
    "SourceError",
    "Timeout",
    "TooLarge",
    "TooManyRedirects",
    "UnsupportedScheme",
]


class SourceError(Exception):
    """Base of every error raised by ``bot.sources``; ``url`` is the subject."""

    def __init__(self, url: str, message: str = "", cause: BaseException | None = None) -> None:
        self.url = url
        self.message = message
        self.cause = cause
        super().__init__(url, message)
        if cause is not None:
            self.__cause__ = cause

    def __str__(self) -> str:
        """One clean line: the URL (a redirect target) and the cause's text (a status line, a
        TLS subject, a parser's complaint) come from servers, and this string is what reaches
        the log, ``last_error`` and the terminal."""
        text = f"{self.message} ({self.url})" if self.message else self.url
        if self.cause is not None and str(self.cause):
            text += f": {self.cause}"
        return clean_line(text)


class FetchError(SourceError):
    """Fetching ``url`` failed; nothing was parsed."""


class BlockedAddress(FetchError):
    """The request would have reached an address the SSRF guard refuses."""


class UnsupportedScheme(FetchError):
    """Only http and https go through the network client; ``file:`` only for trusted sources."""


class TooLarge(FetchError):
    """The response body (after decompression) grew past the configured cap."""


class TooManyRedirects(FetchError):
    """The redirect chain was longer than allowed or came back to a URL already visited."""


class Timeout(FetchError):
    """Connecting or the whole exchange took longer than allowed."""


class ConnectionFailed(FetchError):
    """The network said no: DNS failure, refused connection, TLS or protocol error."""


class HTTPStatusError(FetchError):
    """The server answered with an error status.

    ``retry_after`` is in seconds (already converted from an HTTP date) when the server sent
    Retry-After, which matters for 429 and 503.
    """

    def __init__(
        self,
        url: str,
        status: int,
        retry_after: float | None = None,
        cause: BaseException | None = None,
    ) -> None:
        self.status = status
        self.retry_after = retry_after
        super().__init__(url, f"HTTP {status}", cause)
