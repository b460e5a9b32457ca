"""Social-security records: what the sources behind the BCSS network know about a person.

The same conventions as ``model.py``: ``begin``/``end`` are inclusive dates, ``end`` None = still
running; amounts are euros rounded to the cent. Codes are those of the source (Dimona worker
types, DmfA worker codes, joint committees, mutuality unions, ...); their labels live in the
world's ``ref_code`` table (``WorldStore.code_label``), where each row says whether the code is a
documented fact or a simulator convention.

One person's records of one source never overlap where the source forbids it: ordinary
employments, unemployment periods, pension rows of one kind, health-insurance periods, CPAS
situations, energy-rate and jobseeker periods follow each other. Student and flexi Dimonas are
separate, shorter periods (a flexi job runs beside a main job by definition).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

ParentRole = Literal["MOTHER", "FATHER"]


@dataclass(frozen=True, slots=True)
class Filiation:
    """A parent link of the National Register (IT110): ``parent_ssin`` is a parent of ``child_ssin``."""

    child_ssin: str
    parent_ssin: str
    role: ParentRole


@dataclass(frozen=True, slots=True)
class Employer:
    kbo: str  # KBO/BCE enterprise number (10 digits, mod 97)
    onss: str  # ONSS/RSZ registration number (9 digits NNNNNNNCC)
    name: str
    joint_committee: str  # the employer's main joint committee, e.g. '302' or '322.01'
    category: str  # DmfA employer category, '000' = ordinary private employer
    nis: int | None  # municipality of the registered seat


@dataclass(frozen=True, slots=True)
class Employment:
    """One labour relation; every one is declared by a Dimona (ordinary: one period)."""

    id: int
    ssin: str
    employer_kbo: str
    worker_type: str  # Dimona worker type: OTH ordinary, STU student, FLX flexi-job
    worker_code: str  # DmfA worker code: 015 manual, 495 white-collar, 840/841 students
    joint_committee: str
    regime: str  # FULL_TIME | PART_TIME
    fte: float  # share of a full-time job, 1.0 for full time
    monthly_gross: float  # gross monthly pay in the contract's regime (0 for student/flexi: paid by the hour)
    begin: dt.date
    end: dt.date | None = None
    employer_name: str | None = None


@dataclass(frozen=True, slots=True)
class DimonaPeriod:
    id: int  # the Dimona period number
    ssin: str
    employment_id: int
    employer_kbo: str
    worker_type: str
    joint_committee: str
    planned_hours: int | None  # students: hours announced for the period; flexi: hours of the day
    begin: dt.date
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class DmfaQuarter:
    """One worker line of an employer's quarterly declaration."""

    ssin: str
    employment_id: int
    employer_kbo: str
    year: int
    quarter: int  # 1..4
    worker_code: str
    joint_committee: str
    days: int  # days worked (performance code 1)
    fte: float
    remuneration: float  # gross, remuneration code 1
    remuneration_code: str = "1"

    @property
    def begin(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)


@dataclass(frozen=True, slots=True)
class SelfEmployment:
    id: int
    ssin: str
    kind: str  # MAIN | SECONDARY (beside a job) | HELPER (assisting spouse)
    fund: str  # social insurance fund code (ref_code 'si_fund')
    activity: str
    begin: dt.date
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class SelfEmployedContribution:
    ssin: str
    year: int
    quarter: int
    amount: float
    paid: bool


@dataclass(frozen=True, slots=True)
class UnemploymentPayment:
    month: str  # yyyy-mm
    days: int  # benefit days paid (six-day scheme)
    amount: float


@dataclass(frozen=True, slots=True)
class Unemployment:
    id: int
    ssin: str
    kind: str  # FULL | INSERTION | TEMPORARY | RCC
    paying_body: str  # CAPAC | FGTB | CSC | CGSLB
    family_category: str  # HEAD_OF_HOUSEHOLD | LIVING_ALONE | COHABITANT
    daily_amount: float
    begin: dt.date
    end: dt.date | None = None
    payments: tuple[UnemploymentPayment, ...] = ()


@dataclass(frozen=True, slots=True)
class Pension:
    id: int
    ssin: str
    kind: str  # RETIREMENT | SURVIVOR | GRAPA (income guarantee for the elderly)
    scheme: str | None  # EMPLOYEE | SELF_EMPLOYED | PUBLIC | MIXED; None for GRAPA
    rate: str | None  # GRAPA only: ISOLATED | COHABITANT
    monthly_amount: float
    begin: dt.date
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class HealthInsurance:
    ssin: str
    mutuality: int  # union code: 100 Christian ... 600 CAAMI/HZIV, 900 HR Rail
    ct1: str
    ct2: str
    increased_intervention: bool  # BIM/VT; the last digit of CT1 says it too
    medical_house: bool  # subscribed to a medical house (flat-rate care)
    holder_ssin: str | None  # None: insured in their own right; else the holder they depend on
    begin: dt.date
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class DisabilityAllowance:
    kind: str  # ARR (income replacement) | AI (integration)
    category: str  # ARR: A cohabitant, B alone, C household head; AI: I..V
    monthly_amount: float
    begin: dt.date
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Disability:
    """A recognition by the DG Persons with disabilities and the allowances that follow from it."""

    ssin: str
    recognition_date: dt.date
    earning_reduction: bool  # earning capacity reduced to a third or less (opens the ARR)
    autonomy_points: int  # 0..18, loss of autonomy (sets the AI category)
    cards: tuple[str, ...]  # social cards and attestations issued: PARKING, TRANSPORT ...
    begin: dt.date
    end: dt.date | None = None
    allowances: tuple[DisabilityAllowance, ...] = ()


@dataclass(frozen=True, slots=True)
class ChildBenefit:
    """Family allowance paid to ``ssin`` (the beneficiary) for ``child_ssin``."""

    ssin: str
    child_ssin: str
    fund: str  # ref_code 'child_benefit_fund'
    region: str  # VLG | WAL | BRU | DG: the scheme of the child's domicile
    monthly_amount: float
    social_supplement: bool
    begin: dt.date
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class TaxAssessment:
    """A personal income tax assessment; a joint one has one row per partner (role T and P)."""

    ssin: str
    income_year: int
    assessment_id: int
    role: str  # T taxpayer (codes 1xxx) | P partner (codes 2xxx)
    partner_ssin: str | None
    wages: float  # 1250 / 2250
    pensions: float  # 1211 / 2211
    unemployment: float  # 1260 / 2260
    sickness: float  # 1266 / 2266
    self_employed: float  # 1607 / 2607 (net result)
    cadastral_income: float
    taxable_income: float  # the sum of the above


@dataclass(frozen=True, slots=True)
class Property:
    id: int
    ssin: str
    parcel: str  # cadastral parcel reference
    nis: int
    kind: str  # HOUSE | APARTMENT | LAND
    cadastral_income: float  # of the whole parcel (unindexed, euros a year)
    share: float  # the owner's share, 1.0 = full ownership
    own_residence: bool
    begin: dt.date
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class EnergyRate:
    """Entitlement to the social energy tariff, granted automatically from a social statute."""

    ssin: str
    category: str  # RIS | ERIS | GRAPA | DISABILITY | BIM
    energy: str  # ELECTRICITY | ELECTRICITY_GAS
    begin: dt.date
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class JobseekerRegistration:
    ssin: str
    body: str  # VDAB | ACTIRIS | FOREM | ADG: the service of the region (language area) of residence
    category: str  # UNEMPLOYED | INSERTION | RIS | VOLUNTARY
    begin: dt.date
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Qualification:
    """A Flemish education or professional qualification (learning and experience database)."""

    ssin: str
    code: str
    label: str
    level: int  # EQF level
    date: dt.date
    institution: str


@dataclass(frozen=True, slots=True)
class CpasSituation:
    """What a CPAS grants a person over a period: which CPAS, what aid, which RIS category and amount."""

    ssin: str
    cpas_nis: int  # municipality of the CPAS
    kind: str  # RIS | ERIS | URGENT_MEDICAL_AID | OTHER_AID
    category: int | None  # RIS category 1 cohabitant, 2 alone, 3 with a dependent family
    monthly_amount: float | None  # the category amount at the period's start minus counted resources
    resources: float | None  # monthly resources counted (partial RIS)
    piis: bool  # an individualised project for social integration is signed
    begin: dt.date
    end: dt.date | None = None
