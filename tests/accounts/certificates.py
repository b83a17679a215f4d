"""Self-signed certificates for the certificate-credential tests, made with `cryptography` in a test's tmp_path."""

import base64
import datetime
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Certificate:
    key: Any
    certificate: x509.Certificate
    pem_path: Path  # private key and certificate: what the portal is given
    certificate_path: Path  # the certificate alone: what is registered with the identity provider

    @property
    def x5t(self) -> str:
        return b64url(self.certificate.fingerprint(hashes.SHA1()))  # noqa: S303

    @property
    def x5t_s256(self) -> str:
        return b64url(self.certificate.fingerprint(hashes.SHA256()))

    def assertion(
        self,
        *,
        client_id: str,
        audience: str,
        algorithm: str = "PS256",
        header: dict[str, Any] | None = None,
        key: Any = None,
        **claims: Any,
    ) -> str:
        """A client assertion as MSAL makes one; keyword arguments replace (None: remove) claims."""
        now = int(time.time())
        payload = {"aud": audience, "iss": client_id, "sub": client_id, "exp": now + 600, "iat": now}
        payload |= {"jti": str(uuid.uuid4()), "nbf": now}
        payload |= claims
        payload = {name: value for name, value in payload.items() if value is not None}
        thumbprint = {"x5t#S256": self.x5t_s256} if algorithm == "PS256" else {"x5t": self.x5t}
        return jwt.encode(payload, key or self.key, algorithm=algorithm, headers=header or thumbprint)


def make_certificate(
    directory: Path,
    name: str = "portal",
    *,
    password: str = "",
    not_before: datetime.datetime | None = None,
    not_after: datetime.datetime | None = None,
    elliptic: bool = False,
    key_first: bool = False,
) -> Certificate:
    key: Any = ec.generate_private_key(ec.SECP256R1()) if elliptic else rsa.generate_private_key(65537, 2048)
    now = datetime.datetime.now(datetime.UTC)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Interests Portal test {name}")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - datetime.timedelta(minutes=5))
        .not_valid_after(not_after or now + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    encryption = serialization.BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    certificate_pem = certificate.public_bytes(serialization.Encoding.PEM)
    pem_path = directory / f"{name}.pem"
    pem_path.write_bytes(key_pem + certificate_pem if key_first else certificate_pem + key_pem)
    certificate_path = directory / f"{name}.crt"
    certificate_path.write_bytes(certificate_pem)
    return Certificate(key, certificate, pem_path, certificate_path)
