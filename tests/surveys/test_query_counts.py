"""The survey list (page and API) and a survey's results make the same number of queries
however many rows there are."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

import pytest
from django.test import Client

from surveys import services
from tests.factories import SolicitationFactory
from tests.surveys.helpers import ids, make_survey
from tests.world import Desk

pytestmark = pytest.mark.django_db
CountQueries = Callable[..., AbstractContextManager[Any]]


@pytest.mark.parametrize("rows", [1, 4])
def test_the_list_queries_do_not_grow_with_rows(
    desk: Desk, django_assert_num_queries: CountQueries, rows: int
) -> None:
    for n in range(rows):
        make_survey(desk.a if n % 2 else desk.b, title=f"问卷{n}")
        SolicitationFactory(owner=desk.a, opens_on=date(2026, 9, 1), closes_on=date(2026, 9, 30))
    with django_assert_num_queries(1):
        assert Client().get("/api/v1/surveys/").status_code == 200
    # The page adds the closed solicitations and which have a published feedback report.
    with django_assert_num_queries(3):
        assert Client().get("/surveys/").status_code == 200


@pytest.mark.parametrize("responses", [1, 5])
def test_results_queries_do_not_grow_with_responses(
    desk: Desk, django_assert_num_queries: CountQueries, responses: int
) -> None:
    survey = make_survey(desk.a)
    i = ids(survey)
    for n in range(responses):
        services.response_submit(
            survey_id=survey.pk,
            answers={i["q1"]: i["q1o1"], i["q2"]: [i["q2o2"]], i["q3"]: 3, i["q4"]: "好"},
            respondent=services.Respondent(ip=f"10.0.1.{n}"),
        )
    with django_assert_num_queries(9):
        services.survey_results(survey)
