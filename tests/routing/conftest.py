"""Fixtures of routing tests: departments and a trained router; the fault tests' private
Redis and broker fixtures, for tests that start a worker."""

from __future__ import annotations

import pytest

from demo.content import city
from demo.training import training_letters
from org.models import Department
from routing import services
from routing.models import HistoricalLetter, RouterVersion
from tests.factories import DepartmentFactory
from tests.ops.conftest import broker_on_private_redis, private_redis

__all__ = ["broker_on_private_redis", "departments", "private_redis", "trained"]


@pytest.fixture
def departments() -> dict[str, Department]:
    return {
        row["code"]: DepartmentFactory(code=row["code"], name=row["name"])
        for row in city().departments
        if row["code"] in {row["department"] for row in city().categories}
    }


@pytest.fixture
def trained(departments: dict[str, Department]) -> RouterVersion:
    HistoricalLetter.objects.bulk_create(
        HistoricalLetter(
            title=row["title"],
            body=row["body"],
            department=departments[row["department"]],
            kind=row["kind"],
            source="test",
        )
        for row in training_letters(per_category=16, seed=3)
    )
    return services.train_router().version
