"""A panel alone: a hub on a plan state, no window."""

import pytest

from planner.core import Plan
from planner.core.state import PlanState


@pytest.fixture
def hub(qtbot, catalog):
    from planner.ui.hub import Hub

    state = PlanState(Plan.from_dict(catalog.presets["bert-base-tuning"].plan, catalog), catalog)
    hub = Hub(state)
    yield hub
    hub.detach()

