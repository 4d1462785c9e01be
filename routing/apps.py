from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "routing"
    verbose_name = "智能分办"

    def ready(self) -> None:
        from letters import hooks
        from routing import services, tasks  # noqa: F401

        hooks.on_dispatch(services.record_correction)
        hooks.register_routing_advice(services.advice_for_api)
