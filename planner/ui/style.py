"""What the window's charts and the PDF's charts share: their colours (the data and words: planner.core.present).

No Qt here: the PDF (QtGui only) and the live charts (pyqtgraph) both import it.
"""

from __future__ import annotations

ACCENT = "#e4572e"  # the plan, the current region
BEST = "#009e73"  # the best start of the year (Okabe-Ito bluish green)
LINE = "#4c72b0"  # a plan's CO2e over the year
MUTED = "#a9b0ba"  # other bars on a light background
MUTED_DARK = "#8a8f98"  # other bars on a dark background
PHASE_COLORS = {"training": "#4c72b0", "tuning": "#dd8452", "nas": "#c44e52"}
PART_COLORS = {"accelerators": "#55a868", "host": "#8172b3", "overhead": "#937860", "embodied": "#5d6d7e",
               "embodied_server": "#a3b1bf"}
# region groups (planner.core.estimate.REGION_GROUPS), Okabe-Ito colours: distinct with colour-blindness
GROUP_COLORS = {"aws": "#e69f00", "gcp": "#56b4e9", "azure": "#009e73", "site": "#0072b2", "country": MUTED,
                "subnational": "#cc79a7", "other": "#6b6b6b"}

# a second cue beside the colour (WCAG 1.4.1): each region group's bars carry a pattern, and the key the same glyph
GROUP_PATTERNS = {"aws": "solid", "gcp": "diagonal", "azure": "horizontal", "site": "cross", "country": "solid",
                  "subnational": "vertical", "other": "dots"}
PATTERN_GLYPHS = {"solid": "■", "diagonal": "▨", "cross": "▦", "horizontal": "▤", "vertical": "▥", "dots": "▩"}
