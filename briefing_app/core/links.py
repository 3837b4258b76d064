"""What opening a web address from a dataset would do, worked out before anything is opened.

A link in a dataset is written by someone else. What a person reads must be what the browser
contacts: `check_link` finds the host as it will be contacted (its ASCII form, punycode for an
international name), warns about names that imitate others (letters of mixed alphabets, or
Cyrillic or Greek letters that spell a Latin word) and about a user name put before the host to
push it out of sight, and builds the one ASCII address that is opened, from the same parts that
are shown. Only http and https are ever opened.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from typing import Final
from urllib.parse import quote, unquote

from briefing_app.core.safetext import isolate

WEB_SCHEMES: Final = ("http", "https")
USER_SHOWN: Final = 40  # characters of a user name quoted in its warning
_SCHEME: Final = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_ASCII_HOST: Final = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?")
_NUMERIC_LABEL: Final = re.compile(r"(?:0[xX][0-9A-Fa-f]*|[0-9]+)\.?")
# Kept as they are in the address; everything else ASCII is percent-encoded.
_URL_SAFE: Final = "/?#[]@!$&'()*+,;=:%~"
_USER_SAFE: Final = "!$&'()*+,;=:%~"
# Scripts that one name may mix (as in Japanese or Korean names written with Latin letters).
_SCRIPT_MIXES: Final = (
    frozenset({"LATIN", "CJK", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "CJK", "BOPOMOFO"}),
    frozenset({"LATIN", "CJK", "HANGUL"}),
)
# Cyrillic and Greek letters that look like Latin ones: a name made only of them reads as a
# Latin name (xn--80ak6aa92e is "apple" in Cyrillic letters).
LATIN_LOOKALIKES: Final = dict(
    zip(
        "\u0430\u0441\u0501\u0435\u04bb\u0456\u0458\u043a"
        "\u04cf\u043e\u0440\u051b\u0455\u0443\u0445\u051d"
        "\u03b1\u03b9\u03ba\u03bd\u03bf\u03c1\u03c5\u03c7",
        "acdehijklopqsyxwaikvopux",
        strict=True,
    )
)


@dataclass(frozen=True, slots=True)
class Link:
    """An address from the data, checked. `opens` is the exact address handed to the browser,
    or "" when it is refused, and then `refusal` says why."""

    address: str  # as written in the data
    opens: str
    shown: str  # `opens` as a person reads it: letters kept, anything invisible escaped
    host: str  # as contacted: ASCII, punycode for an international name
    host_unicode: str  # the same host as its letters read, or "" when that is `host`
    warnings: tuple[str, ...]
    refusal: str

    @property
    def allowed(self) -> bool:
        return not self.refusal


def visible_address(address: str) -> str:
    """`address` with every character that could hide or reorder what follows it (controls,
    bidi controls, zero-width and other invisible characters, spaces other than the plain one)
    percent-encoded, so it reads the same as it is. For showing, printing and copying."""
    if address.isascii() and address.isprintable():
        return address
    return "".join(
        char if char == " " or not _invisible(char) else quote(char, safe="") for char in address
    )


def check_link(address: str) -> Link:
    """Work out what opening `address` would do, and whether it may be opened at all."""
    refused = _Refused(address)
    if any(unicodedata.category(char) == "Cc" for char in address):
        return refused("it holds control characters")
    text = address.strip(" ")
    scheme_match = _SCHEME.match(text)
    if scheme_match is None:
        return refused("it is not a web address: it does not start with http: or https:")
    scheme = scheme_match.group(1).lower()
    if scheme not in WEB_SCHEMES:
        return refused(f"links of the kind '{scheme}:' are never opened")
    rest = text[scheme_match.end() :]
    cut = min((i for i in (rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    # Browsers read a backslash before the query as a slash: so must the check.
    rest = rest[:cut].replace("\\", "/") + rest[cut:]
    if not rest.startswith("//") or rest.startswith("///"):
        return refused("it names no host")
    end = min((i for i in (rest.find(c, 2) for c in "/?#") if i >= 0), default=len(rest))
    authority, remainder = rest[2:end], rest[end:]
    userinfo, at, host_port = authority.rpartition("@")
    host_text, port, port_error = _split_port(host_port)
    if port_error:
        return refused(port_error)
    host, host_unicode, problem = _host(host_text)
    if problem:
        return refused(problem)
    warnings = _host_warnings(host_unicode)
    if at:
        kind = "a user name and password" if ":" in userinfo else "a user name"
        user = visible_address(unquote(userinfo))
        if len(user) > USER_SHOWN:  # the whole of it is in the address shown below the warning
            user = f"{user[:USER_SHOWN]}\u2026"
        warnings.insert(
            0,
            f"Before the host, the address holds {kind} (\u201c{isolate(user)}\u201d): it is "
            f"not the site. The site contacted is {host}.",
        )
    opened_user = f"{_encode(userinfo, _USER_SAFE, keep_letters=False)}@" if at else ""
    shown_user = f"{_encode(userinfo, _USER_SAFE, keep_letters=True)}@" if at else ""
    shown_host = f"[{host}]" if ":" in host else host
    after_host = f":{port}" if port else ""
    return Link(
        address=address,
        opens=f"{scheme}://{opened_user}{shown_host}{after_host}"
        f"{_encode(remainder, _URL_SAFE, keep_letters=False)}",
        shown=f"{scheme}://{shown_user}{shown_host}{after_host}"
        f"{_encode(remainder, _URL_SAFE, keep_letters=True)}",
        host=host,
        host_unicode=host_unicode if host_unicode != host else "",
        warnings=tuple(warnings),
        refusal="",
    )


@dataclass(frozen=True, slots=True)
class _Refused:
    address: str

    def __call__(self, reason: str) -> Link:
        return Link(self.address, "", visible_address(self.address), "", "", (), reason)


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cs", "Cn")


def _encode(part: str, safe: str, *, keep_letters: bool) -> str:
    """`part` percent-encoded: everything outside printable ASCII, or (`keep_letters`) every
    such character but letters and digits, with their accents, which read as what they are."""
    if not keep_letters:
        return quote(part, safe=safe)
    pieces: list[str] = []
    after_letter = False
    for char in part:
        category = unicodedata.category(char)
        letter = not char.isascii() and category[0] in "LN"
        accent = not char.isascii() and category[0] == "M" and after_letter
        pieces.append(char if letter or accent else quote(char, safe=safe))
        after_letter = letter or accent
    return "".join(pieces)


def _split_port(host_port: str) -> tuple[str, str, str]:
    """(host, port, problem) of `host:port`; an IPv6 host is in brackets."""
    if host_port.startswith("["):
        close = host_port.find("]")
        if close < 0:
            return "", "", "its numeric host has no closing bracket"
        host, after = host_port[: close + 1], host_port[close + 1 :]
        if after and not after.startswith(":"):
            return "", "", "it has text after its numeric host"
        port = after[1:]
    else:
        host, _, port = host_port.partition(":")
    if port and (not port.isascii() or not port.isdigit() or int(port) > 65535):
        return "", "", f"its port \u201c{visible_address(port)}\u201d is not a number up to 65535"
    return host, port, ""


def _host(text: str) -> tuple[str, str, str]:
    """(ASCII host, Unicode host, problem) for the host part of an address."""
    try:
        name = unquote(text, errors="strict")
    except UnicodeDecodeError:
        return "", "", "its host name is not valid text"
    if not name:
        return "", "", "it names no host"
    if name.startswith("["):
        try:
            address = ipaddress.IPv6Address(name[1:-1])
        except ValueError:
            address = None
        if address is None or address.scope_id:
            return "", "", "its numeric host is not an IPv6 address"
        return str(address), str(address), ""
    if any(_invisible(char) for char in name):
        return "", "", "its host name holds spaces or invisible characters"
    last = name.rstrip(".").rsplit(".", 1)[-1]
    if _NUMERIC_LABEL.fullmatch(last):
        try:
            number = str(ipaddress.IPv4Address(name))
        except ValueError:
            return "", "", "its host is a number written in a form browsers read differently"
        return number, number, ""
    try:
        host = name.encode("idna").decode("ascii").lower()
        unicode_host = host.encode("ascii").decode("idna")
    except UnicodeError:
        return "", "", f"\u201c{visible_address(name)}\u201d is not a valid host name"
    if _ASCII_HOST.fullmatch(host) is None:
        return "", "", f"\u201c{visible_address(name)}\u201d is not a valid host name"
    return host, unicode_host, ""


def _host_warnings(unicode_host: str) -> list[str]:
    warnings: list[str] = []
    for label in unicode_host.split("."):
        scripts = sorted({script for script in map(_script, label) if script})
        if len(scripts) > 1 and not any(mix.issuperset(scripts) for mix in _SCRIPT_MIXES):
            names = " and ".join(script.title() for script in scripts)
            warnings.append(
                f"\u201c{isolate(label)}\u201d mixes {names} letters, a common way to imitate "
                "the name of another site."
            )
        elif scripts and scripts != ["LATIN"] and _looks_latin(label):
            latin = "".join(LATIN_LOOKALIKES.get(char, char) for char in label)
            warnings.append(
                f"\u201c{isolate(label)}\u201d is written in {scripts[0].title()} letters that "
                f"look like Latin ones: it looks like \u201c{latin}\u201d but is not the site of "
                "that name."
            )
    return warnings


def _script(char: str) -> str:
    """The script of a letter, as the first word of its Unicode name; "" for anything else."""
    if not char.isalpha():
        return ""
    script = unicodedata.name(char, "").split(" ", 1)[0]
    return "" if script in ("MODIFIER", "KATAKANA-HIRAGANA") else script


def _looks_latin(label: str) -> bool:
    letters = [char for char in label if char.isalpha()]
    return bool(letters) and all(char in LATIN_LOOKALIKES for char in letters)
