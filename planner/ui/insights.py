"""What the window shows beside the plain estimate, made or computed when needed: the 90% intervals and the
Sensitivity tab (after the plan settles), the Map tab (when first shown), the baseline's water.

A mixin of the main window (as ``DocumentMixin`` is): it reads the window's state, catalog, unit and tabs.
"""

from __future__ import annotations

import time

from planner.core.units import fmt_mass, resolve_mass_unit
from planner.ui.charts import SensitivityChart


class InsightsMixin:
    def _update_uncertainty(self) -> None:
        from planner.core.uncertainty import analyse

        est = self.state.estimate
        if est is None:
            return
        if self._uncertainty_plan is not est.plan:
            self.uncertainty = analyse(est, self.catalog)
            self._uncertainty_plan = est.plan
            self._show_results(est)  # the cards' intervals, now exact
        self._show_sensitivity(est)

    def show_map(self):
        """The map tab (its chart and outlines are made the first time it is shown)."""
        if self.chart_map is None:
            from planner.core.errors import CatalogError
            from planner.ui.charts import MapChart

            try:
                self.chart_map = MapChart(self.catalog)
            except CatalogError as exc:  # a damaged installation: say so, keep the ranked chart
                self.statusBar().showMessage(f"Cannot show the map: {exc}", 10000)
                self.region_tabs.setCurrentIndex(0)
                return None
            self.chart_map.regionClicked.connect(lambda rid: self._edit("site.region", rid))
            self._map_page.layout().addWidget(self._with_key(self.chart_map))
        if self.region_tabs.currentIndex() != 1:
            self.region_tabs.setCurrentIndex(1)
        self._map_shown_at = 0.0
        self._show_map(self.state.estimate)
        return self.chart_map

    MAP_FRAME_S = 0.04  # the map recolours at most 25 times a second during a drag, and always at its end

    def _show_map(self, est=None) -> None:
        """Recolour the map (only while it is the tab in view)."""
        chart = self.chart_map
        est = self.state.estimate if est is None else est
        if chart is None or est is None or self.region_tabs.currentIndex() != 1:
            return
        from planner.core.geo import region_values

        now = time.perf_counter()
        if now - self._map_shown_at < self.MAP_FRAME_S:
            if not self._map_timer.isActive():  # the latest plan, once the frame is over
                self._map_timer.start(max(1, int((self.MAP_FRAME_S - (now - self._map_shown_at)) * 1000)))
            return
        self._map_shown_at = now
        base = self.state.baseline_estimate
        chart.update_chart(region_values(est, self.catalog), est.inputs.region.id,
                           resolve_mass_unit(self.unit, est.emissions_kg),
                           None if base is None else base.inputs.region.id)

    def show_sensitivity(self) -> SensitivityChart:
        """The tornado tab (its chart is made the first time it is shown)."""
        if self.chart_sensitivity is None:
            self.chart_sensitivity = SensitivityChart()
            self._sensitivity_page.layout().addWidget(self._with_key(self.chart_sensitivity))
            self._show_sensitivity(self.state.estimate)
        if self.chart_tabs.currentIndex() != 1:
            self.chart_tabs.setCurrentIndex(1)
        return self.chart_sensitivity

    def _show_sensitivity(self, est) -> None:
        chart = self.chart_sensitivity
        if chart is None or est is None or self.uncertainty is None or self._uncertainty_plan is not est.plan:
            return
        u = resolve_mass_unit(self.unit, est.emissions_kg)
        chart.update_chart(self.uncertainty, est.emissions_kg, u,
                           self.uncertainty.reading(lambda kg: fmt_mass(kg, u)))
        chart.setAccessibleDescription(chart.describe())

    def _baseline_water(self, base) -> float:
        """The pinned baseline's water, computed once per baseline (not on every tick)."""
        if getattr(self, "_base_water", (None,))[0] is not base.plan:
            from planner.core.water import water

            self._base_water = (base.plan, water(base, self.catalog).total_l)
        return self._base_water[1]

    @staticmethod
    def _interval_text(iv, show) -> str:
        """A card's band: the interval as the core prints it, or "…" until it is computed."""
        from planner.core.uncertainty import interval_text

        return "90%: …" if iv is None else interval_text(*iv, show)

    def interval(self, est, key: str) -> tuple[float, float] | None:
        """The 90% interval (p5, p95) of ``key`` for the plan in view: exact once the plan settles; while it
        changes, the last interval scaled by the change of the estimate (the spreads are multiplicative); None
        before the first (computed after the first paint: NumPy's random module is not on the start-up path)."""
        if self.uncertainty is None:
            return None
        p = self.uncertainty.percentiles[key]
        if self._uncertainty_plan is est.plan:
            return p["p5"], p["p95"]
        u = self.uncertainty
        old, new = {"emissions_kg": (u.central_emissions_kg, est.emissions_kg),
                    "energy_kwh": (u.central_energy_kwh, est.energy_kwh),
                    "accelerator_hours": (u.central_accelerator_hours, est.accelerator_hours)}[key]
        f = new / old if old else 0.0
        return p["p5"] * f, p["p95"] * f
