from django.apps import AppConfig


class SurveysConfig(AppConfig):
    """Surveys, hearings and reviews (网上调查/听证/评议), their responses, results and feedback reports (采纳情况)."""

    name = "surveys"
    verbose_name = "网上调查"
