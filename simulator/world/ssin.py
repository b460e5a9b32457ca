"""SSIN (INSZ/NISS), BIS and KBO/BCE numbers: make, check, parse. Pure functions, no I/O.

An SSIN is 11 digits ``YYMMDD SSS CC``:
- ``YYMMDD`` the birth date (``00`` for an unknown month or day);
- ``SSS`` the series: odd for men, even for women; 000 and 999 are never issued;
- ``CC`` = 97 - (YYMMDDSSS mod 97), computed with a leading ``2`` for births from 2000.

A BIS number (issued by the BCSS, not the National Register) adds 40 to the month when the sex
is known at creation and 20 when it is not; an unknown month is then written 40 or 20.
A KBO/BCE enterprise number is 10 digits starting with 0 or 1, the last two = 97 - (first 8 mod 97).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["RN", "BIS"]
Sex = Literal["M", "F"]

_DIGITS = re.compile(r"\D")
_Y2K = 2_000_000_000


class InvalidNumber(ValueError):
    """The string is not a well-formed number of the expected kind (message says why)."""


def _check(base9: str, born_2000_or_later: bool) -> int:
    n = int(base9) + (_Y2K if born_2000_or_later else 0)
    return 97 - n % 97


def normalize(text: str) -> str:
    """Keep the digits of a printed number (``85.03.14-001.27`` -> ``85031400127``)."""
    return _DIGITS.sub("", text)


@dataclass(frozen=True)
class SsinInfo:
    """What an SSIN says by itself."""

    ssin: str
    kind: Kind
    year: int
    month: int | None  # None when unknown
    day: int | None  # None when unknown
    sex: Sex | None  # None for a BIS number created with the sex unknown
    series: int

    @property
    def birth_date(self) -> str:
        """The (possibly incomplete) birth date, ``yyyy-mm-dd`` with ``00`` for unknown parts."""
        return f"{self.year:04d}-{self.month or 0:02d}-{self.day or 0:02d}"

    @property
    def sex_known(self) -> bool:
        return self.sex is not None


def parse(ssin: str) -> SsinInfo:
    """Parse and check an SSIN (RN or BIS); raises InvalidNumber with the reason."""
    if not isinstance(ssin, str) or len(ssin) != 11 or not ssin.isdigit():
        raise InvalidNumber(f"an SSIN is 11 digits, got {ssin!r}")
    base, cc = ssin[:9], int(ssin[9:])
    if _check(base, False) == cc:
        century = 1900
    elif _check(base, True) == cc:
        century = 2000
    else:
        raise InvalidNumber(f"check digits of {ssin} do not match (mod 97)")
    yy, mm, dd, series = int(ssin[0:2]), int(ssin[2:4]), int(ssin[4:6]), int(ssin[6:9])
    kind: Kind = "RN"
    sex_known = True
    if 40 <= mm <= 52:
        kind, mm = "BIS", mm - 40
    elif 20 <= mm <= 32:
        kind, mm, sex_known = "BIS", mm - 20, False
    if mm > 12:
        raise InvalidNumber(f"month {ssin[2:4]} of {ssin} is not a month")
    if dd > 31:
        raise InvalidNumber(f"day {ssin[4:6]} of {ssin} is not a day")
    if kind == "RN" and series in (0, 999):
        raise InvalidNumber(f"series {ssin[6:9]} of {ssin} is never issued")
    year = century + yy
    if mm and dd:
        try:
            dt.date(year, mm, dd)
        except ValueError:
            raise InvalidNumber(f"{ssin} does not hold a real date") from None
    sex: Sex | None = ("M" if series % 2 else "F") if sex_known else None
    return SsinInfo(ssin, kind, year, mm or None, dd or None, sex, series)


def is_valid(ssin: str) -> bool:
    try:
        parse(ssin)
    except InvalidNumber:
        return False
    return True


def make(
    year: int,
    month: int | None,
    day: int | None,
    series: int,
    *,
    bis: bool = False,
    sex_known: bool = True,
) -> str:
    """Build an SSIN from its parts.

    ``series`` carries the sex (odd = man, even = woman) whenever the sex is known. ``bis`` makes a BIS
    number (month + 40 when ``sex_known``, + 20 otherwise). ``month``/``day`` None mean unknown.
    """
    if not (0 <= series <= 999 if bis else 1 <= series <= 998):  # 000 and 999 are never issued as RN
        raise InvalidNumber(f"series must be {'0..999' if bis else '1..998'}, got {series}")
    if not bis and not sex_known:
        raise InvalidNumber("a national-register number always carries the sex")
    if not 1800 <= year <= 2099:
        raise InvalidNumber(f"year {year} is out of range")
    if month and day:
        dt.date(year, month, day)  # raises ValueError for impossible dates
    mm = (month or 0) + ((40 if sex_known else 20) if bis else 0)
    base = f"{year % 100:02d}{mm:02d}{day or 0:02d}{series:03d}"
    return base + f"{_check(base, year >= 2000):02d}"


def make_rn(birth: dt.date, series: int) -> str:
    """A national-register number for a person born on ``birth`` (odd series = man)."""
    return make(birth.year, birth.month, birth.day, series)


def make_bis(year: int, month: int | None, day: int | None, series: int, sex_known: bool = True) -> str:
    """A BIS number; with ``sex_known`` the series parity is the sex, as for an RN."""
    return make(year, month, day, series, bis=True, sex_known=sex_known)


def series_for(sex: Sex, n: int) -> int:
    """The n-th (0-based) series number for a sex: men 1, 3, 5 ... 997; women 2, 4 ... 998."""
    if not 0 <= n <= 498:
        raise InvalidNumber(f"only 499 series per day and sex, got index {n}")
    return 2 * n + (1 if sex == "M" else 2)


# KBO/BCE enterprise numbers -----------------------------------------------------------------------


def kbo_is_valid(number: str) -> bool:
    n = normalize(number)
    return len(n) == 10 and n[0] in "01" and 97 - int(n[:8]) % 97 == int(n[8:])


def make_kbo(base8: int) -> str:
    """A valid 10-digit enterprise number from an 8-digit base (first digit 0 or 1)."""
    if not 0 <= base8 <= 19_999_999:
        raise InvalidNumber(f"a KBO base is 8 digits starting with 0 or 1, got {base8}")
    return f"{base8:08d}{97 - base8 % 97:02d}"


def format_ssin(ssin: str) -> str:
    """Printed form used on the eID: ``YY.MM.DD-SSS.CC``."""
    return f"{ssin[0:2]}.{ssin[2:4]}.{ssin[4:6]}-{ssin[6:9]}.{ssin[9:11]}"
