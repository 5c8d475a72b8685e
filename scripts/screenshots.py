"""Regenerates the README screenshots from a fresh demo workspace (run: make screenshots).

Offscreen rendering, the bundled Korean font, the real window and real data: what an
agent sees on first start, in Korean and in English.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    from PySide6.QtCore import QEventLoop, QTimer

    from agentdesk.db import open_database
    from agentdesk.services import demo
    from agentdesk.services.customers import find_customers
    from agentdesk.ui import app as appmod

    tmp = Path(tempfile.mkdtemp(prefix="agentdesk-shots-"))
    os.environ["AGENTDESK_HOME"] = str(tmp / "home")
    db = open_database(str(tmp / "demo.db"))
    demo.generate(db, customers=400, tickets=3000, seed=7)
    qt = appmod.make_application()
    OUT.mkdir(parents=True, exist_ok=True)

    def settle(ms: int = 400) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    for lang in ("ko", "en"):
        appmod.install_language(qt, lang)
        window = appmod.build_window(db, appmod.load_agent(db, None), appmod.settings())
        window.resize(1600, 940)
        window.show()
        window.inbox.start("all")
        settle()
        with db.session() as s:
            customer = find_customers(s, phone="010-1234-5678")[0]
            from agentdesk.services.customers import customer_360
            inquiry = customer_360(s, customer.id).inquiries[0]
        window.open_ticket(inquiry.ticket_id)
        settle(800)
        window.grab().save(str(OUT / f"main-{lang}.png"))
        palette = window.show_palette()
        palette.input.setText("상태" if lang == "ko" else "status")
        settle(200)
        palette.grab().save(str(OUT / f"palette-{lang}.png"))  # a popup: not part of the window grab
        palette.close()
        if lang == "ko":
            # The side panes while answering that ticket: suggestions, the template preview
            # and the agenda with its reminder toasts.
            for name in ("calendar", "knowledge", "templates"):
                while name != "calendar" and window.reminders.stack.toasts():
                    for toast in window.reminders.stack.toasts():  # seen on the calendar shot
                        toast.dismiss()
                    settle(50)  # a waiting toast takes the freed place
                window.show_side(getattr(window, name))
                if name == "templates":  # one filled in for the open ticket, in the preview
                    from agentdesk.services.templates import find_by_shortcut

                    with db.session() as s:
                        window.templates.select_template(find_by_shortcut(s, window.ctx.agent.login, "/한도").id)
                settle(700)
                window.grab().save(str(OUT / f"{name}-{lang}.png"))
            window.show_side(window.customer)
        window.ctx.runner.wait()
        window.close()
        window.deleteLater()
        settle(100)
    print(f"screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
