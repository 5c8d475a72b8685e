"""Opening a workspace database: URL resolution, engine set-up, schema checks, migrations.

The embedded default is an SQLite file in WAL mode under platformdirs' user data
directory; a team points ``--db`` / ``AGENTDESK_DB`` at PostgreSQL instead.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from agentdesk.config import PRIVATE_FILE_MODE, UnwritableDirectory, ensure_dir
from agentdesk.config import resolve_url  # noqa: F401  (re-exported: callers use db.resolve_url)

log = logging.getLogger("agentdesk.sql")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class SchemaError(Exception):
    """A database this app must not touch; the message is meant for the user."""


class SchemaTooNewError(SchemaError):
    pass


# SQLite's result codes for a file that is not (or no longer) a database.
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
_SQLITE_FILES = ("", "-wal", "-shm", "-journal")  # a workspace and the files SQLite keeps beside it


class WorkspaceDamaged(SchemaError):
    """An SQLite workspace file SQLite cannot read (truncated, overwritten, a bad header).

    Nothing is written to it; the message names the file and its newest backup, and the
    window offers ``start_fresh_workspace``.
    """

    def __init__(self, path: Path, reason: str):
        self.path = path
        self.reason = reason
        self.backup = latest_backup(path)
        where = (f"the last backup is {self.backup}" if self.backup is not None else
                 "no backup of it was found beside it (AgentDesk writes one before each upgrade)")
        super().__init__(f"the workspace file {path} is damaged ({reason}); it was left as it is; {where}")


def is_damage(exc: BaseException) -> bool:
    """True for SQLite's "file is not a database" / "database disk image is malformed"."""
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.DatabaseError) or isinstance(orig, sqlite3.OperationalError):
        return False
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text_ = str(orig)
    return "not a database" in text_ or "malformed" in text_


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL; None for PostgreSQL or an in-memory database."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def damage_error(url: str, exc: BaseException) -> WorkspaceDamaged | None:
    """The WorkspaceDamaged that ``exc`` means for the workspace at ``url``, if it means one."""
    path = sqlite_path(url)
    if path is None or not is_damage(exc):
        return None
    return WorkspaceDamaged(path, str(getattr(exc, "orig", exc)).splitlines()[0])


def latest_backup(path: Path) -> Path | None:
    """The newest ``<file>.backup-<rev>-<time>`` written beside the workspace (backup_sqlite)."""
    try:
        found = [p for p in path.parent.glob(path.name + ".backup-*") if p.is_file()]
    except OSError:
        return None
    return max(found, key=lambda p: p.stat().st_mtime, default=None)


def start_fresh_workspace(path: Path) -> Path:
    """Moves a damaged workspace (with its -wal/-shm/-journal files) aside to
    ``<file>.damaged-<time>`` so a fresh workspace can be created at ``path``; returns
    where the damaged file now is. Nothing is deleted or overwritten: its bytes stay for
    a recovery tool or support. The WAL moves with it: left behind, SQLite could replay
    the old frames into the fresh file."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while any(Path(f"{kept}{suffix}").exists() for suffix in _SQLITE_FILES):
        n += 1
        kept = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    for suffix in _SQLITE_FILES:
        src = Path(f"{path}{suffix}")
        if src.exists():
            os.rename(src, f"{kept}{suffix}")
    return kept


def _create_private_file(path: Path) -> None:
    """Creates an SQLite file 0600 before SQLite does (SQLite would use 0644); its -wal and
    -shm files take the main file's mode."""
    ensure_dir(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    except FileExistsError:
        pass
    except OSError as exc:
        raise UnwritableDirectory(path.parent, exc.strerror or str(exc)) from None


def describe_url(url: str) -> str:
    """What the status bar shows: a file path or host/database, never a password."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return u.database or ":memory:"
    return u.render_as_string(hide_password=True)


# SQLite's page cache per connection, in KiB. The window holds several connections (two
# read workers, the write lane, renders), each filling its own cache: at 64 MB they took
# the window to 401 MB after bench_ui at 1M tickets, at 16 MB to 252 MB, no step slower
# (the OS keeps the file's pages cached for all of them).
CACHE_KIB = 16384


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: an agent's write survives a power cut, not only an app crash.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA journal_size_limit=67108864")
    cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def make_engine(url: str) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:" and not u.database.startswith("file:"):
            _create_private_file(Path(u.database))
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
    _create_private_file(dest)  # a copy of every customer: as private as the workspace
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(dest)
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
    except BaseException:
        # Half a copy must not be named as "the last backup" when the workspace is damaged.
        dest.unlink(missing_ok=True)
        raise
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


def _check_before_upgrade(engine: Engine, url: str) -> None:
    """An upgrade writes to every table: a damaged file is refused before it is touched
    (and before a copy of it is named as the last backup). quick_check reads every page
    once; it runs only before an upgrade, which copies every page anyway."""
    path = sqlite_path(url)
    if path is None:
        return
    with engine.connect() as conn:
        problems = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        raise WorkspaceDamaged(path, "integrity check: " + "; ".join(problems)[:200])


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
                _check_before_upgrade(engine, url)
                db.backup_path = backup_sqlite(engine, current_revision(engine) or "none")
                log.info("schema upgrade; backup written to %s", db.backup_path)
            from alembic import command

            command.upgrade(alembic_config(engine), "head")
    except (DatabaseError, sqlite3.DatabaseError) as exc:  # sqlite3's own: from backup_sqlite
        engine.dispose()
        damaged = damage_error(url, exc)
        if damaged is not None:
            raise damaged from None
        raise
    except BaseException:
        engine.dispose()
        raise
    return db
