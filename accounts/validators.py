"""Password rules of 等保2.0 (GB/T 22239-2019 8.1.4.1): complexity, common passwords, no
reuse of recent passwords, and a strength estimate (zxcvbn) on top, which sees through
what the character-class rule lets pass (``Password123!``: a common word, a sequence and
a symbol). Length is Django's MinimumLengthValidator; expiry is enforced by
accounts.middleware from the date the history below records."""

from __future__ import annotations

import string
from typing import Any

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from zxcvbn import zxcvbn

from accounts import services

# Passwords common in Chinese-context leaks and guides (keyboard walks, pinyin, dates,
# 我爱你 numerology) that the English-centred list of Django does not all carry.
# Compared case-insensitively, after stripping spaces.
CHINESE_COMMON_PASSWORDS = frozenset(
    {
        "a1234567890",
        "a123456789",
        "a12345678",
        "aa123456789",
        "abc1234567",
        "abc123456789",
        "qwer1234!",
        "qwer1234!@#$",
        "qwerasdfzxcv",
        "qwe123!@#",
        "1qaz2wsx3edc",
        "1qaz@wsx3edc",
        "1qaz@wsx#edc",
        "zaq1@wsx3edc",
        "p@ssw0rd",
        "p@ssw0rd123",
        "p@ssw0rd!",
        "p@$$w0rd",
        "passw0rd!",
        "password1!",
        "admin@123",
        "admin@1234",
        "admin123456",
        "admin@123456",
        "root@123456",
        "abcd@1234",
        "abc@123456",
        "woaini1314",
        "woaini1314520",
        "woaini520",
        "5201314520",
        "1314520520",
        "iloveyou1314",
        "aini1314520",
        "wangyi123456",
        "zhangwei123",
        "zhang123456",
        "wang123456",
        "li123456789",
        "liu123456789",
        "chen123456",
        "huawei@123",
        "huawei123456",
        "tianya123456",
        "baidu123456",
        "qq123456789",
        "qq1234567890",
        "zxcvbnm123",
        "asdfghjkl123",
        "1234qwer!@#$",
        "1234qwer",
        "123qwe!@#",
        "123qweasdzxc",
        "q1w2e3r4t5",
        "q1w2e3r4t5y6",
        "gov@123456",
        "zhengfu123",
        "zhengfu@123",
        "linjiang123",
        "linjiang@123",
    }
)


class CharacterClassesValidator:
    """At least ``min_classes`` of: upper-case letters, lower-case letters, digits,
    symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    @staticmethod
    def classes(password: str) -> int:
        return sum(
            [
                any(c.isupper() for c in password),
                any(c.islower() for c in password),
                any(c in string.digits for c in password),
                any(not c.isalnum() for c in password),
            ]
        )

    def validate(self, password: str, user: Any = None) -> None:
        if self.classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return f"密码须包含大写字母、小写字母、数字、符号中的至少{self.min_classes}类。"


class ChineseCommonPasswordValidator:
    """Refuses the well-known passwords above (Django's CommonPasswordValidator covers the
    international list)."""

    def validate(self, password: str, user: Any = None) -> None:
        if "".join(password.split()).lower() in CHINESE_COMMON_PASSWORDS:
            raise ValidationError(
                "这个密码太常见，容易被猜到，请换一个。", code="password_too_common"
            )

    def get_help_text(self) -> str:
        return "不能使用常见密码。"


class PasswordHistoryValidator:
    """No reuse of the last ``keep`` passwords; records each new password (Django calls
    ``password_changed`` whenever a user's password is set and saved)."""

    def __init__(self, keep: int = 5) -> None:
        self.keep = keep

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or not getattr(user, "pk", None):
            return
        hashes = services.recent_password_hashes(user, self.keep)
        if user.password and user.password not in hashes:
            hashes.append(user.password)
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(f"不能使用最近{self.keep}次用过的密码。", code="password_reused")

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is not None:
            services.record_password(user, self.keep)

    def get_help_text(self) -> str:
        return f"不能与最近{self.keep}次用过的密码相同。"


# zxcvbn's warnings (English), in Chinese; a warning not listed gets the general advice.
STRENGTH_WARNINGS = {
    "Straight rows of keys are easy to guess.": "键盘上连成一排的按键很容易被猜到。",
    "Short keyboard patterns are easy to guess.": "简短的键盘图案很容易被猜到。",
    'Repeats like "aaa" are easy to guess.': "“aaa”这样的重复字符很容易被猜到。",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': (
        "“abcabcabc”这样的重复片段并不比“abc”难猜多少。"
    ),
    'Sequences like "abc" or "6543" are easy to guess.': "“abc”“6543”这样的顺序字符很容易被猜到。",
    "Recent years are easy to guess.": "近年的年份很容易被猜到。",
    "Dates are often easy to guess.": "日期往往很容易被猜到。",
    "This is a top-10 common password.": "这是最常见的 10 个密码之一。",
    "This is a top-100 common password.": "这是最常见的 100 个密码之一。",
    "This is a very common password.": "这是非常常见的密码。",
    "This is similar to a commonly used password.": "与常用密码过于相似（大小写、数字或符号替换不能让它变安全）。",
    "A word by itself is easy to guess.": "单个常用单词很容易被猜到。",
    "Names and surnames by themselves are easy to guess.": "单独的姓名很容易被猜到。",
    "Common names and surnames are easy to guess.": "常见的姓名很容易被猜到。",
}
STRENGTH_ADVICE = "请换一个更长、不含常用单词、姓名、日期、键盘顺序和账号信息的密码，例如由几个不相关的词语拼音加数字和符号组成。"
# zxcvbn reads at most this many characters (its run time grows with the length; longer
# passwords are judged by their first part, which only makes the estimate stricter).
STRENGTH_MAX_CHARS = 100


class StrengthValidator:
    """A password zxcvbn estimates easier than ``min_score`` (0-4; 3 = about 10^8 guesses,
    "safely unguessable" offline against a slow hash) is refused, whatever character
    classes it has. The account's own details (user name, names, e-mail) count as known
    words, so ``Zhangsan@2026`` is weak for zhangsan."""

    def __init__(self, min_score: int = 3) -> None:
        self.min_score = min_score

    def validate(self, password: str, user: Any = None) -> None:
        result = zxcvbn(password[:STRENGTH_MAX_CHARS], user_inputs=_user_words(user))
        score = int(result["score"])
        if score >= self.min_score:
            return
        warning = STRENGTH_WARNINGS.get(str(result["feedback"]["warning"]), "")
        raise ValidationError(
            f"密码强度不足（强度{score}级，至少需要{self.min_score}级，共4级），容易被猜到。"
            f"{warning}{STRENGTH_ADVICE}",
            code="password_too_guessable",
        )

    def get_help_text(self) -> str:
        return "密码须足够难猜：不能主要由常用单词、姓名、日期、键盘顺序或账号信息组成。"


def _user_words(user: Any) -> list[str]:
    if user is None:
        return []
    words = [
        str(getattr(user, name, "") or "")
        for name in ("username", "first_name", "last_name", "email")
    ]
    email = words[-1]
    if "@" in email:
        words.append(email.split("@", 1)[0])
    return [word for word in words if word]
