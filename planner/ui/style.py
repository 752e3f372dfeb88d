"""What the window's charts and the PDF's charts share: colours, which benchmarks get a bar, their labels.

No Qt here: the PDF (QtGui only) and the live charts (pyqtgraph) both import it.
"""

from __future__ import annotations

ACCENT = "#e4572e"  # the plan, the current region
MUTED = "#a9b0ba"  # other bars on a light background
MUTED_DARK = "#8a8f98"  # other bars on a dark background
PHASE_COLORS = {"training": "#4c72b0", "tuning": "#dd8452", "nas": "#c44e52"}
PART_COLORS = {"accelerators": "#55a868", "host": "#8172b3", "overhead": "#937860", "embodied": "#5d6d7e"}
EMBODIED_LABEL = "Embodied"
# region groups (planner.core.estimate.REGION_GROUPS), Okabe-Ito colours: distinct with colour-blindness
GROUP_COLORS = {"aws": "#e69f00", "gcp": "#56b4e9", "azure": "#009e73", "country": MUTED,
                "subnational": "#cc79a7", "other": "#6b6b6b"}


def bar_benchmarks(benchmarks) -> list:
    """The benchmarks that make a bar: per-km figures are far too small to see beside a plan."""
    return [b for b in benchmarks if b.kg_co2e >= 1]


def benchmark_label(benchmark) -> str:
    return benchmark.short_name[0].upper() + benchmark.short_name[1:]
