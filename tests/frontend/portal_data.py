"""Data for the public portal tests (Django client and browser): the writer whose letters
they send, and the reply to them. The desk that answers them is the shared world
(tests/world.py) with department a named 测试市住房公积金管理中心 (``PORTAL_DESK``)."""

from __future__ import annotations

import pytest

from letters.models import Letter
from letters.services.intake import LetterSubmission, letter_submit
from tests.world import Desk

WRITER_NAME = "欧阳明轩"
WRITER_PHONE = "13912345678"
WRITER_ID = "110105198001010033"
WRITER_ADDRESS = "临江市幸福路88号3栋502室"
REPLY = f"{WRITER_NAME}您好！租房提取公积金请携带身份证和租房合同到服务网点办理。"

# The mark a portal test module carries: the department that answers is the fund centre.
PORTAL_DESK = pytest.mark.desk(a="测试市住房公积金管理中心")


def submitted(
    *,
    title: str = "咨询公积金提取手续",
    body: str = "",
    kind: str = "consultation",
    consent: bool = True,
) -> Letter:
    body = body or (
        f"我叫{WRITER_NAME}，电话{WRITER_PHONE}，住在{WRITER_ADDRESS}。"
        "想提取住房公积金支付房租，需要什么材料？"
    )
    return letter_submit(
        submission=LetterSubmission(
            kind=kind,
            title=title,
            body=body,
            name=WRITER_NAME,
            phone=WRITER_PHONE,
            id_number=WRITER_ID,
            address=WRITER_ADDRESS,
            consent_public=consent,
        )
    ).letter


def replied(desk: Desk, letter: Letter, reply: str = REPLY) -> Letter:
    """The writer's letter answered by the desk (:meth:`Desk.reply`): status 已答复."""
    return desk.reply(letter, reply)
