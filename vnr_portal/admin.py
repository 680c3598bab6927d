"""Admin of the `vnr_portal` app's models, defined in its packages."""

from vnr_portal.accounts import admin as accounts_admin  # noqa: F401 - imported for its admin.site.register side effect
