"""Client authentication with a certificate, as Entra ID does it: a JWT client assertion (RFC 7523,
`private_key_jwt`) signed with the key of a certificate registered for the application.

The registered certificates are the PEM certificates in LOCAL_TENANT_CLIENT_CERTIFICATE_PATH (several may be
registered at once, as in an app registration during a rotation; a private key in the same file is ignored).
"""

import base64
import binascii
import functools
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

from .oauth import OAuthError
from .tokens import b64url

logger = logging.getLogger(__name__)

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
# MSAL signs PS256 with the SHA-256 thumbprint (x5t#S256) when it has the certificate, RS256 with the SHA-1
# thumbprint (x5t) when it has only a thumbprint; Entra accepts both.
ALGORITHMS = ("RS256", "PS256")
REQUIRED_CLAIMS = ["aud", "iss", "sub", "exp", "jti"]  # nbf is checked when present: MSAL Python sends none
CLOCK_SKEW_SECONDS = 300


@dataclass(frozen=True)
class RegisteredCertificate:
    certificate: x509.Certificate
    public_key: rsa.RSAPublicKey
    x5t: str  # base64url SHA-1 thumbprint, as in a JWT header
    x5t_s256: str  # base64url SHA-256 thumbprint

    @property
    def thumbprint(self) -> str:
        return self.certificate.fingerprint(hashes.SHA1()).hex().upper()  # noqa: S303  (Entra's thumbprint)


def invalid_client(description: str) -> OAuthError:
    return OAuthError("invalid_client", description, status=401)


@functools.lru_cache(maxsize=4)
def _load(path: str, modified_ns: int) -> tuple[RegisteredCertificate, ...]:
    registered = []
    for certificate in x509.load_pem_x509_certificates(Path(path).read_bytes()):
        key = certificate.public_key()
        if isinstance(key, rsa.RSAPublicKey):
            registered.append(
                RegisteredCertificate(
                    certificate=certificate,
                    public_key=key,
                    x5t=b64url(certificate.fingerprint(hashes.SHA1())),  # noqa: S303
                    x5t_s256=b64url(certificate.fingerprint(hashes.SHA256())),
                )
            )
    return tuple(registered)


def registered_certificates() -> tuple[RegisteredCertificate, ...]:
    """The application's registered certificates (re-read when the file changes); none when no path is set."""
    path = settings.LOCAL_TENANT_CLIENT_CERTIFICATE_PATH
    if not path:
        return ()
    try:
        return _load(path, os.stat(path).st_mtime_ns)
    except (OSError, ValueError) as error:
        logger.error("local tenant: LOCAL_TENANT_CLIENT_CERTIFICATE_PATH %s can't be read: %s", path, error)
        raise invalid_client(
            "AADSTS700027: Client assertion contains an invalid signature. [Reason - The application's registered "
            f"certificate could not be read from LOCAL_TENANT_CLIENT_CERTIFICATE_PATH: {error}]"
        ) from None


def _hex_thumbprint(value: object) -> str:
    try:
        return base64.urlsafe_b64decode(str(value) + "=" * (-len(str(value)) % 4)).hex().upper()
    except (binascii.Error, ValueError):
        return str(value)


def _registered_for(header: dict) -> RegisteredCertificate:
    registered = registered_certificates()
    if not registered:
        raise invalid_client(
            "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found. No "
            "certificate is registered for the application (LOCAL_TENANT_CLIENT_CERTIFICATE_PATH).]"
        )
    # MSAL Python writes the thumbprints base64url *with* padding; Entra takes them with or without.
    x5t, x5t_s256 = (str(header.get(name) or "").rstrip("=") for name in ("x5t", "x5t#S256"))
    if not x5t and not x5t_s256:
        raise invalid_client(
            "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found. The "
            "assertion's header names no certificate: send x5t#S256 or x5t.]"
        )
    for candidate in registered:
        if (not x5t or x5t == candidate.x5t) and (not x5t_s256 or x5t_s256 == candidate.x5t_s256):
            return candidate
    raise invalid_client(
        "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found., "
        f"Thumbprint of key used by client: '{_hex_thumbprint(x5t or x5t_s256)}'. Please visit the Azure Portal, "
        "Graph Explorer or directly use MS Graph to see configured keys for app Id "
        f"'{settings.LOCAL_TENANT_CLIENT_ID}'.]"
    )


def verify_client_assertion(assertion: str, *, client_id: str, audience: str) -> None:
    """Accepts an assertion signed with a registered certificate's key, for `client_id`, addressed to the token
    endpoint (`audience`) and within its time range; raises OAuthError invalid_client (401) otherwise.

    Its `jti` is required but may be presented again: MSAL reuses one assertion for up to ten minutes, and Entra
    accepts that."""
    try:
        header = jwt.get_unverified_header(assertion)
    except jwt.PyJWTError:
        raise invalid_client("AADSTS50027: JWT token is invalid or malformed.") from None
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise invalid_client(
            f"AADSTS50027: JWT token is invalid or malformed. The client assertion's algorithm '{algorithm}' is "
            f"not supported: use {' or '.join(ALGORITHMS)}."
        )
    registered = _registered_for(header)
    now = datetime.now(UTC)
    if not registered.certificate.not_valid_before_utc <= now <= registered.certificate.not_valid_after_utc:
        raise invalid_client(
            "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key used is expired., "
            f"Thumbprint of key used by client: '{registered.thumbprint}']"
        )
    try:
        claims = jwt.decode(
            assertion,
            registered.public_key,
            algorithms=[algorithm],
            audience=audience,
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.InvalidSignatureError:
        raise invalid_client(
            "AADSTS700027: Client assertion contains an invalid signature. [Reason - The assertion was not signed "
            f"with the key of the registered certificate., Thumbprint of key used by client: "
            f"'{registered.thumbprint}']"
        ) from None
    except (jwt.ExpiredSignatureError, jwt.ImmatureSignatureError):
        raise invalid_client(
            f"AADSTS700024: Client assertion is not within its valid time range. Current time: "
            f"{now:%Y-%m-%dT%H:%M:%S.%fZ}."
        ) from None
    except jwt.InvalidAudienceError:
        raise invalid_client(
            f"AADSTS700023: Client assertion audience claim does not match Realm issuer. The audience must be the "
            f"token endpoint, '{audience}'."
        ) from None
    except jwt.MissingRequiredClaimError as error:
        raise invalid_client(
            f"AADSTS50027: JWT token is invalid or malformed. The client assertion has no '{error.claim}' claim."
        ) from None
    except jwt.PyJWTError:
        raise invalid_client("AADSTS50027: JWT token is invalid or malformed.") from None
    if claims["iss"] != client_id or claims["sub"] != client_id:
        raise invalid_client(
            "AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter. The "
            "assertion's iss and sub must both be the client id."
        )
