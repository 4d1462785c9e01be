"""Whether a letter may go public: the per-kind publication policy and the findings that
keep a letter private.

- Each kind has a rule (``PublicationPolicy``, data with its source, *Admin → 公开规则*):
  published only with the writer's consent (the default, and the rule of a kind without
  a row), or public unless found untrue or confidential (找错 by the seed migration).
- A reviewer of the lead department, or the site office, may record a finding (不属实 or
  涉密) with its reason (``letters.services.workflow.record_finding``); a letter with a
  finding is never published, and public outputs leave it out even when it was
  published before (``knowledge_base.publication.public_q``).

Whatever the rule, the published texts pass the publication gate (``knowledge_base.gate``):
no personal data goes public.
"""

from __future__ import annotations

from django.db.models import Q

from letters.choices import PublicationFinding, PublicationRule
from letters.models import Letter, PublicationPolicy


def publication_rule(kind: str) -> str:
    """The kind's rule (a ``PublicationRule`` value); consent when none is configured."""
    rule = PublicationPolicy.objects.filter(kind=kind).values_list("rule", flat=True).first()
    return rule or PublicationRule.CONSENT


def needs_consent(letter: Letter) -> bool:
    return publication_rule(letter.kind) == PublicationRule.CONSENT


def finding_text(letter: Letter) -> str:
    """「已认定不属实：理由」, or '' without a finding."""
    if not letter.publication_finding:
        return ""
    label = PublicationFinding(letter.publication_finding).label
    return f"已认定{label}：{letter.publication_finding_reason}"


def publication_refusal(letter: Letter) -> str | None:
    """Why the letter may not be published, or None (the publish and office-review
    services enforce it; the pages say it)."""
    if letter.publication_finding:
        return f"该来信{finding_text(letter)}，不予公开。"
    if needs_consent(letter) and not letter.consent_public:
        return "来信人未同意公开，不能公开此来信。"
    return None


def not_withheld() -> Q:
    """Letters without a 不属实/涉密 finding: the condition every public output and the
    knowledge-base drafting queue apply."""
    return Q(publication_finding="")


def publishable_q() -> Q:
    """Letters the publication rule of their kind lets go public (no finding; the
    writer's consent where the rule needs it): :func:`publication_refusal` as SQL."""
    unless = PublicationPolicy.objects.filter(rule=PublicationRule.UNLESS_WITHHELD)
    kinds = list(unless.values_list("kind", flat=True))
    return not_withheld() & (Q(consent_public=True) | Q(kind__in=kinds))
