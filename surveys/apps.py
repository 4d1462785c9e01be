from django.apps import AppConfig


class SurveysConfig(AppConfig):
    """Surveys, hearings and reviews (网上调查/听证/评议), their responses, results and feedback reports (采纳情况)."""

    name = "surveys"
    verbose_name = "网上调查"

    def ready(self) -> None:
        from supervision.engagement import EngagementFigure, register
        from surveys.metrics import period_figures

        # Supervision's reports count the surveys closed and their feedback reports.
        register(
            period_figures,
            [
                EngagementFigure(
                    "surveys_closed",
                    "网上调查结束数",
                    "截止日在统计期内的网上调查、听证和评议数。",
                ),
                EngagementFigure(
                    "surveys_feedback_due",
                    "应公开采纳情况数",
                    "采纳情况公开期限（截止后的工作日数，复杂事项可延长）在统计期内的调查数。",
                ),
                EngagementFigure(
                    "surveys_feedback_on_time",
                    "按期公开采纳情况数",
                    "其中在期限内公开采纳情况的调查数。",
                ),
            ],
        )
