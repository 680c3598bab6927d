"""The models of the `vnr_portal` app, defined in its packages."""

from vnr_portal.accounts.models import ApiToken, Profile

__all__ = ["ApiToken", "Profile"]
