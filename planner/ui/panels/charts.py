"""The charts area: the plan against everyday benchmarks; where it comes from, or (a tab away) which assumption
matters most; the plan in every region, ranked or on a map; and, beside the regions, an aside (the advice).

Only charts in view are drawn, each at most once per frame (the map at most 25 times a second): a change marks
the charts it touches as stale, and a stale chart is redrawn when its frame is due (one chart per pass of the
event loop, so input keeps its turn between redraws) or when its tab is shown.
The sensitivity, map and When charts are made when their tab is first shown.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QSplitter, QTabWidget, QToolButton, QVBoxLayout, QWidget

from planner.core.errors import CatalogError
from planner.core.present import NO_SERVING, breakdown, lifetime_key, unit_of, when_key
from planner.ui.charts import BenchmarksChart, PhasesChart, RegionsChart, SensitivityChart
from planner.ui.widgets import styled

# what a change of the plan redraws
PLAN_CHARTS = frozenset({"benchmarks", "phases", "regions", "map", "when", "lifetime"})
VIEW_CHARTS = {"unit": PLAN_CHARTS | {"sensitivity"}, "log": {"benchmarks"}, "embodied": {"phases"}}
FRAME_S = {"map": 0.04}  # at most 25 recolourings a second
DEFAULT_FRAME_S = 1 / 60


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


def chart_tabs(name: str, chart, label: str, tip: str, later_label: str, later_tip: str):
    """Two charts sharing a place: ``chart`` (with its key) now, and an empty page for one made when its tab is
    first shown. Returns (tabs, that page)."""
    tabs = QTabWidget()
    tabs.setObjectName(name)
    tabs.setDocumentMode(True)
    tabs.addTab(with_key(chart) if hasattr(chart, "key") else chart, label)
    tabs.setTabToolTip(0, tip)
    page = QWidget()
    QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
    tabs.addTab(page, later_label)
    tabs.setTabToolTip(1, later_tip)
    return tabs, page


class ChartsPanel(QSplitter):
    def __init__(self, hub, aside: QWidget | None = None, parent=None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.hub, self.state, self.catalog = hub, hub.state, hub.catalog
        self.benchmarks = BenchmarksChart(self.catalog)
        self.phases = PhasesChart()
        self.regions = RegionsChart()
        self.sensitivity: SensitivityChart | None = None
        self.map = None
        self.when = None
        self.lifetime = None
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.benchmarks)
        # where it comes from, and (a tab away) which assumption matters most
        self.chart_tabs, self._sensitivity_page = chart_tabs(
            "charts.tabs", self.phases, "Breakdown", "Where the footprint comes from: by phase and by part",
            "Sensitivity", "Which assumption matters most: the CO2e with each uncertain input at its 5th and 95th "
                           "percentile, the others as estimated")
        self._lifetime_page = QWidget()  # and the model's life, training then serving
        QVBoxLayout(self._lifetime_page).setContentsMargins(0, 0, 0, 0)
        self.chart_tabs.addTab(self._lifetime_page, "Lifetime")
        self.chart_tabs.setTabToolTip(2, "Cumulative CO2e over the model's life: training, then serving; the day "
                                         "serving overtakes training")
        top.addWidget(self.chart_tabs)
        top.setSizes([480, 390])  # the benchmark labels need the room
        # the ranked bars and the map share their place (the choice is remembered)
        self.region_tabs, self._map_page = chart_tabs(
            "regions.tabs", self.regions, "Ranked", "The same plan in every region of the filter, cleanest to "
                                                    "dirtiest",
            "Map", "The same plan in every country, US state, Canadian province and cloud region; click one to "
                   "pick it")
        self._when_page = QWidget()  # and, a tab away, when in the year
        QVBoxLayout(self._when_page).setContentsMargins(0, 0, 0, 0)
        self.region_tabs.addTab(self._when_page, "When")
        self.region_tabs.setTabToolTip(2, "The same plan on every start day of the year (grids with hourly data): "
                                          "the best start and what flexibility saves; click a day to start then")
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
        self._stale: set[str] = set(PLAN_CHARTS)
        self._drawn_at: dict[str, float] = {}
        self._cost: dict[str, float] = {}  # seconds each chart's last redraw took
        self._timer = QTimer(self)  # the window's charts redraw on a timer when a frame is not yet due
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self.flush(due_only=True))
        self.regions.regionClicked.connect(lambda rid: hub.edit("site.region", rid))
        self.chart_tabs.currentChanged.connect(
            lambda k: self.show_sensitivity() if k == 1 else self.show_lifetime() if k == 2 else self.flush())
        self.region_tabs.currentChanged.connect(
            lambda k: self.show_map() if k == 1 else self.show_when() if k == 2 else self.flush())
        hub.planChanged.connect(self._plan_changed)
        hub.viewChanged.connect(self._view_changed)
        hub.settled.connect(self._settled)
        hub.started.connect(self._started)
        self.flush()

    # ------------------------------------------------------------ what is stale, and when it is drawn
    def _plan_changed(self, changed: set) -> None:
        if changed - {"history", "document"}:
            self.invalidate(PLAN_CHARTS)

    def invalidate(self, charts) -> None:
        self._stale |= set(charts)
        self._schedule()

    def _in_tab(self, name: str) -> bool:
        return {"benchmarks": True, "phases": self.chart_tabs.currentIndex() == 0,
                "sensitivity": self.sensitivity is not None and self.chart_tabs.currentIndex() == 1,
                "lifetime": self.lifetime is not None and self.chart_tabs.currentIndex() == 2,
                "regions": self.region_tabs.currentIndex() == 0,
                "map": self.map is not None and self.region_tabs.currentIndex() == 1,
                "when": self.when is not None and self.region_tabs.currentIndex() == 2}[name]

    def _due(self, now: float) -> list[tuple[float, str]]:
        """(seconds until its frame is due, name) of each stale chart in view, the most overdue first."""
        return sorted((self._drawn_at.get(n, 0.0) + self._frame(n) - now, n) for n in self._stale if self.in_view(n))

    def _frame(self, name: str) -> float:
        """How often a chart may redraw: once a frame (the map 25 times a second), and a chart that takes long
        to draw (a map of 100,000 user regions) at most a quarter of the time, so input keeps its turn."""
        return max(FRAME_S.get(name, DEFAULT_FRAME_S), 3.0 * self._cost.get(name, 0.0))

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
            getattr(self, f"_draw_{name}")(results)
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

    # ------------------------------------------------------------ drawing
    def _baseline(self):
        base = self.state.baseline_results
        return None if base is None else base.estimate

    def _draw_benchmarks(self, results) -> None:
        base = self._baseline()
        self.benchmarks.update_chart(results.estimate.emissions_kg, unit_of(results, self.hub.unit),
                                     self.hub.log_axis, None if base is None else base.emissions_kg)

    def _draw_phases(self, results) -> None:
        u, base = unit_of(results, self.hub.unit), self._baseline()
        self.phases.update_chart(breakdown(results.estimate, u, self.hub.show_embodied), u,
                                 None if base is None else base.emissions_kg)

    def _draw_regions(self, results) -> None:
        base = self._baseline()
        self.regions.update_chart(self.state.sweep, self.state.plan.site.region, unit_of(results, self.hub.unit),
                                  None if base is None else (base.inputs.region.id, base.emissions_kg))

    def _draw_map(self, results) -> None:
        base = self._baseline()
        self.map.update_chart(results.region_values, results.inputs.region.id, unit_of(results, self.hub.unit),
                              None if base is None else base.inputs.region.id)

    def _draw_when(self, results) -> None:
        u = unit_of(results, self.hub.unit)
        self.when.update_chart(results.when(), u, when_key(results, u))

    def _draw_lifetime(self, results) -> None:
        u = unit_of(results, self.hub.unit)
        self.lifetime.update_chart(results.serving, results.estimate.emissions_kg, u, lifetime_key(results, u),
                                   NO_SERVING)

    def _draw_sensitivity(self, results) -> None:
        if not results.has("uncertainty"):
            return  # drawn when the plan settles
        u = unit_of(results, self.hub.unit)
        from planner.core.units import fmt_mass

        chart = self.sensitivity
        chart.update_chart(results.uncertainty, results.estimate.emissions_kg, u,
                           results.uncertainty.reading(lambda kg: fmt_mass(kg, u)))
        chart.setAccessibleDescription(chart.describe())

    def set_enlarged(self, on: bool) -> None:
        """The region chart or map alone in the charts area (the benchmarks, breakdown and advice hidden)."""
        if self.enlarge.isChecked() != on:
            self.enlarge.setChecked(on)  # comes back here through toggled
            return
        self._top.setVisible(not on)
        if self._aside is not None:
            self._aside.setVisible(not on)
        self.enlarge.setText("⤡ Restore" if on else "⤢ Enlarge")
        self._stale |= {"regions", "map", "when"}  # their size changed
        self.flush()  # and what comes back into view is brought up to date

    def in_view(self, name: str) -> bool:
        if name in ("benchmarks", "phases", "sensitivity", "lifetime") and not self._top.isVisibleTo(self):
            return False
        return self._in_tab(name)

    # ------------------------------------------------------------ tabs made when first shown
    def _show_tab(self, name: str, make, page: QWidget, tabs: QTabWidget, index: int):
        """A tab whose chart is made the first time it is shown: make it, show it, bring it up to date."""
        chart = getattr(self, name)
        if chart is None:
            chart = make()
            setattr(self, name, chart)
            page.layout().addWidget(with_key(chart))
        if tabs.currentIndex() != index:
            tabs.setCurrentIndex(index)
        self._stale.add(name)
        self.flush()
        self._describe([chart])  # said to a screen reader as soon as it is shown, not after the next edit
        return chart

    def show_sensitivity(self) -> SensitivityChart:
        """The tornado tab."""
        return self._show_tab("sensitivity", SensitivityChart, self._sensitivity_page, self.chart_tabs, 1)

    def show_map(self):
        """The map tab (its chart and outlines are made the first time it is shown); None if the map file is
        damaged (said in the status bar; the ranked chart stays)."""
        if self.map is None:
            from planner.ui.charts import MapChart

            try:
                self.map = MapChart(self.catalog)
            except CatalogError as exc:  # a damaged installation: say so, keep the ranked chart
                self.hub.say(f"Cannot show the map: {exc}", 10000)
                self.region_tabs.setCurrentIndex(0)
                return None
            self.map.regionClicked.connect(lambda rid: self.hub.edit("site.region", rid))
            self._map_page.layout().addWidget(with_key(self.map))
        if self.region_tabs.currentIndex() != 1:
            self.region_tabs.setCurrentIndex(1)
        self._stale.add("map")
        self._drawn_at.pop("map", None)
        self.flush()
        self._describe([self.map])
        return self.map

    def show_lifetime(self):
        """The Lifetime tab: the model's life, training then serving."""
        from planner.ui.charts import LifetimeChart

        return self._show_tab("lifetime", LifetimeChart, self._lifetime_page, self.chart_tabs, 2)

    def show_when(self):
        """The When tab: the plan on every start day; clicking a day starts the plan then."""
        from planner.ui.charts import WhenChart

        def make():
            chart = WhenChart()
            chart.dayClicked.connect(self._start_on)
            return chart
        return self._show_tab("when", make, self._when_page, self.region_tabs, 2)

    def _start_on(self, day: int) -> None:
        """A day clicked in the When tab: the plan starts then, at its start hour (an undoable edit)."""
        from planner.core.schedule import start_text

        year = self.state.results.when()
        if year is not None:
            self.hub.edit("schedule.start", start_text(year.start_of(day)))

    # ------------------------------------------------------------ the first paint, and a plan that settled
    def _started(self) -> None:
        self.benchmarks.add_value_labels()
        self.phases.show_key()
        self.regions.show_key()
        self.invalidate({"benchmarks"})

    def _settled(self) -> None:
        self.invalidate({"sensitivity"})
        self.flush()
        self._describe((self.benchmarks, self.phases, self.regions, self.map, self.when, self.lifetime))

    def _view_changed(self, what: str) -> None:
        """The unit, the axis or the embodied share: what shows it is redrawn, and said again in the new unit."""
        self.invalidate(VIEW_CHARTS.get(what, set()))
        self.flush()
        self._describe((self.benchmarks, self.phases, self.regions, self.map, self.when, self.lifetime))

    @staticmethod
    def _describe(charts) -> None:
        """Each chart's numbers as its accessible description: when it is first shown, when the plan settles and
        when the view changes (not on every tick)."""
        for chart in charts:
            if chart is not None:
                text = chart.describe()
                if chart.accessibleDescription() != text:
                    chart.setAccessibleDescription(text)
