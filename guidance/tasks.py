"""Background work of the guidance app: one-line wrappers around services."""

from celery import shared_task

from guidance import services


@shared_task
def send_receipt(request_id: int, token: str) -> None:
    services.email_receipt(request_id=request_id, token=token)


@shared_task
def send_link(request_id: int, token: str) -> None:
    services.email_link(request_id=request_id, token=token)


@shared_task
def send_link_again(email: str) -> None:
    services.tracking_link_resend(email=email)


@shared_task
def send_status(request_id: int) -> None:
    services.email_status(request_id=request_id)


@shared_task
def send_answer(request_id: int) -> None:
    services.email_answer(request_id=request_id)


@shared_task
def anonymise_closed_requests() -> int:
    return services.anonymise_closed_requests()
