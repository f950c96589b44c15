"""The store's exception tree: every error names the database it concerns."""

from __future__ import annotations

__all__ = ["DatabaseMissing", "DatabaseTooNew", "DatabaseTooOld", "NotFound", "StoreError"]


class StoreError(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


class DatabaseTooNew(StoreError):
    def __init__(self, path: str, found: int, supported: int) -> None:
        super().__init__(
            path,
            f"the database is at schema version {found}, but this newsbot knows only up to "
            f"{supported}; it was written by a newer newsbot. "
            "Upgrade newsbot, or restore a backup.",
        )
        self.found = found
        self.supported = supported


class NotFound(StoreError):
    pass


class DatabaseMissing(StoreError):
    """A read-only command found no database (nothing has run yet); it creates none."""

    def __init__(self, path: str) -> None:
        super().__init__(path, "no database yet; `newsbot run` or `newsbot db migrate` creates it")


class DatabaseTooOld(StoreError):
    """A read-only command found an older schema; it never migrates, so it says how to."""

    def __init__(self, path: str, found: int, supported: int) -> None:
        super().__init__(
            path,
            f"the database is at schema version {found}, older than this newsbot's "
            f"{supported}; run `newsbot db migrate` or `newsbot run` first",
        )
        self.found = found
        self.supported = supported
