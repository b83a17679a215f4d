from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "interests_portal.accounts"
    label = "accounts"
    verbose_name = "Sign-in"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the Entra credential check)
