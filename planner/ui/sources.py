"""Help → Sources of these numbers: every value the estimate took from the catalog, with its source."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout


class SourcesDialog(QDialog):
    """One per window (shown again, refreshed, when asked again)."""

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.setObjectName("dialog.sources")
        self.setWindowTitle("Sources of these numbers")
        self.resize(720, 420)
        lay = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setObjectName("dialog.sources.text")
        self.text.setOpenLinks(False)
        lay.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        lay.addWidget(buttons)

    def refresh(self) -> None:
        from planner.core.summary import sources

        results = self.state.results
        if not results.ok:
            html = "<p>This plan cannot be estimated yet.</p>"
        else:
            rows = "".join(f"<tr><td><b>{escape(w)}</b></td><td>{escape(v)}</td><td>{escape(s)}</td></tr>"
                           for w, v, s in sources(results))
            html = f"<table cellspacing='6'><tr><th>Input</th><th>Value</th><th>Source</th></tr>{rows}</table>"
        self.text.setHtml(html)

    def present(self) -> None:
        self.refresh()
        self.show()
        self.raise_()
