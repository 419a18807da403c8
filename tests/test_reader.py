import codecs

import pytest

from kcheck.errors import SourceError
from kcheck.reader import decode, extract_html, from_bytes, front_matter


def test_utf8_bom_and_crlf_are_kept():
    data = codecs.BOM_UTF8 + b"Line one.\r\nLine two.\r\n"
    assert decode(data, "x") == "\ufeffLine one.\r\nLine two.\r\n"


def test_utf16_with_bom():
    data = "Quake hits coast.\n".encode("utf-16")
    assert decode(data, "x") == "Quake hits coast.\n"


def test_invalid_utf8_names_file_and_encoding_flag():
    with pytest.raises(SourceError) as e:
        decode("Café".encode("cp1252"), "notes.txt")
    assert "notes.txt" in str(e.value) and "--encoding" in str(e.value)
    assert decode("Café".encode("cp1252"), "notes.txt", "cp1252") == "Café"


def test_binary_refused():
    with pytest.raises(SourceError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "image.txt")


def test_whitespace_only_refused():
    with pytest.raises(SourceError, match="no text"):
        from_bytes(b"  \n\t\r\n", name="blank", path="blank.txt", fmt="text")


def test_html_main_text_drops_scripts_styles_and_navigation():
    page = """<html><head><title>Flood &amp; rescue</title><style>p{color:red}</style>
    <meta property="og:site_name" content="Daily Tide"><meta property="article:published_time" content="2024-03-05T10:00:00Z">
    <script>var secret = "do not show";</script></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>River bursts its banks</h1><p>The river rose   two metres
    overnight.</p><p>Rescuers evacuated <b>300</b> people.</p></article>
    <footer>All rights reserved</footer></body></html>"""
    text, meta = extract_html(page)
    assert text == "River bursts its banks\n\nThe river rose two metres overnight.\n\nRescuers evacuated 300 people.\n"
    assert meta == {"title": "Flood & rescue", "outlet": "Daily Tide", "date": "2024-03-05T10:00:00Z"}


def test_broken_html_still_gives_text():
    text, _ = extract_html("<div><p>Unclosed paragraph <b>bold <i>nested</div></p></span><p>Second block")
    assert "Unclosed paragraph bold nested" in text and "Second block" in text


def test_front_matter():
    text = "---\ntitle: Storm report\noutlet: Coast News\ndate: 2023-10-02\n---\nThe storm hit.\n"
    meta, end = front_matter(text)
    assert meta == {"title": "Storm report", "outlet": "Coast News", "date": "2023-10-02"}
    assert text[end:] == "The storm hit.\n"
