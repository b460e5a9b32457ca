"""A phonetic key for Belgian names: the same key for the spellings a clerk would confuse.

``phonetic_key`` folds accents, case, spaces, hyphens and apostrophes, then rewrites the spelling
variants common in Belgian (Dutch, French, German) names to one form: ``Dupont``/``Dupond``,
``Janssens``/``Janssen``/``Jansens``, ``Van den Berghe``/``Vandenberghe``, ``Müller``/``Muller``/
``Mueller``, ``Claes``/``Claeys``/``Klaas``, ``Deschamps``/``Dechamps``, ``Lefebvre``/``Lefèvre``,
``Meyer``/``Meijer``/``Meier``, ``Declercq``/``De Clerck``, ``D'Hondt``/``Dhondt``/``Dhont``.
It is deliberately coarse (a search key, not a pronunciation): the search then orders and limits.
Pure and cached: names repeat a lot in a population.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters NFKD does not decompose into a base letter + combining mark.
_SPECIAL = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
     "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "Þ": "TH"}
)
_NOT_LETTER = re.compile(r"[^A-Z]")

# Ordered rewrites on the upper-case, letters-only form.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"AEY", "A"),  # Claeys -> Claes
        (r"UE", "U"),  # Mueller -> Muller (German transliteration of umlauts)
        (r"OE", "O"),  # Schroeder -> Schroder
        (r"AE", "A"),  # Claes, Maes -> Clas, Mas
        (r"EAU|AU", "O"),  # Rousseau, Moreau
        (r"OU", "U"),
        (r"IJ|EIJ|EY|EI|AY", "Y"),  # Meijer, Meyer, Meier, Mayer
        (r"UY", "UI"),  # Wuyts
        (r"Y", "I"),
        (r"IE", "I"),  # Marie, Verbiest
        (r"PH", "F"),
        (r"PF", "F"),
        (r"BV", "V"),  # Lefebvre -> Lefevre
        (r"SCH|CH", "S"),  # Deschamps/Dechamps, Schmitz
        (r"TH", "T"),
        (r"GH", "G"),  # Berghe -> Berge
        (r"KH", "K"),
        (r"CK|CQ|QU|Q", "K"),  # Declercq, Declerck
        (r"X", "KS"),
        (r"GU(?=[EI])", "G"),
        (r"C(?=[EI])", "S"),
        (r"C", "K"),  # Claes -> Klaes
        (r"Z", "S"),
        (r"W", "V"),
        (r"DT", "T"),  # Hondt, Goossens ...
        (r"D$", "T"),  # Dupond -> Dupont (final devoicing)
        (r"(?<=.)H", ""),  # silent h except at the start: D'Hondt = Dhont
        (r"(.)\1+", r"\1"),  # double letters
    )
)


def fold(name: str) -> str:
    """Upper case, no accents, letters A-Z only (``"D'Hondt-Müller"`` -> ``"DHONDTMULLER"``)."""
    text = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c)).upper()
    return _NOT_LETTER.sub("", text)


@lru_cache(maxsize=65536)
def phonetic_key(name: str) -> str:
    """The phonetic key of a name; equal keys mean "probably the same name". '' for no letters."""
    key = fold(name or "")
    for pattern, replacement in _RULES:
        key = pattern.sub(replacement, key)
    # Trailing mute e and patronymic/genitive s: Berghe = Berg, Janssens = Janssen, Willemse = Willems.
    while len(key) > 3 and key[-1] in "ES":
        key = key[:-1]
    return key


def first_name_keys(first_names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Keys of every first name and of every part of a compound one (Jean-Pierre -> JEANPIER, JEAN, PIER)."""
    keys: list[str] = []
    for name in first_names:
        for part in (name, *re.split(r"[-\s]+", name)):
            key = phonetic_key(part)
            if key and key not in keys:
                keys.append(key)
    return tuple(keys)
