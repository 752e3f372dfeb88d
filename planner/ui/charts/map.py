"""The plan's CO2e on a world map: countries and US states filled, cloud regions and provinces as points."""

from __future__ import annotations

from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QToolTip

from planner.core.present import CHART_TITLES
from planner.core.units import MASS_UNITS, fmt
from planner.ui.charts.base import Chart, StableRange, make_key
from planner.ui.style import ACCENT
from planner.ui.widgets import plain_tip

MARKER_PX = 8.0  # a point's size on screen
SCATTER_SYMBOLS = {"o": "o", "s": "s", "t": "t1", "d": "d", "*": "star"}  # pyqtgraph's: t1 points up
MARKER_INK = "#1d1f23"  # its outline, on a white halo: the same on a light and a dark palette



class MapChart(Chart):
    """The plan's CO2e on a world map: countries and US states filled on a sequential scale (in the current
    unit, classes from 0 to a round limit), cloud regions and Canadian provinces as points, marked by provider;
    the plan's region outlined in the accent colour, the baseline's dashed. Shapes are made once; a tick only
    changes the brushes whose class changed. Clicking a shape or point emits ``regionClicked(id)``."""

    regionClicked = Signal(str)
    SYMBOLS = {"aws": "o", "gcp": "s", "azure": "t", "site": "*", "subnational": "d", "country": "d", "other": "d"}

    def __init__(self, catalog, parent=None):
        from planner.core.geo import SCALE, layout

        super().__init__("chart.map", CHART_TITLES["map"] + " (click a country or point to pick it)", parent)
        self.catalog = catalog
        self.lay = layout(catalog)
        self.plot_item.hideAxis("left")
        self.plot_item.hideAxis("bottom")
        self.plot_item.vb.setAspectLocked(True)
        self.plot_item.vb.setRange(xRange=(-170, 180), yRange=(-57, 84), padding=0)
        self.brushes = [QBrush(QColor(c)) for c in SCALE]
        self.no_data = QBrush(QColor(self.muted))
        self.no_data.setStyle(Qt.BrushStyle.Dense5Pattern)
        self._outline = QPen(QColor(0, 0, 0, 90), 0)
        self._outline.setCosmetic(True)
        self.paths = []
        self.items = []
        for shape in self.lay.shapes:
            path = QPainterPath()
            for ring in shape.rings:
                path.moveTo(ring[0], ring[1])
                for k in range(2, len(ring), 2):
                    path.lineTo(ring[k], ring[k + 1])
                path.closeSubpath()
            item = QGraphicsPathItem(path)
            item.setPen(self._outline)
            item.setBrush(self.no_data)
            item.setData(0, shape.id)
            item.setCacheMode(QGraphicsPathItem.CacheMode.DeviceCoordinateCache)  # a repaint blits, a recolour
            self.plot_item.addItem(item)                                        # redraws only that shape
            self.paths.append(path)
            self.items.append(item)
        self.shape_class = np.full(len(self.items), -2)
        # points: two scatter items of fixed-size markers (one item however many points: a user catalog of
        # 100,000 regions is drawn in linear time), a dark outline on a white halo, so a marker reads on every
        # fill, light or dark, in either palette
        xy = self.lay.point_lonlat
        symbols = [SCATTER_SYMBOLS[self.SYMBOLS.get(g, "d")] for g in self.lay.point_groups]
        self.halo = pg.ScatterPlotItem(x=xy[:, 0], y=xy[:, 1], symbol=symbols, size=MARKER_PX, pxMode=True,
                                       pen=pg.mkPen("#ffffff", width=3.2), brush=None)
        self.points = pg.ScatterPlotItem(x=xy[:, 0], y=xy[:, 1], symbol=symbols, size=MARKER_PX, pxMode=True,
                                         pen=pg.mkPen(MARKER_INK, width=1.1), brush=self.brushes[0])
        for z, item in ((4, self.halo), (5, self.points)):
            item.setZValue(z)
            self.plot_item.addItem(item)
        self.point_class = np.full(len(self.lay.points), -2)
        accent = QPen(QColor(ACCENT), 2.6)
        accent.setCosmetic(True)
        self.plan_outline = QGraphicsPathItem()
        self.plan_outline.setPen(accent)
        self.plan_outline.setZValue(10)
        self.base_outline = QGraphicsPathItem()
        dashed = QPen(self.fg, 1.8, Qt.PenStyle.DashLine)
        dashed.setCosmetic(True)
        self.base_outline.setPen(dashed)
        self.base_outline.setZValue(9)
        self.plan_points = QGraphicsPathItem()  # rings round the plan's (and the baseline's) points
        self.plan_points.setPen(accent)
        self.plan_points.setZValue(11)
        self.base_points = QGraphicsPathItem()
        self.base_points.setPen(dashed)
        self.base_points.setZValue(10)
        for item in (self.plan_outline, self.base_outline, self.plan_points, self.base_points):
            self.plot_item.addItem(item)
        self.key = make_key("chart.map.key")
        self.values = np.zeros(0)
        self.unit = "kg"
        self.limit = None
        self._range = StableRange()
        self._marks = None
        self._key_state = None
        self.plan_shapes, self.plan_point_idx = [], []
        self.scene().sigMouseClicked.connect(self._clicked)
        self.scene().sigMouseMoved.connect(self._hovered)

    def on_palette(self):
        self.no_data.setColor(QColor(self.muted))
        for item, c in zip(self.items, self.shape_class):
            if c < 0:
                item.setBrush(self.no_data)
        dashed = QPen(self.fg, 1.8, Qt.PenStyle.DashLine)
        dashed.setCosmetic(True)
        self.base_outline.setPen(dashed)
        self.base_points.setPen(dashed)
        self._key_state = None

    def update_chart(self, values_kg, region_id: str, unit: str, baseline_region: str | None = None) -> None:
        """``values_kg``: the plan's CO2e in every region (``planner.core.geo.region_values``)."""
        from planner.core.geo import buckets

        scale = MASS_UNITS[unit]
        values = np.asarray(values_kg) / scale
        self.values = values
        shown = values[self.lay.shape_regions[self.lay.shape_regions >= 0]]
        top = max(float(shown.max()) if shown.size else 0.0,
                  float(values[self.lay.point_regions].max()) if len(self.lay.point_regions) else 0.0, 1e-12)
        limit, _ = self._range.fit(top)
        if unit != self.unit:
            self._range = StableRange()
            limit, _ = self._range.fit(top)
            self.unit = unit
        self.limit = limit
        # shapes: only the brushes whose class changed
        cls = np.where(self.lay.shape_regions >= 0,
                       buckets(values[np.maximum(self.lay.shape_regions, 0)], limit), -1)
        for k in np.flatnonzero(cls != self.shape_class):
            self.items[k].setBrush(self.brushes[cls[k]] if cls[k] >= 0 else self.no_data)
        self.shape_class = cls
        pcls = buckets(values[self.lay.point_regions], limit) if len(self.lay.point_regions) else self.point_class
        if not np.array_equal(pcls, self.point_class):  # one call for every point whose class changed
            self.points.setBrush([self.brushes[c] for c in pcls])
        self.point_class = pcls
        marks = (region_id, baseline_region)
        if marks != self._marks:
            self._marks = marks
            self._mark(region_id, self.plan_outline, self.plan_points, "plan")
            self._mark(baseline_region, self.base_outline, self.base_points, "base")
        key = (unit, limit)
        if key != self._key_state:
            self._key_state = key
            self._set_key()

    def _mark(self, region_id, outline, points, which) -> None:
        from planner.core.geo import highlighted

        shapes, pts = ([], []) if region_id is None else highlighted(self.lay, self.catalog, region_id)
        path = QPainterPath()
        for k in shapes:
            path.addPath(self.paths[k])
        outline.setPath(path)
        rings = QPainterPath()  # in map units, sized from the view's pixel size so the ring sits round the point
        px = max(self.plot_item.vb.viewPixelSize()[0], 1e-6) if self.plot_item.vb.width() > 0 else 0.3
        for k in pts:
            lon, lat = self.lay.point_lonlat[k]
            rings.addEllipse(QPointF(float(lon), float(lat)), 8 * px, 8 * px)
        points.setPath(rings)
        if which == "plan":
            self.plan_shapes, self.plan_point_idx = shapes, pts

    def _set_key(self) -> None:
        from planner.core.geo import SCALE, class_edges

        edges = class_edges(self.limit)
        # swatches as filled boxes with a border: the lightest class is nearly white
        classes = " ".join(f"<span style='background-color:{c}; color:{c}; border:1px solid #888'>&nbsp;■&nbsp;</span>"
                           f"&nbsp;{fmt(edges[k])}–{fmt(edges[k + 1])}" for k, c in enumerate(SCALE))
        shapes = (" · ● AWS ■ Google Cloud ▲ Azure ★ named site ◆ Canadian province · accent outline: this plan's "
                  "region")
        self.key.setText(f"{classes} {escape(self.unit)} CO2e{escape(shapes)} · hatched: no grid data")

    def region_at(self, scene_pos) -> str | None:
        """The region under a scene position: a point first, then the top shape."""
        vb = self.plot_item.vb
        if not vb.sceneBoundingRect().contains(scene_pos):
            return None
        p = vb.mapSceneToView(scene_pos)
        px = vb.viewPixelSize()
        tol = max(px[0], px[1]) * (MARKER_PX / 2 + 1)  # on a marker, or a pixel beside it
        if len(self.lay.points):
            d = np.hypot(self.lay.point_lonlat[:, 0] - p.x(), self.lay.point_lonlat[:, 1] - p.y())
            k = int(np.argmin(d))
            if d[k] <= tol:
                return self.lay.points[k]
        hit = None
        for k, path in enumerate(self.paths):
            if self.lay.shape_regions[k] >= 0 and path.contains(QPointF(p.x(), p.y())):
                hit = k  # states come after countries: the last hit is the smallest
        return None if hit is None else self.lay.shapes[hit].id

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        rid = self.region_at(event.scenePos())
        if rid:
            self.regionClicked.emit(rid)

    def _hovered(self, scene_pos) -> None:
        rid = self.region_at(scene_pos)
        if rid:
            r = self.catalog.regions[rid]
            k = self.catalog.region_arrays()["index"][rid]
            text = (f"{r.id}: {r.name}\n{fmt(r.carbon_intensity)} g CO2e/kWh · "
                    f"{fmt(self.values[k])} {self.unit} CO2e" if len(self.values) else r.name)
            QToolTip.showText(self.mapToGlobal(self.mapFromScene(scene_pos)), plain_tip(text), self)
        else:
            QToolTip.hideText()

    def describe(self) -> str:
        if not len(self.values):
            return "The map has no values yet."
        arr = self.catalog.region_arrays()
        k = int(np.argmin(self.values))
        j = int(np.argmax(self.values))
        return (f"World map of this plan's CO2e in {self.unit} by region, classes up to {fmt(self.limit)}: lowest "
                f"{arr['ids'][k]} {fmt(self.values[k])}, highest {arr['ids'][j]} {fmt(self.values[j])}.")
