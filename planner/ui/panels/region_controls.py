"""The editor's region rows: which regions to show, a searchable picker, a slider from the cleanest grid to the
dirtiest, and a line on the region in use."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from planner.core.present import region_info, region_item, region_tooltip
from planner.core.results import REGION_FILTERS, filter_mask
from planner.ui.widgets import FocusWheelCombo, FocusWheelSlider, Picker, info_label, labelled_row, plain_tip

REGION_ORDER = {"cloud": 0, "reference": 1, "world": 1, "country": 2}  # the picker's list: clouds first


class RegionControls(QWidget):
    picked = Signal(str, str)  # "site.region", id (or "" for typed text that matches nothing)

    def __init__(self, hub, parent=None):
        super().__init__(parent)
        self.hub, self.state, self.catalog = hub, hub.state, hub.catalog
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.filter = FocusWheelCombo()
        self.filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.filter.setObjectName("site.region_filter")
        self.filter.setAccessibleName("Region filter")
        self.filter.setToolTip("Which regions the region slider and the region chart show")
        for key, (label, _) in REGION_FILTERS.items():
            self.filter.addItem(label, key)
        labelled_row("Show", self.filter, lay)
        self.picker = Picker("site.region", "Region")
        self._filled = None  # the filter the picker lists; until the first paint, only the plan's region
        self._fill([self.catalog.regions[self.state.plan.site.region]])
        labelled_row("Region", self.picker, lay)
        self.slider = FocusWheelSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("slider:site.region")
        self.slider.setAccessibleName("Region slider, cleanest to dirtiest grid")
        self.slider.setToolTip("Drag across regions, from the cleanest grid to the dirtiest")
        self.slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        row = QHBoxLayout()
        lab = QLabel("Cleanest")
        lab.setMinimumWidth(118)
        row.addWidget(lab)
        row.addWidget(self.slider, 1)
        row.addWidget(QLabel("dirtiest"))
        lay.addLayout(row)
        self.info = info_label("site.region.info", 3)
        lay.addWidget(self.info)
        self._shown = None
        self.picker.picked.connect(self.picked)
        self.slider.sliderPressed.connect(self.state.begin_group)
        self.slider.sliderReleased.connect(self.state.end_group)
        self.slider.valueChanged.connect(self._slid)
        self.filter.currentIndexChanged.connect(lambda _: self.state.set_region_filter(self.filter.currentData()))
        hub.started.connect(self._fill_filter)

    def _fill_filter(self) -> None:
        """The picker lists the regions the filter shows ("Show"), and the plan's own."""
        key = self.state.region_filter
        if key == self._filled:
            return
        self._filled = key
        mask = filter_mask(self.catalog, key, self.state.plan.site.region)
        ids = self.catalog.region_arrays()["ids"]
        regions = [self.catalog.regions[rid] for k, rid in enumerate(ids) if mask is None or mask[k]]
        self._fill(sorted(regions, key=lambda r: (REGION_ORDER.get(r.kind, 3), r.id)))

    def _fill(self, regions) -> None:
        regs = self.catalog.regions
        self.picker.set_items([r.id for r in regions], lambda rid: region_item(regs[rid]),
                              lambda rid: region_tooltip(regs[rid], self.catalog))
        self.picker.show_id(self.state.plan.site.region)

    def _slid(self, pos: int) -> None:
        order = self.state.region_order()
        if 0 <= pos < len(order):
            self.hub.edit("site.region", order[pos])

    def show_plan(self, changed: set) -> None:
        region_id = self.state.plan.site.region
        key = (region_id, self.state.region_filter)
        if key == self._shown and "site.region" not in changed:
            return
        self._shown = key
        if self.hub.is_started:
            self._fill_filter()
            if not self.picker.lists(region_id):  # a region outside the filter: listed too
                self._filled = None
                self._fill_filter()
        self.picker.show_id(region_id)
        region = self.catalog.regions[region_id]
        self.info.setText(region_info(region, self.catalog))
        self.info.setToolTip(plain_tip(region_tooltip(region, self.catalog)))
        order = self.state.region_order()
        with QSignalBlocker(self.slider):
            self.slider.setRange(0, max(len(order) - 1, 0))
            self.slider.setValue(order.index(region_id))
        if self.filter.currentData() != self.state.region_filter:
            with QSignalBlocker(self.filter):
                self.filter.setCurrentIndex(self.filter.findData(self.state.region_filter))
