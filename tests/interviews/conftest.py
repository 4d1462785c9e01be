from __future__ import annotations

import pytest

from tests.interviews.world import InterviewWorld, build_interview_world
from tests.world import Desk


@pytest.fixture
def world(desk: Desk) -> InterviewWorld:
    return build_interview_world(desk)
