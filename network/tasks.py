"""Background work of the network app: thin wrappers around services."""

from celery import shared_task

from network import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def escalation_sent_back_email(escalation_id: int) -> bool:
    """Tell the coordinator that the council's answer has been sent back."""
    return services.escalation_notify_sent_back(escalation_id=escalation_id)
