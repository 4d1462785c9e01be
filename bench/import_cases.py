"""import_cases on 100,000 historical cases (target: <= 5 minutes on PostgreSQL).

    python bench/import_cases.py [--rows 100000] [--format csv|xlsx]
        [--database-url postgres://root@127.0.0.1:5432/desk_bench_import]

Recreates the database, migrates, adds 30 departments, writes a file of generated cases
(all kinds, received over three years, a third marked public, some of those with a phone
number or the writer's name in the text so the publication gate keeps them private),
then times ``manage.py import_cases`` on it: the real run (check, gate, insert, audit)
and a second run of the same file (nothing to change). Prints rows/s and the totals.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.deadlines import recreate_database  # noqa: E402

HEADER = [
    "old_number",
    "kind",
    "title",
    "body",
    "name",
    "phone",
    "received_at",
    "replied_at",
    "department",
    "reply",
    "public",
    "rating",
]
KINDS = ["咨询", "投诉", "建议", "求助", "举报", "领导信箱", "网站找错", "征集意见"]
TOPICS = [
    ("公积金提取", "提取住房公积金需要准备哪些材料，多久可以到账"),
    ("小区噪音", "小区旁边的工地夜间施工，噪音很大影响休息"),
    ("公交线路", "新区上班的人越来越多，希望增加一条公交线路"),
    ("医保报销", "异地就医的医保报销流程是怎样的，需要备案吗"),
    ("路灯不亮", "人民路与建设路交叉口的路灯已经坏了半个月"),
    ("学位申请", "孩子明年上小学，学区划分什么时候公布"),
    ("网页链接", "政府网站办事指南栏目里的链接打不开"),
    ("垃圾清运", "小区门口的垃圾桶几天没有清运，气味很大"),
]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军"]


def generate(path: Path, rows: int, departments: list[str], *, fmt: str) -> None:
    rng = random.Random(20)
    start = datetime(2022, 1, 1, 8, 0)
    records = []
    for i in range(rows):
        topic, text = TOPICS[i % len(TOPICS)]
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        phone = f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
        received = start + timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        replied = received + timedelta(hours=rng.randint(2, 24 * 20))
        public = i % 3 == 0
        body = f"{text}。请有关部门尽快处理，谢谢！（第{i}号）"
        if public and i % 9 == 0:
            body += f"联系电话{phone}。"  # the gate keeps these private
        records.append(
            [
                f"OLD-{i:07d}",
                KINDS[i % len(KINDS)],
                f"关于{topic}的问题",
                body,
                name,
                phone,
                received.strftime("%Y-%m-%d %H:%M"),
                replied.strftime("%Y-%m-%d %H:%M"),
                departments[i % len(departments)],
                f"您好！关于{topic}，我局已经核实，相关情况已处理完毕，感谢您的监督。",
                "1" if public else "0",
                ["满意", "基本满意", "不满意", ""][i % 4],
            ]
        )
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(HEADER)
        for record in records:
            sheet.append(record)
        book.save(path)
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(records)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument(
        "--database-url", default="postgres://root@127.0.0.1:5432/desk_bench_import"
    )
    args = parser.parse_args()

    if args.database_url.startswith("postgres"):
        recreate_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from letters.models import Letter, LetterEvent
    from org.models import Department, DepartmentLevel

    call_command("migrate", verbosity=0)
    Department.objects.bulk_create(
        Department(code=f"B{i:03d}", name=f"基准市第{i}局", level=DepartmentLevel.DEPARTMENT)
        for i in range(30)
    )
    names = [d.name for d in Department.objects.filter(code__startswith="B")]

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"history.{args.format}"
        began = time.perf_counter()
        generate(path, args.rows, names, fmt=args.format)
        generate_s = time.perf_counter() - began

        out = StringIO()
        began = time.perf_counter()
        call_command("import_cases", str(path), stdout=out, stderr=sys.stderr)
        import_s = time.perf_counter() - began
        summary = out.getvalue().strip().splitlines()[-1]

        again = StringIO()
        began = time.perf_counter()
        call_command("import_cases", str(path), stdout=again, stderr=sys.stderr)
        rerun_s = time.perf_counter() - began

    print(
        json.dumps(
            {
                "rows": args.rows,
                "format": args.format,
                "database": Letter.objects.db,
                "vendor": django.db.connection.vendor,
                "generate_file_s": round(generate_s, 1),
                "import_s": round(import_s, 1),
                "rows_per_s": round(args.rows / import_s),
                "second_run_s": round(rerun_s, 1),
                "letters": Letter.objects.count(),
                "events": LetterEvent.objects.count(),
                "published": Letter.objects.filter(published_at__isnull=False).count(),
                "summary": summary,
                "second_run": again.getvalue().strip().splitlines()[-1],
                "target": "100,000 rows <= 300 s on PostgreSQL",
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
