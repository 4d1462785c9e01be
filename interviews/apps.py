from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    """Online interviews (在线访谈): the yearly plan, public questions and their moderation, the live page, transcripts."""

    name = "interviews"
    verbose_name = "在线访谈"
