from __future__ import annotations

from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="动态验证码",
        max_length=10,
        help_text="身份验证器应用中显示的 6 位数字，每 30 秒更新一次。",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
        error_messages={"required": "请输入动态验证码。"},
    )
