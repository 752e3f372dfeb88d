"""The result cards: a headline figure that always fits its card, with its band and its change against a baseline.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout

from planner.ui.widgets import plain_tip, styled

# the smallest window: nothing clipped (tests check the cards at this size on a GPT-3-scale plan), the editor's
# sliders a useful length, and the five cards their gaps beside it
MIN_WIDTH, MIN_HEIGHT = 1256, 700


class FitLabel(QLabel):
    """A one-line label that never clips: the largest of a few font sizes that fits its width, else the text
    elided, with the whole text in the tooltip. Its text never widens the layout (no jumps as numbers grow)."""

    def __init__(self, point_sizes: tuple, parent=None):
        super().__init__(parent)
        self.full_text = ""
        self._fonts = []
        for size in point_sizes:
            f = QFont(self.font())
            f.setPointSizeF(size)
            f.setWeight(QFont.Weight.DemiBold)
            self._fonts.append(f)
        self.setFont(self._fonts[0])
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(QFontMetrics(self._fonts[0]).height())
        self.setTextFormat(Qt.TextFormat.PlainText)  # a figure, or a name from a file: never markup
        self._fitted = None
        self.tip = ""  # what the tooltip says besides the whole text (shown when elided)

    def set_full_text(self, text: str, tip: str = "") -> None:
        if (text, tip) != (self.full_text, self.tip):
            self.full_text, self.tip = text, tip
            self._fitted = None
            self._fit()

    def resizeEvent(self, event):  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = self.contentsRect().width()
        key = (self.full_text, width)
        if key == self._fitted:
            return
        self._fitted = key
        for font in self._fonts:
            if QFontMetrics(font).horizontalAdvance(self.full_text) <= width:
                shown = self.full_text
                break
        else:
            font = self._fonts[-1]
            shown = QFontMetrics(font).elidedText(self.full_text, Qt.TextElideMode.ElideRight, width)
        if self.font() != font:
            self.setFont(font)
        self.setText(shown)
        self.setToolTip(plain_tip("\n".join(t for t in (self.full_text if shown != self.full_text else "", self.tip)
                                            if t)))

    @property
    def fits(self) -> bool:
        """The whole text is shown (not elided)."""
        return self.text() == self.full_text


class ResultCard(QFrame):
    """A headline figure with its band: the value fits its width (smaller type, never clipped), the band takes
    up to two lines of a fixed height, so nothing moves as the numbers change."""

    def __init__(self, name: str, title: str, parent=None):
        super().__init__(parent)
        self.setObjectName(f"card:{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(150)
        self.title = QLabel(title)
        styled(self.title, -1.5, bold=True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        base = self.title.font().pointSizeF() + 1
        self.value = FitLabel((base + 8, base + 5, base + 3, base + 1, base))
        self.value.setObjectName(name)
        self.value.setAccessibleName(title)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.band = QLabel("")
        self.band.setTextFormat(Qt.TextFormat.PlainText)
        self.band.setObjectName(f"{name}.range")
        self.band.setAccessibleName(f"{title} range")
        self.band.setWordWrap(True)
        styled(self.band, -1)
        self.band.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.band.setFixedHeight(QFontMetrics(self.band.font()).lineSpacing() * 2 + 2)
        self.band.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        small = self.band.font().pointSizeF()
        self.delta = FitLabel((small, small - 0.5, small - 1, small - 1.5))  # never cut: smaller, else elided
        self.delta.setObjectName(f"{name}.delta")
        self.delta.setAccessibleName(f"{title} against the baseline")
        self.delta.hide()
        self._tip = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.setSpacing(0)
        lay.addWidget(self.title)
        lay.addWidget(self.value)
        lay.addWidget(self.band)
        lay.addWidget(self.delta)

    def show(self, value: str, band: str, tooltip: str = "", delta: str | None = None,  # noqa: A003
             title: str | None = None) -> None:
        if title is not None and self.title.text() != title:  # what the figure covers (a served plan: training)
            self.title.setText(title)
            self.value.setAccessibleName(title)
        self.value.set_full_text(value)
        if self.band.text() != band:
            self.band.setText(band)
        if self._tip != tooltip:
            self._tip = tooltip
            self.setToolTip(plain_tip(tooltip))
        self.delta.set_full_text(f"Δ {delta}" if delta else "",
                                 f"{delta} against the pinned baseline" if delta else "")
        if self.delta.isVisibleTo(self) != bool(delta):
            self.delta.setVisible(bool(delta))

    def needed_band_height(self) -> int:
        """The height the band's text needs at the card's width (the test for 'nothing clipped')."""
        rect = self.band.contentsRect()
        return QFontMetrics(self.band.font()).boundingRect(rect.adjusted(0, 0, 0, 1000),
                                                           int(Qt.TextFlag.TextWordWrap), self.band.text()).height()
