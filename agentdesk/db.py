"""Opening a workspace database: URL resolution, engine set-up, schema checks, migrations.

The embedded default is an SQLite file in WAL mode under platformdirs' user data
directory; a team points ``--db`` / ``AGENTDESK_DB`` at PostgreSQL instead.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, UTC
from pathlib import Path
from collections.abc import Iterator

import re
from functools import lru_cache

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from agentdesk.config import resolve_url  # noqa: F401  (re-exported: callers use db.resolve_url)

log = logging.getLogger("agentdesk.sql")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class SchemaError(Exception):
    """A database this app must not touch; the message is meant for the user."""


class SchemaTooNewError(SchemaError):
    pass


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


def alembic_config(engine: Engine):
    from alembic.config import Config  # Alembic is imported only when a migration runs

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


@lru_cache(maxsize=1)
def _revision_graph() -> tuple[frozenset[str], str]:
    """(known revisions, head) read from the migration files themselves.

    Checking the schema on every start must not import Alembic (~160 ms); the files
    are the same ones Alembic reads, so both always agree (tests/test_db.py checks).
    """
    known, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev = re.search(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", source, re.M)
        down = re.search(r"^down_revision\s*=\s*['\"]([^'\"]+)['\"]", source, re.M)
        if rev:
            known.add(rev.group(1))
        if down:
            parents.add(down.group(1))
    heads = known - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {sorted(heads)}")
    return frozenset(known), heads.pop()


def head_revision() -> str:
    return _revision_graph()[1]


def known_revisions() -> set[str]:
    return set(_revision_graph()[0])


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def backup_sqlite(engine: Engine, tag: str) -> Path | None:
    """Copy the database file consistently (SQLite's online backup), before a migration."""
    path = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not path or path == ":memory:":
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
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
            from alembic import command

            command.upgrade(alembic_config(engine), "head")
    except BaseException:
        engine.dispose()
        raise
    return db
