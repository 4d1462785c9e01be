"""The routes of supervision's case actions (催办, 督办) on the letters API: registered in
``SupervisionConfig.ready`` so that letters never imports supervision."""

from __future__ import annotations

from letters.api.staff_views import ActionEndpoint, register_endpoint
from supervision import services
from supervision.api import SuperviseInput, UrgeInput

register_endpoint(
    "urge",
    ActionEndpoint(
        UrgeInput,
        lambda letter, user, d: services.letter_urge(
            letter_id=letter.pk, actor=user, note=d["note"]
        ),
    ),
)
register_endpoint(
    "supervise",
    ActionEndpoint(
        SuperviseInput,
        lambda letter, user, d: services.order_issue(
            letter_id=letter.pk,
            actor=user,
            instruction=d["instruction"],
            respond_by=d["respond_by"],
        ),
    ),
)
