from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "interests_portal.accounts"
    label = "accounts"
    verbose_name = "Sign-in"
