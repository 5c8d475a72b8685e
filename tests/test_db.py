import sqlite3

import pytest
from alembic import command
from sqlalchemy import text

from agentdesk.db import SchemaTooNewError, alembic_config, head_revision, make_engine, open_database, resolve_url


def test_new_workspace_is_wal_and_current(tmp_path):
    db = open_database(str(tmp_path / "w.db"))
    with db.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
    db.dispose()


def test_default_workspace_lives_under_user_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("AGENTDESK_HOME", str(tmp_path))
    assert resolve_url(None) == f"sqlite:///{tmp_path}/data/workspace/agentdesk.db"
    monkeypatch.setenv("AGENTDESK_DB", "postgresql://x@h/db")
    assert resolve_url(None) == "postgresql://x@h/db"
    assert resolve_url("sqlite:///a.db") == "sqlite:///a.db"


def test_schema_from_a_newer_app_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "new.db"
    open_database(str(path)).dispose()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError, match="newer AgentDesk"):
        open_database(str(path))
    assert path.read_bytes() == before


def test_older_schema_is_backed_up_then_upgraded(tmp_path):
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as c:
        c.execute(text("INSERT INTO workspace_settings(key, value) VALUES ('keep', 'me')"))
    engine.dispose()
    db = open_database(str(path))
    assert db.backup_path is not None and db.backup_path.exists()
    with db.engine.connect() as c:
        assert c.exec_driver_sql("SELECT value FROM workspace_settings WHERE key='keep'").scalar() == "me"
        assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
    db.dispose()
    old = sqlite3.connect(db.backup_path)
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    old.close()


def test_migrations_run_on_postgresql(pg_db):
    with pg_db.engine.connect() as c:
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()


def test_revision_scan_agrees_with_alembic():
    from alembic.script import ScriptDirectory

    from agentdesk.db import MIGRATIONS_DIR, known_revisions

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    assert head_revision() == script.get_current_head()
    assert known_revisions() == {s.revision for s in script.walk_revisions()}


def test_opening_a_current_workspace_does_not_import_alembic(tmp_path):
    import subprocess
    import sys

    open_database(str(tmp_path / "w.db")).dispose()
    code = ("import sys; from agentdesk.db import open_database; "
            f"open_database({str(tmp_path / 'w.db')!r}); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def _schema_drift(db) -> list:
    """What the models declare that the migrations did not create (or the reverse)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from agentdesk.models import Base

    def include_object(obj, name, type_, reflected, compare_to):
        # FTS5 shadow tables and expression indexes exist only in migrations, on purpose.
        if type_ == "table" and name and name.endswith(("_fts", "_fts_config", "_fts_data", "_fts_docsize", "_fts_idx")):
            return False
        if type_ == "index" and name in ("ix_customers_lower_name", "ix_tickets_priority_updated", "ix_tickets_deleted",
                                         "ix_tickets_queue"):
            return False
        return True

    import warnings

    with db.engine.connect() as conn, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "skipped expression-based index"
        ctx = MigrationContext.configure(conn, opts={"include_object": include_object, "compare_type": False})
        return compare_metadata(ctx, Base.metadata)


def test_migrations_match_the_models(any_db):
    assert _schema_drift(any_db) == []


def test_workspace_from_the_previous_schema_keeps_all_its_data(tmp_path):
    """An app upgrade over a real workspace: made with demo data, taken back to the
    previous schema (0004), then opened by this app: backed up, upgraded, nothing lost."""
    from agentdesk import demo

    path = tmp_path / "agent.db"
    db = open_database(str(path))
    demo.generate(db, customers=30, tickets=200, seed=4)
    tables = ("customers", "tickets", "messages", "orders", "kb_articles", "templates", "follow_ups", "audit_log")

    def snapshot(conn):
        counts = {t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in tables}
        followups = conn.exec_driver_sql("SELECT id, title, due_at, status FROM follow_ups ORDER BY id").fetchall()
        bodies = conn.exec_driver_sql("SELECT id, body FROM messages ORDER BY id").fetchall()
        return counts, followups, bodies

    with db.engine.connect() as c:
        before = snapshot(c)
    command.downgrade(alembic_config(db.engine), "0004")
    db.dispose()

    db = open_database(str(path))
    try:
        assert db.backup_path is not None and db.backup_path.exists()
        with db.engine.connect() as c:
            assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
            assert snapshot(c) == before
            assert before[0]["follow_ups"] > 0 and before[0]["kb_articles"] > 0
        old = sqlite3.connect(db.backup_path)
        assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0004"
        old.close()
    finally:
        db.dispose()


def test_workspace_and_backup_are_private_whatever_the_umask(tmp_path):
    """The modes are explicit, not only the entry points' umask: a library caller with the
    usual 022 still gets a 0700 directory, a 0600 workspace and a 0600 backup."""
    import os
    import stat

    from agentdesk.db import backup_sqlite

    previous = os.umask(0o022)
    try:
        path = tmp_path / "new" / "dir" / "agentdesk.db"
        db = open_database(str(path))
        try:
            backup = backup_sqlite(db.engine, "test")
        finally:
            db.dispose()
    finally:
        os.umask(previous)
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(path) == 0o600 and backup is not None and mode(backup) == 0o600
    assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
