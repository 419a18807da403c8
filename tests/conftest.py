import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kcheck import output
from kcheck.db import ClaimStore, open_db
from kcheck.ingest import ingest
from kcheck.nlp import DEFAULT_MODEL, load_pipeline

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def isolated_db(tmp_path, monkeypatch):
    """No test touches the project's claims.db by accident."""
    monkeypatch.setenv("KCHECK_DB", str(tmp_path / "default.db"))
    monkeypatch.delenv("KCHECK_MODEL", raising=False)
    # a process makes its consoles once; tests run many commands, each with its own COLUMNS
    output.consoles.cache_clear()


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline(DEFAULT_MODEL)


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "claims.db"


@pytest.fixture
def store():
    return ClaimStore(open_db(None))


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory):
    """Path of a database built from the five seed articles (built once per session)."""
    path = tmp_path_factory.mktemp("seeded") / "claims.db"
    cwd = os.getcwd()
    os.chdir(ROOT)  # as `make claims.db` does, so stored paths read seeds/NAME
    try:
        ingest(["seeds/"], ClaimStore(open_db(path)), model=DEFAULT_MODEL)
    finally:
        os.chdir(cwd)
    return path


def copy_db(src, dst):
    """Copy a database with SQLite's backup API: a file copy would miss what is still in the WAL."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


@pytest.fixture
def seeded_copy(seeded_db, tmp_path):
    """A private, writable copy of the seeded database."""
    return copy_db(seeded_db, tmp_path / "seeded.db")


SPACY_FIXTURES = {"nlp", "seeded_db", "seeded_copy"}


def pytest_collection_modifyitems(items):
    """A test that needs a parsed corpus is slow wherever it lives (make check skips it)."""
    for item in items:
        if SPACY_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
