"""Amounts, ages and regional rules the social-security generator draws from.

Facts come from shared/reference/domain-facts.md and keep its tag in the comment: [S] documented,
[K] general knowledge. Everything tagged [E] is a generator estimate chosen to look plausible: it
is NOT an official figure and nothing outside the generator may rely on it. The dated RIS amounts
are read from fixtures/reference/ris_amounts.csv (each row tagged S or E there).
"""

from __future__ import annotations

import csv
import datetime as dt
from bisect import bisect_right
from functools import lru_cache

from simulator.resources import fixture

# -- time frame ---------------------------------------------------------------------------------------

HISTORY_YEARS = 8  # [E] social-security history generated before the reference date (older: summarised)
DMFA_QUARTERS = 8  # [E] DmfA quarters kept per worker, the most recent declared ones
DMFA_DELAY_DAYS = 31  # [K] a quarter is declared by the end of the following month
PAYMENT_MONTHS = 12  # [E] months of unemployment payments kept
CONTRIBUTION_QUARTERS = 8  # [E] self-employed contribution quarters kept
TAX_YEARS = 3  # [E] income years with an assessment on file

# -- ages ---------------------------------------------------------------------------------------------

STUDENT_JOB_AGE = 15  # [K] student jobs from 15 (having finished the first two years of secondary school)
WORK_AGE = 18  # [E] ordinary employment in the generator starts at 18 (apprenticeships not modelled)
SURVIVOR_MIN_AGE = 50  # [K] age for a survivor pension (raised step by step to 50 by 2025)
CHILD_BENEFIT_END_AGE = 18  # [K] unconditional family allowance until 18; students until 25
STUDENT_BENEFIT_END_AGE = 25


def pension_age(birth: dt.date) -> int:
    """Legal pension age [K]: 65, 66 from 1 February 2025, 67 from 1 February 2030."""
    for age in (65, 66):
        try:
            reached = birth.replace(year=birth.year + age)
        except ValueError:  # born on 29 February
            reached = dt.date(birth.year + age, 3, 1)
        if reached < (dt.date(2025, 2, 1) if age == 65 else dt.date(2030, 2, 1)):
            return age
    return 67


def pension_start(birth: dt.date) -> dt.date:
    """The first day of the month after the legal pension age is reached [K]."""
    age = pension_age(birth)
    year, month = birth.year + age, birth.month + 1
    if month == 13:
        year, month = year + 1, 1
    return dt.date(year, month, 1)


# -- RIS (domain-facts §3.2) ----------------------------------------------------------------------------


class RisAmounts:
    """The dated monthly RIS amounts per category: the row in force on a date is the latest before it
    (dates before the first row use the first row)."""

    def __init__(self) -> None:
        rows: dict[int, list[tuple[int, float]]] = {}
        with open(fixture("reference", "ris_amounts.csv"), encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                day = dt.date.fromisoformat(row["begin_date"]).toordinal()
                rows.setdefault(int(row["category"]), []).append((day, float(row["amount"])))
        self.days = {c: [d for d, _ in sorted(r)] for c, r in rows.items()}
        self.amounts = {c: [a for _, a in sorted(r)] for c, r in rows.items()}
        self.changes = sorted({d for days in self.days.values() for d in days})

    def at(self, category: int, day: int) -> float:
        i = bisect_right(self.days[category], day) - 1
        return self.amounts[category][max(i, 0)]


@lru_cache(maxsize=1)
def ris_amounts() -> RisAmounts:
    return RisAmounts()


RIS_WORK_EXEMPTION = 300.0  # [E] socio-professional exemption on work income (domain-facts: "a few hundred €")
PIIS_SINCE = dt.date(2016, 11, 1).toordinal()  # [S] PIIS mandatory for every new RIS since 1 Nov 2016
PIIS_STOCK_SHARE = 0.55  # [E] share of older RIS files with a PIIS
BIM_AFTER_RIS_DAYS = 90  # [K] increased intervention granted after some months of aid

# -- pay ----------------------------------------------------------------------------------------------

FULL_TIME_GROSS = {  # [E] monthly gross of a full-time worker by joint committee
    "100": 2650, "118": 3000, "124": 3100, "140": 2950, "144": 2300, "145": 2300, "200": 3450, "201": 2500,
    "202": 2600, "302": 2400, "311": 2700, "318": 2500, "319": 2900, "322": 2500, "322.01": 2200, "329": 3000,
    "330": 3250, "337": 3000,
}
MINIMUM_GROSS = 2070.0  # [K] order of the guaranteed minimum monthly wage (2024)
EMPLOYEE_CONTRIBUTION = 0.1307  # [K] personal social-security contribution on gross pay
STUDENT_HOURLY = 13.0  # [E]
FLEXI_HOURLY = 13.5  # [E]
STUDENT_HOURS_PER_YEAR = {2023: 650, 0: 475}  # [K] yearly student quota: 650 h since 2023, 475 h before

# -- unemployment (domain-facts §4.4) -------------------------------------------------------------------

DAYS_PER_MONTH = 26  # [K] benefits are paid in a six-day scheme
UNEMPLOYMENT_DAILY = {  # [E] daily amounts by kind and family category
    "FULL": {"HEAD_OF_HOUSEHOLD": 68.0, "LIVING_ALONE": 58.0, "COHABITANT": 42.0},
    "INSERTION": {"HEAD_OF_HOUSEHOLD": 54.0, "LIVING_ALONE": 40.0, "COHABITANT": 21.0},
    "RCC": {"HEAD_OF_HOUSEHOLD": 70.0, "LIVING_ALONE": 64.0, "COHABITANT": 55.0},
}
TEMPORARY_SHARE_OF_WAGE = 0.65  # [K] temporary unemployment pays a share of the capped daily wage
PAYING_BODIES = {  # [E] shares of the payment bodies by region
    "VLG": {"CSC": 48, "FGTB": 27, "CGSLB": 13, "CAPAC": 12},
    "WAL": {"FGTB": 45, "CSC": 33, "CGSLB": 8, "CAPAC": 14},
    "BRU": {"FGTB": 38, "CSC": 30, "CGSLB": 10, "CAPAC": 22},
}
COVID_START = dt.date(2020, 3, 16).toordinal()  # [K] temporary unemployment for force majeure (corona)
COVID_END_RANGE = (dt.date(2020, 4, 30).toordinal(), dt.date(2020, 6, 30).toordinal())  # [E]
COVID_SHARE = 0.25  # [E] share of employees with a force-majeure temporary unemployment period

# -- pensions, sickness, disability (domain-facts §4.7, §4.9) ---------------------------------------------

PENSION_MONTHLY = {  # [E] (mean, spread) of a full retirement pension by scheme
    "EMPLOYEE": (1550.0, 350.0), "SELF_EMPLOYED": (1300.0, 300.0), "PUBLIC": (2600.0, 500.0), "MIXED": (1750.0, 400.0),
}
LOW_PENSION = (650.0, 200.0)  # [E] short or broken career (GRAPA candidates)
SURVIVOR_MONTHLY = (1150.0, 300.0)  # [E]
GRAPA_RATE = {"ISOLATED": 1650.0, "COHABITANT": 1100.0}  # [E] domain-facts §4.7 order of magnitude 2025
GRAPA_COUNTED_SHARE = 0.9  # [E] share of the pension counted as a resource against the GRAPA
SICKNESS_MONTHLY = (1500.0, 250.0)  # [E] invalidity benefit paid by the mutuality
ARR_MONTHLY = {"A": 900.0, "B": 1350.0, "C": 1800.0}  # [E] full income replacement allowance by category
AI_MONTHLY = {"I": 110.0, "II": 370.0, "III": 590.0, "IV": 860.0, "V": 980.0}  # [E]
AI_POINTS = {"I": (7, 8), "II": (9, 11), "III": (12, 14), "IV": (15, 16), "V": (17, 18)}  # [K]

# -- self-employed (domain-facts §4.8) -------------------------------------------------------------------

SI_FUNDS = {"ACERTA": 16, "LIANTIS": 16, "XERIUS": 16, "PARTENA": 14, "SECUREX": 10, "GROUP_S": 8, "UCM": 12,
            "AVIXI": 5, "CNH": 3}  # [E] market shares
CONTRIBUTION_QUARTER = {"MAIN": (950.0, 250.0), "SECONDARY": (260.0, 120.0), "HELPER": (400.0, 100.0)}  # [E]
SELF_EMPLOYED_RESULT = {"MAIN": (32000.0, 12000.0), "SECONDARY": (6000.0, 4000.0), "HELPER": (12000.0, 4000.0)}  # [E]
ACTIVITIES = ("Commerce de détail", "Construction", "Horeca", "Conseil", "Soins de santé", "Transport",
              "Agriculture", "Coiffure et soins", "Informatique", "Artisanat")  # [E]

# -- family allowances (domain-facts §4.6) ----------------------------------------------------------------

CHILD_BENEFIT_SINCE = {"VLG": dt.date(2019, 1, 1), "WAL": dt.date(2019, 1, 1), "DG": dt.date(2019, 1, 1),
                       "BRU": dt.date(2020, 1, 1)}  # [S] regional schemes
CHILD_BENEFIT_FUNDS = {  # [S] the funds of each region; the weights are [E]
    "VLG": {"FONS": 22, "INFINO": 22, "KIDSLIFE": 18, "MYFAMILY": 20, "PARENTIA": 18},
    "WAL": {"FAMIWAL": 35, "CAMILLE": 18, "INFINO": 17, "KIDSLIFE": 15, "PARENTIA": 15},
    "BRU": {"FAMIRIS": 35, "BRUSSELS_FAMILY": 20, "INFINO": 15, "KIDSLIFE": 15, "PARENTIA": 15},
    "DG": {"DG": 1},
}
CHILD_BENEFIT_BASE = {"VLG": 180.0, "WAL": 185.24, "BRU": 170.0, "DG": 172.0}  # WAL [S] (born from 2020), others [E]
CHILD_BENEFIT_OLD_SCHEME = 120.0  # [E] children born before the regional reform keep a lower base
CHILD_BENEFIT_SOCIAL = 60.0  # [E] social supplement for low-income households

# -- health insurance (domain-facts §4.5) ------------------------------------------------------------------

MUTUALITIES = {  # [E] union shares by region
    "VLG": {100: 45, 300: 14, 400: 8, 500: 26, 200: 5, 600: 1, 900: 1},
    "WAL": {100: 35, 300: 35, 400: 8, 500: 18, 200: 2, 600: 1, 900: 1},
    "BRU": {100: 25, 300: 30, 400: 8, 500: 30, 200: 4, 600: 2, 900: 1},
}
MEDICAL_HOUSE_SHARE = {"BRU": 0.12, "WAL": 0.08, "VLG": 0.03}  # [E]
# CT1/CT2 [E]: the simulator writes 1 (general scheme), then the title digit (1 active or resident,
# 2 invalid, 3 pensioner, 4 widow(er), 5 orphan), then the BIM digit (1 = increased intervention,
# which domain-facts §4.5 gives as [K]); CT2 repeats CT1 as in the example 110/110.
CT_TITLE = {"ACTIVE": "1", "INVALID": "2", "PENSIONER": "3", "WIDOW": "4", "ORPHAN": "5"}
BIM_FOR_ENERGY = (dt.date(2021, 2, 1).toordinal(), dt.date(2023, 6, 30).toordinal())  # [K] BIM in the social tariff
GAS_SHARE = 0.6  # [E] households on the social tariff with gas as well as electricity

# -- properties (domain-facts §4.10) -----------------------------------------------------------------------

CADASTRAL_INCOME = {"HOUSE": (950.0, 350.0), "APARTMENT": (720.0, 250.0), "LAND": (60.0, 40.0)}  # [E]

# -- regional bodies (domain-facts §4.4) -------------------------------------------------------------------

JOBSEEKER_BODY = {"VLG": "VDAB", "BRU": "ACTIRIS", "WAL": "FOREM", "DG": "ADG"}  # [S]
