"""What the report shows a reader, in the terminal, in Markdown and in HTML, on hand-built
reports (the made-up barge sinking below) and on the seeds: summary first, one heading per
group, the values that differ marked, measures and figures when the report has them."""

import io
import json
import re
from html.parser import HTMLParser

import pytest
from rich.console import Console

from kcheck import output, terminal
from kcheck.cli import app
from kcheck.pages import html_page, markdown
from kcheck.report import find_value, summary

Q1 = "The barge Orvan Star was carrying 61 passengers when it sank near Tessel on 3 May."
Q2 = "Rescuers said 64 passengers were aboard the Orvan Star as it went down [bold]at dawn[/bold] <script>x</script>."
Q3 = "The harbour master said the barge left Tessel in March."
Q4 = "The barge left Tessel in April, its owner said."
Q5 = "The owner has run the ferry line across the lake since 2019."
Q6 = "Divers found the wreck at a depth of 30 metres."
Q7 = "The wreck lies 30 metres down, divers said."


def claim(cid, source, quote, start=100):
    return {"id": cid, "source": source, "start": start, "end": start + len(quote), "quote": quote, "text": quote}


def source(name, claims, url=None, path=None):
    return {
        "name": name,
        "title": f"Barge sinks off Tessel ({name})",
        "outlet": name.title(),
        "url": url,
        "path": path or f"{name}.txt",
        "published": "2031-05-04",
        "published_note": None,
        "claims": claims,
        "derived_from": None,
    }


def barge_report(with_extras=True):
    c1, c2 = claim("c1000000000000001", "gazette", Q1, 40), claim("c2000000000000002", "courier", Q2, 7)
    c3, c4 = claim("c3000000000000003", "gazette", Q3, 300), claim("c4000000000000004", "courier", Q4, 250)
    c5 = claim("c5000000000000005", "bulletin", Q5)
    c6, c7 = claim("c6000000000000006", "gazette", Q6, 500), claim("c7000000000000007", "bulletin", Q7, 20)
    number = {
        "slot": "number",
        "values": ["61 passengers", "64 passengers"],
        "detail": "counting passengers",
        "claims": [{k: c[k] for k in ("id", "source", "quote", "start", "end")} for c in (c1, c2)],
    }
    if with_extras:
        number["measure"] = "passengers aboard"
    date = {
        "slot": "date",
        "values": ["March", "April"],
        "detail": "different months",
        "claims": [{k: c[k] for k in ("id", "source", "quote", "start", "end")} for c in (c3, c4)],
    }
    report = {
        "sources": [
            source("gazette", 3, url="https://gazette.example/barge"),
            source("courier", 2, path="news/courier.txt"),
            source("bulletin", 2, url="javascript:alert(1)"),
        ],
        "groups": [
            {
                "id": "g1",
                "verdict": "conflict",
                "slot": "number",
                "explanation": "two counts",
                "sources": 2,
                "independent_sources": 2,
                "conflicts": [number],
                "notes": [],
                "claims": [c1, c2],
            },
            {
                "id": "g2",
                "verdict": "conflict",
                "slot": "date",
                "explanation": "two months",
                "sources": 2,
                "independent_sources": 2,
                "conflicts": [date],
                "notes": ["courier: dates the sailing by its owner"],
                "claims": [c3, c4],
            },
            {
                "id": "g3",
                "verdict": "single",
                "slot": None,
                "explanation": "only bulletin",
                "sources": 1,
                "independent_sources": 1,
                "conflicts": [],
                "notes": [],
                "claims": [c5],
            },
            {
                "id": "g4",
                "verdict": "agree",
                "slot": None,
                "explanation": "two agree",
                "sources": 2,
                "independent_sources": 2,
                "conflicts": [],
                "notes": [],
                "claims": [c6, c7],
            },
        ],
    }
    if with_extras:
        report["figures"] = [
            {
                "measure": "passengers aboard",
                "unit": "people",
                "disagree": True,
                "values": [
                    {
                        "source": "gazette",
                        "claim_id": c1["id"],
                        "value": "61",
                        "quote": Q1,
                        "start": c1["start"] + Q1.index("61"),
                        "end": c1["start"] + Q1.index("61") + 2,
                    },
                    {
                        "source": "courier",
                        "claim_id": c2["id"],
                        "value": "64",
                        "quote": Q2,
                        "start": c2["start"] + Q2.index("64"),
                        "end": c2["start"] + Q2.index("64") + 2,
                    },
                ],
            },
            {
                "measure": "depth of the wreck",
                "unit": "m",
                "disagree": False,
                "values": [
                    {
                        "source": "gazette",
                        "claim_id": c6["id"],
                        "value": "30",
                        "quote": Q6,
                        "start": c6["start"] + Q6.index("30"),
                        "end": c6["start"] + Q6.index("30") + 2,
                    },
                    {
                        "source": "bulletin",
                        "claim_id": c7["id"],
                        "value": "30",
                        "quote": Q7,
                        "start": c7["start"] + Q7.index("30"),
                        "end": c7["start"] + Q7.index("30") + 2,
                    },
                ],
            },
        ]
    return report


@pytest.fixture
def screen(monkeypatch):
    """The terminal as a pipe sees it: 80 columns, no colour."""
    buf = io.StringIO()
    console = Console(file=buf, width=80, color_system=None, highlight=False)
    monkeypatch.setattr(output, "consoles", lambda: (console, console))
    return buf


def lines_of(buf):
    return [line.rstrip() for line in buf.getvalue().splitlines()]


def test_terminal_report_reads_top_down(screen):
    terminal.print_report(barge_report(), pager=False)
    lines = lines_of(screen)
    at = {
        key: next(i for i, line in enumerate(lines) if key in line)
        for key in (
            "figures that disagree",
            "Figures (1 of 2 disagree)",
            "Sources",
            "Conflicts (2)",
            "Single attestations (1)",
            "Agreements (1)",
        )
    }
    assert list(at.values()) == sorted(at.values())  # summary, figures, sources, conflicts, singles, agreements
    assert "CONFLICT · number · passengers aboard · 2 sources, 2 independent" in lines
    assert "CONFLICT · date · different months · 2 sources, 2 independent" in lines  # no measure: slot and detail
    assert "  ‘61 passengers’ vs ‘64 passengers’: counting passengers" in lines
    assert any("»61 passengers«" in line for line in lines) and any("»April«" in line for line in lines)
    assert any(line.startswith("≠ passengers aboard (people) · differs") for line in lines)
    assert any(line.startswith("= depth of the wreck (m) · same") for line in lines)
    assert any("[bold]at dawn[/bold]" in line for line in lines)  # claim text is never markup
    assert all(len(line) <= 80 for line in lines)
    for cid in ("c1000000000000001", "c2000000000000002", "c5000000000000005", "c7000000000000007"):
        assert any(cid in line for line in lines)  # whole, on one line


def test_terminal_report_without_measures_or_figures(screen):
    terminal.print_report(barge_report(with_extras=False), pager=False)
    lines = lines_of(screen)
    assert not any("Figures" in line or "figures" in line for line in lines)
    assert "CONFLICT · number · counting passengers · 2 sources, 2 independent" in lines
    assert any("»61 passengers«" in line for line in lines)


def test_no_empty_sections(screen):
    report = barge_report()
    report["groups"] = [g for g in report["groups"] if g["verdict"] == "conflict"]
    report["summary"] = summary(report, {"conflict": 2, "single": 1, "agree": 1}, {"number": 1, "date": 1}, "conflict")
    terminal.print_report(report, pager=False)
    text = screen.getvalue()
    assert "Conflicts (2)" in text and "Single attestations (" not in text and "Agreements (" not in text
    assert re.search(r"agreements +1", text) and "showing conflicts only" in text  # the summary still counts all


def test_a_long_detail_is_cut_never_the_heading_broken(screen):
    report = barge_report(with_extras=False)
    report["groups"][0]["conflicts"][0]["detail"] = "counting " + "passengers who boarded at the quay " * 5
    terminal.print_report(report, pager=False)
    head = next(line for line in lines_of(screen) if line.startswith("CONFLICT · number"))
    assert head.endswith("… · 2 sources, 2 independent") and len(head) <= 80


def test_markdown_marks_values_and_lists_figures():
    md = markdown(barge_report())
    assert "### CONFLICT · number · passengers aboard · 2 sources, 2 independent" in md
    assert "carrying **61 passengers** when" in md and "in **April**, its owner" in md
    assert "| **differs** | passengers aboard | people |" in md and "| same | depth of the wreck | m |" in md
    assert "\\[bold\\]" in md and "<script>" not in md


class Page(HTMLParser):
    """Just enough of the DOM for the checks below."""

    def __init__(self, page):
        super().__init__()
        self.tags, self.stack, self.articles, self.counts, self.links, self._count = [], [], [], {}, [], None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "article":
            self.articles.append({"class": a.get("class", ""), "id": a.get("id"), "h3": False, "marks": 0})
        if self.articles and tag == "h3":
            self.articles[-1]["h3"] = True
        if self.articles and tag == "mark":
            self.articles[-1]["marks"] += 1
        if tag == "a":
            self.links.append(a.get("href"))
        self._count = a.get("data-count")

    def handle_data(self, data):
        if self._count:
            self.counts[self._count] = int(data)
            self._count = None


def test_html_page_for_a_reader():
    report = barge_report()
    page = html_page(report)
    dom = Page(page)
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in dom.tags
    assert "<script" not in page and "&lt;script&gt;x&lt;/script&gt;" in page and "[bold]at dawn[/bold]" in page
    conflicts = [a for a in dom.articles if "conflict" in a["class"]]
    assert len(conflicts) == 2 and all(a["h3"] and a["marks"] for a in conflicts)
    assert "passengers aboard · 2 sources, 2 independent</h3>" in page
    assert "carrying <mark>61 passengers</mark> when" in page
    s = summary(report)
    assert dom.counts == {
        k: s[k] for k in ("sources", "claims", "conflicts", "figures_disagree", "agreements", "single_attestations")
    }
    # links: the web address, the file, never a script the text chose; every claim id anchored
    assert "https://gazette.example/barge" in dom.links and "news/courier.txt" in dom.links
    assert not any(h and h.startswith("javascript") for h in dom.links)
    assert "#c1000000000000001" in dom.links and 'id="c1000000000000001"' in page
    # contents, figures near the top, singles and agreements folded
    assert (
        page.index('<nav id="contents">')
        < page.index('<section id="figures">')
        < page.index('<section id="sources">')
        < page.index('<section id="conflicts">')
    )
    assert '<tr class="differs"><th scope="row">passengers aboard <span class="flag">≠ differs</span>' in page
    assert '<section id="singles"><details>' in page and '<section id="agreements"><details>' in page
    assert "@media print" in page and "@media (max-width:40rem)" in page


def test_html_page_without_figures_has_no_figures_view():
    page = html_page(barge_report(with_extras=False))
    assert 'id="figures"' not in page and "figures that disagree" not in page
    assert "counting passengers · 2 sources, 2 independent</h3>" in page


def test_values_are_found_as_the_quote_words_them():
    assert find_value("The council upheld the ban on Friday.", "uphold") == [(12, 18)]
    assert find_value("the Kremlin-mediated agreements", "mediate") == [(12, 20)]
    assert find_value("In 1977, 77 people", "77") == [(9, 11)]  # a whole number, not inside a year
    assert find_value("it tried to broker a truce", "not broker") == [(12, 18)]


def test_seeds_report_marks_every_conflict_and_omits_empty_sections(runner, seeded_db):
    r = runner.invoke(app, ["report", "--db", str(seeded_db), "--verdict", "conflict"], env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    heads = [line for line in lines if line.startswith("CONFLICT · ")]
    data = json.loads(
        runner.invoke(app, ["report", "--db", str(seeded_db), "-f", "json", "--verdict", "conflict"]).stdout
    )
    assert len(heads) == len(data["groups"]) > 0
    assert "Single attestations (" not in r.stdout and "Agreements (" not in r.stdout
    assert r.stdout.count("»") >= len(heads) and all(len(line) <= 80 for line in lines)
    assert lines[0] == "kcheck report" and "conflicts" in lines[3]  # the summary comes first


def test_show_marks_the_quote_with_plain_characters_when_piped(runner, seeded_db):
    row = json.loads(runner.invoke(app, ["claims", "--db", str(seeded_db), "--json", "--limit", "1"]).stdout)[0]
    r = runner.invoke(app, ["show", "--db", str(seeded_db), row["id"]], env={"COLUMNS": "300"})
    assert r.exit_code == 0 and f"»{row['quote']}«" in r.stdout


def test_show_highlights_the_quote_in_colour_on_a_terminal(seeded_db, monkeypatch):
    from kcheck.db import ClaimStore, open_db
    from kcheck.report import claim_details

    buf = io.StringIO()
    console = Console(file=buf, width=300, force_terminal=True, color_system="standard", highlight=False)
    monkeypatch.setattr(output, "consoles", lambda: (console, console))
    store = ClaimStore(open_db(seeded_db))
    cid = next(store.claims())["id"]
    terminal.print_claim(claim_details(store, cid))
    assert "»" not in buf.getvalue() and "\x1b[1;7m" in buf.getvalue()  # bold reverse instead


def test_listings_keep_ids_whole_and_fit_80_columns(runner, seeded_db):
    for args in (["claims", "--search", "ceasefire"], ["sources"], ["stats"]):
        r = runner.invoke(app, [*args, "--db", str(seeded_db)], env={"COLUMNS": "80"})
        assert r.exit_code == 0 and all(len(line) <= 80 for line in r.stdout.splitlines())
    ids = [
        c["id"]
        for c in json.loads(
            runner.invoke(app, ["claims", "--db", str(seeded_db), "--search", "ceasefire", "--json"]).stdout
        )
    ]
    table = runner.invoke(
        app, ["claims", "--db", str(seeded_db), "--search", "ceasefire"], env={"COLUMNS": "80"}
    ).stdout
    assert all(cid in table for cid in ids)
    sources = runner.invoke(app, ["sources", "--db", str(seeded_db)], env={"COLUMNS": "80"}).stdout
    assert "published" in sources and "publis" not in sources.replace("published", "")
    assert "000_a88ae66702f717ab" in sources


PAGER_SCRIPT = "import sys; open(sys.argv[1], 'w', encoding='utf-8').write(sys.stdin.read())"


def in_terminal(args, rows, tmp_path, env=None, tty=True):
    """Run kcheck with its stdout on a pseudo-terminal of `rows` lines (or a pipe), and a $PAGER
    that saves what it is given; returns (what reached the screen, what reached the pager)."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    paged = tmp_path / "paged.txt"
    paged.unlink(missing_ok=True)
    run_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR", "NO_COLOR")}
    run_env.update({"TERM": "xterm-256color", "PAGER": f'{sys.executable} -c "{PAGER_SCRIPT}" {paged}', **(env or {})})
    cmd = [sys.executable, "-m", "kcheck", *args]
    if not tty:
        out = subprocess.run(cmd, env=run_env, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=120).stdout
        return out.decode(), paged.read_text(encoding="utf-8") if paged.exists() else None
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, 100, 0, 0))
    proc = subprocess.Popen(cmd, env=run_env, stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the other end is closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=120) == 0
    return b"".join(chunks).decode(errors="replace"), paged.read_text(encoding="utf-8") if paged.exists() else None


def test_pager_only_for_a_terminal_and_a_report_taller_than_it(seeded_db, tmp_path):
    db = ["report", "--db", str(seeded_db)]
    screen, paged = in_terminal(db, 40, tmp_path)  # the seeds' report runs to hundreds of lines
    assert paged is not None and "Single attestations" in paged and "Single attestations" not in screen
    assert "\x1b[" in paged  # colours go through (less -R, from LESS=FRX)

    screen, paged = in_terminal([*db, "--no-pager"], 40, tmp_path)
    assert paged is None and "Single attestations" in screen

    screen, paged = in_terminal(db, 40, tmp_path, tty=False)  # piped: never paged, no colour
    assert paged is None and "Single attestations" in screen and "\x1b[" not in screen

    screen, paged = in_terminal([*db, "--verdict", "conflict"], 500, tmp_path)  # fits the screen
    assert paged is None and "CONFLICT" in screen and "Conflicts (" in screen

    screen, paged = in_terminal(db, 40, tmp_path, env={"PAGER": ""})  # PAGER= turns paging off, as in git
    assert paged is None and "Single attestations" in screen


def test_source_links_follow_the_page(tmp_path, monkeypatch):
    from kcheck.pages import source_href

    monkeypatch.chdir(tmp_path)  # where the sources were ingested from, and the report is made
    s = {"name": "courier", "url": None, "path": "news/courier one.txt"}
    assert source_href(s) == "news/courier%20one.txt"
    assert source_href(s, base=tmp_path / "out") == "../news/courier%20one.txt"
    assert source_href({**s, "url": "https://courier.example/barge"}) == "https://courier.example/barge"
    assert source_href({**s, "url": "javascript:alert(1)"}) == "news/courier%20one.txt"
    assert source_href({**s, "path": "-"}) is None  # read from stdin: nothing to link to


def test_a_value_listed_out_of_order_is_still_marked():
    report = barge_report(with_extras=False)
    number = report["groups"][0]["conflicts"][0]
    number["values"].reverse()  # "64 passengers" first, while the first claim says 61
    page = html_page(report)
    assert "carrying <mark>61 passengers</mark> when" in page and "said <mark>64 passengers</mark> were" in page
