"""Settings read from the environment (see .env.example for every variable).

Production is the default: DEBUG is off and SECRET_KEY is required. `make run` sets
DEBUG=1, which supplies a development key, SQLite and kombu's filesystem broker.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from vnr_portal.database import database_from_url

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Local state of a development machine: SQLite database, uploads, broker folder, beat's
# schedule. VAR_DIR moves all of it (the development stack's test runs it in a temporary one).
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The address that e-mailed links point to, e.g. https://vnr.example.org (`make run`'s
# address by default), and the name that signs every e-mail. Links in e-mails are built
# from SITE_URL only (vnr_portal.common.site.absolute_url), never from a request's host.
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="VNR Portal")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "vnr_portal",
    "indicators",
    "reviews",
    "stakeholders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every answer that has none of its own (downloads set theirs).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages gzip'd when the browser accepts it (Django's, at level 4). After WhiteNoise, which answers static files
    # itself with its own pre-compressed copies; before every middleware that reads or
    # changes a page's body. BREACH: Django masks the CSRF token differently on every
    # response, so a compressed page does not leak it.
    "vnr_portal.common.compression.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag and 304 Not Modified on the REST API's answers (/api/ only).
    "vnr_portal.common.api.middleware.ApiConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the two-factor step.
    "django_otp.middleware.OTPMiddleware",
    # The signed-in person's time zone, and their language unless the cookie chose one.
    "vnr_portal.accounts.middleware.ProfileMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: signs out an idle or too old session, saying why on the login page.
    "vnr_portal.accounts.middleware.SessionTimeoutMiddleware",
    # Coordinators set up two-factor sign-in first, when REQUIRE_2FA_FOR_COORDINATORS is on.
    "vnr_portal.accounts.middleware.TwoFactorRequiredMiddleware",
    # Cache-Control: private, no-store on every answer to a signed-in person.
    "vnr_portal.accounts.middleware.NoStoreForSignedInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vnr_portal.urls"

# Feature packages (e.g. reviews/drafting/) keep their templates beside their code, under
# <feature>/templates/<app>/<feature>/; Django's app loader only looks in <app>/templates.
FEATURE_TEMPLATE_DIRS = sorted(BASE_DIR.glob("*/*/templates/"))

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", *FEATURE_TEMPLATE_DIRS],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reviews.core.context_processors.notifications",
            ],
            # {% url %} with its addresses remembered per process (vnr_portal/common/url_tag.py).
            "builtins": ["vnr_portal.common.url_tag"],
        },
    },
]

WSGI_APPLICATION = "vnr_portal.wsgi.application"

# SQLite (no DATABASE_URL) is tuned for a web server and a worker writing at once:
# write-ahead logging, BEGIN IMMEDIATE and a 20 s busy timeout (vnr_portal/database.py).
DATABASES = {
    "default": database_from_url(env.str("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if not DEBUG else 0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account and client before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, loading the unread-notification count with the user row.
    "reviews.core.backends.PortalModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reviews:my-tasks"  # "My tasks": what waits for the person
LOGOUT_REDIRECT_URL = "login"

# --- Sign-in protections (vnr_portal/accounts; docs/configuration.md) ----------------
# Brute force: after LOGIN_FAILURE_LIMIT wrong passwords (or two-factor codes) for one account
# from one client, that account is locked for that client for LOGIN_LOCKOUT_MINUTES. Other
# clients can still sign in to it; an administrator can lift the lock in the admin.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A try during the lockout does not push its end back, so the time the page gives holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "vnr_portal.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "vnr_portal.accounts.lockout.client_ip"
# Behind this many reverse proxies, the client is the address the outermost one saw (the
# n-th from the right in X-Forwarded-For); 0 means REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Successful sign-ins are not recorded with their address (failed ones are, until they expire).
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
# No start-up banner on every manage.py command; failures and lockouts are still logged.
AXES_VERBOSE = False

# Sessions: signed out after SESSION_IDLE_TIMEOUT seconds without a request, and at the latest
# SESSION_COOKIE_AGE seconds after signing in, however active.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=8 * 60 * 60)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=14 * 24 * 60 * 60)

# Two-factor sign-in (TOTP, an authenticator app): optional for everyone; required for
# coordinators of any review when REQUIRE_2FA_FOR_COORDINATORS is on. Who counts as a
# coordinator is answered by TWO_FACTOR_REQUIRED_FOR (a function user -> bool), because
# vnr_portal.accounts imports no app.
REQUIRE_2FA_FOR_COORDINATORS = env.bool("REQUIRE_2FA_FOR_COORDINATORS", default=False)
TWO_FACTOR_REQUIRED_FOR = "reviews.core.selectors.is_coordinator_of_any_review"
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="VNR Portal")
# How long the code step may follow the password step.
LOGIN_CODE_MAX_AGE = 5 * 60

# Content-Security-Policy (django-csp) on every page: scripts and styles only from the
# portal's own static files, no inline script, style attribute or plugin, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for Bootstrap's own icons (select arrows, close buttons) inside its CSS.
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

LANGUAGE_CODE = "en"
# The languages of the interface; report languages are a separate, wider list.
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The role matrix posts two fields per ministry and goal: 100 ministries × 17 goals.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 4000
MAX_PDF_UPLOAD_BYTES = env.int("MAX_PDF_UPLOAD_BYTES", default=50 * 1024 * 1024)
# Indicator data imports (indicators/evidence): the largest file read, the widest table and
# the most rows of one file; anything bigger is refused before it is parsed.
EVIDENCE_IMPORT_MAX_BYTES = env.int("EVIDENCE_IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
EVIDENCE_IMPORT_MAX_COLUMNS = env.int("EVIDENCE_IMPORT_MAX_COLUMNS", default=200)
EVIDENCE_IMPORT_MAX_ROWS = env.int("EVIDENCE_IMPORT_MAX_ROWS", default=500_000)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: EMAIL_URL such as smtp+tls://user:password@host:587 (console in development).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis when REDIS_URL is set, else kombu's filesystem broker (no server needed).
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_DIR = Path(env.str("CELERY_BROKER_DIR", default=str(VAR_DIR / "celery-broker")))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
else:
    CELERY_BROKER_URL = "filesystem://"
    # kombu's filesystem transport with its write/read race fixed (vnr_portal/broker.py).
    CELERY_BROKER_TRANSPORT = "vnr_portal.broker:Transport"
    for folder in ("processed", "control"):
        (CELERY_BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Producer and consumer share one folder; the default 1 s polling makes every
        # task wait up to a second, 0.05 s keeps the worker responsive.
        "data_folder_in": str(CELERY_BROKER_DIR),
        "data_folder_out": str(CELERY_BROKER_DIR),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.05,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=600)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=660)
# A worker process (prefork pool) is replaced after this many tasks, and after a task that
# left it with more than this much resident memory (KiB; 1.5 GiB). The solo and threads
# pools have no child processes and ignore both (make run uses prefork too).
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=100)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=1536 * 1024)
# A new pool process warms the PDF renderer (reviews/publishing/warmup.py: a tiny document,
# a second or two) before it tells the worker it is up; Celery's default 4 s wait would
# kill it on a busy machine.
CELERY_WORKER_PROC_ALIVE_TIMEOUT = env.float("CELERY_WORKER_PROC_ALIVE_TIMEOUT", default=60.0)
# Rendering an edition (reviews.render_edition): asked to stop after the soft limit (the
# edition then fails with a readable reason), killed 60 s later; an edition still running
# after that lost its worker and is marked failed (reviews.requeue_stale_editions). Only the
# prefork pool enforces time limits.
EDITION_RENDER_SOFT_TIME_LIMIT = env.int("EDITION_RENDER_SOFT_TIME_LIMIT", default=300)
EDITION_RENDER_TIME_LIMIT = EDITION_RENDER_SOFT_TIME_LIMIT + 60
# The address space (MiB) one render may add to its worker process before it fails with a
# readable reason (Linux; 0: no limit). Normal renders add a few hundred MiB of it. When the
# limit strikes inside Pango/GLib instead of Python, GLib cannot recover and the process
# spins: the hard time limit then kills it and the edition fails as "lost its worker".
EDITION_RENDER_MAX_MEMORY_MB = env.int("EDITION_RENDER_MAX_MEMORY_MB", default=2048)
CELERY_TASK_ANNOTATIONS = {
    "reviews.render_edition": {
        "soft_time_limit": EDITION_RENDER_SOFT_TIME_LIMIT,
        "time_limit": EDITION_RENDER_TIME_LIMIT,
    }
}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic jobs, run by one `celery beat` (make run starts it inside its worker).
CELERY_BEAT_SCHEDULE = {
    "close-due-votes": {"task": "reviews.close_due_votes", "schedule": 60.0},
    "notify-deadlines": {"task": "reviews.notify_deadlines", "schedule": crontab(hour=6, minute=0)},
    "send-report-reminders": {"task": "reviews.send_report_reminders", "schedule": crontab(hour=6, minute=15)},
    "requeue-stale-editions": {"task": "reviews.requeue_stale_editions", "schedule": 60.0},
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# How long an invitation link stays valid.
INVITATION_MAX_AGE_DAYS = env.int("INVITATION_MAX_AGE_DAYS", default=14)

# Throttling (vnr_portal/common/throttle.py): "<count>/<s|m|h|d>" per scope, "0" for none.
# The counts live in the default cache, which every web process must share for the limits
# to hold (CACHE_URL, e.g. redis://redis.internal:6379/1); each process counts alone in
# its memory otherwise. Clients are told apart by address (TRUSTED_PROXY_COUNT above).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# Sessions are read from that cache when every process shares it (a session is then one cache
# read per request instead of a query) and always written to the database too. A cache of
# each process's own memory would keep a signed-out session alive in the other processes:
# sessions stay in the database alone then.
_SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
SESSION_ENGINE = f"django.contrib.sessions.backends.{'cached_db' if _SHARED_CACHE else 'db'}"
# The pages' rendered and computed parts (vnr_portal/common/caching.py): keys that name their
# content, so each process keeps its own copy in memory by default, read without a round trip.
CACHES["pages"] = env.cache_url("PAGE_CACHE_URL", default="locmemcache://pages")
if CACHES["pages"]["BACKEND"].endswith("LocMemCache"):
    # Django's default of 300 entries is less than a big country's data pages in one language.
    CACHES["pages"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 1000)
THROTTLE_RATES = {
    "signup_client": "5/h",
    "signup_email": "3/h",
    "flag_account": "20/h",
    "flag_client": "60/h",
    "password_reset_client": "5/h",
    "password_reset_email": "3/h",
    **env.dict("THROTTLE_RATES", default={}),
}

# --- REST API v1 (/api/v1/; each app's api/ package, shared pieces in vnr_portal/common/api/) ---
# Browsers use their session; systems a personal API token made on "My settings". Requests
# are limited per token, per account (session) and per address (anonymous): API_THROTTLE_RATES
# such as "token=5000/h,user=5000/h,anon=600/h".
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "vnr_portal.accounts.api.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "vnr_portal.common.api.permissions.SignedInToWrite",
        "vnr_portal.common.api.permissions.TokenScopeAllows",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["vnr_portal.common.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "vnr_portal.common.api.pagination.ApiCursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["vnr_portal.common.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": "5000/h",
        "user": "5000/h",
        "anon": "600/h",
        **env.dict("API_THROTTLE_RATES", default={}),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "vnr_portal.common.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "VNR Portal API",
    "DESCRIPTION": "Read a review's data with the same permissions as its pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from static/ (drf-spectacular-sidecar), no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CommitmentStatusEnum": "reviews.followup.models.CommitmentStatus",
        "ReportStatusEnum": "reviews.reporting.models.ReportStatus",
        "EditionStatusEnum": "reviews.publishing.models.EditionStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "vnr_portal.common.api.schema.add_error_responses",
    ],
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every rendering step at INFO.
    "loggers": {
        # Django's own default handler would print each of its lines a second time.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
    },
}
