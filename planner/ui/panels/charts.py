"""The charts area: the plan against everyday benchmarks; where it comes from, or (a tab away) which assumption
matters most, or the model's life; the plan in every region, ranked or on a map, or on every start day; and,
beside the regions, an aside (the advice).

Every chart is one entry of ``CHARTS``: its place and tab, how it is made, the data its ``update_chart`` takes
(a function of the plan's results and the view), and what makes it stale. The panel builds the tabs from the
entries; a new chart tab is its chart class, its data function and one entry.

Only charts in view are drawn, each at most once per frame (the map at most 25 times a second): a change marks
the charts it touches as stale, and a stale chart is redrawn when its frame is due (one chart per pass of the
event loop, so input keeps its turn between redraws) or when its tab is shown. The first chart of each place is
made with the window; the others when their tab is first shown, so a hidden chart costs nothing on a tick.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QSplitter, QTabWidget, QToolButton, QVBoxLayout, QWidget

from planner.core.errors import CatalogError
from planner.core.present import NO_SERVING, breakdown, lifetime_key, tradeoffs_key, unit_of, when_key
from planner.core.units import fmt_mass
from planner.ui import charts as chart_classes
from planner.ui.widgets import styled

DEFAULT_FRAME_S = 1 / 60


@dataclass(frozen=True)
class View:
    """What a chart's data depends on besides the plan: the window's view options and the pinned baseline."""
    unit: str  # the mass unit in use (resolved for the plan)
    log: bool  # the benchmarks' log axis
    embodied: bool  # the breakdown shows the embodied share
    region_filter: str  # the ranked regions' filter
    baseline: Any  # the pinned baseline's Estimate, or None

    @property
    def base_kg(self) -> float | None:
        return None if self.baseline is None else self.baseline.emissions_kg


@dataclass(frozen=True)
class ChartTab:
    """One chart of the charts area."""
    name: str  # the panel's attribute for it and its key in what is stale ("map": ``panel.map``)
    place: str  # "benchmarks" (alone), "breakdown" (the upper tabs) or "regions" (the lower tabs)
    label: str  # its tab's label ("" alone)
    tip: str  # its tab's tooltip
    make: Callable[[ChartsPanel], QWidget]  # the chart, its signals connected (may raise CatalogError)
    data: Callable[[Any, View], tuple | None]  # (results, view) -> update_chart's arguments; None: not yet
    redraw_on: frozenset[str] = frozenset({"plan", "unit"})  # "plan", a view option ("unit", "log", "embodied"),
    # "settled" (the intervals and tornado computed)
    frame_s: float = DEFAULT_FRAME_S  # at most one redraw per this many seconds


def _regions_made(panel: ChartsPanel, chart):
    chart.regionClicked.connect(lambda rid: panel.hub.edit("site.region", rid))
    return chart


def _when_made(panel: ChartsPanel):
    chart = chart_classes.WhenChart()
    chart.dayClicked.connect(panel.start_on)
    return chart


def _tradeoffs_made(panel: ChartsPanel):
    chart = chart_classes.TradeoffsChart()
    chart.pointClicked.connect(lambda k: panel.apply_point(chart.front.points[k]))
    return chart


def _sensitivity_data(r, v: View) -> tuple | None:
    if not r.has("uncertainty"):
        return None  # drawn when the plan settles
    return r.uncertainty, r.estimate.emissions_kg, v.unit, r.uncertainty.reading(lambda kg: fmt_mass(kg, v.unit))


CHARTS: tuple[ChartTab, ...] = (
    ChartTab("benchmarks", "benchmarks", "", "", lambda p: chart_classes.BenchmarksChart(p.catalog),
             lambda r, v: (r.estimate.emissions_kg, v.unit, v.log, v.base_kg),
             frozenset({"plan", "unit", "log"})),
    ChartTab("phases", "breakdown", "Breakdown", "Where the footprint comes from: by phase and by part",
             lambda p: chart_classes.PhasesChart(),
             lambda r, v: (breakdown(r.estimate, v.unit, v.embodied), v.unit, v.base_kg),
             frozenset({"plan", "unit", "embodied"})),
    ChartTab("sensitivity", "breakdown", "Sensitivity", "Which assumption matters most: the CO2e with each uncertain "
             "input at its 5th and 95th percentile, the others as estimated",
             lambda p: chart_classes.SensitivityChart(), _sensitivity_data, frozenset({"unit", "settled"})),
    ChartTab("lifetime", "breakdown", "Lifetime", "Cumulative CO2e over the model's life: training, then serving; "
             "the day serving overtakes training", lambda p: chart_classes.LifetimeChart(),
             lambda r, v: (r.serving, r.estimate.emissions_kg, v.unit, lifetime_key(r, v.unit), NO_SERVING)),
    ChartTab("regions", "regions", "Ranked", "The same plan in every region of the filter, cleanest to dirtiest",
             lambda p: _regions_made(p, chart_classes.RegionsChart()),
             lambda r, v: (r.sweep(v.region_filter), r.plan.site.region, v.unit,
                           None if v.baseline is None else (v.baseline.inputs.region.id, v.baseline.emissions_kg))),
    ChartTab("map", "regions", "Map", "The same plan in every country, US state, Canadian province and cloud "
             "region; click one to pick it", lambda p: _regions_made(p, chart_classes.MapChart(p.catalog)),
             lambda r, v: (r.region_values, r.inputs.region.id, v.unit,
                           None if v.baseline is None else v.baseline.inputs.region.id),
             frame_s=0.04),  # at most 25 recolourings a second
    ChartTab("when", "regions", "When", "The same plan on every start day of the year (grids with hourly data): "
             "the best start and what flexibility saves; click a day to start then", _when_made,
             lambda r, v: (r.when(), v.unit, when_key(r, v.unit))),
    ChartTab("tradeoffs", "regions", "Trade-offs", "CO2e against cost of the plans no other beats on CO2e, cost and "
             "wall-clock time, over every region, accelerator and precision; click one to apply it",
             _tradeoffs_made,
             lambda r, v: (r.front(), (r.estimate.emissions_kg, r.estimate.cost_high), v.unit,
                           tradeoffs_key(r, v.unit)),
             frame_s=0.25),  # (pricing every combination takes ~50 ms: at most 4 a second)
)
BY_NAME = {c.name: c for c in CHARTS}
TABBED = {"breakdown": "charts.tabs", "regions": "regions.tabs"}  # the places with tabs, and their object names
UPPER = ("benchmarks", "breakdown")  # the places above the regions (hidden while the regions are enlarged)


def with_key(chart) -> QWidget:
    """A chart with its key (legend) under it."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(chart, 1)
    styled(chart.key, -1)
    chart.key.setMinimumHeight(QFontMetrics(chart.key.font()).lineSpacing() * 2)  # no jump when it fills
    lay.addWidget(chart.key)
    return box


class ChartsPanel(QSplitter):
    def __init__(self, hub, aside: QWidget | None = None, parent=None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.hub, self.state, self.catalog = hub, hub.state, hub.catalog
        for c in CHARTS:
            setattr(self, c.name, None)  # (made below, or when its tab is first shown)
        self.benchmarks: Any
        self.phases: Any
        self.sensitivity: Any
        self.lifetime: Any
        self.regions: Any
        self.map: Any
        self.when: Any
        self.tabs: dict[str, QTabWidget] = {}
        self._where: dict[str, tuple[QTabWidget | None, int, QWidget | None]] = {}  # name -> (tabs, index, page)
        self._at: dict[str, list[str]] = {}  # place -> the names of its charts, in tab order
        for c in CHARTS:
            self._add(c)
        self.chart_tabs, self.region_tabs = self.tabs["breakdown"], self.tabs["regions"]
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.benchmarks)
        top.addWidget(self.chart_tabs)
        top.setSizes([480, 390])  # the benchmark labels need the room
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.region_tabs)
        if aside is not None:
            bottom.addWidget(aside)
        bottom.setSizes([600, 260])
        self.addWidget(top)
        self.addWidget(bottom)
        self.setSizes([360, 300])
        self.setChildrenCollapsible(False)
        self._top, self._aside = top, aside
        # the regions (a map's markers want the room) may take the whole charts area, and give it back
        self.enlarge = QToolButton()
        self.enlarge.setObjectName("regions.enlarge")
        self.enlarge.setCheckable(True)
        self.enlarge.setAutoRaise(True)
        self.enlarge.setText("⤢ Enlarge")
        self.enlarge.setToolTip("Give the regions (ranked or on the map) the whole charts area; again to restore")
        self.enlarge.setAccessibleName("Enlarge the region chart and map")
        self.enlarge.toggled.connect(self.set_enlarged)
        self.region_tabs.setCornerWidget(self.enlarge, Qt.Corner.TopRightCorner)
        self._stale: set[str] = {c.name for c in CHARTS if "plan" in c.redraw_on}
        self._drawn_at: dict[str, float] = {}
        self._cost: dict[str, float] = {}  # seconds each chart's last redraw took
        self._timer = QTimer(self)  # the window's charts redraw on a timer when a frame is not yet due
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self.flush(due_only=True))
        for place, tabs in self.tabs.items():
            tabs.currentChanged.connect(lambda k, place=place: self.show_chart(self._at[place][k]))
        hub.planChanged.connect(self._plan_changed)
        hub.viewChanged.connect(self._view_changed)
        hub.settled.connect(self._settled)
        hub.started.connect(self._started)
        self.flush()

    def _add(self, c: ChartTab) -> None:
        """A chart's place: alone, or a tab of its place (the first tab's chart made now, the others' pages empty
        until first shown)."""
        first = c.place not in self._at
        names = self._at.setdefault(c.place, [])
        names.append(c.name)
        if c.place not in TABBED:
            setattr(self, c.name, c.make(self))
            self._where[c.name] = (None, 0, None)
            return
        tabs = self.tabs.get(c.place)
        if tabs is None:
            tabs = self.tabs[c.place] = QTabWidget()
            tabs.setObjectName(TABBED[c.place])
            tabs.setDocumentMode(True)
        page = QWidget()
        QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
        index = tabs.addTab(page, c.label)
        tabs.setTabToolTip(index, c.tip)
        self._where[c.name] = (tabs, index, page)
        if first:
            chart = c.make(self)
            setattr(self, c.name, chart)
            page.layout().addWidget(with_key(chart))

    # ------------------------------------------------------------ what is stale, and when it is drawn
    def _plan_changed(self, changed: set) -> None:
        if changed - {"history", "document"}:
            self.invalidate(c.name for c in CHARTS if "plan" in c.redraw_on)

    def invalidate(self, charts) -> None:
        self._stale |= set(charts)
        self._schedule()

    def current(self, place: str) -> str:
        """The chart whose tab is shown in a place with tabs ("regions": "regions", "map" or "when")."""
        return self._at[place][self.tabs[place].currentIndex()]

    def in_view(self, name: str) -> bool:
        c = BY_NAME[name]
        if getattr(self, name) is None or (c.place in UPPER and not self._top.isVisibleTo(self)):
            return False
        tabs, index, _ = self._where[name]
        return tabs is None or tabs.currentIndex() == index

    def _due(self, now: float) -> list[tuple[float, str]]:
        """(seconds until its frame is due, name) of each stale chart in view, the most overdue first."""
        return sorted((self._drawn_at.get(n, 0.0) + self._frame(n) - now, n) for n in self._stale if self.in_view(n))

    def _frame(self, name: str) -> float:
        """How often a chart may redraw: once a frame (the map 25 times a second), and a chart that takes long
        to draw (a map of 100,000 user regions) at most a quarter of the time, so input keeps its turn."""
        return max(BY_NAME[name].frame_s, 3.0 * self._cost.get(name, 0.0))

    def _schedule(self) -> None:
        """Draw the most overdue chart now if its frame is due and no redraw is pending; the others one per pass
        of the event loop (input keeps its turn between them), each when its frame is due."""
        due = self._due(time.perf_counter())
        if not due:
            return
        if due[0][0] <= 0 and not self._timer.isActive():
            self._draw_one()
            due = self._due(time.perf_counter())
        if due and not self._timer.isActive():
            self._timer.start(max(1, int(due[0][0] * 1000) + 1))

    def _draw_one(self) -> None:
        due = self._due(time.perf_counter())
        if due and due[0][0] <= 0:
            self._draw(due[0][1])

    def _draw(self, name: str) -> None:
        self._stale.discard(name)
        self._drawn_at[name] = start = time.perf_counter()
        results = self.state.results
        if results.ok:
            base = self.state.baseline_results
            view = View(unit_of(results, self.hub.unit), self.hub.log_axis, self.hub.show_embodied,
                        self.state.region_filter, None if base is None else base.estimate)
            args = BY_NAME[name].data(results, view)
            if args is not None:
                getattr(self, name).update_chart(*args)
        self._cost[name] = time.perf_counter() - start

    def flush(self, due_only: bool = False) -> None:
        """Draw every stale chart in view now (``due_only``: the most overdue one whose frame is due, then the
        rest on the timer)."""
        if due_only:
            self._draw_one()
            self._schedule()
            return
        for _, name in self._due(time.perf_counter()):
            self._draw(name)

    def set_enlarged(self, on: bool) -> None:
        """The region chart or map alone in the charts area (the benchmarks, breakdown and advice hidden)."""
        if self.enlarge.isChecked() != on:
            self.enlarge.setChecked(on)  # comes back here through toggled
            return
        self._top.setVisible(not on)
        if self._aside is not None:
            self._aside.setVisible(not on)
        self.enlarge.setText("⤡ Restore" if on else "⤢ Enlarge")
        self._stale |= set(self._at["regions"])  # their size changed
        self.flush()  # and what comes back into view is brought up to date

    # ------------------------------------------------------------ tabs
    def show_chart(self, name: str):
        """A chart's tab shown, its chart made the first time and brought up to date; None when it cannot be made
        (a damaged map file: said in the status bar, and the place's first tab stays)."""
        tabs, index, page = self._where[name]
        chart = getattr(self, name)
        if chart is None:
            try:
                chart = BY_NAME[name].make(self)
            except CatalogError as exc:  # a damaged installation: say so, keep the first tab
                self.hub.say(f"Cannot show the {BY_NAME[name].label.lower()}: {exc}", 10000)
                if tabs is not None:
                    tabs.setCurrentIndex(0)
                return None
            setattr(self, name, chart)
            page.layout().addWidget(with_key(chart))
            self._stale.add(name)
        if tabs is not None and tabs.currentIndex() != index:
            tabs.setCurrentIndex(index)  # comes back here through currentChanged
            return chart
        self.flush()
        self._describe([chart])  # said to a screen reader as soon as it is shown, not after the next edit
        return chart

    def show_sensitivity(self):
        return self.show_chart("sensitivity")

    def show_lifetime(self):
        return self.show_chart("lifetime")

    def show_map(self):
        return self.show_chart("map")

    def show_when(self):
        return self.show_chart("when")

    def start_on(self, day: int) -> None:
        """A day clicked in the When tab: the plan starts then, at its start hour (an undoable edit)."""
        from planner.core.schedule import start_text

        year = self.state.results.when()
        if year is not None:
            self.hub.edit("schedule.start", start_text(year.start_of(day)))

    def apply_point(self, point) -> None:
        """A point clicked in the Trade-offs tab: its region, accelerator and precision, as one undoable edit."""
        values = {"site.region": point.region, "hardware.accelerator": point.accelerator,
                  "hardware.precision": point.precision}
        if point.start is not None:  # (a front over start dates)
            values["schedule.start"] = point.start
        self.state.set_many(values)
        self.hub.say(f"Applied {point.label} (Undo restores the plan)", 6000)

    # ------------------------------------------------------------ the first paint, and a plan that settled
    def _started(self) -> None:
        self.benchmarks.add_value_labels()
        self.phases.show_key()
        self.regions.show_key()
        self.invalidate({"benchmarks"})

    def _settled(self) -> None:
        self.invalidate(c.name for c in CHARTS if "settled" in c.redraw_on)
        self.flush()
        self._describe(getattr(self, c.name) for c in CHARTS)

    def _view_changed(self, what: str) -> None:
        """The unit, the axis or the embodied share: what shows it is redrawn, and said again in the new unit."""
        self.invalidate(c.name for c in CHARTS if what in c.redraw_on)
        self.flush()
        self._describe(getattr(self, c.name) for c in CHARTS)

    @staticmethod
    def _describe(charts) -> None:
        """Each chart's numbers as its accessible description: when it is first shown, when the plan settles and
        when the view changes (not on every tick)."""
        for chart in charts:
            if chart is not None:
                text = chart.describe()
                if chart.accessibleDescription() != text:
                    chart.setAccessibleDescription(text)
