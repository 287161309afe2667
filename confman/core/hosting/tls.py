"""The host's self-signed TLS certificate: generated once, pinned by desks by its SHA-256 fingerprint.

Generated with the ``cryptography`` package (a dependency); the ``openssl`` command line is the
fallback where that package is missing. ``fetch_server_certificate`` is the desk's side: it asks
a PostgreSQL endpoint for TLS (the protocol's SSLRequest) and returns the certificate it presents,
without trusting it, so the caller can compare fingerprints before storing it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import ssl
import struct
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from confman.core.errors import DomainError

SSL_REQUEST = struct.pack("!ii", 8, 80877103)
CERT_DAYS = 3650


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def _generate_with_cryptography(common_name: str) -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "confman")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=CERT_DAYS))
        # Its own trust anchor: desks pin exactly this certificate (libpq sslmode=verify-ca).
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=False,
                                     content_commitment=False, key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def _generate_with_openssl(common_name: str) -> tuple[bytes, bytes]:
    exe = shutil.which("openssl")
    if exe is None:
        raise DomainError("hosting.no_tls_tool")
    with tempfile.TemporaryDirectory(prefix="confman-tls-") as tmp:
        key, cert = Path(tmp) / "key.pem", Path(tmp) / "cert.pem"
        subprocess.run(
            [exe, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", str(key), "-out", str(cert), "-days", str(CERT_DAYS), "-subj",
             f"/O=confman/CN={common_name}", "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0",
             "-addext", "keyUsage=critical,digitalSignature,keyCertSign", "-addext", "extendedKeyUsage=serverAuth"],
            check=True, capture_output=True, timeout=30,
        )
        return cert.read_bytes(), key.read_bytes()


def ensure_certificate(cert_path: Path, key_path: Path, common_name: str) -> str:
    """Create the certificate and key once (key readable by the owner only); returns the fingerprint."""
    if not (cert_path.is_file() and key_path.is_file()):
        try:
            cert_pem, key_pem = _generate_with_cryptography(common_name)
        except ImportError:
            cert_pem, key_pem = _generate_with_openssl(common_name)
        _write_private(key_path, key_pem)
        cert_path.write_bytes(cert_pem)
    return fingerprint_pem(cert_path.read_text(encoding="ascii"))


def fingerprint_der(der: bytes) -> str:
    """SHA-256 of the certificate, as lower-case hex."""
    return hashlib.sha256(der).hexdigest()


def fingerprint_pem(pem: str) -> str:
    return fingerprint_der(ssl.PEM_cert_to_DER_cert(pem))


def format_fingerprint(hex_digest: str) -> str:
    """``AB:CD:…`` the way certificate viewers show it."""
    return ":".join(hex_digest[i:i + 2] for i in range(0, len(hex_digest), 2)).upper()


def fetch_server_certificate(address: str, port: int, *, timeout: float = 4.0) -> bytes:
    """The DER certificate a PostgreSQL endpoint presents after an SSLRequest (not verified here).

    Raises ``hosting.join.unreachable`` when nothing answers in ``timeout`` seconds and
    ``hosting.join.not_a_host`` when the endpoint refuses TLS.
    """
    try:
        raw = socket.create_connection((address, port), timeout=timeout)
    except OSError as exc:
        raise DomainError("hosting.join.unreachable", address=address, port=port,
                          detail=exc.strerror or type(exc).__name__) from exc
    with raw:
        try:
            raw.sendall(SSL_REQUEST)
            answer = raw.recv(1)
        except OSError as exc:
            raise DomainError("hosting.join.unreachable", address=address, port=port,
                              detail=exc.strerror or type(exc).__name__) from exc
        if answer != b"S":
            raise DomainError("hosting.join.not_a_host", address=address, port=port)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # compared with the pinned fingerprint by the caller
        try:
            with context.wrap_socket(raw, server_hostname=None) as tls:
                der = tls.getpeercert(binary_form=True)
        except (OSError, ssl.SSLError) as exc:
            raise DomainError("hosting.join.not_a_host", address=address, port=port) from exc
    if not der:
        raise DomainError("hosting.join.not_a_host", address=address, port=port)
    return der
