"""Background work of the notifications app: one-line wrappers around services."""

from celery import shared_task

from notifications import services


@shared_task
def send_notification(notification_id: int) -> str:
    return services.notification_send(notification_id=notification_id)


@shared_task
def send_notifications(notification_ids: list[int]) -> list[str]:
    return services.notifications_send(notification_ids=notification_ids)


@shared_task
def sweep_outbox() -> int:
    return services.notifications_sweep()


@shared_task
def send_digests() -> int:
    return services.digests_send()


@shared_task
def daily_reminders() -> int:
    return services.daily_sweeps()
