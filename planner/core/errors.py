"""The core's own errors. Each names the field or file it is about."""

from __future__ import annotations

import os

Where = str | os.PathLike | None  # a file, as a path or its text (None: no file, e.g. the built-in data)


class PlannerError(Exception):
    """Base class of every error the core raises on bad input."""


class PlanError(PlannerError, ValueError):
    """A plan field holds a value the core cannot use.

    ``field`` is the dotted path of the field (``hardware.count``).
    """

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class PlanFileError(PlannerError):
    """A plan file cannot be read: missing, empty, not JSON, or a bad field.

    ``path`` is the file, ``field`` the plan field when one is to blame.
    """

    def __init__(self, path: Where, message: str, field: str | None = None):
        self.path = str(path)
        self.field = field
        self.message = message
        where = f"{self.path}: {field}: " if field else f"{self.path}: "
        super().__init__(where + message)


class CatalogError(PlannerError):
    """A reference or user CSV file is malformed; names file, row and column."""

    def __init__(self, path: Where, message: str, row: int | None = None, column: str | None = None):
        self.path = str(path)
        self.row = row
        self.column = column
        self.message = message
        where = self.path
        if row is not None:
            where += f", row {row}"
        if column:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")
