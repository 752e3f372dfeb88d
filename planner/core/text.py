"""Text as people type and read it: search keys that ignore case and accents."""

from __future__ import annotations

import unicodedata


def search_key(text: str) -> str:
    """``text`` folded for searching: no case, no accents ("Québec" and "QUEBEC" both give "quebec")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def matches(query: str, key: str) -> bool:
    """Every word of ``query`` is somewhere in ``key`` (both folded by ``search_key``)."""
    return all(word in key for word in search_key(query).split())


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}
_CONTROL.update({c: f"\\x{c:02x}" for c in range(0x80, 0xA0)})  # C1 controls (CSI and the like)
_CONTROL.update({0x0D: "\\r", 0x00A0: " ", 0x2060: "", 0x2028: "\\u2028", 0x2029: "\\u2029"})
# the text-direction controls (embeddings, overrides, isolates): "Budget \u202e000,01$ :tsoc\u202c approved" reads
# "Budget cost: $10,000 approved"; refused in names and shown escaped wherever text reaches a terminal
BIDI_CONTROLS = "".join(map(chr, (*range(0x202A, 0x202F), *range(0x2066, 0x206A))))
_CONTROL.update({ord(c): f"\\u{ord(c):04x}" for c in BIDI_CONTROLS})


def terminal_text(text: str) -> str:
    """Text for a terminal: no-break spaces as spaces, word joiners gone, and every control character but line
    breaks and tabs shown escaped (a name from a file can then neither retitle, clear nor recolour the terminal,
    nor forge a line)."""
    return text.translate(_CONTROL)


def one_line(text: str) -> str:
    """A value from a file shown on one line (a table cell, a run's label): every control character escaped,
    line breaks and tabs too, so it can forge no row."""
    return terminal_text(text).replace("\n", "\\n").replace("\t", "\\t")


def cite(source: str, year) -> str:
    """A source with its year, said once: "Strubell et al. 2019, Table 1", never "… Table 1 (2019)" after it."""
    return source if str(year) in source else f"{source} ({year})"


# Markdown's and HTML's own characters in text from a file: backslash-escaped (any ASCII punctuation may be, in
# CommonMark), and <, > and & as HTML entities, so a name can open no link, image, emphasis, code, table cell or
# tag (a name ending in "<style>" hid the whole rendered document); "://" and "www." are broken up so GitHub's
# Markdown makes no link of a bare address
_MARKDOWN = str.maketrans({**{c: "\\" + c for c in "\\`*_[]#!|~"}, "<": "&lt;", ">": "&gt;", "&": "&amp;"})


def markdown_text(text: str) -> str:
    """Text (a plan's name, a catalog's names and sources) as Markdown that shows it as written and does nothing
    else: no link, image, HTML, emphasis or table cell; a URL is not made a link."""
    return text.translate(_MARKDOWN).replace("://", ":\\/\\/").replace("www.", "www\\.")
