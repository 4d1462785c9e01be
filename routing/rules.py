"""Explicit routing rules (DESIGN.md §5 step 1): targets the letter names itself."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlparse

from letters.choices import LetterKind
from letters.models import Letter
from org.models import Website


@dataclass(frozen=True)
class Suggestion:
    department_id: int
    department: str
    confidence: float
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def website_for_url(url: str) -> Website | None:
    """The registered website whose domain is the URL's host or a parent domain of it."""
    host = (urlparse(url).hostname or "").lower().rstrip(".")
    if not host:
        return None
    best: tuple[int, Website] | None = None
    for website in Website.objects.filter(active=True).select_related("owner"):
        for domain in website.domains:
            domain = domain.lower().strip().rstrip(".")
            matches = domain and (host == domain or host.endswith("." + domain))
            if matches and (best is None or len(domain) > best[0]):
                best = (len(domain), website)
    return best[1] if best else None


def explicit_target(letter: Letter) -> Suggestion | None:
    """Leader → the leader's office; 找错 URL → website owner; 征集意见 → solicitation owner."""
    if letter.kind == LetterKind.LEADER_MAIL and letter.leader is not None:
        office = letter.leader.office
        return Suggestion(office.pk, office.name, 1.0, f"领导信箱：{letter.leader.title}")
    if letter.kind == LetterKind.SITE_ERROR and letter.url:
        website = website_for_url(letter.url)
        if website is not None:
            owner = website.owner
            return Suggestion(owner.pk, owner.name, 1.0, f"网站名录：{website.name}")
    if letter.kind == LetterKind.OPINION and letter.solicitation is not None:
        owner = letter.solicitation.owner
        return Suggestion(owner.pk, owner.name, 1.0, f"征集单位：{letter.solicitation.title}")
    return None
