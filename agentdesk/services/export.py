"""Exports of the supervisor view (issue 13): KPI results and ticket lists as CSV or XLSX.

Every export is an output path like the window and the CLI, so it keeps their rules:

* PII is masked (services/pii.py) in subjects and names, as on screen;
* a cell is never a formula: a text that starts with = + - @ (or a tab or carriage
  return) is what spreadsheet formula injection ("CSV injection", OWASP) uses to run
  commands or leak data when the file is opened; CSV gets a leading apostrophe, XLSX
  writes every text with write_string (XlsxWriter never turns it into a formula);
* the file is private (0600, like everything we write that holds customers' data) and
  appears whole or not at all: it is written under a temporary name beside the target
  and renamed over it at the end;
* ticket lists stream: rows are written as they are read, never held in a list, and
  XLSX uses XlsxWriter's constant_memory mode (each row goes to disk as it is written);
  an XLSX sheet holds 1,048,576 rows, so a longer list is refused (export it as CSV).
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, Literal

from agentdesk.services.common import ServiceError
from agentdesk.services.followups import local_zone
from agentdesk.services.pii import mask_pii

Format = Literal["csv", "xlsx"]
FORMATS = ("csv", "xlsx")
XLSX_MAX_ROWS = 1_048_575  # Excel's 1,048,576 rows a sheet, less the header
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TICKET_COLUMNS = ("number", "subject", "channel", "status", "priority", "customer", "assignee", "created", "updated")
KPI_COLUMNS = ("metric", "value", "definition")
_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


class ExportError(ServiceError):
    """An export that cannot be made as asked (format, size, an unwritable place)."""


def _check_format(fmt: str) -> Format:
    if fmt not in FORMATS:
        raise ExportError(code="export.format", value=str(fmt)[:20])
    return "csv" if fmt == "csv" else "xlsx"


@contextmanager
def _private_target(path: str | os.PathLike[str]) -> Iterator[str]:
    """A temporary file beside ``path`` (0600 from mkstemp), renamed over ``path`` when the
    block ends without error and removed when it fails: no half-written export is left."""
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".agentdesk-export-", suffix=".tmp")
        os.close(fd)
    except OSError as exc:
        raise ExportError(code="file.unwritable", path=str(target), reason=exc.strerror or str(exc)) from None
    try:
        yield tmp
        os.chmod(tmp, 0o600)  # mkstemp made it so; said here too, as the other private writers do
        os.replace(tmp, target)
    except OSError as exc:
        raise ExportError(code="file.unwritable", path=str(target), reason=exc.strerror or str(exc)) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@contextmanager
def _csv_file(tmp: str) -> Iterator[Any]:
    # UTF-8 with a BOM ("utf-8-sig"): Excel opens a CSV without one in the system's legacy
    # code page (CP949 on Korean Windows), which turns Hangul into mojibake; the BOM makes it
    # read UTF-8. Other readers (Python's csv with utf-8-sig, LibreOffice, pandas) accept it.
    with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        yield csv.writer(fh)


def _safe_text(text: str) -> str:
    """A CSV cell that a spreadsheet shows as text, never evaluates: a leading apostrophe
    before = + - @ tab CR (Excel and LibreOffice hide it and treat the cell as text)."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    return _safe_text(str(value))


class _Sheet:
    """One XlsxWriter worksheet written row by row; texts as strings, never formulas."""

    def __init__(self, tmp: str, name: str, widths: Iterable[int], *, streaming: bool):
        import xlsxwriter

        # strings_to_*: False, so even write() would never read a text as a formula, URL or
        # number; constant_memory writes each row to disk as soon as the next one starts.
        self.book = xlsxwriter.Workbook(tmp, {"constant_memory": streaming, "strings_to_formulas": False,
                                              "strings_to_urls": False, "strings_to_numbers": False})
        self.sheet = self.book.add_worksheet(name)
        self.bold = self.book.add_format({"bold": True})
        self.when = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        for col, width in enumerate(widths):
            self.sheet.set_column(col, col, width)
        self.row = 0

    def header(self, names: Iterable[str]) -> None:
        for col, name in enumerate(names):
            self.sheet.write_string(self.row, col, name, self.bold)
        self.sheet.freeze_panes(1, 0)
        self.row += 1

    def write(self, values: Iterable[Any]) -> None:
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, bool):
                self.sheet.write_boolean(self.row, col, value)
            elif isinstance(value, (int, float)):
                self.sheet.write_number(self.row, col, value)
            elif isinstance(value, datetime):
                self.sheet.write_datetime(self.row, col, value, self.when)
            else:
                self.sheet.write_string(self.row, col, str(value))
        self.row += 1

    def close(self) -> None:
        self.book.close()


# --- KPIs -------------------------------------------------------------------------------
def flatten(metrics: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted key, value) of every leaf: {"frt": {"median": 5}} → ("frt.median", 5);
    a list's items as key[0], key[1], …; an empty dict or list as one empty value."""
    for key, value in metrics.items():
        name = f"{prefix}{key}"
        yield from _flatten_value(name, value)


def _flatten_value(name: str, value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, Mapping):
        if not value:
            yield name, None
        yield from flatten(value, name + ".")
    elif isinstance(value, (list, tuple)):
        if not value:
            yield name, None
        for i, item in enumerate(value):
            yield from _flatten_value(f"{name}[{i}]", item)
    else:
        yield name, value


def _definition(key: str, definitions: Mapping[str, str]) -> str:
    """The definition of ``key`` or of the nearest parent that has one
    ("volume_by_channel.phone" → "volume_by_channel")."""
    probe = key
    while True:
        if probe in definitions:
            return definitions[probe]
        cut = max(probe.rfind("."), probe.rfind("["))
        if cut <= 0:
            return ""
        probe = probe[:cut]


def _kpi_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_pii(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def write_kpis(path: str | os.PathLike[str], metrics: Mapping[str, Any], definitions: Mapping[str, str],
               fmt: Format) -> int:
    """KPI results as rows of (metric, value, definition), nested figures flattened to
    dotted keys; returns the rows written. Texts are PII-masked (a team or agent name may
    be anything), numbers stay numbers (null is an empty cell)."""
    kind = _check_format(fmt)
    rows = [(key, _kpi_value(value), mask_pii(_definition(key, definitions))) for key, value in flatten(metrics)]
    with _private_target(path) as tmp:
        if kind == "csv":
            with _csv_file(tmp) as out:
                out.writerow(KPI_COLUMNS)
                for row in rows:
                    out.writerow([_csv_cell(v) for v in row])
        else:
            sheet = _Sheet(tmp, "KPIs", (32, 16, 100), streaming=False)
            sheet.header(KPI_COLUMNS)
            for row in rows:
                sheet.write(row)
            sheet.close()
    return len(rows)


# --- tickets ----------------------------------------------------------------------------
def _field(row: Any, *names: str) -> Any:
    for name in names:
        if isinstance(row, Mapping):
            if name in row:
                return row[name]
        elif hasattr(row, name):
            return getattr(row, name)
    return None


def _local(value: Any, zone: tzinfo) -> datetime | None:
    """An aware time as naive wall-clock time in ``zone`` (what a spreadsheet shows)."""
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:  # stored times are UTC; a naive one here is a caller's UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone).replace(tzinfo=None)


def _ticket_values(row: Any, zone: tzinfo) -> tuple:
    return (
        _field(row, "number"),
        mask_pii(_field(row, "subject") or ""),
        _field(row, "channel") or "",
        _field(row, "status") or "",
        _field(row, "priority") or "",
        mask_pii(_field(row, "customer_name", "customer") or ""),
        mask_pii(_field(row, "assignee_name", "assignee") or ""),
        _local(_field(row, "created_at", "created"), zone),
        _local(_field(row, "updated_at", "updated"), zone),
    )


def _header(tz: str) -> list[str]:
    label = tz or "local time"
    return [*TICKET_COLUMNS[:-2], f"created ({label})", f"updated ({label})"]


def write_tickets(path: str | os.PathLike[str], rows: Iterable[Any], fmt: Format, tz: str = "UTC") -> int:
    """Tickets (TicketRow-like objects or mappings: number, subject, channel, status,
    priority, customer_name, assignee_name, created_at, updated_at) as one row each, times
    in ``tz`` ('' = this machine's zone), subjects and names PII-masked. ``rows`` is
    consumed once, as it is written (pass a generator over a paged query, not a list);
    returns the rows written. An XLSX of more than 1,048,575 tickets is refused."""
    kind = _check_format(fmt)
    zone = local_zone(tz)
    count = 0
    with _private_target(path) as tmp:
        if kind == "csv":
            with _csv_file(tmp) as out:
                out.writerow(_header(tz))
                for row in rows:
                    values = _ticket_values(row, zone)
                    out.writerow([_csv_cell(v.strftime(_DATE_FORMAT) if isinstance(v, datetime) else v) for v in values])
                    count += 1
        else:
            sheet = _Sheet(tmp, "Tickets", (10, 60, 9, 9, 9, 16, 16, 20, 20), streaming=True)
            try:
                sheet.header(_header(tz))
                for row in rows:
                    if count >= XLSX_MAX_ROWS:
                        raise ExportError(code="export.too_many_rows", most=f"{XLSX_MAX_ROWS:,}")
                    sheet.write(_ticket_values(row, zone))
                    count += 1
            finally:
                sheet.close()  # its temporary files go either way; a refused export is then removed
    return count

