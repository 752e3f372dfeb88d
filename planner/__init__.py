"""Footprint Planner: what-if planning of the energy, carbon and money of ML training."""

__version__ = "0.1.0"
