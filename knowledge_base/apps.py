from django.apps import AppConfig


class KnowledgeBaseConfig(AppConfig):
    name = "knowledge_base"
    verbose_name = "知识库与公开"

    def ready(self) -> None:
        from knowledge_base.gate import check_letter
        from knowledge_base.search import index_published_letter
        from letters import hooks

        hooks.register_publication_gate(check_letter)
        hooks.on_publish(index_published_letter)
