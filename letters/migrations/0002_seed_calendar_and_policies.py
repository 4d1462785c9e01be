"""Seed the working-day calendar from chinese-calendar and the default deadline policies.

After ``migrate`` alone the calendar is usable for 2004–2026 (version 1); later years are
imported by an admin (``calendar_import``) as the State Council publishes them.
"""

from typing import Any

from django.db import migrations

SEED_SOURCE = "chinese-calendar 软件包（国务院办公厅节假日安排通知）"

INTERACTION_SOURCE = (
    "荷塘区政府门户网站考核评分细则（互动交流栏目）：咨询、投诉、建议等互动留言在收到后"
    "3个工作日内办结答复；情况复杂的，延期不超过15个工作日（12345热线办理惯例）。"
)
POLICIES = [
    ("leader_mail", "reply", 3, 15, INTERACTION_SOURCE),
    ("consultation", "reply", 3, 15, INTERACTION_SOURCE),
    ("complaint", "reply", 3, 15, INTERACTION_SOURCE),
    ("suggestion", "reply", 3, 15, INTERACTION_SOURCE),
    ("help", "reply", 3, 15, INTERACTION_SOURCE),
    ("report", "reply", 3, 15, INTERACTION_SOURCE),
    (
        "site_error",
        "reply",
        2,
        15,
        "山西省政府网站管理办法 第二十五条（三）：网民纠错留言在2个工作日内答复处理"
        "（德阳市等地为3个工作日，可按本地规定调整）。",
    ),
    (
        "site_error",
        "review",
        2,
        5,
        "山西省政府网站管理办法 第二十五条（三）：答复经政府网站主管单位审核后公开。",
    ),
    (
        "opinion",
        "reply",
        7,
        15,
        "德阳市政府网站管理暂行办法 第二十五条：征集意见在7个工作日内反馈，"
        "情况复杂的不超过15个工作日。",
    ),
]


def seed(apps: Any, schema_editor: Any) -> None:
    from workdays.calendar_core import (
        DayKind,
        seed_overrides_from_chinese_calendar,
        weekend_holiday_names_from_chinese_calendar,
    )

    calendar_day = apps.get_model("letters", "CalendarDay")
    calendar_year = apps.get_model("letters", "CalendarYear")
    policy = apps.get_model("letters", "DeadlinePolicy")

    overrides, years = seed_overrides_from_chinese_calendar()
    rows = [
        calendar_day(
            day=o.day,
            is_workday=o.kind == DayKind.WORKDAY,
            name=o.name,
            source=SEED_SOURCE,
            version=1,
        )
        for o in overrides
    ]
    rows += [
        calendar_day(day=day, is_workday=False, name=name, source=SEED_SOURCE, version=1)
        for day, name in weekend_holiday_names_from_chinese_calendar().items()
    ]
    calendar_day.objects.bulk_create(rows, batch_size=500)
    calendar_year.objects.bulk_create(
        calendar_year(year=year, source=SEED_SOURCE, version=1) for year in sorted(years)
    )
    policy.objects.bulk_create(
        policy(kind=kind, step=step, working_days=days, max_working_days=cap, source=source)
        for kind, step, days, cap, source in POLICIES
    )


def unseed(apps: Any, schema_editor: Any) -> None:
    for model in ("CalendarDay", "CalendarYear", "DeadlinePolicy"):
        apps.get_model("letters", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
