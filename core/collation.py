"""Sorting names the way a reader of a language expects them in a list.

Python sorts by code point: "Österrike" lands after "Zimbabwe" by accident in Swedish and
"Åland" after "Zambia" wrongly in English, and capitals come before small letters. The site
speaks English and Swedish, so a full collation library (ICU) is more than it needs: these
keys follow CLDR's rules for the two languages closely enough for names of countries,
languages and fields.

- Every language: case and accents do not decide the order ("Écosse" sorts with E); they
  only break ties, so the order stays stable.
- Swedish (CLDR's ``sv`` collation): å, ä and ö are letters of their own after z, in that
  order; æ sorts as ä, ø, œ and ô as ö, ü as y.
"""

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

# Letters that are not a base letter plus an accent, so decomposing leaves them as they are.
_SPELLED_OUT = str.maketrans(
    {"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)

# Swedish letters after z. The characters right after "z" in Unicode, "{", "|" and "}", stand
# for them in the key: every other letter of the key is a-z once accents are taken off.
_SWEDISH = str.maketrans(
    {
        "å": "{",
        "ä": "|",
        "æ": "|",
        "ę": "|",
        "ö": "}",
        "ø": "}",
        "œ": "}",
        "ő": "}",
        "ô": "}",
        "ü": "y",
        "ű": "y",
    }
)


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def sort_key(text: str, language: str | None = "en") -> tuple[str, str, str]:
    """The key that sorts ``text`` among others as a reader of ``language`` expects.

    Compare keys of the same language only. The first part orders by letters alone, the second
    (accents) and the third (case: small letters first, as in CLDR) break ties.
    """
    text = unicodedata.normalize("NFC", text)
    folded = text.casefold()
    if (language or "").split("-")[0] == "sv":
        folded = folded.translate(_SWEDISH)
    primary = _without_accents(folded.translate(_SPELLED_OUT))
    return primary, folded, text.swapcase()


def collated(items: Iterable[T], language: str | None, key: Callable[[T], str] = str) -> list[T]:
    """``items`` sorted by the name ``key`` gives each, in the order of ``language``."""
    return sorted(items, key=lambda item: sort_key(key(item), language))
