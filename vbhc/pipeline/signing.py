"""Optional digital signature of the PDF for signing: PAdES baseline-B with pyHanko.

The office's certificate comes as a PKCS#12 file (.p12/.pfx) with a password. It is
opened and checked (password, validity period, private key) before anything is
rendered, so a bad certificate stops the command with nothing written.

The signature goes in as an incremental update: the PDF/A bytes LibreOffice wrote
stay as they are, so PDF/A-2b (which allows signatures) is kept. The signature
field sits where the signer's image is; its appearance is empty (a text stamp
would cover the image, and pyHanko's stamp font is not embedded, which PDF/A
forbids). A missing image leaves the field invisible.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from vbhc.core.errors import VbhcError, short_path

FIELD_NAME = "ChuKySo"
PASSWORD_ENV = "VBHC_MAT_KHAU"  # the CLI reads the password from here when not typed


class CertificateError(VbhcError):
    """The certificate file, its password or its validity is wrong (exit 2)."""


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep pyHanko's log (tracebacks of untrusted certificates …) off the clerk's screen.

    What matters is returned (``Validation``) or raised as a Vietnamese error.
    """
    # -- records of child loggers ("pyhanko.sign…") stop at these two, in a NullHandler,
    # instead of reaching Python's last-resort handler that prints them on stderr --
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    sink = logging.NullHandler()
    before = [logger.propagate for logger in loggers]
    for logger in loggers:
        logger.addHandler(sink)
        logger.propagate = False
    try:
        yield
    finally:
        for logger, state in zip(loggers, before, strict=True):
            logger.removeHandler(sink)
            logger.propagate = state


@dataclass(frozen=True)
class Certificate:
    """An opened PKCS#12 certificate, ready to sign."""

    path: Path
    signer: object  # pyhanko.sign.signers.SimpleSigner (imported lazily)
    subject: str
    not_after: datetime


def load_certificate(path: Path, password: str | None, *,
                     now: datetime | None = None) -> Certificate:
    """Return the opened certificate; raise ``CertificateError`` when it cannot sign."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    name = short_path(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CertificateError(f"không đọc được tệp chứng thư số {name}: "
                               f"{error.strerror or error}") from error
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(
            data, password.encode("utf-8") if password else None)
    except ValueError as error:
        if data[:1] != b"\x30":  # -- not even DER: not a PKCS#12 file at all --
            raise CertificateError(f"{name} không phải tệp chứng thư số PKCS#12 (.p12, .pfx)"
                                   ) from error
        raise CertificateError(f"sai mật khẩu của chứng thư số {name} (hoặc tệp bị hỏng)"
                               ) from error
    if key is None or cert is None:
        raise CertificateError(f"{name} không chứa khóa bí mật và chứng thư số để ký")
    moment = now or datetime.now(timezone.utc)
    from cryptography.x509.oid import NameOID

    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    subject = str(names[0].value) if names else cert.subject.rfc4514_string()
    if moment < cert.not_valid_before_utc:
        raise CertificateError(f"chứng thư số {name} ({subject}) chưa có hiệu lực: từ "
                               f"{cert.not_valid_before_utc:%d/%m/%Y}")
    if moment > cert.not_valid_after_utc:
        raise CertificateError(f"chứng thư số {name} ({subject}) đã hết hạn ngày "
                               f"{cert.not_valid_after_utc:%d/%m/%Y}; hãy gia hạn hoặc dùng "
                               "chứng thư số khác")
    der = serialization.Encoding.DER
    signing_cert = asn1_x509.Certificate.load(cert.public_bytes(der))
    chain = [asn1_x509.Certificate.load(c.public_bytes(der)) for c in extra or []]
    signing_key = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    signer = SimpleSigner(signing_cert=signing_cert, signing_key=signing_key,
                          cert_registry=SimpleCertificateStore.from_certs([signing_cert, *chain]))
    return Certificate(Path(path), signer, subject, cert.not_valid_after_utc)


def sign_pdf(pdf: bytes, certificate: Certificate, *, page: int = 0,
             box: tuple[float, float, float, float] | None = None) -> bytes:
    """Return ``pdf`` signed (PAdES B-B); the field covers ``box`` on ``page`` (0-based)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import StaticStampStyle

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    rect = (round(box[0]), round(box[1]), round(box[2]), round(box[3])) if box else None
    spec = fields.SigFieldSpec(FIELD_NAME, on_page=page, box=rect)
    meta = signers.PdfSignatureMetadata(field_name=FIELD_NAME, md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    pdf_signer = signers.PdfSigner(meta, signer=certificate.signer,  # type: ignore[arg-type]
                                   new_field_spec=spec,
                                   stamp_style=StaticStampStyle(border_width=0))
    out = io.BytesIO()
    with _quiet():
        pdf_signer.sign_pdf(writer, output=out)
    return out.getvalue()


@dataclass(frozen=True)
class Validation:
    """What pyHanko's validator says about the first signature of a PDF."""

    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature checks out
    trusted: bool  # the certificate chains to a given trust root
    signed_at: datetime | None
    summary: str


def validate_pdf(pdf: bytes, trust_roots: list[bytes] | None = None) -> Validation:
    """Return the validation of the PDF's first signature (``trust_roots``: DER certificates)."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf))
    signatures = reader.embedded_signatures
    if not signatures:
        return Validation(False, False, False, None, "không có chữ ký số")
    roots = [asn1_x509.Certificate.load(der) for der in trust_roots or []]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    with _quiet():
        status = validate_pdf_signature(signatures[0], context)
    return Validation(bool(status.intact), bool(status.valid), bool(status.trusted),
                      status.signer_reported_dt, status.summary())
