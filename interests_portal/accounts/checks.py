"""Start-up checks of the app's credential for Microsoft Entra ID: a client secret or a certificate, exactly one."""

from datetime import timedelta

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.utils import timezone

CERTIFICATE_RENEWAL_WARNING = timedelta(days=30)


@register(Tags.security)
def entra_client_credential(app_configs, **kwargs) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    path = settings.ENTRA_CLIENT_CERTIFICATE_PATH
    if not settings.LOCAL_TENANT_ENABLED:
        if not settings.ENTRA_CLIENT_SECRET and not path:
            messages.append(
                Error(
                    "The app has no credential for Microsoft Entra ID.",
                    hint="Set ENTRA_CLIENT_CERTIFICATE_PATH (a PEM file with the private key and the certificate "
                    "uploaded to the app registration) or ENTRA_CLIENT_SECRET.",
                    id="accounts.E001",
                )
            )
        elif settings.ENTRA_CLIENT_SECRET and path:
            messages.append(
                Error(
                    "Both ENTRA_CLIENT_SECRET and ENTRA_CLIENT_CERTIFICATE_PATH are set.",
                    hint="Keep exactly one: the certificate (preferred) or the secret. Remove the other from the "
                    "environment, and from the app registration once it is no longer used.",
                    id="accounts.E002",
                )
            )
    if path:
        messages += _certificate_messages(path)
    return messages


def _certificate_messages(path: str) -> list[CheckMessage]:
    from .entra import CertificateError, client_certificate  # not at import time: entra pulls in MSAL

    try:
        certificate = client_certificate(path, settings.ENTRA_CLIENT_CERTIFICATE_PASSWORD)
    except CertificateError as error:
        return [
            Error(
                f"The client certificate can't be used: {error}",
                hint="ENTRA_CLIENT_CERTIFICATE_PATH must name a PEM file holding an RSA private key and its "
                "certificate; ENTRA_CLIENT_CERTIFICATE_PASSWORD is needed exactly when the key is encrypted.",
                id="accounts.E003",
            )
        ]
    now = timezone.now()
    if not certificate.not_valid_before <= now <= certificate.not_valid_after:
        return [
            Error(
                f"The client certificate ({certificate.subject}, thumbprint {certificate.sha1_thumbprint}) is "
                f"valid from {certificate.not_valid_before:%Y-%m-%d} to {certificate.not_valid_after:%Y-%m-%d}: "
                "Microsoft Entra ID refuses it outside that time.",
                hint="Create a new certificate, upload it to the app registration and point "
                "ENTRA_CLIENT_CERTIFICATE_PATH at it.",
                id="accounts.E004",
            )
        ]
    if certificate.not_valid_after - now < CERTIFICATE_RENEWAL_WARNING:
        return [
            Warning(
                f"The client certificate (thumbprint {certificate.sha1_thumbprint}) expires on "
                f"{certificate.not_valid_after:%Y-%m-%d}.",
                hint="Upload its successor to the app registration now (both can be registered at once), then "
                "switch ENTRA_CLIENT_CERTIFICATE_PATH.",
                id="accounts.W001",
            )
        ]
    return []
