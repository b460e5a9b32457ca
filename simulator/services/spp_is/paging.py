"""Paging of long answers (OCMWCPASL036 NextAnswerReference, LivingWages nextPageReference).

Choice: the reference is an opaque, self-contained token, not a cursor stored in the sandbox. It
carries the offset of the next page, the sandbox time the first page was answered at (``as_of``) and
a fingerprint of the question (service, caller, SSIN, period), signed with an HMAC whose key is
derived from the sandbox's world file. So:

- any server process can answer the next page (nothing to share, nothing to clean up);
- the pages are consistent: the sources answer "as of" the first page (records received later are
  left out until a new question), so following the references to the end lists every record once;
- a reference altered, made up or taken from another sandbox fails the HMAC (``UNKNOWN``); one sent
  with another question (other person, period or caller) is ``MISMATCH``; one older than
  ``VALID_FOR`` on the sandbox clock is ``EXPIRED``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Sequence, TypeVar

PAGE_SIZE = 10  # records per page: small, so that ordinary answers already page
VALID_FOR = dt.timedelta(hours=24)  # a reference expires one sandbox day after the first page
UNKNOWN, EXPIRED, MISMATCH = "UNKNOWN", "EXPIRED", "MISMATCH"
T = TypeVar("T")


class PageReferenceError(Exception):
    """A reference this question cannot continue from; ``kind`` is UNKNOWN, EXPIRED or MISMATCH."""

    def __init__(self, kind: str, reference: str):
        super().__init__(f"{kind} page reference")
        self.kind = kind
        self.reference = reference


@dataclass(frozen=True)
class Cursor:
    offset: int
    as_of: dt.datetime  # the sandbox time of the first page: the sources answer as of then


def _key(world) -> bytes:
    return hashlib.sha256(b"bcss-simulator page reference|" + str(world.path).encode()).digest()


def _fingerprint(question: Sequence[object]) -> str:
    return hashlib.sha256("|".join("" if q is None else str(q) for q in question).encode()).hexdigest()[:16]


def _sign(world, payload: bytes) -> str:
    return hmac.new(_key(world), payload, hashlib.sha256).hexdigest()[:20]


def cursor(call, question: Sequence[object], reference: str | None) -> Cursor:
    """Where the answer to ``question`` starts: the first page without a reference, else the page the
    reference designates (raises PageReferenceError)."""
    if not reference:
        return Cursor(0, call.now)
    try:
        encoded, signature = reference.rsplit(".", 1)
        payload = base64.urlsafe_b64decode(encoded.encode() + b"=" * (-len(encoded) % 4))
        if not hmac.compare_digest(signature, _sign(call.world, payload)):
            raise ValueError("signature")
        fields = json.loads(payload)
        offset, as_of = int(fields["o"]), dt.datetime.fromisoformat(fields["t"])
        fingerprint = fields["q"]
    except (ValueError, KeyError, TypeError):
        raise PageReferenceError(UNKNOWN, reference) from None
    if fingerprint != _fingerprint(question):
        raise PageReferenceError(MISMATCH, reference)
    if call.now - as_of > VALID_FOR:
        raise PageReferenceError(EXPIRED, reference)
    return Cursor(offset, as_of)


def page(call, question: Sequence[object], start: Cursor, records: Sequence[T]) -> tuple[Sequence[T], str | None]:
    """The page of ``records`` (the whole answer as of ``start.as_of``) from the cursor on, and the
    reference of the next page (None on the last one)."""
    end = start.offset + PAGE_SIZE
    if end >= len(records):
        return records[start.offset:], None
    payload = json.dumps({"q": _fingerprint(question), "o": end, "t": start.as_of.isoformat()},
                         separators=(",", ":")).encode()
    encoded = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return records[start.offset:end], f"{encoded}.{_sign(call.world, payload)}"
