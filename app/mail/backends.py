"""Ways to hand a message over: an outbox folder (development) or an SMTP server (production)."""

import logging
import smtplib
from email.message import EmailMessage
from pathlib import Path

log = logging.getLogger("ovoz.mail")


def build_message(
    sender: str, recipient: str, subject: str, body: str, message_id: str, html: str | None = None
) -> EmailMessage:
    """A message of plain text, with an HTML alternative when there is one."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def deliver_to_outbox(config: dict, message: EmailMessage, name: str) -> None:
    """Write the message as a .eml file and log it, so a developer can open the links."""
    outbox = Path(config["OVOZ_MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    (outbox / f"{name}.eml").write_bytes(bytes(message))
    text = message.get_body(preferencelist=("plain",))
    log.info("mail to %s: %s\n%s", message["To"], message["Subject"], text.get_content())


def deliver_by_smtp(config: dict, message: EmailMessage, name: str) -> None:
    with smtplib.SMTP(config["OVOZ_SMTP_HOST"], config["OVOZ_SMTP_PORT"], timeout=30) as smtp:
        if config["OVOZ_SMTP_STARTTLS"]:
            smtp.starttls()
        if config["OVOZ_SMTP_USER"]:
            smtp.login(config["OVOZ_SMTP_USER"], config["OVOZ_SMTP_PASSWORD"])
        smtp.send_message(message)


BACKENDS = {"outbox": deliver_to_outbox, "smtp": deliver_by_smtp}
