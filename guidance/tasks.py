"""Background work of the guidance app: one-line wrappers around services."""

from celery import shared_task

from guidance.services import email, retention, tracking


@shared_task
def send_receipt(request_id: int, token: str) -> None:
    email.email_receipt(request_id=request_id, token=token)


@shared_task
def send_link(request_id: int, token: str) -> None:
    email.email_link(request_id=request_id, token=token)


@shared_task
def send_link_again(email: str) -> None:
    tracking.tracking_link_resend(email=email)


@shared_task
def send_status(request_id: int) -> None:
    email.email_status(request_id=request_id)


@shared_task
def send_answer(request_id: int) -> None:
    email.email_answer(request_id=request_id)


@shared_task
def anonymise_closed_requests() -> int:
    return retention.anonymise_closed_requests()
