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
