"""The result cards: a headline figure that always fits its card, with its band and its change against a baseline.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout

from planner.core.metrics import SHORT_TITLES
from planner.ui.widgets import plain_tip, styled

# the smallest window at the reference font (9 pt): nothing clipped (tests check the cards at this size on a
# GPT-3-scale plan), the editor's sliders a useful length, and the five cards their gaps beside it
MIN_WIDTH, MIN_HEIGHT = 1256, 700
REFERENCE_POINTS = 9.0


def min_size(font_points: float, screen=None) -> tuple[int, int]:
    """The window's smallest size at the application's font: the reference size, grown in proportion to a larger
    font (an 11-pt desktop font needs room for 11-pt text), never beyond the screen's available area."""
    scale = max(1.0, font_points / REFERENCE_POINTS) if font_points > 0 else 1.0
    width, height = round(MIN_WIDTH * scale), round(MIN_HEIGHT * scale)
    if screen is not None:
        area = screen.availableGeometry()
        width, height = min(width, max(MIN_WIDTH, area.width())), min(height, max(MIN_HEIGHT, area.height()))
    return width, height


class FitLabel(QLabel):
    """A one-line label that never clips: the largest of a few font sizes that fits its width, else the text
    elided, with the whole text in the tooltip. Its text never widens the layout (no jumps as numbers grow)."""

    def __init__(self, point_sizes: tuple, parent=None, weight=QFont.Weight.DemiBold):
        super().__init__(parent)
        self.full_text = ""
        self.short_text = ""  # a shorter form of the same figure, tried at every size before eliding
        self._fonts = []
        for size in point_sizes:
            f = QFont(self.font())
            f.setPointSizeF(size)
            f.setWeight(weight)
            self._fonts.append(f)
        self.setFont(self._fonts[0])
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(QFontMetrics(self._fonts[0]).height())
        self.setTextFormat(Qt.TextFormat.PlainText)  # a figure, or a name from a file: never markup
        self._fitted = None
        self.tip = ""  # what the tooltip says besides the whole text (shown when elided)

    def set_full_text(self, text: str, tip: str = "", short: str = "") -> None:
        if (text, tip, short) != (self.full_text, self.tip, self.short_text):
            self.full_text, self.tip, self.short_text = text, tip, short
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
        forms = [self.full_text] + ([self.short_text] if self.short_text else [])
        fitting = ((font, text) for text in forms for font in self._fonts
                   if QFontMetrics(font).horizontalAdvance(text) <= width)
        font, shown = next(fitting, (None, None))
        if font is None:
            font = self._fonts[-1]
            shown = QFontMetrics(font).elidedText(forms[-1], Qt.TextElideMode.ElideRight, width)
        if self.font() != font:
            self.setFont(font)
        self.setText(shown)
        self.setToolTip(plain_tip("\n".join(t for t in (self.full_text if shown != self.full_text else "", self.tip)
                                            if t)))

    @property
    def fits(self) -> bool:
        """The whole text, or its short form, is shown (not elided)."""
        return self.text() in (self.full_text, self.short_text)


class ResultCard(QFrame):
    """A headline figure with its band: the value fits its width (smaller type, never clipped), the band takes
    up to two lines of a fixed height, so nothing moves as the numbers change."""

    def __init__(self, name: str, title: str, parent=None):
        super().__init__(parent)
        self.setObjectName(f"card:{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(150)
        small = QLabel().font().pointSizeF() - 1.5  # the title: bold, a little smaller than the text, and smaller
        self.title = FitLabel((small, small - 0.5, small - 1, small - 1.5), weight=QFont.Weight.Bold)  # still to fit
        self.title.setObjectName(f"{name}.title")
        self.title.set_full_text(title, short=SHORT_TITLES.get(title, ""))
        base = small + 1
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
        self._band_font = QFont(self.band.font())  # the band's type, made smaller (never below 2 points less)
        small = self.band.font().pointSizeF()  # when two lines of it cannot hold the band
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
             title: str | None = None, short: str = "") -> None:
        if title is not None and self.title.full_text != title:  # what the figure covers (a served plan: training)
            self.title.set_full_text(title, short=SHORT_TITLES.get(title, ""))
            self.value.setAccessibleName(title)
        self.value.set_full_text(value, short=short)
        if self.band.text() != band:
            self.band.setText(band)
            self._fit_band()
        if self._tip != tooltip:
            self._tip = tooltip
            self.setToolTip(plain_tip(tooltip))
        self.delta.set_full_text(f"Δ {delta}" if delta else "",
                                 f"{delta} against the pinned baseline" if delta else "")
        if self.delta.isVisibleTo(self) != bool(delta):
            self.delta.setVisible(bool(delta))

    def resizeEvent(self, event):  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self._fit_band()

    def _fit_band(self) -> None:
        """The band in its two lines: the largest of its type sizes (down to 2 points smaller) that holds it."""
        font = QFont(self._band_font)
        size = font.pointSizeF()
        while True:
            if self.band.font() != font:
                self.band.setFont(font)
            if self.needed_band_height() <= self.band.height() or font.pointSizeF() <= size - 2:
                return
            font.setPointSizeF(font.pointSizeF() - 0.5)

    def needed_band_height(self) -> int:
        """The height the band's text needs at the card's width (the test for 'nothing clipped')."""
        rect = self.band.contentsRect()
        return QFontMetrics(self.band.font()).boundingRect(rect.adjusted(0, 0, 0, 1000),
                                                           int(Qt.TextFlag.TextWordWrap), self.band.text()).height()
