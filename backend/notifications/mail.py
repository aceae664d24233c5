"""E-mail: the templates rendered in the merchant's language (HTML and plain text), the message composed with the
merchant's name, logo and reply-to address, and handed to the SMTP server with aiosmtplib."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from typing import Any

import aiosmtplib
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from backend.accounts.branding import Logo
from backend.notifications.model import Template
from backend.notifications.words import money, say
from backend.settings import MailSettings

LOGO_CID = "merchant-logo@packline"


@dataclass(frozen=True)
class MerchantFace:
    """What a merchant's mails show of it."""

    name: str
    address_lines: list[str]
    language: str
    logo: Logo | None = None


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


@functools.cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("backend.notifications", "templates"), undefined=StrictUndefined,
                       autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def default_subject(template: Template, language: str, payload: dict[str, Any], merchant: str) -> str:
    return say(language, f"subject.{template.value}", number=payload.get("number", ""),
               count=len(payload.get("orders", [])), merchant=merchant)


def render(template: Template, payload: dict[str, Any], merchant: MerchantFace, *, subject_override: str = "",
           intro_override: str = "") -> RenderedMail:
    """The mail in the merchant's language; a merchant's own subject may say {number} for the order number."""
    language = merchant.language if merchant.language in ("de", "en") else "en"
    subject = (subject_override.replace("{number}", str(payload.get("number", ""))) if subject_override
               else default_subject(template, language, payload, merchant.name))
    name = payload.get("customerName", "") if template.audience.value == "CUSTOMER" else merchant.name
    context = {
        "language": language, "subject": subject, "p": payload, "merchant": merchant,
        "logo_cid": LOGO_CID if merchant.logo else None,
        "greeting": say(language, "hello", name=name) if name else say(language, "hello_anonymous"),
        "intro": intro_override or say(language, f"intro.{template.value}"),
        "t": functools.partial(say, language),
        "money": lambda amount, currency=None: money(str(amount), currency or payload.get("currency", ""), language),
    }
    environment = _environment()
    return RenderedMail(subject=subject,
                        text=environment.get_template(f"{template.value}.txt.j2").render(context),
                        html=environment.get_template(f"{template.value}.html.j2").render(context))


def compose(mail: RenderedMail, *, to: str, sender_name: str, reply_to: str, message_id: str, language: str,
            logo: Logo | None, settings: MailSettings) -> EmailMessage:
    """A multipart/alternative message (text first, HTML with its logo inline), from the merchant's name at our
    sending address so that the merchant's own domain needs no SPF or DKIM for us."""
    message = EmailMessage()
    message["Subject"] = mail.subject
    message["From"] = formataddr((sender_name, settings.from_address))
    message["To"] = to
    if reply_to:
        message["Reply-To"] = reply_to
    message["Message-ID"] = message_id
    message["Date"] = formatdate(localtime=False)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    # After the parts exist: the email package moves Content-* headers into the first part when it nests them.
    message["Content-Language"] = language
    if logo is not None:
        html_part = message.get_payload()[1]
        maintype, subtype = logo.media_type.split("/")
        html_part.add_related(logo.image, maintype=maintype, subtype=subtype, cid=f"<{LOGO_CID}>",
                              filename=f"logo.{subtype}")
    return message


class TemporaryFailure(Exception):
    """The SMTP server could not be reached or answered with a temporary refusal: worth another attempt."""


class PermanentFailure(Exception):
    """The SMTP server refused the message for good (an unknown recipient, a refused sender)."""


async def transmit(message: EmailMessage, settings: MailSettings, *,
                   handing_over: Callable[[], Awaitable[None]]) -> None:
    """Send `message`; `handing_over` runs after the server accepted sender and recipients, just before the
    message itself goes (DATA), so that the caller can note that from then on the mail may have arrived."""
    client = aiosmtplib.SMTP(
        hostname=settings.host, port=settings.port, timeout=settings.timeout_seconds,
        use_tls=settings.security == "tls", start_tls=True if settings.security == "starttls" else False,
        username=settings.username or None, password=settings.password or None)
    try:
        await client.connect()
        await client.mail(settings.from_address)
        await client.rcpt(message["To"])
        await handing_over()
        await client.data(message.as_bytes())
    except asyncio.CancelledError:
        client.close()  # the worker is stopping: no goodbye
        raise
    except aiosmtplib.SMTPResponseException as error:
        failure = PermanentFailure if 500 <= error.code < 600 else TemporaryFailure
        raise failure(f"SMTP {error.code}: {error.message}") from error
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
        raise TemporaryFailure(f"{type(error).__name__}: {error}") from error
    finally:
        await _hang_up(client)


async def _hang_up(client: aiosmtplib.SMTP) -> None:
    """QUIT politely; once the server has the message, a failing goodbye changes nothing."""
    if not client.is_connected:
        return
    try:
        await client.quit()
    except (aiosmtplib.SMTPException, OSError, TimeoutError):
        client.close()
