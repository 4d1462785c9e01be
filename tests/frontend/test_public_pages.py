"""Public portal pages through the Django test client (no JavaScript): channels and time
limits, submitting every kind of letter, Chinese errors with nothing stored, receipt,
lookup and rating, published replies, knowledge base, statistics, 适老化 mode, government
page metadata, and no personal data or inline code on any public page."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from frontend.public_forms import SiteErrorForm
from frontend.public_views import CappedPaginator
from knowledge_base.models import EntryStatus
from letters.models import Attachment, DeadlinePolicy, Letter, LetterEvent
from letters.services import workflow
from tests.factories import LeaderFactory, SolicitationFactory
from tests.frontend.portal_data import (
    PORTAL_DESK,
    WRITER_ADDRESS,
    WRITER_ID,
    WRITER_NAME,
    WRITER_PHONE,
    replied,
    submitted,
)
from tests.world import Desk

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = [pytest.mark.django_db, PORTAL_DESK]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def letter_data(**extra: Any) -> dict[str, Any]:
    data = {
        "kind": "consultation",
        "title": "咨询公积金提取手续",
        "body": "我想提取住房公积金支付房租，请问需要准备哪些材料？",
        "name": "李平安",
        "phone": "138 0013 8000",
        "consent_public": "on",
        "form_token": "tok-0123456789abcdef",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def page_text(response: TestResponse) -> str:
    return response.content.decode()


def errors_of(html: str) -> list[str]:
    """The inline error messages next to fields, in page order."""
    found = re.findall(r'class="error-message" id="([^"]+)_error">(.*?)</p>', html, re.S)
    return [
        f"{field_id}: {re.sub(r'<[^>]+>', '', msg).replace('错误：', '')}"
        for field_id, msg in found
    ]


# --- home and channels -----------------------------------------------------------------


def test_home_lists_the_channels_with_their_time_limits_from_the_policies(client: Client) -> None:
    DeadlinePolicy.objects.filter(kind="complaint", step="reply").update(working_days=5)
    html = page_text(client.get("/"))
    limits = re.findall(r'<p class="time-limit"><strong>办理时限：</strong>(.*?)</p>', html)
    assert limits == [
        "3个工作日内答复。情况复杂的，经批准可延长，最长不超过15个工作日。",
        "3至5个工作日内答复。情况复杂的，经批准可延长，最长不超过15个工作日。",
        "2个工作日内答复。情况复杂的，经批准可延长，最长不超过15个工作日。",
        "7个工作日内答复。情况复杂的，经批准可延长，最长不超过15个工作日。",
    ]
    for slug, name in [
        ("leader", "领导信箱"),
        ("interaction", "咨询/投诉/建议"),
        ("site-error", "我为政府网站找错"),
        ("opinion", "征集意见"),
    ]:
        assert f'<h3><a href="/write/{slug}/">{name}</a></h3>' in html
    assert '<form method="get" action="/kb/" role="search"' in html


def test_pages_carry_the_government_meta_tags(client: Client, settings: Any, desk: Desk) -> None:
    settings.DESK = replace(
        settings.DESK,
        site_name="测试市人民政府",
        site_domain="www.ceshi.gov.cn",
        site_id_code="9999000001",
    )
    html = page_text(client.get("/"))
    assert '<html lang="zh-CN">' in html
    assert '<meta name="SiteName" content="测试市人民政府">' in html
    assert '<meta name="SiteDomain" content="www.ceshi.gov.cn">' in html
    assert '<meta name="SiteIDCode" content="9999000001">' in html
    assert '<meta name="ColumnName" content="政民互动">' in html
    assert '<meta name="ColumnType" content="互动交流">' in html
    assert "ArticleTitle" not in html

    letter = desk.publish(replied(desk, submitted()))
    html = page_text(client.get(f"/replies/{letter.tracking_number}/"))
    assert '<meta name="ColumnName" content="答复公开">' in html
    assert f'<meta name="ArticleTitle" content="{letter.public_title}">' in html
    pub = timezone.localtime(letter.published_at).strftime("%Y-%m-%d %H:%M")
    assert f'<meta name="PubDate" content="{pub}">' in html
    assert '<meta name="ContentSource" content="测试市住房公积金管理中心">' in html


def test_unknown_channel_is_a_chinese_404(client: Client) -> None:
    response = client.get("/write/nope/")
    assert response.status_code == 404
    assert "没有这个写信栏目，请从首页选择。" in page_text(response)


def test_forms_show_each_channels_fields_and_the_attachment_limits(
    client: Client, settings: Any
) -> None:
    settings.DESK = replace(settings.DESK, attachment_max_count=3, attachment_max_bytes=2097152)
    LeaderFactory(name="郑怀远", title="市长")
    LeaderFactory(name="停用者", title="副市长", active=False)
    open_one = SolicitationFactory(title="绿化条例草案征求意见")
    SolicitationFactory(
        title="已结束的征集",
        opens_on=timezone.localdate() - timedelta(days=30),
        closes_on=timezone.localdate() - timedelta(days=1),
    )
    leader = page_text(client.get("/write/leader/"))
    assert "市长 郑怀远" in leader
    assert "停用者" not in leader
    assert (
        "最多3个文件，每个不超过2MB，支持JPG 图片、PNG 图片、GIF 图片、WebP 图片、PDF 文档、Word 文档、Excel 表格。"
        in leader
    )
    assert 'name="url"' not in leader

    site_error = page_text(client.get("/write/site-error/"))
    assert 'name="url"' in site_error
    assert '<option value="broken_link">链接无法打开</option>' in site_error
    assert "网页截图（选填）" in site_error

    opinion = page_text(client.get(f"/write/opinion/?solicitation={open_one.pk}"))
    assert "绿化条例草案征求意见" in opinion
    assert "已结束的征集" not in opinion
    assert re.search(rf'value="{open_one.pk}"[^>]*checked', opinion)

    interaction = page_text(client.get("/write/interaction/"))
    for label in ("咨询", "投诉", "建议", "求助", "举报"):
        assert f"<span>{label}：" in interaction
    assert "勾选后，办结的来信和答复会在去除姓名、电话、身份证号码、地址等个人信息后" in interaction
    assert 'hx-get="/write/suggest/"' in interaction


# --- submitting ---------------------------------------------------------------------------


def test_no_js_submission_stores_the_letter_and_shows_the_receipt(client: Client) -> None:
    response = client.post("/write/interaction/", letter_data())
    assert response.status_code == 302
    assert response["Location"] == "/receipt/"
    letter = Letter.objects.get()
    assert (letter.kind, letter.title, letter.name, letter.phone, letter.consent_public) == (
        "consultation",
        "咨询公积金提取手续",
        "李平安",
        "13800138000",
        True,
    )
    assert letter.idempotency_key == "portal:tok-0123456789abcdef"

    html = page_text(client.get("/receipt/"))
    assert f'<dd class="code" id="tracking-number">{letter.tracking_number}</dd>' in html
    assert f'<dd class="code" id="query-code">{letter.query_code}</dd>' in html
    day = letter.deadline_derivation["deadline"]
    y, m, d = (int(x) for x in day.split("-"))
    assert f"<dd>{y}年{m}月{d}日前答复（工作日计算，节假日顺延）</dd>" in html
    assert '<a href="/lookup/">查询办理进度</a>' in html
    # The receipt is in the session, never in a URL; another visitor sees none.
    assert letter.query_code not in response["Location"]
    other = page_text(Client().get("/receipt/"))
    assert "没有可显示的回执" in other
    assert letter.query_code not in other


def test_resent_form_is_stored_once(client: Client) -> None:
    first = client.post("/write/interaction/", letter_data())
    second = client.post("/write/interaction/", letter_data())
    assert (first.status_code, second.status_code) == (302, 302)
    assert Letter.objects.count() == 1


def test_bad_input_shows_chinese_errors_by_field_and_stores_nothing(client: Client) -> None:
    response = client.post(
        "/write/interaction/",
        letter_data(kind=None, title="问", body="太短", name="  ", phone="12345", id_number="1101"),
    )
    assert response.status_code == 400
    html = page_text(response)
    assert errors_of(html) == [
        "id_kind: 请选择来信类别。",
        "id_title: 标题至少4个字。",
        "id_body: 内容至少10个字，请把事情写清楚。",
        "id_name: 请填写姓名。",
        "id_phone: 格式不正确，请填写11位手机号码或带区号的固定电话（如0999-1234567）。",
        "id_id_number: 号码不正确，请核对18位居民身份证号码（含校验位）。",
    ]
    assert '<a href="#id_kind_0">「来信类别」：请选择来信类别。</a>' in html
    assert '<a href="#id_phone">「联系电话」：格式不正确' in html
    assert 'aria-invalid="true"' in html
    # What the writer typed is kept.
    assert 'value="12345"' in html
    assert Letter.objects.count() == 0
    assert LetterEvent.objects.count() == 0


def test_leader_mail_needs_an_active_leader(client: Client) -> None:
    mayor = LeaderFactory(name="郑怀远", title="市长")
    retired = LeaderFactory(name="停用者", title="副市长", active=False)
    missing = client.post("/write/leader/", letter_data(kind=None))
    assert errors_of(page_text(missing)) == ["id_leader: 请选择写信对象。"]
    inactive = client.post("/write/leader/", letter_data(kind=None, leader=retired.pk))
    assert errors_of(page_text(inactive)) == ["id_leader: 所选领导不存在或已停用，请重新选择。"]
    assert Letter.objects.count() == 0
    ok = client.post("/write/leader/", letter_data(kind=None, leader=mayor.pk))
    assert ok.status_code == 302
    letter = Letter.objects.get()
    assert (letter.kind, letter.leader_id) == ("leader_mail", mayor.pk)


def test_site_error_needs_url_and_error_type_and_takes_a_screenshot(client: Client) -> None:
    bad = client.post(
        "/write/site-error/", letter_data(kind=None, url="ftp://x.gov.cn/a", error_type="")
    )
    assert bad.status_code == 400
    assert errors_of(page_text(bad)) == [
        "id_url: 请填写以 http:// 或 https:// 开头的网页地址。",
        "id_error_type: 请选择错误类型。",
    ]
    assert Letter.objects.count() == 0
    shot = SimpleUploadedFile("截图.png", PNG, content_type="image/png")
    ok = client.post(
        "/write/site-error/",
        letter_data(
            kind=None,
            url="www.ceshi.gov.cn/xxgk/1.html",
            error_type="broken_link",
            attachments=[shot],
        ),
    )
    assert ok.status_code == 302
    letter = Letter.objects.get()
    assert (letter.kind, letter.url, letter.error_type) == (
        "site_error",
        "https://www.ceshi.gov.cn/xxgk/1.html",
        "broken_link",
    )
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "截图.png",
        "image/png",
        len(PNG),
    )


def test_attachments_are_checked_by_content_and_count(client: Client, settings: Any) -> None:
    settings.DESK = replace(settings.DESK, attachment_max_count=2)
    html_file = SimpleUploadedFile("a.png", b"<html><script>x</script></html>", "image/png")
    refused = client.post("/write/interaction/", letter_data(attachments=[html_file]))
    assert refused.status_code == 400
    assert errors_of(page_text(refused)) == [
        "id_attachments: 文件“a.png”的类型不允许上传，仅支持JPG 图片、PNG 图片、GIF 图片、WebP 图片、PDF 文档、Word 文档、Excel 表格。"
    ]
    three = [SimpleUploadedFile(f"{i}.png", PNG, "image/png") for i in range(3)]
    too_many = client.post("/write/interaction/", letter_data(attachments=three))
    assert errors_of(page_text(too_many)) == ["id_attachments: 最多上传2个文件。"]
    assert (Letter.objects.count(), Attachment.objects.count()) == (0, 0)


def test_oversized_request_is_refused_before_parsing(client: Client, settings: Any) -> None:
    settings.DESK_REQUEST_MAX_BYTES = 1000
    big = SimpleUploadedFile("a.png", PNG + b"\0" * 2000, "image/png")
    response = client.post("/write/interaction/", letter_data(attachments=[big]))
    assert response.status_code == 413
    assert "提交的内容过大" in page_text(response)
    assert Letter.objects.count() == 0


def test_opinion_only_on_open_solicitations(client: Client) -> None:
    closed = SolicitationFactory(
        opens_on=timezone.localdate() - timedelta(days=30),
        closes_on=timezone.localdate() - timedelta(days=1),
    )
    assert "目前没有正在征求意见的事项。" in page_text(client.get("/write/opinion/"))
    open_one = SolicitationFactory()
    refused = client.post("/write/opinion/", letter_data(kind=None, solicitation=closed.pk))
    assert refused.status_code == 400
    assert errors_of(page_text(refused)) == [
        "id_solicitation: 所选征集已结束或不存在，请重新选择。"
    ]
    assert Letter.objects.count() == 0
    ok = client.post("/write/opinion/", letter_data(kind=None, solicitation=open_one.pk))
    assert ok.status_code == 302
    assert Letter.objects.get().solicitation_id == open_one.pk


def test_intake_service_errors_land_on_their_fields() -> None:
    from django.core.exceptions import ValidationError

    from frontend.refusals import refusal_of

    form = SiteErrorForm(data={})
    form.is_valid()
    refused = refusal_of(
        ValidationError(
            {"url": "「问题网页地址」：网站找错请填写出错网页的地址。", "other": "「其他」：错。"}
        )
    )
    assert refused.status == 400
    form.add_refusal(refused)
    assert form.errors["url"][-1] == "网站找错请填写出错网页的地址。"
    assert form.non_field_errors() == ["错。"]


def test_suggestions_while_typing_use_the_suggest_service(client: Client, desk: Desk) -> None:
    entry = desk.published_entry("怎样提取住房公积金支付房租？", "携带身份证和租房合同办理。")
    letter = desk.publish(replied(desk, submitted(title="咨询公积金租房提取")))
    html = page_text(client.get("/write/suggest/", {"title": "公积金租房提取", "body": ""}))
    assert f'<a href="/kb/{entry.pk}/"' in html
    assert f'<a href="/replies/{letter.tracking_number}/"' in html
    assert WRITER_NAME not in html
    short = page_text(client.get("/write/suggest/", {"title": "公积", "body": ""}))
    assert "suggestion-list" not in short


# --- lookup and rating ------------------------------------------------------------------


def test_lookup_with_a_wrong_code_is_refused(client: Client) -> None:
    letter = submitted()
    response = client.post(
        "/lookup/", {"tracking_number": letter.tracking_number, "query_code": "WRONG234"}
    )
    assert response.status_code == 404
    assert "未找到该信件，请核对信件编号和查询码。" in page_text(response)
    empty = client.post("/lookup/", {"tracking_number": "", "query_code": ""})
    assert empty.status_code == 400
    assert errors_of(page_text(empty)) == [
        "id_tracking_number: 请填写信件编号。",
        "id_query_code: 请填写查询码。",
    ]


def test_lookup_shows_public_timeline_and_reply_then_rating_closes(
    client: Client, desk: Desk
) -> None:
    letter = replied(desk, submitted())
    LetterEvent.objects.create(
        letter=letter, action="note", note="内部意见", public_note="不应显示", public=False
    )
    response = client.post(
        "/lookup/",
        {"tracking_number": letter.tracking_number.lower(), "query_code": letter.query_code},
    )
    assert response.status_code == 302
    assert response["Location"] == "/lookup/"
    html = page_text(client.get("/lookup/"))
    assert '<strong class="status">已答复</strong>' in html
    assert f"{WRITER_NAME}您好！租房提取公积金请携带身份证和租房合同到服务网点办理。" in html
    assert "来信已收到，等待受理。" in html
    assert "不应显示" not in html
    assert "内部意见" not in html
    for personal in (WRITER_PHONE, WRITER_ID, WRITER_ADDRESS):
        assert personal not in html
    assert 'action="/lookup/rate/"' in html

    bad = client.post("/lookup/rate/", {"rating": "great"})
    assert bad.status_code == 400
    assert errors_of(page_text(bad)) == ["id_rating: 请选择满意、基本满意或不满意。"]
    assert Letter.objects.get(pk=letter.pk).rating == ""

    no_reason = client.post("/lookup/rate/", {"rating": "unsatisfied", "comment": " "})
    assert no_reason.status_code == 400
    assert "选择“不满意”时，请写明不满意的原因，以便重新办理。" in page_text(no_reason)
    assert Letter.objects.get(pk=letter.pk).status == "replied"

    ok = client.post("/lookup/rate/", {"rating": "satisfied", "comment": "办得快"})
    assert ok.status_code == 302
    letter.refresh_from_db()
    assert (letter.rating, letter.rating_comment, letter.status) == (
        "satisfied",
        "办得快",
        "closed",
    )
    html = page_text(client.get("/lookup/"))
    assert "感谢您的评价，已提交。" in html
    assert "您的评价：<strong>满意</strong>" in html
    assert 'action="/lookup/rate/"' not in html

    again = client.post("/lookup/rate/", {"rating": "unsatisfied"})
    assert again.status_code == 409
    assert "该来信当前不能评价。" in page_text(again)
    assert Letter.objects.get(pk=letter.pk).rating == "satisfied"


def test_rating_without_a_lookup_changes_nothing(client: Client, desk: Desk) -> None:
    letter = replied(desk, submitted())
    response = client.post("/lookup/rate/", {"rating": "unsatisfied"})
    assert response.status_code == 302
    assert Letter.objects.get(pk=letter.pk).rating == ""


def test_leaving_the_lookup_forgets_the_letter(client: Client) -> None:
    letter = submitted()
    client.post(
        "/lookup/", {"tracking_number": letter.tracking_number, "query_code": letter.query_code}
    )
    assert letter.tracking_number in page_text(client.get("/lookup/"))
    client.post("/lookup/leave/")
    assert letter.tracking_number not in page_text(client.get("/lookup/"))


# --- published replies, knowledge base, statistics --------------------------------------


def test_reply_listing_shows_only_published_masked_letters_with_filters(
    client: Client, desk: Desk
) -> None:
    shown = desk.publish(replied(desk, submitted(title="咨询公积金提取手续")))
    other = desk.publish(
        replied(
            desk,
            submitted(
                title="建议增设公交站点",
                kind="suggestion",
                body="建议在新区学校门口增设一个公交站点，方便学生上下学。",
            ),
            reply="您好！已将站点纳入明年线网调整方案。",
        ),
    )
    private = replied(desk, submitted(title="不同意公开的来信", consent=False))

    html = page_text(client.get("/replies/"))
    assert "共 2 条" in html
    assert shown.public_title in html
    assert other.public_title in html
    assert private.title not in html
    for personal in (WRITER_NAME, WRITER_PHONE, WRITER_ID, WRITER_ADDRESS):
        assert personal not in html

    by_kind = page_text(client.get("/replies/", {"kind": "suggestion"}))
    assert "共 1 条" in by_kind
    assert "建议增设公交站点" in by_kind
    by_word = page_text(client.get("/replies/", {"q": "公积金"}))
    assert "共 1 条" in by_word
    assert "咨询公积金提取手续" in by_word
    by_dept = page_text(client.get("/replies/", {"department": desk.office.pk}))
    assert "共 0 条" in by_dept
    today = timezone.localdate().isoformat()
    by_date = page_text(client.get("/replies/", {"date_from": today, "date_to": today}))
    assert "共 2 条" in by_date

    # Numbered pages reach a capped number of rows; past it the reader narrows the filters.
    with patch.object(CappedPaginator, "cap", 1):
        for capped in (
            page_text(client.get("/replies/")),
            page_text(client.get("/replies/", {"page": "2"})),  # past the cap: the last page
        ):
            assert "超过 1 条，只列出前 1 页；请用关键词、答复单位或日期缩小范围" in capped
            assert capped.count('class="excerpt"') == 1
            assert "共 2 条" not in capped
            assert 'aria-label="分页"' not in capped
        assert "共 1 条" in page_text(client.get("/replies/", {"q": "公积金"}))

    bad = client.get("/replies/", {"date_from": "2026-13-01", "date_to": "", "kind": "x"})
    assert bad.status_code == 400
    assert errors_of(page_text(bad)) == [
        "id_kind: 所选类别不存在。",
        "id_date_from: 日期格式应为 2026-11-01。",
    ]
    reversed_range = client.get("/replies/", {"date_from": "2026-11-10", "date_to": "2026-11-01"})
    assert errors_of(page_text(reversed_range)) == ["id_date_to: 结束日期不能早于开始日期。"]

    detail = page_text(client.get(f"/replies/{shown.tracking_number}/"))
    assert shown.public_text in detail
    for personal in (WRITER_NAME, WRITER_PHONE, WRITER_ID, WRITER_ADDRESS):
        assert personal not in detail
    assert client.get(f"/replies/{private.tracking_number}/").status_code == 404


def test_knowledge_base_shows_only_published_entries(client: Client, desk: Desk) -> None:
    entry = desk.published_entry("怎样提取住房公积金支付房租？", "携带身份证和租房合同办理。")
    from knowledge_base import services as kb_services

    draft = kb_services.entry_create(
        actor=desk.users["publisher"], question="草稿：公积金贷款额度？", answer="未审核"
    )
    assert draft.status == EntryStatus.DRAFT
    listing = page_text(client.get("/kb/"))
    assert "怎样提取住房公积金支付房租？" in listing
    assert "草稿：公积金贷款额度？" not in listing
    found = page_text(client.get("/kb/", {"q": "公积金"}))
    assert f'<a href="/kb/{entry.pk}/">怎样提取住房公积金支付房租？</a>' in found
    assert "草稿" not in found
    detail = client.get(f"/kb/{entry.pk}/")
    assert detail.status_code == 200
    assert '<meta name="ArticleTitle" content="怎样提取住房公积金支付房租？">' in page_text(detail)
    assert client.get(f"/kb/{draft.pk}/").status_code == 404
    assert client.get("/kb/", {"q": "长" * 101}).status_code == 400


def test_statistics_page_has_table_and_chart_data(client: Client, desk: Desk) -> None:
    desk.publish(replied(desk, submitted()))
    submitted(title="另一封未答复的来信")
    year = timezone.localdate().year
    response = client.get("/statistics/")
    html = page_text(response)
    assert response.status_code == 200
    assert re.search(r"<dt>留言数</dt><dd>2</dd>", html)
    # The second letter waits for acceptance: 答复率 is 答复数 ÷ 受理数 (supervision.metrics).
    assert re.search(r"<dt>受理数</dt><dd>1</dd>", html)
    assert re.search(r"<dt>答复数</dt><dd>1</dd>", html)
    assert re.search(r"<dt>答复率</dt><dd>100.0%</dd>", html)
    month = timezone.localdate().strftime("%Y-%m")
    assert f'<tr><th scope="row">{month}</th><td>2</td><td>1</td><td>1</td><td>100.0%</td>' in html
    assert (
        '<tr><th scope="row">测试市住房公积金管理中心</th>'
        "<td>1</td><td>1</td><td>1</td><td>100.0%</td>" in html
    )
    assert "<dt>答复率</dt><dd>答复数 ÷ 受理数。</dd>" in html  # 指标说明
    assert '<script id="stats-data" type="application/json">' in html
    assert f'"year": {year}' in html
    assert "/static/vendor/echarts/echarts.min.js" in html
    assert client.get("/statistics/", {"year": "1999"}).status_code == 400


# --- 适老化 and page hygiene ---------------------------------------------------------------


def test_a11y_mode_toggles_with_a_cookie(client: Client) -> None:
    on = client.get("/a11y/", {"next": "/replies/"})
    assert (on.status_code, on["Location"]) == (302, "/replies/")
    assert on.cookies["desk_a11y"].value == "1"
    assert '<html lang="zh-CN" class="a11y">' in page_text(client.get("/replies/"))
    assert "退出适老化模式" in page_text(client.get("/"))
    off = client.get("/a11y/", {"next": "https://evil.example.com/"})
    assert off["Location"] == "/"
    assert off.cookies["desk_a11y"].value == ""
    assert '<html lang="zh-CN">' in page_text(client.get("/"))


def public_urls(desk: Desk) -> list[str]:
    letter = desk.publish(replied(desk, submitted()))
    entry = desk.published_entry("怎样提取住房公积金支付房租？", "携带身份证和租房合同办理。")
    return [
        "/",
        "/write/leader/",
        "/write/interaction/",
        "/write/site-error/",
        "/write/opinion/",
        "/receipt/",
        "/lookup/",
        "/replies/",
        f"/replies/{letter.tracking_number}/",
        "/kb/",
        "/kb/?q=公积金",
        f"/kb/{entry.pk}/",
        "/statistics/",
    ]


def test_public_pages_have_no_inline_code_and_no_personal_data(client: Client, desk: Desk) -> None:
    for url in public_urls(desk):
        response = client.get(url)
        assert response.status_code == 200, url
        html = page_text(response)
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html), url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url
        assert "<style" not in html, url
        for personal in (WRITER_NAME, WRITER_PHONE, WRITER_ID, WRITER_ADDRESS):
            assert personal not in html, (url, personal)
        assert '<a class="skip-link" href="#main">跳到主要内容</a>' in html
        assert '<main id="main"' in html


def test_rating_is_offered_only_while_the_window_is_open(client: Client, desk: Desk) -> None:
    letter = replied(desk, submitted())
    Letter.objects.filter(pk=letter.pk).update(replied_at=timezone.now() - timedelta(days=90))
    client.post(
        "/lookup/", {"tracking_number": letter.tracking_number, "query_code": letter.query_code}
    )
    assert 'action="/lookup/rate/"' not in page_text(client.get("/lookup/"))
    refused = client.post("/lookup/rate/", {"rating": "satisfied"})
    assert refused.status_code == 409
    assert "评价期已过。" in page_text(refused)
    assert workflow.rating_deadline(Letter.objects.get(pk=letter.pk)) is not None
    assert Letter.objects.get(pk=letter.pk).rating == ""


# --- abuse controls: captcha after repeated submissions, rate limits ------------------


def captcha_key(html: str) -> str:
    match = re.search(r'name="captcha_key" value="([0-9a-f]+)"', html)
    assert match, "no captcha on the page"
    return match.group(1)


def test_captcha_is_asked_after_repeated_submissions(client: Client, settings: Any) -> None:
    from captcha.models import CaptchaStore

    settings.DESK = replace(settings.DESK, captcha_after_submissions=1)
    first = page_text(client.get("/write/interaction/"))
    assert 'name="captcha"' not in first
    assert client.post("/write/interaction/", letter_data()).status_code == 302

    form_page = page_text(client.get("/write/interaction/"))
    key = captcha_key(form_page)
    assert f'<img src="/captcha/image/{key}/" alt="验证码图片' in form_page
    missing = client.post("/write/interaction/", letter_data(form_token="tok-second-letter-0001"))
    assert missing.status_code == 400
    assert "id_captcha: 请填写图片中的字符。" in errors_of(page_text(missing))

    wrong = client.post(
        "/write/interaction/",
        letter_data(form_token="tok-second-letter-0001", captcha_key=key, captcha="nope"),
    )
    assert wrong.status_code == 400
    assert errors_of(page_text(wrong)) == [
        "id_captcha: 验证码不正确或已过期，请按新的图片重新填写。"
    ]
    assert not CaptchaStore.objects.filter(hashkey=key).exists()  # used up
    assert Letter.objects.count() == 1

    fresh = captcha_key(page_text(wrong))
    answer = CaptchaStore.objects.get(hashkey=fresh).response
    ok = client.post(
        "/write/interaction/",
        letter_data(form_token="tok-second-letter-0001", captcha_key=fresh, captcha=answer.upper()),
    )
    assert ok.status_code == 302
    assert Letter.objects.count() == 2


def test_submissions_and_lookups_are_rate_limited(client: Client, settings: Any) -> None:
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "lookup": "2/min", "submit": "1/hour"},
    }
    settings.DESK = replace(settings.DESK, captcha_after_submissions=100)
    assert client.post("/write/interaction/", letter_data()).status_code == 302
    limited = client.post("/write/interaction/", letter_data(form_token="tok-another-0000001"))
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "您的操作过于频繁，为防止滥用，请约" in page_text(limited)
    assert Letter.objects.count() == 1

    guesses = [
        client.post("/lookup/", {"tracking_number": "XJ20260101-000001", "query_code": "AAAA2222"})
        for _ in range(3)
    ]
    assert [r.status_code for r in guesses] == [404, 404, 429]
