"""Scripts that derive ``resources/`` from the raw public data sets (``shared/data``).

Not used at run time. ``python -m planner.databuild`` refreshes the catalog in one command.
"""
