"""A web address from the data, checked before anything is opened: the host as contacted, lookalike
names and user names before the host called out, invisible characters escaped, and nothing but
http and https ever opened."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing_app.core.links import check_link, visible_address

RLO = "\u202e"


def test_a_plain_address_opens_as_written() -> None:
    link = check_link("https://armyrecognition.com/focus-analysis/belarus?id=3#top")
    assert link.allowed
    assert link.opens == link.shown == "https://armyrecognition.com/focus-analysis/belarus?id=3#top"
    assert link.host == "armyrecognition.com"
    assert link.host_unicode == ""
    assert link.warnings == ()


def test_punycode_is_shown_as_contacted_with_its_letters_beside_it() -> None:
    link = check_link("https://xn--80ak6aa92e.com/login")
    assert link.host == "xn--80ak6aa92e.com"
    assert link.host_unicode == "\u0430\u0440\u0440\u04cf\u0435.com"
    assert link.opens == "https://xn--80ak6aa92e.com/login"
    assert any("looks like \u201capple\u201d but is not" in warning for warning in link.warnings)


def test_an_international_name_is_contacted_as_punycode() -> None:
    link = check_link("https://B\u00fccher.de/stra\u00dfe?q=\u00fc")
    assert link.host == "xn--bcher-kva.de"
    assert link.host_unicode == "b\u00fccher.de"
    assert link.opens == "https://xn--bcher-kva.de/stra%C3%9Fe?q=%C3%BC"
    assert link.shown == "https://xn--bcher-kva.de/stra\u00dfe?q=\u00fc"  # letters kept to read
    assert link.warnings == ()


def test_mixed_scripts_in_one_label_are_called_out() -> None:
    link = check_link("https://\u0430pple.com/")  # a Cyrillic a
    assert link.host == "xn--pple-43d.com"
    assert any("mixes Cyrillic and Latin letters" in warning for warning in link.warnings)
    assert check_link("https://\u6771\u4eac\u30bf\u30ef\u30fc.jp/").warnings == ()  # Han+Katakana


def test_a_user_name_before_the_host_is_called_out_and_the_host_named() -> None:
    address = "https://www.google.com&login=" + "x" * 200 + "@evil.example/"
    link = check_link(address)
    assert link.host == "evil.example"
    assert link.warnings[0].startswith("Before the host, the address holds a user name")
    assert link.warnings[0].endswith("The site contacted is evil.example.")
    assert "user name and password" in check_link("https://a:b@evil.example/").warnings[0]


def test_a_right_to_left_override_in_the_path_is_escaped_not_obeyed() -> None:
    link = check_link(f"https://example.org/invoice{RLO}gpj.exe")
    assert link.shown == "https://example.org/invoice%E2%80%AEgpj.exe"
    assert link.opens == link.shown
    assert RLO not in link.shown


@pytest.mark.parametrize(
    ("address", "host"),
    [
        ("https://evil.example\\@google.com/", "evil.example"),  # a browser reads \ as /
        ("https://%67oogle.com/", "google.com"),
        ("HTTPS://Example.ORG/Report", "example.org"),
        ("https://127.0.0.1:8080/a", "127.0.0.1"),
        ("https://[::1]/", "::1"),
        ("https://evil.example/@google.com", "evil.example"),
        ("  https://example.org/  ", "example.org"),
    ],
)
def test_the_host_is_the_one_a_browser_contacts(address: str, host: str) -> None:
    link = check_link(address)
    assert link.allowed, link.refusal
    assert link.host == host
    assert link.opens.isascii()


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("file:///etc/passwd", "links of the kind 'file:' are never opened"),
        ("javascript:alert(1)", "links of the kind 'javascript:' are never opened"),
        ("data:text/html,<script>", "links of the kind 'data:' are never opened"),
        ("ftp://example.org/", "links of the kind 'ftp:' are never opened"),
        ("gopher://example.org/", "links of the kind 'gopher:' are never opened"),
        ("relative/path.html", "it is not a web address"),
        ("//example.org/", "it is not a web address"),
        ("https:evil.example", "it names no host"),
        ("https:///evil.example", "it names no host"),
        ("https://", "it names no host"),
        ("https://exa\nmple.org/", "it holds control characters"),
        ("https://0x7f.1/", "a number written in a form browsers read differently"),
        ("https://127.1/", "a number written in a form browsers read differently"),
        ("https://example.org:99999/", "is not a number up to 65535"),
        ("https://exa mple.org/", "spaces or invisible characters"),
        (f"https://exa{RLO}mple.org/", "spaces or invisible characters"),
        ("https://exa\u200bmple.org/", "spaces or invisible characters"),
        ("https://ex!ample.org/", "is not a valid host name"),
        ("https://a..b/", "is not a valid host name"),
        ("https://[::1/", "no closing bracket"),
        ("https://[fe80::1%25eth0]/", "not an IPv6 address"),
    ],
)
def test_anything_else_is_refused_with_a_reason(address: str, reason: str) -> None:
    link = check_link(address)
    assert not link.allowed
    assert link.opens == ""
    assert reason in link.refusal


def test_visible_address_escapes_what_hides_or_reorders() -> None:
    assert visible_address("https://example.org/a b") == "https://example.org/a b"
    assert visible_address(f"x{RLO}y\u200bz\u2028") == "x%E2%80%AEy%E2%80%8Bz%E2%80%A8"
    assert visible_address("https://b\u00fccher.de/") == "https://b\u00fccher.de/"


@given(st.text())
def test_what_opens_is_always_ascii_and_shown_has_nothing_invisible(address: str) -> None:
    link = check_link(f"https://example.org/{address}")
    if link.allowed:
        assert link.opens.isascii()
        assert link.opens.isprintable()
        assert link.host == "example.org"
    assert visible_address(link.shown) == link.shown
