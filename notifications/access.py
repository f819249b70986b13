"""Who may see what in the notifications app."""

from kiraad.access import AnyUser, is_agency_representative, is_secretariat


def can_see_failed(user: AnyUser) -> bool:
    """The secretariat follows up e-mails that could not be delivered."""
    return is_secretariat(user)


def can_name_mailbox(user: AnyUser) -> bool:
    """A representative names their agency's shared mailbox."""
    return is_agency_representative(user)
