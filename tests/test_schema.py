"""The OpenAPI schema generates without warnings and documents the public contracts."""

from __future__ import annotations

from io import StringIO

import yaml
from django.core.management import call_command


def test_openapi_schema_is_valid_and_lists_the_contracts() -> None:
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)

    paths = yaml.safe_load(out.getvalue())["paths"]
    for path in (
        "/api/v1/letters/",
        "/api/v1/letters/lookup/",
        "/api/v1/calendar/deadline/",
        "/api/v1/calendar/",
        "/api/v1/reports/",
        "/api/v1/staff/letters/{id}/dispatch/",
    ):
        assert path in paths, path
