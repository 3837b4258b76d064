"""Language tags in words: "in uk" reads as the United Kingdom, "in Ukrainian" cannot.

The tags a dataset gives (BCP 47) are shown by the name of their language where this short
table knows it, the tag kept after a region or script ("Portuguese (pt-BR)"); any other tag is
shown as written. The table is the languages of the region's open sources and of the world's
wires; it is not a registry.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

LANGUAGE_NAMES: Final = MappingProxyType(
    {
        "ar": "Arabic",
        "az": "Azerbaijani",
        "be": "Belarusian",
        "bg": "Bulgarian",
        "cs": "Czech",
        "da": "Danish",
        "de": "German",
        "el": "Greek",
        "en": "English",
        "es": "Spanish",
        "et": "Estonian",
        "fa": "Persian",
        "fi": "Finnish",
        "fr": "French",
        "he": "Hebrew",
        "hi": "Hindi",
        "hr": "Croatian",
        "hu": "Hungarian",
        "hy": "Armenian",
        "it": "Italian",
        "ja": "Japanese",
        "ka": "Georgian",
        "kk": "Kazakh",
        "ko": "Korean",
        "lt": "Lithuanian",
        "lv": "Latvian",
        "nl": "Dutch",
        "no": "Norwegian",
        "pl": "Polish",
        "pt": "Portuguese",
        "ro": "Romanian",
        "ru": "Russian",
        "sk": "Slovak",
        "sr": "Serbian",
        "sv": "Swedish",
        "tr": "Turkish",
        "uk": "Ukrainian",
        "ur": "Urdu",
        "zh": "Chinese",
    }
)


def language_name(tag: str) -> str:
    """`Ukrainian` for `uk`, `Portuguese (pt-BR)` for `pt-BR`, an unknown tag as written."""
    primary, _, rest = tag.partition("-")
    name = LANGUAGE_NAMES.get(primary.lower())
    if name is None:
        return tag
    return f"{name} ({tag})" if rest else name
