"""Text folded for search, so that what people type finds what others wrote.

The directory's search compares folded words with folded texts stored when the texts are
saved (``Profile.search_name``, ``ExpertiseArea.search_names``,
``MentorPresentation.search_text``): the folding is done here in Python, never by the
database, whose case rules differ (SQLite upper-cases ASCII letters only, PostgreSQL follows
its collation) and which ignores accents nowhere. So "ångström", "ÅNGSTRÖM" and "Angstrom"
all find Ångström, on every database alike.
"""

import unicodedata

# Letters Unicode does not decompose into a base letter and marks, written as the letters
# people type for them on a keyboard without them (ß is handled by casefold: ss).
_UNDECOMPOSED = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
    }
)

# Beyond any real search; keeps a pasted paragraph from becoming hundreds of subqueries.
MAX_WORDS = 8


def fold(text: str) -> str:
    """``text`` without case or accents: casefolded (ß → ss), decomposed (NFKD: é → e + ´,
    ligatures and full-width letters to plain ones), its marks dropped, and the few letters
    that do not decompose (ø, æ, ł, …) spelled with plain ones."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", plain.translate(_UNDECOMPOSED))


def fold_joined(*texts: str) -> str:
    """The ``texts`` folded and joined by a space: a word (which holds no space) is found in
    the result exactly when one of the texts holds it."""
    return fold(" ".join(text for text in texts if text))


def search_words(query: str) -> list[str]:
    """The folded words of a search query, each to be found (all of them: AND)."""
    return fold(query).split()[:MAX_WORDS]


def with_folded(update_fields, sources, target: str):
    """``update_fields`` of a ``save()`` with ``target`` added when one of its ``sources`` is
    saved: a partial save of a text also writes its folded copy."""
    if update_fields is None:
        return None
    update_fields = set(update_fields)
    if update_fields & set(sources):
        update_fields.add(target)
    return update_fields
