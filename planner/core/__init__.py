"""The calculation core and the plan model. Pure Python, NumPy and pandas: never Qt."""

from planner.core.catalog import Catalog, default_catalog, load_catalog
from planner.core.errors import CatalogError, PlanError, PlanFileError, PlannerError
from planner.core.estimate import Estimate, RegionSweep, estimate, region_mask, sweep
from planner.core.fields import FIELDS, SPECS
from planner.core.plan import Plan, load_plan, plan_from_json_text, plan_to_json, save_plan

__all__ = [
    "Catalog", "CatalogError", "Estimate", "FIELDS", "Plan", "PlanError", "PlanFileError", "PlannerError",
    "RegionSweep", "SPECS", "default_catalog", "estimate", "load_catalog", "load_plan", "plan_from_json_text",
    "plan_to_json", "region_mask", "save_plan", "sweep",
]
