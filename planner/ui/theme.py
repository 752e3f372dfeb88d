"""Readable in every scheme (WCAG 2.1 AA): the palette's placeholder text and selection, and the rings of radio
buttons and check boxes, set against their background to the contrast the guidelines ask (4.5:1 for text, 3:1 for
the parts of a control), whatever the system's light or dark palette gives.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QProxyStyle, QStyle

TEXT_CONTRAST = 4.6  # WCAG AA asks 4.5:1 for text; a little above, so rounding never lands under it
PART_CONTRAST = 5.5  # a ring drawn at this keeps its thin anti-aliased line above the 3:1 WCAG asks
GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)


def luminance(c: QColor) -> float:
    """WCAG 2.1 relative luminance."""
    def channel(v: int) -> float:
        v /= 255.0
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2.1 contrast ratio of two colours (1 to 21)."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a share ``t`` of the way to ``b``."""
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


def toward(color: QColor, background: QColor, ink: QColor, ratio: float) -> QColor:
    """``color``, or the least change of it toward ``ink`` that has ``ratio`` against ``background``."""
    t = 0.0
    out = color
    while contrast(out, background) < ratio and t < 1.0:
        t += 0.05
        out = mix(color, ink, t)
    return out


def readable(palette: QPalette) -> QPalette:
    """``palette`` with its placeholder text and its selection readable: placeholders (which show the values in use)
    at 4.5:1 on the fields' background, the selected text at 4.5:1 on the selection."""
    pal = QPalette(palette)
    for group in GROUPS:
        base, text = pal.color(group, QPalette.ColorRole.Base), pal.color(group, QPalette.ColorRole.Text)
        placeholder = pal.color(group, QPalette.ColorRole.PlaceholderText)
        pal.setColor(group, QPalette.ColorRole.PlaceholderText, toward(placeholder, base, text, TEXT_CONTRAST))
        high, on = pal.color(group, QPalette.ColorRole.Highlight), pal.color(group, QPalette.ColorRole.HighlightedText)
        away = QColor("#000000") if luminance(on) > 0.5 else QColor("#ffffff")  # deepen the selection away from it
        pal.setColor(group, QPalette.ColorRole.Highlight, toward(high, on, away, TEXT_CONTRAST))
    return pal


def follow(app) -> None:
    """Make ``app`` readable now and whenever the system's colour scheme changes (the palette is set once
    explicitly, so Qt no longer changes it by itself: the new scheme's standard palette is made readable)."""
    app.setPalette(readable(app.palette()))
    hints = app.styleHints()
    if hasattr(hints, "colorSchemeChanged"):  # Qt 6.5 and newer
        hints.colorSchemeChanged.connect(lambda _scheme: app.setPalette(readable(app.style().standardPalette())))


def ring_color(palette: QPalette) -> QColor:
    """The colour a radio button's ring and a check box's border take: the text's, eased toward the background
    only as far as 3:1 allows."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    out = text
    t = 0.0
    while t < 0.95 and contrast(mix(text, base, t + 0.05), base) >= PART_CONTRAST:
        t += 0.05
        out = mix(text, base, t)
    return out


class ReadableStyle(QProxyStyle):
    """Fusion, with radio buttons and check boxes whose ring and border stand out (Fusion draws them in the
    window colour darkened: 2:1 on white, 1.2:1 on a dark window). Fusion derives its outline as the window's
    colour darkened by 140%; giving the indicator a window colour that darkens to ``ring_color`` keeps the rest
    of Fusion's drawing as it is."""

    INDICATORS = (QStyle.PrimitiveElement.PE_IndicatorRadioButton, QStyle.PrimitiveElement.PE_IndicatorCheckBox)

    def drawPrimitive(self, element, option, painter, widget=None):  # noqa: N802 (Qt naming)
        if element in self.INDICATORS:
            ring = ring_color(option.palette)
            window = QColor.fromRgbF(min(1.0, ring.redF() * 1.4), min(1.0, ring.greenF() * 1.4),
                                     min(1.0, ring.blueF() * 1.4))  # darker(140) gives the ring back
            option = type(option)(option)
            pal = QPalette(option.palette)
            pal.setColor(QPalette.ColorRole.Window, window)
            option.palette = pal
        super().drawPrimitive(element, option, painter, widget)
