"""The login backend: Django's ModelBackend, loading the signed-in user the way pages use it."""

from django.contrib.auth.backends import ModelBackend

from kiraad.access import users_with_roles
from kiraad.models import User


class PortalBackend(ModelBackend):
    """Every page shows the user's agency and checks their roles: load both with the user, in
    the one query the session's user costs anyway (instead of three)."""

    def get_user(self, user_id):
        try:
            user = users_with_roles(User._default_manager.select_related("agency")).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
