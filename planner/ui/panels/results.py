"""The headline results: the error banner when the plan cannot be estimated, the five cards, the everyday
comparison, and the view's unit and axis choices. Every text comes from ``planner.core.present``."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from planner.core.metrics import in_place
from planner.core.present import cards, comparison, comparison_tooltip, error_text
from planner.ui.cards import ResultCard
from planner.ui.widgets import error_color, plain_tip, set_text_color, styled

UNIT_CHOICES = (("auto", "auto"), ("kg", "kg"), ("t", "tonnes"), ("lb", "lb"))
SAME_RESULTS = {"history", "document", "region_filter"}  # changes after which the cards read the same


class ResultsPanel(QWidget):
    def __init__(self, hub, interval, parent=None):
        """``interval(results, key)``: the 90% interval the cards show (``planner.ui.insights``)."""
        super().__init__(parent)
        self.hub, self.state, self.interval = hub, hub.state, interval
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(6)
        self.error_banner = QLabel(self)
        self.error_banner.setObjectName("result.error")
        self.error_banner.setTextFormat(Qt.TextFormat.PlainText)  # it can quote a plan's values
        self.error_banner.setWordWrap(True)
        styled(self.error_banner, bold=True)
        self.error_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.error_banner.setMargin(6)
        self.error_banner.hide()  # over the cards (not in the layout): the right side never jumps
        self.error_banner.setAutoFillBackground(True)
        grid = QGridLayout()
        grid.setSpacing(6)
        self.cards = {m.name: ResultCard(f"result.{m.name}", m.label) for m in in_place("card")}  # a card a figure
        for k, card in enumerate(self.cards.values()):
            grid.addWidget(card, 0, k)
        col.addLayout(grid)
        self._grid = grid

        row = QHBoxLayout()
        self.comparison = QLabel()
        self.comparison.setObjectName("result.comparison")
        self.comparison.setAccessibleName("Everyday comparison")
        styled(self.comparison, 2)
        self.comparison.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # text never re-lays out
        row.addWidget(self.comparison, 1)
        row.addWidget(QLabel("Units"))
        self.units_box = QComboBox()
        self.units_box.setObjectName("units")
        self.units_box.setAccessibleName("Mass units")
        for unit, label in UNIT_CHOICES:
            self.units_box.addItem(label, unit)
        row.addWidget(self.units_box)
        self.log_box = QCheckBox("Log axis")
        self.log_box.setObjectName("chart.benchmarks.log")
        self.log_box.setAccessibleName("Logarithmic benchmark axis")
        self.log_box.setToolTip("Show the benchmark chart on a logarithmic axis")
        row.addWidget(self.log_box)
        col.addLayout(row)

        self.units_box.currentIndexChanged.connect(lambda _: hub.set_unit(self.units_box.currentData()))
        self.log_box.toggled.connect(hub.set_log_axis)
        hub.planChanged.connect(lambda changed: bool(changed - SAME_RESULTS) and self.show_results())
        hub.viewChanged.connect(self._view_changed)
        hub.settled.connect(self.show_results)
        hub.started.connect(self.show_results)
        self._view_changed("")
        self.show_results()

    def _place_banner(self) -> None:
        """The error banner over the cards' row, across its width and as tall as its text."""
        area = self._grid.geometry()
        height = min(area.height(), self.error_banner.heightForWidth(area.width()) + 4)
        self.error_banner.setGeometry(area.x(), area.y(), area.width(), max(height, 28))

    def resizeEvent(self, event):  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        if self.error_banner.isVisible():
            self._place_banner()

    def _view_changed(self, what: str) -> None:
        with QSignalBlocker(self.units_box), QSignalBlocker(self.log_box):
            self.units_box.setCurrentIndex(self.units_box.findData(self.hub.unit))
            self.log_box.setChecked(self.hub.log_axis)
        if what in ("unit", "embodied"):
            self.show_results()

    def show_results(self) -> None:
        results = self.state.results
        error = results.error
        for card in self.cards.values():  # greyed while the plan cannot be estimated: their figures are the last
            card.setEnabled(error is None)
        self.comparison.setEnabled(error is None)
        if error is not None:
            set_text_color(self.error_banner, error_color(self.palette()))
            self.error_banner.setText(f"Cannot estimate this plan — {error_text(error)}")
            self._place_banner()
            self.error_banner.show()
            self.error_banner.raise_()
            return
        if self.error_banner.isVisibleTo(self):
            self.error_banner.hide()
        hub = self.hub
        water = hub.is_started  # the water table is read after the first paint
        for card in cards(results, hub.unit, baseline=self.state.baseline_results, embodied=hub.show_embodied,
                          interval=lambda key: self.interval(results, key), water=water):
            self.cards[card.key].show(card.value, card.band, card.tooltip, card.delta, card.title, card.short)
        text, water_text, _ = comparison(results, hub.unit, water=water)
        self.comparison.setText(f"<b>{escape(text)}</b>"
                                + (f" &nbsp;·&nbsp; <b>{escape(water_text)}</b>" if water_text else ""))
        self.comparison.setToolTip(plain_tip(comparison_tooltip(results, hub.unit)))
