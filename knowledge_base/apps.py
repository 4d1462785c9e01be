from django.apps import AppConfig


class KnowledgeBaseConfig(AppConfig):
    name = "knowledge_base"
    verbose_name = "知识库与公开"

    def ready(self) -> None:
        from core.redaction import redact
        from knowledge_base.search import index_published_letter
        from letters import hooks

        # Protected copies (DESIGN.md §4) hide the writer with the full PII detector.
        hooks.register_body_redactor(lambda text, name: redact(text, writer_name=name).text)
        hooks.on_publish(index_published_letter)
