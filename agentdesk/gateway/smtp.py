"""Sending one mail by SMTP for the outbox (issue 14), with the one distinction the outbox
needs: did the server possibly accept it?

- Refused before DATA's content was sent (connect, TLS, auth, MAIL, RCPT, the DATA
  command itself): nothing was delivered. 4xx and lost connections are ``SmtpTransient``
  (retry later), 5xx ``SmtpPermanent`` (the server's reply is kept).
- After the content was sent, the final reply decides: 250 delivered, 4xx/5xx refused as
  above. No reply (the connection dropped, a timeout) is ``SmtpUnknown``: the server may
  have taken it, so the outbox never resends it on its own.

``before_data`` is called after RCPT and before the DATA command: the outbox commits its
``data_started`` state there.
"""

from __future__ import annotations

import base64
import re
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass

TLS_MODES = ("starttls", "tls", "none")


class SmtpTransient(Exception):
    """Not delivered; try again later."""


class SmtpPermanent(Exception):
    """Not delivered; the server refused it for good (its reply is the message)."""


class SmtpUnknown(Exception):
    """The content was sent but no final reply came: the server may have delivered it."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    tls: str = "starttls"  # starttls / tls / none (none only for 127.0.0.1 relays and tests)
    username: str = ""
    # "password", "xoauth2" or "none"; ``secret`` returns the password or the access token
    # when called (read at each connection: a rotated token is picked up).
    auth: str = "none"
    secret: Callable[[], str] | None = None
    timeout: float = 60.0
    helo: str | None = None
    verify_tls: bool = True  # tests against a self-signed server may turn it off


def xoauth2_string(username: str, token: str) -> str:
    """SASL XOAUTH2's initial response (Google, Microsoft): ``user=…^Aauth=Bearer …^A^A``."""
    return f"user={username}\x01auth=Bearer {token}\x01\x01"


def _reply(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(text.split())}"[:500]


def _refused(code: int, text, what: str) -> Exception:
    line = f"{what}: {_reply(code, text)}"
    return SmtpPermanent(line) if 500 <= code < 600 else SmtpTransient(line)


def _context(settings: SmtpSettings) -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    if not settings.verify_tls:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


def _open(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.tls == "tls":
        conn: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, local_hostname=settings.helo,
                                              timeout=settings.timeout, context=_context(settings))
    else:
        conn = smtplib.SMTP(settings.host, settings.port, local_hostname=settings.helo, timeout=settings.timeout)
    try:
        conn.ehlo()
        if settings.tls == "starttls":
            code, text = conn.starttls(context=_context(settings))
            if code != 220:
                raise _refused(code, text, "STARTTLS")
            conn.ehlo()
        if settings.auth == "password":
            conn.login(settings.username, settings.secret() if settings.secret else "")
        elif settings.auth == "xoauth2":
            token = settings.secret() if settings.secret else ""
            code, text = conn.docmd("AUTH", "XOAUTH2 " + base64.b64encode(
                xoauth2_string(settings.username, token).encode()).decode())
            if code == 334:  # the server's error details; an empty line ends the exchange
                code, text = conn.docmd("")
            if code != 235:
                raise _refused(code, text, "AUTH XOAUTH2")
    except BaseException:
        conn.close()
        raise
    return conn


def deliver(settings: SmtpSettings, sender: str, recipients: list[str], data: bytes,
            before_data: Callable[[], None] = lambda: None) -> str:
    """Sends ``data`` (the whole MIME) and returns the server's final reply (``250 …``)."""
    try:
        conn = _open(settings)
    except smtplib.SMTPAuthenticationError as exc:
        raise _refused(exc.smtp_code, exc.smtp_error, "login") from None
    except smtplib.SMTPResponseException as exc:
        raise _refused(exc.smtp_code, exc.smtp_error, "connect") from None
    except (OSError, smtplib.SMTPException) as exc:
        raise SmtpTransient(f"cannot reach {settings.host}:{settings.port}: {exc}") from None
    try:
        try:
            code, text = conn.mail(sender)
            if code != 250:
                raise _refused(code, text, "MAIL FROM")
            for rcpt in recipients:
                code, text = conn.rcpt(rcpt)
                if code not in (250, 251):
                    raise _refused(code, text, "RCPT TO")
            before_data()
            conn.putcmd("data")
            code, text = conn.getreply()
            if code != 354:
                raise _refused(code, text, "DATA")
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            # Nothing of the content was sent: not delivered.
            raise SmtpTransient(f"connection lost before the content was sent: {exc}") from None
        try:
            body = re.sub(rb"(?m)^\.", b"..", re.sub(rb"(?:\r\n|\n|\r(?!\n))", b"\r\n", data))
            if not body.endswith(smtplib.bCRLF):
                body += smtplib.bCRLF
            conn.send(body + b"." + smtplib.bCRLF)
            code, text = conn.getreply()
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            raise SmtpUnknown(f"no reply after the content was sent: {exc}") from None
        if code != 250:
            raise _refused(code, text, "end of data")
        return _reply(code, text)
    finally:
        try:
            conn.quit()
        except (OSError, smtplib.SMTPException):
            conn.close()
