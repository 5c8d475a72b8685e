"""Rows as they travel between the team server and the desks: JSON, typed back by the
table's columns on arrival. Shared by both sides (no Qt, no server code).

UUIDs and datetimes travel as text (datetimes as UTC ISO 8601), bytes as base64 (a
meaning vector); JSON columns, numbers, booleans and text as they are. Decoding goes by
the column's type, never by guessing from the value, so a subject that happens to look
like a date stays a subject.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import datetime, UTC
from typing import Any
from collections.abc import Callable

from sqlalchemy import JSON, LargeBinary, Uuid

from agentdesk.models import Base, UTCDateTime

T = Base.metadata.tables


class WireError(ValueError):
    """A row or message that does not decode: the peer is broken or hostile."""


def encode_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:  # naive values from the database are UTC (models.UTCDateTime)
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)


def encode_row(row: dict) -> dict:
    return {k: encode_value(v) for k, v in row.items()}


def _decoders(table: str) -> dict[str, Callable[[Any], Any]]:
    out: dict[str, Callable[[Any], Any]] = {}
    for col in T[table].c:
        if isinstance(col.type, Uuid):
            out[col.name] = lambda v: None if v is None else uuid.UUID(str(v))
        elif isinstance(col.type, UTCDateTime):
            out[col.name] = _datetime
        elif isinstance(col.type, LargeBinary):
            out[col.name] = _bytes
        elif isinstance(col.type, JSON):
            out[col.name] = lambda v: v
        else:
            out[col.name] = lambda v: v
    return out


def _datetime(value):
    if value is None:
        return None
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _bytes(value):
    if value is None:
        return None
    try:
        return base64.b64decode(str(value), validate=True)
    except binascii.Error as exc:
        raise ValueError(f"not base64: {exc}") from None


_DECODERS: dict[str, dict[str, Callable[[Any], Any]]] = {}


def decode_row(table: str, row: dict) -> dict:
    """The row with its values typed by ``table``'s columns; unknown columns are dropped
    (a newer server may send more; compat.py keeps the schemas equal anyway)."""
    if table not in T:
        raise WireError(f"unknown table {table!r}")
    decoders = _DECODERS.get(table)
    if decoders is None:
        decoders = _DECODERS[table] = _decoders(table)
    if not isinstance(row, dict):
        raise WireError(f"a {table} row is not an object")
    try:
        return {k: decoders[k](v) for k, v in row.items() if k in decoders}
    except (TypeError, ValueError) as exc:
        raise WireError(f"a {table} row does not decode: {exc}") from None


def dumps(obj: Any) -> bytes:
    # ensure_ascii=False: Korean text travels as UTF-8, a third the size of \uXXXX escapes.
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=encode_value).encode("utf-8")


def loads(data: bytes | str) -> Any:
    try:
        return json.loads(data)
    except ValueError as exc:
        raise WireError(f"not JSON: {exc}") from None
