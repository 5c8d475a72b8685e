"""Opening a workspace database: URL resolution, engine set-up, schema checks, migrations.

The embedded default is an SQLite file in WAL mode under platformdirs' user data
directory; a team points ``--db`` / ``AGENTDESK_DB`` at PostgreSQL instead.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from agentdesk import config

log = logging.getLogger("agentdesk.sql")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class SchemaError(Exception):
    """A database this app must not touch; the message is meant for the user."""


class SchemaTooNewError(SchemaError):
    pass


def resolve_url(db: str | None = None) -> str:
    """--db beats AGENTDESK_DB beats the embedded default. A bare path means an SQLite file."""
    value = db or os.environ.get("AGENTDESK_DB") or ""
    if not value:
        return "sqlite:///" + str(config.workspace_dir() / "agentdesk.db")
    if "://" not in value:
        return "sqlite:///" + str(Path(value).expanduser().resolve())
    return value


def describe_url(url: str) -> str:
    """What the status bar shows: a file path or host/database, never a password."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return u.database or ":memory:"
    return u.render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: an agent's write survives a power cut, not only an app crash.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA journal_size_limit=67108864")
    cur.execute("PRAGMA cache_size=-65536")  # 64 MB page cache
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def make_engine(url: str) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        # Sessions run on worker threads too; each checks out its own connection.
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if u.get_backend_name() == "postgresql" and u.drivername == "postgresql":
        url = str(u.set(drivername="postgresql+psycopg").render_as_string(hide_password=False))
    return create_engine(url, pool_pre_ping=True)


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions()}


def backup_sqlite(engine: Engine, tag: str) -> Path | None:
    """Copy the database file consistently (SQLite's online backup), before a migration."""
    path = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not path or path == ":memory:":
        return None
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    dest = Path(f"{path}.backup-{tag}-{stamp}")
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(dest)
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        src.close()
    return dest


@dataclass
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    backup_path: Path | None = None  # written by the last upgrade, if any

    @property
    def is_sqlite(self) -> bool:
        return self.engine.url.get_backend_name() == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on error."""
        s = self.sessions()
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def dispose(self) -> None:
        self.engine.dispose()


def check_schema(engine: Engine) -> str:
    """Returns 'empty', 'current' or 'old'; raises SchemaTooNewError and changes nothing."""
    rev = current_revision(engine)
    if rev is None:
        return "empty"
    if rev not in known_revisions():
        raise SchemaTooNewError(
            f"This database was created by a newer AgentDesk (schema {rev}); this app "
            f"({head_revision()}) cannot open it safely. Update AgentDesk; nothing was changed."
        )
    return "current" if rev == head_revision() else "old"


def open_database(url: str | None = None, *, migrate: bool = True) -> Database:
    url = resolve_url(url)
    engine = make_engine(url)
    db = Database(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
    try:
        state = check_schema(engine)
        if state != "current":
            if not migrate:
                raise SchemaError(f"The database schema is {state}; run without --no-migrate to upgrade.")
            if state == "old":
                db.backup_path = backup_sqlite(engine, current_revision(engine) or "none")
                log.info("schema upgrade; backup written to %s", db.backup_path)
            command.upgrade(alembic_config(engine), "head")
    except BaseException:
        engine.dispose()
        raise
    return db
