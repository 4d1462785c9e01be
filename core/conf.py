"""The desk's own policy settings, typed: one frozen object, ``settings.DESK``.

``desk/settings.py`` builds it from the environment with the typed reader
(``desk.config``), which stops start-up on a bad value naming the variable. Code reads it
through :func:`desk_settings` at call time, so tests can swap it for a changed copy
(``settings.DESK = dataclasses.replace(settings.DESK, captcha_after_submissions=2)``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class DeskSettings:
    # 拟稿 → 审核 → 签发: the role that approves at each review level, in order.
    review_chain: tuple[str, ...]
    rating_window_working_days: int
    tracking_prefix: str
    attachment_max_bytes: int
    attachment_max_count: int
    router_target_precision: float
    # The model auto-dispatches only at max(threshold fixed at training, this floor).
    router_min_auto_probability: float
    audit_retention_days: int
    due_soon_working_days: int
    supervise_after_working_days: int
    site_name: str
    site_domain: str
    site_id_code: str
    # Submissions from one client IP within the window before a captcha is required.
    captcha_after_submissions: int
    captcha_window_seconds: int
    # 催办 pressed again for a letter within this many minutes records nothing new.
    urge_window_minutes: int
    # Surveys (surveys.services): the site's one-response rule ("phone": one per phone
    # verified by SMS, only where an SMS gateway is configured; "browser": one per
    # browser), responses to one survey from one network address, and how many of them
    # before a captcha is required. Defaults keep older constructions valid.
    survey_response_rule: str = "browser"
    survey_responses_per_address: int = 5
    survey_captcha_after: int = 1


def desk_settings() -> DeskSettings:
    value = settings.DESK
    if not isinstance(value, DeskSettings):  # pragma: no cover - a misconfiguration
        raise TypeError("settings.DESK must be a core.conf.DeskSettings")
    return value
