"""`agentdesk gateway`: the headless service that moves customers' messages in and out
(issue 14; docs/gateway.md).

    agentdesk gateway --config /etc/agentdesk/gateway.toml            # runs until SIGTERM / Ctrl+C
    agentdesk gateway --config /etc/agentdesk/gateway.toml --check    # the file and its secrets, then exit
    agentdesk gateway --config /etc/agentdesk/gateway.toml --status   # the outbox and failed mail, as JSON
    agentdesk gateway --config /etc/agentdesk/gateway.toml --resend MESSAGE_ID

It runs beside the team server on the team's PostgreSQL database (as its owner), or on a
one-person desk's embedded workspace; never on an agent's replica.
"""

from __future__ import annotations

NAME = "gateway"


def add_parser(sub, common) -> None:
    p = sub.add_parser(NAME, help="run the mail and webhook gateway (IMAP in, SMTP out, webhooks)")
    p.add_argument("--config", required=True, metavar="FILE", help="the gateway's TOML file (docs/gateway.md)")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--check", action="store_true", help="read the file and every secret it names, then exit")
    what.add_argument("--status", action="store_true",
                      help="print the outbox's states and the failed mail count as JSON, then exit")
    what.add_argument("--resend", metavar="MESSAGE_ID",
                      help="queue again a reply whose delivery is unknown or failed (an agent's decision)")
    p.add_argument("--log-level", default="info", choices=("debug", "info", "warning", "error"),
                   help="how much the gateway logs (default: info; never message bodies)")


def run(args) -> int:
    import json
    import logging
    import uuid

    from agentdesk.gateway import config as gw_config

    cfg = gw_config.load(args.config)
    if args.check:
        gw_config.check_secrets(cfg)
        from agentdesk.gateway.main import check_workspace

        check_workspace(cfg)
        print(f"{args.config}: ok ({len(cfg.mailboxes)} mailbox(es), smtp {'on' if cfg.smtp else 'off'}, "
              f"http {'on' if cfg.http_listen else 'off'})")
        return 0
    if args.status or args.resend:
        from sqlalchemy import func, select

        from agentdesk.gateway import main as gw_main
        from agentdesk.gateway import outbox
        from agentdesk.models import FailedMail

        db = gw_main.open_workspace(cfg)
        try:
            if args.resend:
                try:
                    mid = uuid.UUID(args.resend)
                except ValueError:
                    raise ValueError(f"--resend wants a message id (a UUID), not {args.resend!r}") from None
                if not outbox.resend(db, mid):
                    raise ValueError(f"message {mid} has no unknown or failed delivery to send again")
                print(f"queued again: {mid}")
                return 0
            with db.session() as s:
                failed = s.scalar(select(func.count()).select_from(FailedMail)) or 0
            print(json.dumps({"outbox": outbox.summary(db), "failed_mail": failed}, ensure_ascii=False))
            return 0
        finally:
            db.dispose()
    level = getattr(logging, args.log_level.upper())
    root = logging.getLogger()
    root.setLevel(level)
    for handler in root.handlers:  # the CLI set the console to warnings; a service logs what it does
        handler.setLevel(level)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    from agentdesk.gateway import main as gw_main

    return gw_main.run(cfg)
