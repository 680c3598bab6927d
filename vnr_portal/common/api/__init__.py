"""What every app's REST API (`<app>/api/`) shares: the error format, pagination, throttling,
the permission classes and the ETag middleware. Imports no app; the token model and its
authentication class live in vnr_portal.accounts (`vnr_portal.accounts.api`).

The apps' `api/urls.py` are mounted under `/api/v1/` by vnr_portal/urls.py."""
