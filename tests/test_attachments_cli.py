"""`agentdesk ticket reply/note --attach FILE` and attachments in `ticket show` (issue 12)."""

from __future__ import annotations

import json

from tests.test_attachments_service import PDF, png
from tests.test_cli import run, ws  # noqa: F401 (the fixture)


def test_a_reply_takes_files_and_show_lists_them(ws, capsys, tmp_path):  # noqa: F811
    pdf, image = tmp_path / "잔액 확인서 4111 1111 1111 1111.pdf", tmp_path / "shot.png"
    pdf.write_bytes(PDF)
    image.write_bytes(png(8, 8))
    code, out, err = run(capsys, "ticket", "reply", str(ws["t2"]), "--body", "확인서 첨부합니다.",
                         "--attach", str(pdf), "--attach", str(image))
    assert code == 0, err
    assert "with 2 files" in out
    code, out, _ = run(capsys, "ticket", "show", str(ws["t2"]))
    assert "[file] 잔액 확인서 4111 **** **** 1111.pdf (" in out and "application/pdf" in out
    assert "[file] shot.png" in out and "1111 1111 1111" not in out
    code, out, _ = run(capsys, "ticket", "show", str(ws["t2"]), "--json")
    files = json.loads(out)["messages"][-1]["attachments"]
    assert [(f["filename"], f["mime_type"], f["size"]) for f in files] == [
        ("잔액 확인서 4111 **** **** 1111.pdf", "application/pdf", len(PDF)),
        ("shot.png", "image/png", image.stat().st_size)]


def test_refused_files_are_one_line_and_nothing_is_sent(ws, capsys, tmp_path):  # noqa: F811
    program = tmp_path / "카드 4111 1111 1111 1111.exe"
    program.write_bytes(b"MZ" + b"\x00" * 64)
    big = tmp_path / "big.pdf"
    with open(big, "wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    for path, said in ((program, "program and script files (.exe) are not accepted"),
                       (big, "a file may be at most 20.0 MB"), (tmp_path / "missing.pdf", "cannot read")):
        code, out, err = run(capsys, "ticket", "note", str(ws["t2"]), "--body", "x", "--attach", str(path))
        assert code == 1 and said in err and err.count("\n") == 1, err
        assert "1111 1111 1111" not in err
    code, out, _ = run(capsys, "ticket", "show", str(ws["t2"]), "--json")
    assert [m["body"] for m in json.loads(out)["messages"]] == ["주문한 이어폰이 아직 안 왔어요. 환불 가능한가요?"]


def test_the_help_says_what_may_be_attached(capsys):
    from agentdesk.cli import main

    try:
        main(["ticket", "reply", "--help"])
    except SystemExit:
        pass
    out = capsys.readouterr().out
    assert "--attach FILE" in out and "20 MB" in out and ".exe" in out
