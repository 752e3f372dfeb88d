"""The Qt user interface. ``from planner.ui import MainWindow``."""

__all__ = ["MainWindow"]


def __getattr__(name):  # import Qt only when the window is asked for
    if name == "MainWindow":
        from planner.ui.main_window import MainWindow

        return MainWindow
    raise AttributeError(name)
