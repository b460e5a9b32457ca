"""Reads of the social-security sources (schema version 2): one method per source, indexed by SSIN.

Conventions: ``at`` selects the rows whose inclusive period covers that date; a method that answers
with one record (``health_insurance``, ``energy_rate``, ``jobseeker``, ``cpas_situation``)
defaults ``at`` to the world's reference date, a method that answers with a list returns the whole
history (newest first) when ``at`` is None. ``begin``/``end`` select the rows overlapping
[begin, end]. Every method returns frozen records of ``simulator.world.social``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from simulator.world.social import (
    ChildBenefit,
    CpasSituation,
    DimonaPeriod,
    Disability,
    DisabilityAllowance,
    DmfaQuarter,
    Employer,
    Employment,
    EnergyRate,
    Filiation,
    HealthInsurance,
    JobseekerRegistration,
    Pension,
    Property,
    Qualification,
    SelfEmployedContribution,
    SelfEmployment,
    TaxAssessment,
    Unemployment,
    UnemploymentPayment,
)
from simulator.world.store.schema import _covers, _d, _iso

_OVERLAPS = "(:end IS NULL OR begin_date <= :end) AND (:begin IS NULL OR end_date IS NULL OR end_date >= :begin)"


def _quarter_key(day: dt.date | None, default: int) -> int:
    return day.year * 10 + (day.month - 1) // 3 + 1 if day else default


class SourceReads:
    """Mixed into WorldStore: it provides ``_all``, ``_one`` and ``reference_date``."""

    reference_date: dt.date
    _all: Callable[..., list[tuple]]
    _one: Callable[..., tuple | None]
    _ref: Callable[[str, str, object], dict | None]

    def _period_rows(self, table: str, columns: str, ssin: str, at: dt.date | None = None,
                     begin: dt.date | None = None, end: dt.date | None = None, order: str = "begin_date DESC"):
        """Rows of ``ssin`` whose period covers ``at`` and/or overlaps [begin, end]."""
        params = {"ssin": ssin, "at": _iso(at), "begin": _iso(begin), "end": _iso(end)}
        where = "ssin = :ssin"
        if at is not None:
            where += f" AND {_covers()}"
        if begin is not None or end is not None:
            where += f" AND {_OVERLAPS}"
        return self._all(f"SELECT {columns} FROM {table} WHERE {where} ORDER BY {order}", params)

    # -- the register's parent links ---------------------------------------------------------------

    def parents(self, ssin: str) -> list[Filiation]:
        rows = self._all("SELECT child_ssin, parent_ssin, role FROM filiation WHERE child_ssin = ? ORDER BY role",
                         (ssin,))
        return [Filiation(*r) for r in rows]

    def children(self, ssin: str) -> list[Filiation]:
        rows = self._all("SELECT child_ssin, parent_ssin, role FROM filiation WHERE parent_ssin = ? "
                         "ORDER BY child_ssin", (ssin,))
        return [Filiation(*r) for r in rows]

    # -- codes and amounts -------------------------------------------------------------------------

    def code_label(self, domain: str, code: object, lang: str = "fr") -> str | None:
        """The label of a source's code (``domain`` as in fixtures/reference/codes.csv)."""
        row = self._ref("ref_code", "domain || ':' || code", f"{domain}:{code}")
        return (row.get(f"label_{lang}") or row.get("label_fr")) if row else None

    def ris_amount(self, category: int, at: dt.date) -> float | None:
        """The monthly RIS amount of ``category`` in force on ``at`` (the latest dated row before it)."""
        row = self._one("SELECT amount FROM ref_ris_amount WHERE category = ? AND begin_date <= ? "
                        "ORDER BY begin_date DESC LIMIT 1", (category, at.isoformat()))
        return row[0] if row else None

    # -- work ------------------------------------------------------------------------------------------

    def employer(self, kbo: str) -> Employer | None:
        row = self._one("SELECT kbo, onss, name, joint_committee, category, nis FROM employer WHERE kbo = ?", (kbo,))
        return Employer(*row) if row else None

    def employments(self, ssin: str, at: dt.date | None = None) -> list[Employment]:
        rows = self._period_rows(
            "employment e", "e.id, e.ssin, e.employer_kbo, e.worker_type, e.worker_code, e.joint_committee, e.regime, "
            "e.fte, e.monthly_gross, e.begin_date, e.end_date, (SELECT name FROM employer WHERE kbo = e.employer_kbo)",
            ssin, at, order="e.begin_date DESC, e.id DESC")
        return [Employment(*r[:9], _d(r[9]), _d(r[10]), r[11]) for r in rows]

    def dimona_periods(self, ssin: str, begin: dt.date | None = None, end: dt.date | None = None) -> list[DimonaPeriod]:
        """Dimona periods overlapping [begin, end], newest first."""
        where = _OVERLAPS.replace("begin_date", "d.begin_date").replace("end_date", "d.end_date")
        rows = self._all(
            "SELECT d.id, e.ssin, d.employment_id, e.employer_kbo, d.worker_type, e.joint_committee, d.planned_hours, "
            "d.begin_date, d.end_date FROM employment e JOIN dimona d ON d.employment_id = e.id "
            f"WHERE e.ssin = :ssin AND {where} ORDER BY d.begin_date DESC, d.id DESC",
            {"ssin": ssin, "begin": _iso(begin), "end": _iso(end)})
        return [DimonaPeriod(*r[:7], _d(r[7]), _d(r[8])) for r in rows]

    def dmfa_quarters(self, ssin: str, begin: dt.date | None = None, end: dt.date | None = None) -> list[DmfaQuarter]:
        """Worker lines of the quarters overlapping [begin, end], newest first."""
        rows = self._all(
            "SELECT e.ssin, q.employment_id, e.employer_kbo, q.year, q.quarter, e.worker_code, e.joint_committee, "
            "q.days, q.fte, q.remuneration, q.remuneration_code FROM employment e JOIN dmfa q ON q.employment_id = e.id "
            "WHERE e.ssin = :ssin AND q.year * 10 + q.quarter BETWEEN :lo AND :hi "
            "ORDER BY q.year DESC, q.quarter DESC, q.employment_id",
            {"ssin": ssin, "lo": _quarter_key(begin, 0), "hi": _quarter_key(end, 99999)})
        return [DmfaQuarter(*r) for r in rows]

    def self_employment(self, ssin: str, at: dt.date | None = None) -> list[SelfEmployment]:
        rows = self._period_rows("self_employment", "id, ssin, kind, fund, activity, begin_date, end_date", ssin, at)
        return [SelfEmployment(*r[:5], _d(r[5]), _d(r[6])) for r in rows]

    def self_employed_contributions(self, ssin: str, begin: dt.date | None = None,
                                    end: dt.date | None = None) -> list[SelfEmployedContribution]:
        rows = self._all("SELECT ssin, year, quarter, amount, paid FROM self_employed_contribution WHERE ssin = :ssin "
                         "AND year * 10 + quarter BETWEEN :lo AND :hi ORDER BY year DESC, quarter DESC",
                         {"ssin": ssin, "lo": _quarter_key(begin, 0), "hi": _quarter_key(end, 99999)})
        return [SelfEmployedContribution(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]

    # -- benefits ----------------------------------------------------------------------------------

    def unemployment(self, ssin: str, begin: dt.date | None = None, end: dt.date | None = None) -> list[Unemployment]:
        """Unemployment periods overlapping [begin, end] with their monthly payments."""
        rows = self._period_rows("unemployment", "id, ssin, kind, paying_body, family_category, daily_amount, "
                                 "begin_date, end_date", ssin, begin=begin, end=end)
        if not rows:
            return []
        payments: dict[int, list[UnemploymentPayment]] = {}
        for uid, month, days, amount in self._all(
                "SELECT p.unemployment_id, p.month, p.days, p.amount FROM unemployment u JOIN unemployment_payment p "
                "ON p.unemployment_id = u.id WHERE u.ssin = ? ORDER BY p.month DESC", (ssin,)):
            payments.setdefault(uid, []).append(UnemploymentPayment(month, days, amount))
        return [Unemployment(*r[:6], _d(r[6]), _d(r[7]), tuple(payments.get(r[0], ()))) for r in rows]

    def pensions(self, ssin: str, at: dt.date | None = None) -> list[Pension]:
        rows = self._period_rows("pension", "id, ssin, kind, scheme, rate, monthly_amount, begin_date, end_date",
                                 ssin, at, order="begin_date DESC, id DESC")
        return [Pension(*r[:6], _d(r[6]), _d(r[7])) for r in rows]

    def health_insurance(self, ssin: str, at: dt.date | None = None) -> HealthInsurance | None:
        """The insurability covering ``at`` (default: the reference date), or None."""
        rows = self._period_rows("health_insurance", "ssin, mutuality, ct1, ct2, increased_intervention, medical_house, "
                                 "holder_ssin, begin_date, end_date", ssin, at or self.reference_date)
        return _health(rows[0]) if rows else None

    def health_insurance_history(self, ssin: str) -> list[HealthInsurance]:
        rows = self._period_rows("health_insurance", "ssin, mutuality, ct1, ct2, increased_intervention, medical_house, "
                                 "holder_ssin, begin_date, end_date", ssin)
        return [_health(r) for r in rows]

    def disability(self, ssin: str) -> Disability | None:
        """The person's recognition as a person with a disability and its allowances, or None."""
        row = self._one("SELECT ssin, recognition_date, earning_reduction, autonomy_points, cards, begin_date, "
                        "end_date FROM disability WHERE ssin = ?", (ssin,))
        if row is None:
            return None
        allowances = tuple(
            DisabilityAllowance(r[0], r[1], r[2], _d(r[3]), _d(r[4]))
            for r in self._period_rows("disability_allowance", "kind, category, monthly_amount, begin_date, end_date",
                                       ssin, order="begin_date DESC, kind"))
        return Disability(row[0], _d(row[1]), bool(row[2]), row[3], tuple(c for c in (row[4] or "").split("|") if c),
                          _d(row[5]), _d(row[6]), allowances)

    def child_benefits(self, ssin: str, at: dt.date | None = None) -> list[ChildBenefit]:
        """Family allowances ``ssin`` receives, or receives for them as a child."""
        params = {"ssin": ssin, "at": _iso(at)}
        covers = f" AND {_covers()}" if at else ""
        rows = self._all("SELECT ssin, child_ssin, fund, region, monthly_amount, social_supplement, begin_date, "
                         f"end_date FROM child_benefit WHERE ssin = :ssin{covers} UNION ALL "
                         "SELECT ssin, child_ssin, fund, region, monthly_amount, social_supplement, begin_date, "
                         f"end_date FROM child_benefit WHERE child_ssin = :ssin{covers} "
                         "ORDER BY 7 DESC, 2", params)
        return [ChildBenefit(*r[:5], bool(r[5]), _d(r[6]), _d(r[7])) for r in rows]

    def cpas_situation(self, ssin: str, at: dt.date | None = None) -> CpasSituation | None:
        """What a CPAS grants the person on ``at`` (default: the reference date), or None."""
        rows = self._period_rows("cpas_situation", _CPAS_COLUMNS, ssin, at or self.reference_date)
        return _cpas(rows[0]) if rows else None

    def cpas_history(self, ssin: str) -> list[CpasSituation]:
        return [_cpas(r) for r in self._period_rows("cpas_situation", _CPAS_COLUMNS, ssin)]

    # -- taxes, properties, energy -------------------------------------------------------------------

    def tax_assessments(self, ssin: str, income_year: int | None = None) -> list[TaxAssessment]:
        rows = self._all("SELECT ssin, income_year, assessment_id, role, partner_ssin, wages, pensions, unemployment, "
                         "sickness, self_employed, cadastral_income, taxable_income FROM tax_assessment "
                         "WHERE ssin = :ssin AND (:year IS NULL OR income_year = :year) ORDER BY income_year DESC",
                         {"ssin": ssin, "year": income_year})
        return [TaxAssessment(*r) for r in rows]

    def properties(self, ssin: str, at: dt.date | None = None) -> list[Property]:
        rows = self._period_rows("property", "id, ssin, parcel, nis, kind, cadastral_income, share, own_residence, "
                                 "begin_date, end_date", ssin, at, order="begin_date DESC, id")
        return [Property(*r[:7], bool(r[7]), _d(r[8]), _d(r[9])) for r in rows]

    def energy_rate(self, ssin: str, at: dt.date | None = None) -> EnergyRate | None:
        rows = self._period_rows("energy_rate", "ssin, category, energy, begin_date, end_date", ssin,
                                 at or self.reference_date)
        return EnergyRate(*rows[0][:3], _d(rows[0][3]), _d(rows[0][4])) if rows else None

    def energy_rate_history(self, ssin: str) -> list[EnergyRate]:
        rows = self._period_rows("energy_rate", "ssin, category, energy, begin_date, end_date", ssin)
        return [EnergyRate(*r[:3], _d(r[3]), _d(r[4])) for r in rows]

    # -- regional sources ----------------------------------------------------------------------------

    def jobseeker(self, ssin: str, at: dt.date | None = None) -> JobseekerRegistration | None:
        rows = self._period_rows("jobseeker", "ssin, body, category, begin_date, end_date", ssin,
                                 at or self.reference_date)
        return JobseekerRegistration(*rows[0][:3], _d(rows[0][3]), _d(rows[0][4])) if rows else None

    def jobseeker_history(self, ssin: str) -> list[JobseekerRegistration]:
        rows = self._period_rows("jobseeker", "ssin, body, category, begin_date, end_date", ssin)
        return [JobseekerRegistration(*r[:3], _d(r[3]), _d(r[4])) for r in rows]

    def qualifications(self, ssin: str) -> list[Qualification]:
        rows = self._all("SELECT ssin, code, label, level, date, institution FROM qualification WHERE ssin = ? "
                         "ORDER BY date DESC, code", (ssin,))
        return [Qualification(r[0], r[1], r[2], r[3], _d(r[4]), r[5]) for r in rows]


_CPAS_COLUMNS = "ssin, cpas_nis, kind, category, monthly_amount, resources, piis, begin_date, end_date"


def _health(r: tuple) -> HealthInsurance:
    return HealthInsurance(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]), r[6], _d(r[7]), _d(r[8]))


def _cpas(r: tuple) -> CpasSituation:
    return CpasSituation(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), _d(r[7]), _d(r[8]))
