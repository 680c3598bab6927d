"""The throttle every app shares (vnr_portal/common/throttle.py): rates, the sliding
window, hashed keys, who a client is, and the readable 429."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from vnr_portal.common import throttle as throttling
from vnr_portal.common.throttle import Rate, Throttled, client_id, client_ip, parse_rate, throttle, throttle_all

pytestmark = [pytest.mark.unit]

HOUR = 3600.0
START = 1_000 * HOUR  # the start of a window


@pytest.fixture
def rates(settings):
    settings.THROTTLE_RATES = {"test": "3/h", "other": "1/m", "off": "0"}
    return settings.THROTTLE_RATES


@pytest.mark.parametrize(
    "text, rate",
    [("5/h", Rate(5, 3600)), ("20/hour", Rate(20, 3600)), ("2/m", Rate(2, 60)), ("1/d", Rate(1, 86400))],
    ids=["h", "hour", "m", "d"],
)
def test_parse_rate_reads_count_and_period(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "0", "0/h", None, "off"], ids=["empty", "zero", "zero-per-hour", "none", "off"])
def test_parse_rate_empty_or_zero_means_no_throttle(text):
    assert parse_rate(text) is None


@pytest.mark.parametrize("text", ["five/h", "5/fortnight", "5", "-1/h"], ids=["word", "period", "no-period", "neg"])
def test_parse_rate_refuses_what_it_cannot_read(text):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(text)


def test_throttle_allows_the_rate_then_refuses(rates):
    for _ in range(3):
        throttle("test", "a", now=START + 10)
    with pytest.raises(Throttled) as error:
        throttle("test", "a", now=START + 20)
    assert error.value.scope == "test"
    assert error.value.retry_after > 0


def test_throttle_counts_each_identity_and_scope_apart(rates):
    for _ in range(3):
        throttle("test", "a", now=START)
    throttle("test", "b", now=START)
    throttle("other", "a", now=START)


def test_unthrottled_scopes_and_empty_identities_count_nothing(rates):
    for _ in range(10):
        throttle("off", "a", now=START)
        throttle("unknown-scope", "a", now=START)
        throttle("test", "", now=START)


def test_the_window_slides_so_a_burst_at_the_edge_is_still_refused(rates):
    for _ in range(3):
        throttle("test", "a", now=START + HOUR - 1)
    # A fixed window would allow three more at once; the last hour's hits still weigh.
    with pytest.raises(Throttled):
        throttle("test", "a", now=START + HOUR + 1)


def test_hits_fade_out_after_the_period(rates):
    for _ in range(3):
        throttle("test", "a", now=START + 10)
    throttle("test", "a", now=START + 2 * HOUR + 11)


def test_the_refusal_says_how_long_to_wait(rates):
    for _ in range(3):
        throttle("test", "a", now=START)
    with pytest.raises(Throttled) as error:
        throttle("test", "a", now=START + 60)
    assert 0 < error.value.retry_after <= 2 * HOUR
    assert str(error.value).startswith("Too many attempts in a short time: please try again in")


def test_throttle_all_counts_all_or_none_and_raises_the_longest_wait(rates):
    throttle("other", "a", now=START)
    with pytest.raises(Throttled) as error:
        throttle_all([("test", "a"), ("other", "a")], now=START + 1)
    assert error.value.scope == "other"
    # Refused as a whole: the test bucket did not keep its count, three still fit.
    for _ in range(3):
        throttle("test", "a", now=START + 2)
    with pytest.raises(Throttled):
        throttle("test", "a", now=START + 3)


def test_a_refused_request_does_not_count(rates):
    for _ in range(3):
        throttle("test", "a", now=START)
    for _ in range(5):
        with pytest.raises(Throttled):
            throttle("test", "a", now=START + 10)
    # Three hits in this window, none in the next: one fits a little after half of it.
    throttle("test", "a", now=START + HOUR + HOUR / 3 + 1)


def test_retry_after_is_when_one_more_fits(rates):
    for _ in range(3):
        throttle("test", "a", now=START)
    with pytest.raises(Throttled) as error:
        throttle("test", "a", now=START + HOUR / 2)
    wait = error.value.retry_after
    with pytest.raises(Throttled):
        throttle("test", "a", now=START + HOUR / 2 + wait - 2)
    throttle("test", "a", now=START + HOUR / 2 + wait + 1)


def test_keys_hold_no_identity_in_clear(rates):
    throttle("test", "amina@example.org", now=START)
    keys = list(cache._cache)  # LocMemCache, as the tests configure it
    assert keys
    assert not [key for key in keys if "amina" in key]


def test_throttle_reset_forgets_the_counts(rates):
    for _ in range(3):
        throttle("test", "a", now=START)
    throttling.throttle_reset("test", "a", now=START)
    throttle("test", "a", now=START)


# --- Who is asking -----------------------------------------------------------------------------


def _request(remote="192.0.2.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_client_is_the_remote_address_without_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("192.0.2.1", forwarded="198.51.100.7")) == "192.0.2.1"


def test_behind_one_proxy_the_client_is_the_address_it_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote a made-up first entry; our proxy appended the real one.
    assert client_ip(_request("10.0.0.2", forwarded="203.0.113.9, 198.51.100.7")) == "198.51.100.7"


def test_behind_a_proxy_without_the_header_the_remote_address_is_used(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("198.51.100.7")) == "198.51.100.7"


def test_an_ipv6_client_is_counted_by_its_64_network(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_id(_request("2001:db8:1:2:aaaa::1")) == client_id(_request("2001:db8:1:2:bbbb::2"))
    assert client_id(_request("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::/64"
    assert client_id(_request("::ffff:192.0.2.5")) == "192.0.2.5"


@pytest.mark.parametrize("remote", ["", "not-an-address", "999.1.1.1"], ids=["empty", "word", "out-of-range"])
def test_an_unreadable_address_shares_one_bucket(settings, remote):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_id(_request(remote)) == "unknown"
