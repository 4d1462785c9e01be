"""The portal's channels (领导信箱, 咨询/投诉/建议, 网站找错, 征集意见) and their time limits.

A channel is a column of the public site with its own form; the time limit each one
promises is read from the deadline policies (data in *Admin → 办理时限规则*), never
written into a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontend.public_forms import (
    INTERACTION_KINDS,
    InteractionForm,
    LeaderMailForm,
    LetterForm,
    OpinionForm,
    SiteErrorForm,
)
from letters.choices import LetterKind
from letters.models import DeadlinePolicy


@dataclass(frozen=True)
class Channel:
    """A way to write in and the kinds of letters it takes."""

    slug: str
    name: str
    purpose: str
    kinds: tuple[str, ...]
    form_class: type[LetterForm]


CHANNELS: dict[str, Channel] = {
    c.slug: c
    for c in (
        Channel(
            "leader",
            "领导信箱",
            "给市长、副市长写信，反映意见建议。来信由领导所在机关办理答复。",
            (LetterKind.LEADER_MAIL,),
            LeaderMailForm,
        ),
        Channel(
            "interaction",
            "咨询/投诉/建议",
            "咨询政策和办事流程，投诉问题，提出建议，求助或举报，由负责的部门答复。",
            tuple(kind for kind, _, _ in INTERACTION_KINDS),
            InteractionForm,
        ),
        Channel(
            "site-error",
            "我为政府网站找错",
            "发现政府网站有错别字、链接打不开、内容长期不更新等问题，请告诉我们。",
            (LetterKind.SITE_ERROR,),
            SiteErrorForm,
        ),
        Channel(
            "opinion",
            "征集意见",
            "对正在公开征求意见的政策文件、规划草案发表您的意见。",
            (LetterKind.OPINION,),
            OpinionForm,
        ),
    )
}


@dataclass(frozen=True)
class TimeLimit:
    text: str  # "3个工作日内答复"
    detail: str  # "情况复杂的，经批准可延长，最长不超过15个工作日。"
    sources: tuple[str, ...]


def _days(values: set[int]) -> str:
    low, high = min(values), max(values)
    return f"{low}个工作日" if low == high else f"{low}至{high}个工作日"


def time_limits() -> dict[str, TimeLimit | None]:
    """Each channel's reply time limit from the active reply policies (one query)."""
    policies = {
        p.kind: p
        for p in DeadlinePolicy.objects.filter(step=DeadlinePolicy.Step.REPLY, active=True)
    }
    result: dict[str, TimeLimit | None] = {}
    for channel in CHANNELS.values():
        found = [policies[k] for k in channel.kinds if k in policies]
        if not found:
            result[channel.slug] = None
            continue
        days = {p.working_days for p in found}
        caps = {p.max_working_days for p in found}
        detail = (
            f"情况复杂的，经批准可延长，最长不超过{_days(caps)}。" if max(caps) > max(days) else ""
        )
        result[channel.slug] = TimeLimit(
            text=f"{_days(days)}内答复",
            detail=detail,
            sources=tuple(dict.fromkeys(p.source for p in found)),
        )
    return result
