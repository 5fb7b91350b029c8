"""Personal names: trim, collapse spaces, and title-case without mangling real names.

Words are split at apostrophes and hyphens, and only a piece typed all in one case is re-cased:
"McDonald" or "DeShawn" were typed with intent and are kept, while "o'NEIL" becomes "O'Neil" and
"jean-luc" becomes "Jean-Luc"; and nobiliary particles stay lower case unless
they open the name ("ludwig van beethoven" -> "Ludwig van Beethoven", "Van Morrison" stays).
"""

import re as _re

PARTICLES = frozenset(
    ("van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "dos", "das", "ten", "ter", "zu")
)
MAX_NAME_LENGTH = 200
_SEPARATORS = _re.compile(r"([-'’])")


def _recase_piece(piece):
    if _SEPARATORS.fullmatch(piece) or not (piece.islower() or piece.isupper()):
        return piece
    return piece[:1].upper() + piece[1:].lower()


def _recase_word(word, is_first):
    if not is_first and word.lower() in PARTICLES and (word.islower() or word.isupper()):
        return word.lower()
    return "".join(_recase_piece(piece) for piece in _SEPARATORS.split(word))


def normalise_name(raw):
    """`(normalised name, None)`, `(None, None)` for no name, or `(None, reason)`."""
    if raw is None:
        return None, None
    if not isinstance(raw, str):
        return None, "not_text"
    words = raw.split()
    if not words:
        return None, None
    if any(not ch.isprintable() for word in words for ch in word):
        return None, "control_character"
    if not any(ch.isalpha() for word in words for ch in word):
        return None, "no_letters"
    name = " ".join(_recase_word(word, index == 0) for index, word in enumerate(words))
    if len(name) > MAX_NAME_LENGTH:
        return None, "name_too_long"
    return name, None
