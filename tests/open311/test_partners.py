"""Partner systems: keys issued once and stored hashed, scopes, revocation, rate limit,
audit; letters submitted through the partner API carry the partner's channel."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from core.models import AuditRecord
from letters.choices import LetterSource
from letters.models import Letter
from open311 import partners
from open311.models import PartnerLetter, PartnerScope, PartnerSystem
from tests.world import LETTER, Desk

pytestmark = pytest.mark.django_db

SUBMIT = "/api/v1/partner/letters/"
BOTH = [PartnerScope.SUBMIT, PartnerScope.STATUS]


def issue(desk: Desk, name: str = "临江微信小程序", **fields: Any) -> partners.Issued:
    values: dict[str, Any] = {"channel": "wechat", "scopes": BOTH, "rate_per_minute": 60}
    return partners.issue_partner(name=name, actor=desk.users["admin"], **{**values, **fields})


def keyed(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"ApiKey {key}")
    return client


def test_the_admin_issues_a_key_shown_once_and_stored_hashed(desk: Desk) -> None:
    admin_user: User = desk.users["admin"]
    admin_user.is_staff = True
    admin_user.save()
    client = desk.client("admin")
    response = client.post(
        "/admin/open311/partnersystem/add/",
        {
            "name": "省12345热线平台",
            "channel": "hotline",
            "scopes": ["letters:submit", "letters:status"],
            "rate_per_minute": "120",
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    partner = PartnerSystem.objects.get()
    start = page.index('id="issued-key">') + len('id="issued-key">')
    key = page[start : page.index("<", start)]
    assert key.startswith("dk_")
    assert len(key) == 43
    # Only the digest is stored; the key appears in no column.
    assert partner.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(PartnerSystem.objects.values().get())
    assert (partner.channel, partner.scopes, partner.rate_per_minute) == (
        "hotline",
        ["letters:status", "letters:submit"],
        120,
    )
    assert partner.key_prefix == key[:10]
    # The change page never shows it again.
    again = client.get(f"/admin/open311/partnersystem/{partner.pk}/change/").content.decode()
    assert key not in again
    assert partner.key_prefix in again
    record = AuditRecord.objects.filter(action="partner.issue").get()
    assert (record.actor_name, record.object_id) == (admin_user.username, str(partner.pk))
    assert record.data["key_prefix"] == key[:10]
    assert key not in str(record.data)


def test_only_the_system_administrator_manages_partner_systems(desk: Desk) -> None:
    for name in ("dispatcher", "auditor"):
        user = desk.users[name]
        user.is_staff = True
        user.save()
        assert desk.client(name).get("/admin/open311/partnersystem/add/").status_code == 403


def test_a_partner_submits_as_its_channel_and_reads_only_its_own_letters(desk: Desk) -> None:
    issued = issue(desk)
    response = keyed(issued.key).post(SUBMIT, LETTER, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    letter = Letter.objects.get(tracking_number=body["tracking_number"])
    assert (letter.source, body["query_code"]) == (LetterSource.WECHAT, letter.query_code)
    assert PartnerLetter.objects.get(letter=letter).partner == issued.partner

    status = keyed(issued.key).get(f"{SUBMIT}{letter.tracking_number}/")
    assert status.status_code == 200
    assert (status.json()["tracking_number"], status.json()["status"]) == (
        letter.tracking_number,
        "submitted",
    )
    # Another partner, or the public web form's letter: 404.
    other = issue(desk, name="省12345热线平台", channel="hotline")
    assert keyed(other.key).get(f"{SUBMIT}{letter.tracking_number}/").status_code == 404
    web = desk.submit()
    assert keyed(issued.key).get(f"{SUBMIT}{web.tracking_number}/").status_code == 404


def test_the_same_idempotency_key_from_two_partners_makes_two_letters(desk: Desk) -> None:
    first, second = issue(desk), issue(desk, name="省12345热线平台", channel="hotline")
    for issued in (first, second, first):
        client = keyed(issued.key)
        response = client.post(SUBMIT, LETTER, format="json", HTTP_IDEMPOTENCY_KEY="call-0001")
        assert response.status_code == 201
    assert sorted(Letter.objects.values_list("source", flat=True)) == ["hotline", "wechat"]


def test_a_key_without_the_scope_is_refused_with_403(desk: Desk) -> None:
    status_only = issue(desk, scopes=[PartnerScope.STATUS])
    response = keyed(status_only.key).post(SUBMIT, LETTER, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "该接入系统没有“提交来信”权限（letters:submit），请联系系统管理员。"
    )
    submit_only = issue(desk, name="只提交", scopes=[PartnerScope.SUBMIT])
    assert keyed(submit_only.key).get(f"{SUBMIT}XJ20261120-000001/").status_code == 403
    assert Letter.objects.count() == 0


def test_missing_unknown_and_revoked_keys_are_refused_with_401(desk: Desk) -> None:
    missing = APIClient().post(SUBMIT, LETTER, format="json")
    assert missing.status_code == 401
    assert missing.json()["detail"] == partners.MISSING_KEY
    assert missing["WWW-Authenticate"] == "ApiKey"
    unknown = keyed("dk_" + "a" * 40).post(SUBMIT, LETTER, format="json")
    assert (unknown.status_code, unknown.json()["detail"]) == (401, partners.UNKNOWN_KEY)

    issued = issue(desk)
    assert partners.revoke_partner(partner=issued.partner, actor=desk.users["admin"])
    revoked = keyed(issued.key).post(SUBMIT, LETTER, format="json")
    assert (revoked.status_code, revoked.json()["detail"]) == (
        401,
        "该接入密钥已被吊销，请联系系统管理员重新签发。",
    )
    assert Letter.objects.count() == 0
    # Revoking again changes nothing and writes no second entry.
    assert not partners.revoke_partner(partner=issued.partner, actor=desk.users["admin"])
    assert list(AuditRecord.objects.filter(action="partner.revoke").values_list("actor_name")) == [
        (desk.users["admin"].username,)
    ]


def test_the_admin_revokes_with_an_audited_action(desk: Desk) -> None:
    admin_user = desk.users["admin"]
    admin_user.is_staff = True
    admin_user.save()
    issued = issue(desk)
    response = desk.client("admin").post(
        "/admin/open311/partnersystem/",
        {"action": "revoke", "_selected_action": [issued.partner.pk]},
    )
    assert response.status_code == 302
    issued.partner.refresh_from_db()
    assert issued.partner.revoked_at is not None
    assert issued.partner.revoked_by == admin_user
    record = AuditRecord.objects.get(action="partner.revoke")
    assert record.object_id == str(issued.partner.pk)
    assert keyed(issued.key).get(f"{SUBMIT}XJ1/").status_code == 401


def test_the_rate_limit_is_per_partner_per_minute(desk: Desk) -> None:
    issued = issue(desk, rate_per_minute=2)
    client = keyed(issued.key)
    url = f"{SUBMIT}XJ20261120-999999/"
    assert [client.get(url).status_code for _ in range(2)] == [404, 404]
    refused = client.get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 60
    assert refused.json()["detail"] == "操作过于频繁，请60秒后再试。"
    # Another partner has its own budget.
    assert keyed(issue(desk, name="其他系统").key).get(url).status_code == 404


def test_issue_refuses_bad_settings_naming_the_field(desk: Desk) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        issue(desk, name=" ", channel="web", scopes=["letters:delete"], rate_per_minute=0)
    assert refused.value.message_dict == {
        "name": ["「系统名称」：请填写接入系统的名称。"],
        "channel": ["「来信渠道」：请从接口、微信、热线电话、信件邮寄、来访中选择。"],
        "scopes": ["「权限范围」：请选择提交来信、查询办理状态中的至少一项。"],
        "rate_per_minute": ["「每分钟请求上限」：应为1至10000之间的整数。"],
    }
    assert PartnerSystem.objects.count() == 0
    assert not AuditRecord.objects.filter(action="partner.issue").exists()
