"""Development mail: e-mails printed to the console without the secret links in them.

Settings use this backend for EMAIL_URL=consolemail://, which they allow only with DEBUG on.
It prints the headers and the decoded text of each part (not the raw MIME, whose quoted-
printable line breaks could split a token past the redaction), then redacts the whole.
"""

from django.core.mail.backends.console import EmailBackend

from kiraad.logconfig import redact


class RedactingConsoleBackend(EmailBackend):
    """Django's console backend, with tracking tokens and reset links redacted."""

    def write_message(self, message) -> None:
        msg = message.message()
        lines = [f"{name}: {value}" for name, value in msg.items()]
        for part in msg.walk():
            if part.is_multipart():
                continue
            if part.get_content_maintype() == "text" and not part.get_filename():
                payload = part.get_payload(decode=True) or b""
                lines += ["", payload.decode(part.get_content_charset() or "utf-8", "replace")]
            else:
                lines += ["", f"[attachment {part.get_content_type()} {part.get_filename()}]"]
        self.stream.write(redact("\n".join(lines)) + "\n" + "-" * 79 + "\n")
