"""Ukrainian names in Latin letters: the official national transliteration (KMU 2010).

Used for the English ``name`` of an OpenStreetMap place that has no ``name:en``; Cabinet of
Ministers of Ukraine resolution No. 55 of 27 January 2010 is the system road signs, maps and
passports use ("Сіверськ" → "Siversk").
"""

from __future__ import annotations

import re

__all__ = ["transliterate_uk"]

_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "'": "", "’": "", "ʼ": "",
}  # fmt: skip
#: At the start of a word these letters are written differently.
_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_RUSSIAN_ONLY = re.compile("[ыэъёЫЭЪЁ]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def transliterate_uk(text: str) -> str | None:
    """Transliterate Ukrainian text; None when it is not Ukrainian Cyrillic.

    Parameters
    ----------
    text : str
        A name in Ukrainian.

    Returns
    -------
    str or None

    Examples
    --------
    >>> transliterate_uk("Сіверськ"), transliterate_uk("Верхньокам'янське")
    ('Siversk', 'Verkhnokamianske')
    >>> transliterate_uk("Івано-Дар'ївка"), transliterate_uk("Ямпіль"), transliterate_uk("Згурівка")
    ('Ivano-Darivka', 'Yampil', 'Zghurivka')
    >>> transliterate_uk("Siversk") is None, transliterate_uk("Сыр") is None
    (True, True)
    """
    if not _CYRILLIC.search(text) or _RUSSIAN_ONLY.search(text):
        return None
    out: list[str] = []
    at_start = True
    for i, char in enumerate(text):
        low = char.lower()
        if low == "г" and i > 0 and text[i - 1].lower() == "з":
            latin = "gh"
        elif at_start and low in _INITIAL:
            latin = _INITIAL[low]
        else:
            latin = _LETTERS.get(low, char)
        if char != low and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
        if low not in _LETTERS:
            at_start = not char.isalpha()
        elif low not in ("'", "’", "ʼ"):
            at_start = False
    result = "".join(out)
    return None if _CYRILLIC.search(result) else result
