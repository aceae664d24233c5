"""A real SMTP server for the tests (aiosmtpd): it keeps what it receives, can refuse for a while, and can hold its
answer to DATA so that a test can stop the sender between handing a message over and hearing back."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    def part(self, subtype: str) -> str:
        body = self.message.get_body(preferencelist=(subtype,))
        assert body is not None, f"no text/{subtype} part"
        return body.get_content()


class Inbox:
    def __init__(self) -> None:
        self.received: list[Received] = []
        # While set, DATA is answered only once `release` is set (the message is stored before).
        self.hold_answer = threading.Event()
        # While set, a recipient (RCPT) is answered only once `release` is set: the message itself never came.
        self.hold_recipient = threading.Event()
        self.release = threading.Event()
        self.recipients_seen: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:  # noqa: ANN001, N802
        envelope.rcpt_tos.append(address)
        self.recipients_seen.append(address)
        while self.hold_recipient.is_set() and not self.release.is_set():
            await asyncio.sleep(0.01)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802 - aiosmtpd's hook name
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        while self.hold_answer.is_set() and not self.release.is_set():
            await asyncio.sleep(0.01)
        return "250 Message accepted for delivery"

    def held(self):  # noqa: ANN201
        """Hold answers for the duration of a `with` block; released (and no longer held) after it."""
        inbox = self

        class _Held:
            def __enter__(self) -> Inbox:
                inbox.release.clear()
                return inbox

            def __exit__(self, *exc: object) -> None:
                inbox.release.set()
                inbox.hold_answer.clear()
                inbox.hold_recipient.clear()

        return _Held()

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.rcpt_tos]

    async def wait_for(self, address: str, count: int = 1, timeout: float = 10) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.to(address)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{address} got {len(self.to(address))} mails, expected {count}")
            await asyncio.sleep(0.02)
        return self.to(address)


class MailServer:
    """The inbox behind an SMTP listener that can be stopped (the server is down) and started again."""

    def __init__(self, port: int) -> None:
        self.port, self.inbox = port, Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
