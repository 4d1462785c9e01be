"""factory_boy factories for the core models (our own plausible demo-style data)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.models import User
from django.db.models import Model
from django.utils import timezone
from factory.declarations import LazyFunction, Sequence, SubFactory
from factory.django import DjangoModelFactory

from letters.choices import LetterKind
from org.models import Department, DepartmentLevel, Leader, Solicitation, Website

M = TypeVar("M", bound=Model)


class ModelFactory(DjangoModelFactory[M]):
    """``XFactory(**fields)`` creates and saves one ``M``, typed as ``M``.

    At run time factory_boy's metaclass turns the call into ``create(**fields)`` (the
    Django strategy); mypy reads a class call through ``__new__``, which factory_boy
    leaves unannotated (it only raises), so the call would type as the factory itself.
    This declaration, seen by mypy only, says what the call returns.
    """

    class Meta:
        abstract = True

    if TYPE_CHECKING:

        def __new__(cls, **fields: Any) -> M:  # type: ignore[misc]  # returns the model, by design
            ...


class DepartmentFactory(ModelFactory[Department]):
    class Meta:
        model = Department

    code = Sequence(lambda n: f"D{n:03d}")
    name = Sequence(lambda n: f"测试市第{n}局")
    level = DepartmentLevel.DEPARTMENT
    kinds = LazyFunction(lambda: [k.value for k in LetterKind])


class LeaderFactory(ModelFactory[Leader]):
    class Meta:
        model = Leader

    name = "王建国"
    title = "市长"
    office = SubFactory(DepartmentFactory)


class WebsiteFactory(ModelFactory[Website]):
    class Meta:
        model = Website

    name = "测试市人民政府门户网站"
    domains = LazyFunction(lambda: ["www.ceshi.gov.cn"])
    site_code = Sequence(lambda n: f"99{n:08d}")
    owner = SubFactory(DepartmentFactory)


class SolicitationFactory(ModelFactory[Solicitation]):
    class Meta:
        model = Solicitation

    title = "《测试市城市绿化条例（草案）》公开征求意见"
    text = "为提高立法质量，现将草案全文公布，征求社会各界意见。"
    owner = SubFactory(DepartmentFactory)
    opens_on = LazyFunction(lambda: timezone.localdate() - timedelta(days=5))
    closes_on = LazyFunction(lambda: timezone.localdate() + timedelta(days=25))


def staff_user(username: str, role: str, department: Department) -> User:
    """A staff account in one role group, belonging to ``department``."""
    from django.contrib.auth.models import Group

    from org.models import StaffProfile

    user = User.objects.create_user(username=username, password="x" * 12)
    user.groups.add(Group.objects.get(name=role))
    StaffProfile.objects.create(user=user, department=department)
    return user


def two_department_staff(office: Department, a: Department, b: Department) -> dict[str, User]:
    """The usual cast: the office's dispatcher, publisher, supervisor, admin and auditor,
    and a handler and a reviewer in each of two departments (``handler_a`` …)."""
    return {
        "dispatcher": staff_user("dispatcher", "dispatcher", office),
        "publisher": staff_user("publisher", "publisher", office),
        "supervisor": staff_user("supervisor", "supervisor", office),
        "handler_a": staff_user("handler_a", "handler", a),
        "reviewer_a": staff_user("reviewer_a", "reviewer", a),
        "handler_b": staff_user("handler_b", "handler", b),
        "reviewer_b": staff_user("reviewer_b", "reviewer", b),
        "admin": staff_user("admin_user", "admin", office),
        "auditor": staff_user("auditor", "auditor", office),
    }


def edit_policy(kind: str, step: str = "reply", **fields: Any) -> None:
    """Change a deadline policy as the admin does (a saved row: every process's copy of
    the policies is reloaded, letters.services.deadlines.POLICIES)."""
    from letters.models import DeadlinePolicy

    policy = DeadlinePolicy.objects.get(kind=kind, step=step)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.save()
