"""Turning a fetched document's bytes into text, whatever it claims about its encoding.

Feeds lie about their encoding in both directions: servers send a default ``charset=utf-8`` or
``iso-8859-1`` whatever the file holds, and files keep an ``encoding="windows-1251"`` prolog after
a CMS converted them to UTF-8. Bytes that decode as strict UTF-8 (with non-ASCII in them) are
UTF-8 in practice, so that is tried first; then the XML prolog, then the HTTP charset, then a
statistical guess. Every disagreement is reported, never fatal.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

__all__ = [
    "Decoded",
    "decode_document",
    "decode_html",
    "http_charset",
    "xml_declared_encoding",
]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9._:\-]+)""")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # Python codec name actually used
    problems: tuple[str, ...] = ()


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def xml_declared_encoding(body: bytes) -> str | None:
    """The ``encoding`` of an ASCII-compatible XML declaration, as written."""
    match = _XML_DECL.match(body[:512])
    return match.group(1).decode("ascii") if match else None


def http_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _CHARSET.search(content_type)
    return match.group(1) if match else None


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_document(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode ``body``; the returned text has no BOM. Never raises."""
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom) :].decode(bom_codec, errors="replace"), bom_codec)
    # Without a BOM, the NULs around the first '<' tell UTF-32 and UTF-16 apart.
    if body.startswith(b"<\0\0\0"):
        return Decoded(body.decode("utf-32-le", errors="replace"), "utf-32-le")
    if body.startswith(b"\0\0\0<"):
        return Decoded(body.decode("utf-32-be", errors="replace"), "utf-32-be")
    if body.startswith(b"<\0"):
        return Decoded(body.decode("utf-16-le", errors="replace"), "utf-16-le")
    if body.startswith(b"\0<"):
        return Decoded(body.decode("utf-16-be", errors="replace"), "utf-16-be")

    problems: list[str] = []
    declared_name = xml_declared_encoding(body)
    http_name = http_charset(content_type)
    declared, http = _codec(declared_name), _codec(http_name)
    for name, codec in ((declared_name, declared), (http_name, http)):
        if name and codec is None:
            problems.append(f"unknown encoding {name!r} ignored")

    as_utf8 = _strict(body, "utf-8")
    if as_utf8 is not None:
        if not body.isascii():
            for name, codec in ((declared_name, declared), (http_name, http)):
                if codec and codec != "utf-8" and not codec.startswith("utf-"):
                    problems.append(f"declared {name} but the bytes are UTF-8; read as UTF-8")
        return Decoded(as_utf8, "utf-8", tuple(problems))

    has_nul = b"\0" in body[:200]
    for name, codec in ((declared_name, declared), (http_name, http)):
        if codec is None or codec == "utf-8":
            continue
        if codec.startswith(("utf-16", "utf-32")) and not has_nul:
            problems.append(f"declared {name} but the bytes are not {name}")
            continue
        decoded = _strict(body, codec)
        if decoded is not None:
            return Decoded(decoded, codec, tuple(problems))
        problems.append(f"declared {name} but the bytes are not valid {name}")

    best = charset_normalizer.from_bytes(body[:65536]).best()
    guess = _codec(best.encoding) if best is not None else None
    if guess:
        decoded = _strict(body, guess)
        if decoded is not None:
            problems.append(f"encoding guessed as {guess}")
            return Decoded(decoded, guess, tuple(problems))
    problems.append("undecodable bytes replaced (read as windows-1252)")
    return Decoded(body.decode("cp1252", errors="replace"), "cp1252", tuple(problems))


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode an HTML page: as ``decode_document``, with ``<meta charset>`` standing in for a
    missing HTTP charset."""
    if not http_charset(content_type):
        meta = _META_CHARSET.search(body[:8192])
        if meta:
            content_type = f"text/html; charset={meta.group(1).decode('ascii')}"
    return decode_document(body, content_type).text
