"""Hostile input and crashes: clear errors, nothing lost, nothing corrupted."""

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcheck.cli import app
from kcheck.db import ClaimStore, open_db
from kcheck.doctor import run as doctor
from kcheck.ingest import MAX_BYTES, MAX_CHUNK, _chunks

pytestmark = pytest.mark.slow  # spaCy and the CLI end to end

KCHECK = [sys.executable, "-m", "kcheck"]
ROOT_DIR = Path(__file__).resolve().parent.parent


def article(i: int) -> str:
    return (
        f"Storm report {i}\n\n"
        f"The storm flooded {i + 3} villages in the northern province on Monday, officials said.\n\n"
        f"Rescue teams evacuated {10 * i + 40} residents, and the army opened {i % 5 + 2} shelters near the river.\n\n"
        f"The regional governor, Ana Ruiz, announced {i + 1} million euros in emergency aid.\n"
    )


def consistent(db_path) -> None:
    store = ClaimStore(open_db(db_path))
    bad = [c for c in doctor(store) if not c.ok and c.name != "groups"]
    assert not bad, bad
    names = [r[0] for r in store.db.execute("select name from sources")]
    assert len(names) == len(set(names))
    for (sid,) in store.db.execute("select id from sources"):
        # a stored source is complete: its sentences and claims came with it
        assert store.db.execute("select count(*) from sentences where source_id = ?", [sid]).fetchone()[0] > 0


def test_cli_max_size_default_matches_the_core():
    import inspect

    from kcheck import cli_ingest

    assert inspect.signature(cli_ingest.ingest).parameters["max_size"].default == MAX_BYTES


def test_huge_file_is_refused_in_one_line(runner, db_path, tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:
        f.truncate(100_000_000)  # sparse: 100 MB on paper, nothing read
    (tmp_path / "ok.txt").write_text("The bridge reopened on Friday after repairs.\n")
    result = runner.invoke(app, ["ingest", "--db", str(db_path), str(tmp_path)])
    assert result.exit_code == 1
    assert f"huge.txt: 100,000,000 bytes is larger than {MAX_BYTES:,}; raise --max-size" in result.stderr
    assert "1 added" in result.stderr and "Traceback" not in result.output


def test_the_parser_never_gets_more_than_a_bounded_batch(tmp_path, monkeypatch):
    """19.5: the parser's memory follows the characters of the batch it works on: 64 pieces of
    up to 20,000 characters (an article with no line breaks) took 1.4 GB for 0.5 MB of input.
    Counted here: the pieces and batches handed to nlp.pipe for a one-line article."""
    import kcheck.nlp
    from kcheck.ingest import ingest as run_ingest
    from kcheck.nlp import DEFAULT_MODEL, load_pipeline

    real = load_pipeline(DEFAULT_MODEL)
    seen = {"longest": 0, "batch": 0}

    class Recording:
        def __getattr__(self, name):
            return getattr(real, name)

        def pipe(self, stream, **kwargs):
            def texts():
                for text, context in stream:
                    seen["longest"] = max(seen["longest"], len(text))
                    yield text, context

            seen["batch"] = kwargs["batch_size"]
            return real.pipe(texts(), **kwargs)

    monkeypatch.setattr(kcheck.nlp, "load_pipeline", lambda name=DEFAULT_MODEL: Recording())
    f = tmp_path / "line.txt"
    f.write_text("The committee approved the harbour plan after a long debate on Tuesday. " * 1500, encoding="utf-8")
    result = run_ingest([str(f)], ClaimStore(open_db(None)), model=DEFAULT_MODEL)
    assert result.added == ["line"] and result.claims >= 1500
    assert seen["longest"] <= 2_000 and seen["longest"] * seen["batch"] <= 32_000


def test_a_5mb_line_is_parsed_in_pieces_without_shifting_offsets():
    sentence = "The committee approved the plan after a long debate. "
    line = sentence * (5_000_000 // len(sentence))
    pieces = list(_chunks(line, 0, len(line)))
    assert all(e - s <= MAX_CHUNK for s, e in pieces)
    assert all(line[s:e].endswith(".") or e == len(line) for s, e in pieces)  # cut at sentence ends
    covered = "".join(line[s:e] for s, e in pieces)
    assert covered.replace(" ", "") == line.replace(" ", "")  # nothing lost, only spaces between pieces


def test_long_single_line_end_to_end(runner, db_path, tmp_path):
    sentence = "The committee approved the plan after a long debate on Tuesday. "
    f = tmp_path / "line.txt"
    n = max(400, 3 * MAX_CHUNK // len(sentence))  # many pieces, whatever the piece size
    f.write_text(sentence * n, encoding="utf-8")
    assert runner.invoke(app, ["ingest", "--db", str(db_path), str(f)]).exit_code == 0
    claims = json.loads(runner.invoke(app, ["claims", "--db", str(db_path), "--json"]).stdout)
    text = f.read_text(encoding="utf-8")
    assert len(claims) >= n * 0.9 and all(text[c["start"] : c["end"]] == c["quote"] for c in claims)


def test_deeply_nested_and_broken_html(runner, db_path, tmp_path):
    f = tmp_path / "deep.html"
    f.write_text(
        "<html><body>"
        + "<div>" * 5000
        + "<p>The ferry sank off the coast on Sunday.</p>"
        + "</span></p>" * 10
        + "<script>document.write('x')</script><style>p{}</style>"
        + "<p>Coastguards rescued forty passengers.",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["ingest", "--db", str(db_path), str(f)])
    assert result.exit_code == 0, result.output
    store = ClaimStore(open_db(db_path))
    text = store.source_by_name("deep")["text"]
    assert "ferry sank" in text and "rescued forty" in text and "document.write" not in text and "p{}" not in text


def test_many_files_symlink_loops_and_unreadable_files(runner, db_path, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    sub = corpus / "a" / "b"
    sub.mkdir(parents=True)
    for i in range(2000):
        (sub / f"n{i:04}.txt").write_text(f"Council {i} approved budget number {i} on Monday.\n")
    os.symlink(corpus, sub / "loop")  # a directory loop: not followed
    os.symlink(corpus / "x.txt", corpus / "y.txt")
    os.symlink(corpus / "y.txt", corpus / "x.txt")  # a file loop: skipped
    secret = corpus / "secret.txt"
    secret.write_text("The minister resigned.\n")
    real = Path.open

    def guarded(self, *a, **k):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real(self, *a, **k)

    monkeypatch.setattr(Path, "open", guarded)
    result = runner.invoke(app, ["ingest", "--db", str(db_path), str(corpus)])
    assert result.exit_code == 1, result.output
    assert "secret.txt: cannot read (Permission denied)" in result.stderr
    assert "x.txt: cannot read" in result.stderr and "y.txt: cannot read" in result.stderr
    assert "2000 added" in result.stderr and "3 skipped" in result.stderr
    consistent(db_path)


def test_only_boilerplate_is_ingested_with_no_claims(runner, db_path, tmp_path):
    f = tmp_path / "furniture.txt"
    f.write_text("Subscribe to our newsletter\nShare this article\nFollow us on social media\nCookie settings\n")
    result = runner.invoke(app, ["ingest", "--db", str(db_path), str(f)])
    assert result.exit_code == 0 and "1 source and 0 claims" in result.stderr
    assert "furniture.txt: stored, but it gave no claims (4 sentences: web furniture phrase" in result.stderr
    assert json.loads(runner.invoke(app, ["claims", "--db", str(db_path), "--json"]).stdout) == []


@pytest.mark.parametrize(
    "args",
    [
        ["claims", "--limit", "0"],
        ["report", "--format", "xml"],
        ["claims", "--verdict", "maybe"],
        ["ingest", "--max-size", "-5", "x"],
        ["show"],
    ],
)
def test_bad_flag_values_exit_2(runner, seeded_db, args):
    result = runner.invoke(app, args[:1] + ["--db", str(seeded_db)] + args[1:])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_doctor_finds_damage(runner, seeded_copy):
    assert runner.invoke(app, ["doctor", "--db", str(seeded_copy)]).exit_code == 0
    con = sqlite3.connect(seeded_copy)
    con.execute("update claims set quote = 'not what it says' where rowid = (select min(rowid) from claims)")
    con.execute("update sources set text = text || ' tampered' where rowid = (select min(rowid) from sources)")
    con.execute("drop trigger claims_ai")
    con.execute(
        "insert into claims (id, source_id, start, end, quote, text, boilerplate) "
        "select 'cX', id, 0, 3, substr(text, 1, 3), 'x', 1 from sources limit 1"
    )
    con.commit()
    con.close()
    result = runner.invoke(app, ["doctor", "--db", str(seeded_copy), "--json"])
    assert result.exit_code == 1
    failed = {c["name"] for c in json.loads(result.stdout) if not c["ok"]}
    assert failed >= {"source hashes", "quotes match sources", "full-text index"}


def test_killed_ingest_leaves_only_complete_sources(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(60):
        (corpus / f"storm{i:02}.txt").write_text(article(i) * 3, encoding="utf-8")
    db = tmp_path / "c.db"
    proc = subprocess.Popen(
        KCHECK + ["ingest", "--quiet", "--db", str(db), str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            with sqlite3.connect(db, timeout=5) as con:
                stored = con.execute("select count(*) from sources").fetchone()[0]
        except sqlite3.OperationalError:
            continue
        if stored >= 5:
            break
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    consistent(db)
    with sqlite3.connect(db) as con:
        partial = con.execute("select count(*) from sources").fetchone()[0]
    assert 5 <= partial < 60
    done = subprocess.run(KCHECK + ["ingest", "--quiet", "--db", str(db), str(corpus)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    consistent(db)
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from sources").fetchone()[0] == 60


def test_two_ingests_at_once_and_queries_meanwhile(tmp_path):
    db = tmp_path / "c.db"
    dirs = []
    for d in ("north", "south"):
        p = tmp_path / d
        p.mkdir()
        for i in range(20):
            (p / f"{d}{i:02}.txt").write_text(article(i + (100 if d == "south" else 0)), encoding="utf-8")
        dirs.append(p)
    subprocess.run(KCHECK + ["ingest", "--quiet", "--db", str(db), str(dirs[0] / "north00.txt")], check=True)
    procs = [
        subprocess.Popen(KCHECK + ["ingest", "--quiet", "--db", str(db), str(d)], stderr=subprocess.PIPE, text=True)
        for d in dirs
    ]
    queries = 0
    while any(p.poll() is None for p in procs):
        q = subprocess.run(
            KCHECK + ["claims", "--db", str(db), "--json", "--limit", "5"], capture_output=True, text=True
        )
        assert q.returncode == 0, q.stderr
        queries += 1
    for p in procs:
        _, errors = p.communicate()
        assert p.returncode == 0, errors
    assert queries >= 1
    consistent(db)
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from sources").fetchone()[0] == 40
    report = subprocess.run(KCHECK + ["report", "--db", str(db), "--format", "json"], capture_output=True, text=True)
    data = json.loads(report.stdout)
    with sqlite3.connect(db) as con:
        n = con.execute("select count(*) from claims where boilerplate = 0").fetchone()[0]
    assert sum(len(g["claims"]) for g in data["groups"]) == n


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    payload=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(lambda s: s.encode("utf-8", "surrogatepass")))
)
def test_random_bytes_never_crash_ingest(runner, tmp_path_factory, payload):
    folder = tmp_path_factory.mktemp("fuzz")
    f = folder / "fuzz.txt"
    f.write_bytes(payload)
    db = folder / "c.db"
    result = runner.invoke(app, ["ingest", "--db", str(db), str(f)])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output
    if result.exit_code == 1:
        assert result.stderr.startswith("warning: ") or "Error: " in result.stderr
    store = ClaimStore(open_db(db))
    src = store.source_by_name("fuzz")
    for c in store.claims(include_boilerplate=True):
        assert src["text"][c["start"] : c["end"]] == c["quote"]
    assert all(c.ok for c in doctor(store))


def test_identical_files_under_two_names(runner, db_path, tmp_path):
    (tmp_path / "a.txt").write_text("The bridge reopened on Friday after repairs.\n")
    (tmp_path / "b.txt").write_text("The bridge reopened on Friday after repairs.\n")
    result = runner.invoke(app, ["ingest", "--db", str(db_path), str(tmp_path)])
    assert result.exit_code == 1 and "b.txt: same content as source 'a'; skipped" in result.stderr
    again = runner.invoke(app, ["ingest", "--db", str(db_path), str(tmp_path / "b.txt")])
    assert again.exit_code == 1 and "same content as source 'a'" in again.stderr
    sources = json.loads(runner.invoke(app, ["sources", "--db", str(db_path), "--json"]).stdout)
    assert [s["name"] for s in sources] == ["a"] and sources[0]["claims"] == 1
    consistent(db_path)


# --- issue 19: hostile input, corruption and concurrency ----------------------------------

GOOD = "The harbour authority reopened the northern pier on Friday after repairs.\n"


def ingest_cli(runner, db, *args):
    return runner.invoke(app, ["ingest", "--db", str(db), *map(str, args)])


def stored_names(db) -> list[str]:
    with sqlite3.connect(db) as con:
        return [r[0] for r in con.execute("select name from sources order by name")]


def test_one_line_article_is_not_furniture(runner, db_path, tmp_path):
    """19.1: an article with its line breaks joined reads as article text, sentence by sentence."""
    para = (
        "The river authority said you could see the flood line from the bridge. We were told the dam held. "
        "Engineers inspected the northern spillway on Monday and found two cracks. "
        "The mayor ordered an evacuation of 300 homes near the water. "
    )
    f = tmp_path / "joined.txt"
    f.write_text("Dam inspection finds cracks. " + para * 12, encoding="utf-8")
    result = ingest_cli(runner, db_path, f)
    assert result.exit_code == 0, result.output
    claims = json.loads(runner.invoke(app, ["claims", "--db", str(db_path), "--json"]).stdout)
    assert len(claims) >= 24 and any("found two cracks" in c["quote"] for c in claims)


@pytest.mark.parametrize(
    "text, said",
    [
        (
            "Le gouvernement a annoncé mardi la fermeture des écoles de la région pour une semaine, "
            "selon le ministre qui a parlé aux journalistes dans la soirée.",
            "French (fr) detected",
        ),
        ("Правительство объявило во вторник о закрытии школ в регионе на неделю.", "mostly in Cyrillic script"),
        ("政府周二宣布该地区的学校将关闭一周。", "mostly in CJK (Chinese or Japanese) script"),
    ],
)
def test_non_english_is_refused_in_one_line(runner, db_path, tmp_path, text, said):
    """19.1: kcheck reads English; other languages are named and skipped, or taken with --any-language."""
    (tmp_path / "foreign.txt").write_text(text + "\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    result = ingest_cli(runner, db_path, tmp_path)
    assert result.exit_code == 1
    assert (
        f"foreign.txt: kcheck reads English; the text is {said}" in result.stderr
        or f"foreign.txt: kcheck reads English; {said}" in result.stderr
    )
    assert stored_names(db_path) == ["good"]
    anyway = ingest_cli(runner, db_path, "--any-language", tmp_path / "foreign.txt")
    assert anyway.exit_code == 0 and stored_names(db_path) == ["foreign", "good"]
    assert "foreign.txt: stored, but it gave no claims" in anyway.stderr or "new claims" in anyway.stderr


def test_a_source_with_no_claims_says_so(runner, db_path, tmp_path):
    """19.1: storing a source that gives no claim is never silent."""
    f = tmp_path / "menu.txt"
    f.write_text("Home\nWorld\nSport\nWeather\n", encoding="utf-8")
    result = ingest_cli(runner, db_path, f)
    assert result.exit_code == 0
    assert (
        "warning: " in result.stderr
        and "menu.txt: stored, but it gave no claims (4 sentences: menu ×4)" in result.stderr
    )
    assert "1 with no claims" in result.stderr


def test_fifo_in_a_folder_is_skipped_and_the_good_file_stored(runner, db_path, tmp_path):
    """19.2: a named pipe met while walking a folder would block the run forever."""
    d = tmp_path / "d"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(d / "pipe.txt")
    result = ingest_cli(runner, db_path, d)
    assert result.exit_code == 1
    assert "pipe.txt: not a regular file (a pipe, socket or device); skipped" in result.stderr
    assert stored_names(db_path) == ["good"]


def test_a_device_named_on_the_command_line_is_read_up_to_the_limit(runner, db_path):
    """19.2: /dev/zero is read up to --max-size, then refused in one line."""
    result = ingest_cli(runner, db_path, "--max-size", "4096", "/dev/zero")
    assert result.exit_code == 1
    assert "/dev/zero: larger than 4,096 bytes; raise --max-size to ingest it" in result.stderr
    assert result.stderr.count("\n") == 2  # the warning and the summary line


def test_dev_stdin_and_process_substitution_keep_the_byte_limit(tmp_path):
    """19.2: `cat big | kcheck ingest /dev/stdin` is bounded like `-`."""
    db = tmp_path / "c.db"
    big = GOOD * 200  # about 15 KB
    for arg in ("/dev/stdin", "-"):
        run = subprocess.run(
            KCHECK + ["ingest", "--db", str(db), "--max-size", "5000", arg], input=big, capture_output=True, text=True
        )
        assert run.returncode == 1, run.stderr
        assert "larger than 5,000 bytes; raise --max-size to ingest it" in run.stderr
    assert not db.exists()  # nothing was readable: no database was created


def test_malformed_utf16_is_skipped_and_the_rest_stored(runner, db_path, tmp_path):
    """19.4: a BOM followed by an odd number of bytes is one bad file, not a failed run."""
    (tmp_path / "odd.txt").write_bytes(b"\xff\xfeT\x00h\x00e")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    result = ingest_cli(runner, db_path, tmp_path)
    assert result.exit_code == 1 and "unexpected" not in result.stderr
    assert "odd.txt: starts like UTF-16 but is not valid UTF-16 (byte 6)" in result.stderr
    assert stored_names(db_path) == ["good"]


def test_stray_end_tags_cost_linear_work():
    """19.6: 50,000 open tags and 50,000 stray end tags took 61 s (each end tag searched the
    whole stack). Counted, not timed: how many stack entries the end tags look at."""
    from kcheck.reader import _MainText

    class CountingStack(list):
        looked = 0

        def __contains__(self, item):
            CountingStack.looked += len(self)
            return list.__contains__(self, item)

        def index(self, *a):
            CountingStack.looked += len(self)
            return list.index(self, *a)

    n = 3000
    parser = _MainText()
    parser.stack = CountingStack()
    parser.feed("<p>The pier reopened.</p>" + "<span>" * n + "</p>" * n + "<p>Ferries resumed.</p>")
    parser.close()
    assert CountingStack.looked <= 10 * n


def test_empty_folder_and_nameless_files_are_reported(runner, db_path, tmp_path):
    """19.11 and 18.7: an empty folder, a file named only '.txt' and a folder of other file
    types are each skipped with a word, and the exit code says so."""
    (tmp_path / "empty").mkdir()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notes.rst").write_text("Notes\n")
    (docs / "data.json").write_text("{}\n")
    named = tmp_path / "named"
    named.mkdir()
    (named / ".txt").write_text(GOOD, encoding="utf-8")
    result = ingest_cli(runner, db_path, tmp_path / "empty", docs, named)
    assert result.exit_code == 1
    assert "empty: no .txt, .md or .html files in this folder (it is empty)" in result.stderr
    assert "docs: no .txt, .md or .html files in this folder (2 other files: .json, .rst)" in result.stderr
    assert ".txt: a source needs a name; skipped (rename the file)" in result.stderr
    assert "3 skipped" in result.stderr


def test_nothing_readable_creates_no_database(runner, tmp_path):
    """18.7: `kcheck ingest --db new.db does-not-exist` leaves no new.db behind."""
    db = tmp_path / "new.db"
    result = ingest_cli(runner, db, tmp_path / "does-not-exist")
    assert result.exit_code == 1 and "no such file or directory" in result.stderr
    assert "nothing to store; " in result.stderr and "was not created" in result.stderr
    assert not db.exists()


def _create_at_once(path, barrier, results):
    from kcheck.db import open_db as _open

    barrier.wait()
    try:
        _open(path)
        results.put("ok")
    except Exception as e:  # noqa: BLE001  (the test reports whatever went wrong)
        results.put(f"{type(e).__name__}: {e}")


def test_processes_creating_one_new_database_at_once(tmp_path):
    """19.10: two ingests creating the same new database failed 2 times in 10 ("database is
    locked", "table sources already exists")."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    outcomes = []
    for k in range(6):
        path = tmp_path / f"new{k}.db"
        barrier, results = ctx.Barrier(4), ctx.Queue()
        procs = [ctx.Process(target=_create_at_once, args=(path, barrier, results)) for _ in range(4)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        outcomes += [results.get() for _ in procs]
        consistent(path)
    assert outcomes == ["ok"] * len(outcomes)


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    """Two short reports that agree on one fact and differ on others, ingested and grouped."""
    from kcheck.ingest import ingest as run_ingest
    from kcheck.nlp import DEFAULT_MODEL
    from kcheck.report import ensure_groups

    folder = tmp_path_factory.mktemp("small")
    (folder / "north.txt").write_text(
        "Pier reopens\n\nThe harbour authority reopened the northern pier on Friday after repairs.\n\n"
        "Engineers replaced 40 wooden beams, the authority said.\n",
        encoding="utf-8",
    )
    (folder / "south.txt").write_text(
        "The harbour authority reopened the northern pier on Friday after repairs.\n\n"
        "Is the ferry service back? Ferries will resume next week.\n",
        encoding="utf-8",
    )
    path = folder / "small.db"
    store = ClaimStore(open_db(path))
    run_ingest([str(folder)], store, model=DEFAULT_MODEL)
    ensure_groups(store)
    store.db.conn.close()
    return path


def _sha(s: str) -> str:
    import hashlib

    return hashlib.sha256(s.encode()).hexdigest()


CORRUPTIONS = {
    "text edited, its hash cleared": (
        ["update sources set text = replace(text, 'Friday', 'Monday'), text_sha256 = null where name = 'north'"],
        "source north: no hash of its text was recorded",
    ),
    "text edited, its hash recomputed": (
        [
            "update sources set text = replace(text, 'Friday', 'Monday') where name = 'north'",
            "update sources set text_sha256 = py_sha(text) where name = 'north'",
        ],
        "source north: its stored text, encoded as utf-8, is not the file it was read from",
    ),
    "claim offsets past the text, empty quote": (
        ["update claims set start = 90000, end = 90004, quote = '' where rowid = (select min(rowid) from claims)"],
        "are outside its source's text",
    ),
    "claim text changed": (
        [
            "update claims set text = 'The harbour authority closed the pier' where rowid = (select min(rowid) from claims)"
        ],
        "its id does not match its text and offsets",
    ),
    "group verdict flipped": (
        ["update groups set verdict = case verdict when 'single' then 'agree' else 'single' end"],
        "does not fit what it holds",
    ),
    "a middle sentence row deleted": (
        ["delete from sentences where idx = 1 and source_id = (select id from sources where name = 'north')"],
        "source north: sentence rows 1 are missing",
    ),
    "the last sentence row deleted": (
        [
            "delete from sentences where source_id = (select id from sources where name = 'south') and "
            "idx = (select max(idx) from sentences where source_id = (select id from sources where name = 'south'))"
        ],
        "source south: its text after",
    ),
    "invalid JSON in claims.entities": (
        ["update claims set entities = '[{\"norm\": ' where rowid = (select min(rowid) from claims)"],
        "its entities is not valid JSON",
    ),
    "FTS rebuilt with one column": (
        [
            "drop table claims_fts",
            "create virtual table claims_fts using fts5(text, tokenize='porter', content=claims)",
            "insert into claims_fts(claims_fts) values('rebuild')",
        ],
        "table claims_fts differs from kcheck's",
    ),
    "FTS rebuilt with another tokenizer": (
        [
            "drop table claims_fts",
            "create virtual table claims_fts using fts5(text, quote, content=claims)",
            "insert into claims_fts(claims_fts) values('rebuild')",
        ],
        "table claims_fts differs from kcheck's",
    ),
    "FTS triggers dropped": (
        ["drop trigger claims_ai", "drop trigger claims_au"],
        "trigger claims_ai is missing (search results go stale)",
    ),
    "UNIQUE index on source names dropped": (["drop index idx_sources_name"], "index idx_sources_name is missing"),
    "claims index dropped": (["drop index idx_claims_source_id_start"], "index idx_claims_source_id_start is missing"),
    "sentences index dropped": (
        ["drop index idx_sentences_source_id_idx"],
        "index idx_sentences_source_id_idx is missing",
    ),
    "entities index dropped": (["drop index idx_claim_entities_norm"], "index idx_claim_entities_norm is missing"),
    "NULL source text": (["update sources set text = null where name = 'south'"], "source south: it has no text"),
    "migrations table dropped": (["drop table _sqlite_migrations"], "table _sqlite_migrations is missing"),
    "a membership's copy of its group's verdict edited": (
        ["update group_claims set verdict = 'conflict' where claim_id = (select min(claim_id) from group_claims)"],
        "1 group memberships keep another source or verdict than their claim and group",
    ),
}


@pytest.mark.parametrize("case", sorted(CORRUPTIONS))
def test_doctor_catches_each_planted_corruption(runner, small_db, tmp_path, case):
    """19.7: each corruption the audit planted and doctor missed, one at a time, reported in one line."""
    from conftest import copy_db

    path = copy_db(small_db, tmp_path / "c.db")
    assert runner.invoke(app, ["doctor", "--db", str(path)]).exit_code == 0
    statements, expected = CORRUPTIONS[case]
    con = sqlite3.connect(path)
    con.create_function("py_sha", 1, _sha)
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()
    result = runner.invoke(app, ["doctor", "--db", str(path), "--json"])
    assert result.exit_code == 1, result.output
    problems = [p for c in json.loads(result.stdout) for p in c["problems"]]
    assert any(expected in p for p in problems), problems
    assert all("\n" not in p for p in problems) and "unexpected" not in result.stderr


def test_doctor_on_a_truncated_or_garbled_file(runner, small_db, tmp_path):
    """19.7: a file truncated to 0 bytes is no empty database, and garbage inside the file
    gives SQLite's own integrity-check lines, not one vague error."""
    from conftest import copy_db

    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["doctor", "--db", str(empty)])
    assert result.exit_code == 1 and "is empty (0 bytes)" in result.stdout
    assert empty.stat().st_size == 0  # doctor never turns it into a new database
    claims = runner.invoke(app, ["claims", "--db", str(empty)])
    assert claims.exit_code == 1 and "is empty (0 bytes): not a kcheck database" in claims.stderr
    garbled = copy_db(small_db, tmp_path / "garbled.db")
    page = 4096
    try:  # a page of the claims table: garbage in an empty table's page goes unseen
        con = sqlite3.connect(garbled)
        try:
            (leaf,) = con.execute("select pageno from dbstat where name = 'claims' and pagetype = 'leaf'").fetchone()
        finally:
            con.close()
        middle = (leaf - 1) * page
    except sqlite3.OperationalError:  # an SQLite built without dbstat
        middle = (garbled.stat().st_size // page // 2) * page
    data = bytearray(garbled.read_bytes())
    data[middle + 100 : middle + page - 100] = os.urandom(page - 200)
    garbled.write_bytes(bytes(data))
    result = runner.invoke(app, ["doctor", "--db", str(garbled), "--json"])
    assert result.exit_code == 1 and "unexpected" not in result.stderr
    integrity = next(c for c in json.loads(result.stdout) if c["name"] == "sqlite integrity")
    assert not integrity["ok"] and integrity["problems"]


def test_missing_migrations_table_is_a_clear_error_for_every_command(runner, small_db, tmp_path):
    from conftest import copy_db

    path = copy_db(small_db, tmp_path / "c.db")
    with sqlite3.connect(path) as con:
        con.execute("drop table _sqlite_migrations")
    result = runner.invoke(app, ["claims", "--db", str(path)])
    assert result.exit_code == 1 and "its record of applied migrations (_sqlite_migrations) is missing" in result.stderr


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(entry))
    return out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signals are Linux's")
def test_parser_workers_die_with_a_killed_ingest(tmp_path):
    """19.10: after `kill -9` of an ingest, its parser workers (340 MB each) lived on, blocked on a pipe."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(40):
        (corpus / f"storm{i:02}.txt").write_text(article(i) * 25, encoding="utf-8")  # ~300k characters in all
    proc = subprocess.Popen(
        KCHECK + ["ingest", "--quiet", "--workers", "2", "--db", str(tmp_path / "c.db"), str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.time() + 120
        while time.time() < deadline and proc.poll() is None and len(workers) < 2:
            time.sleep(0.1)
            workers = _children(proc.pid)
        assert proc.poll() is None and len(workers) >= 2, "the ingest finished before its workers were seen"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.time() + 30
        while time.time() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.2)
        assert not [w for w in workers if _alive(w)]
    finally:
        for w in workers:
            if _alive(w):
                os.kill(w, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_report_during_an_ingest_holds_every_claim_once(runner, tmp_path, monkeypatch):
    """19.3: a report made between an ingest's source commits and its regrouping showed the new
    sources with the old groups (21 claims grouped out of 543) and exited 0. Rebuilt here without
    timing: a source is stored without regrouping, and another is stored while the reader tries
    to save its regrouping (as a running ingest does), so the save is refused."""
    from kcheck.ingest import ingest as run_ingest
    from kcheck.nlp import DEFAULT_MODEL
    from kcheck.report import ensure_groups

    db = tmp_path / "c.db"
    for i in range(4):
        (tmp_path / f"storm{i}.txt").write_text(article(i), encoding="utf-8")
    writer = ClaimStore(open_db(db))
    run_ingest([str(tmp_path / "storm0.txt"), str(tmp_path / "storm1.txt")], writer, model=DEFAULT_MODEL)
    ensure_groups(writer)
    run_ingest([str(tmp_path / "storm2.txt")], writer, model=DEFAULT_MODEL)  # stored, not yet regrouped
    real_save = ClaimStore.save_groups

    def save_while_ingesting(self, *args, **kwargs):
        if self is not writer and not self.shadowing:
            run_ingest([str(tmp_path / "storm3.txt")], writer, model=DEFAULT_MODEL)
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(ClaimStore, "save_groups", save_while_ingesting)
    result = runner.invoke(app, ["report", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    grouped = [c["id"] for g in data["groups"] for c in g["claims"]]
    with sqlite3.connect(db) as con:
        stored = {r[0] for r in con.execute("select id from claims where boilerplate = 0")}
    assert len(data["sources"]) == 4 and sum(s["claims"] for s in data["sources"]) == len(stored)
    assert sorted(grouped) == sorted(stored)  # every claim, each in exactly one group
    claims = json.loads(runner.invoke(app, ["claims", "--db", str(db), "--json"]).stdout)
    assert all(c["group_id"] for c in claims)


def test_csv_cells_are_not_formulas(runner, tmp_path):
    """19.8: cells starting = + - @ are guarded (OWASP: a leading '), raw ESC bytes are shown as
    codes; --no-csv-guard writes them as stored."""
    f = tmp_path / "sheet.txt"
    f.write_text(
        '=HYPERLINK("http://x.example") said the council approved \x1b[31mthe budget\x1b[0m on Monday.\n'
        "-5 degrees froze the harbour on Tuesday, the port authority said.\n",
        encoding="utf-8",
    )
    db = tmp_path / "c.db"
    assert runner.invoke(app, ["ingest", "--db", str(db), str(f)]).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["claims", "--db", str(db), "--csv"]).stdout)))
    cells = [v for r in rows for v in r.values()]
    assert rows and not any(v.startswith(("=", "+", "-", "@")) for v in cells)
    assert not any("\x1b" in v for v in cells) and any("\\x1b[31m" in v for v in cells)
    raw = runner.invoke(app, ["claims", "--db", str(db), "--csv", "--no-csv-guard"]).stdout
    assert "\x1b[31m" in raw
    sources = runner.invoke(app, ["sources", "--db", str(db), "--csv"]).stdout
    assert "\n=" not in sources and ",=" not in sources


def test_a_closed_pipe_ends_quietly(seeded_db):
    """19.11: `kcheck claims --json | head -1` printed "unexpected BrokenPipeError"."""
    proc = subprocess.Popen(
        KCHECK + ["claims", "--db", str(seeded_db), "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    proc.stdout.read(10)
    proc.stdout.close()
    _, err = proc.communicate()
    assert err == b"" and proc.returncode == 141


def test_report_to_a_missing_folder_is_a_usage_error(runner, seeded_db, tmp_path):
    """19.11: `report -o /missing/dir/x.html` gave "unexpected FileNotFoundError"."""
    result = runner.invoke(
        app, ["report", "--db", str(seeded_db), "--format", "html", "-o", str(tmp_path / "no" / "x.html")]
    )
    assert result.exit_code == 2 and "folder" in result.stderr and "does not exist" in result.stderr
    assert "unexpected" not in result.stderr
    out = tmp_path / "r.html"
    assert runner.invoke(app, ["report", "--db", str(seeded_db), "--format", "html", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and not list(tmp_path.glob(".*kcheck-tmp"))


WIRE = (
    "The regional court fined the ferry operator 40,000 euros on Monday for sailing with a broken radar. "
    "Judges said the crew had reported the fault three times before the March crossing. "
    "The operator said it would appeal and that no passenger had been put at risk. "
    "Harbour officials suspended two of its vessels until new radar units are fitted."
)


def test_copies_are_found_among_more_than_20_sources(runner, tmp_path):
    """19.11: copy detection skipped any word sequence held by more than 20 sources, so 21
    outlets carrying one wire story were "21 sources, 21 independent"."""
    folder = tmp_path / "outlets"
    folder.mkdir()
    for i in range(22):
        local = f"Outlet {i} added that the harbour in district {i} reopened on schedule." if i else ""
        (folder / f"outlet{i:02}.md").write_text(
            f"---\ndate: 2024-03-{i + 1:02}\n---\n{WIRE} {local}\n", encoding="utf-8"
        )
    db = tmp_path / "c.db"
    assert runner.invoke(app, ["ingest", "--db", str(db), str(folder)]).exit_code == 0
    report = json.loads(runner.invoke(app, ["report", "--db", str(db), "--format", "json"]).stdout)
    copies = {s["name"]: s["derived_from"] for s in report["sources"]}
    assert copies["outlet00"] is None and all(copies[f"outlet{i:02}"] for i in range(1, 22))
    fined = next(g for g in report["groups"] if any("fined the ferry operator" in c["quote"] for c in g["claims"]))
    assert fined["sources"] == 22 and fined["independent_sources"] == 1


def test_copy_detection_below_21_sources_names_the_earlier_original():
    """Up to 20 sources sharing one wire text: each copy is found, and with dates its original
    is an earlier source."""
    from kcheck.compare import derivations

    for dated in (True, False):
        outlets = [
            {
                "name": f"o{i:02}",
                "text": WIRE + (f" Outlet {i} also reported a delay of {i} hours." if i % 3 else ""),
                "published": f"2024-03-{i + 1:02}" if dated else None,
            }
            for i in range(20)
        ]
        found = derivations(outlets)
        assert len(found) >= 13
        if dated:
            pub = {o["name"]: o["published"] for o in outlets}
            assert all(pub[original] < pub[copy] for copy, (original, _) in found.items())
