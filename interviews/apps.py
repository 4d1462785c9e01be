from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    """Online interviews (在线访谈): the yearly plan, public questions and their moderation, the live page, transcripts."""

    name = "interviews"
    verbose_name = "在线访谈"

    def ready(self) -> None:
        from interviews.metrics import period_figures
        from supervision.engagement import EngagementFigure, register

        # Supervision's reports count the interviews held and the questions answered.
        register(
            period_figures,
            [
                EngagementFigure(
                    "interviews_held",
                    "举办在线访谈场次",
                    "计划时间在统计期内、已举办（已结束）的在线访谈场次。",
                ),
                EngagementFigure(
                    "interview_questions_answered",
                    "答复网友提问数",
                    "上述访谈中得到答复的网友提问数（现场答复与会后答复；转为来信办理的计入来信）。",
                ),
            ],
        )
