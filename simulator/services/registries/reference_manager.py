"""ReferenceManager.consult (SSDN, 20050525): which other sectors of the network know a person.

The reference directory's persons part says, per SSIN, which sector holds a file in which quality
over which period. The simulator derives those rows from the world itself, so they always agree with
what the sources show: a job is an ONSS (12/10) inscription, full unemployment an ONEM (18/1) one, a
jobseeker registration ONEM 18/4, self-employment INASTI (15/2), a disability allowance DG HAN (16/1),
GRAPA ONP (5/30), family allowances sector 7 (7/101 the beneficiary, 7/104 the child), insurability
the health insurers (11/1). The CPAS sector (17) is ManageAccess's business and is left out.
Simulator contract (fixtures/contracts/ssdn/ReferenceManager); the caller must have integrated the
person over IntegratedPeriod.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from simulator.services import reason_codes as codes
from simulator.services.base import ERROR, Call, SsdnResult, SsdnService
from simulator.services.registries.identity import (
    detail,
    subject_error,
    text,
)
from simulator.soap import ns, ssdn

NS = ns.SSDN_REFERENCE_MANAGER
Q = f"{{{NS}}}"
C = f"{{{ns.SSDN_COMMON}}}"

# (sector, quality) -> (sector nl, sector fr, quality nl, quality fr); codes from domain-facts §4.1/§5.3
QUALITIES = {
    (5, 30): ("Rijksdienst voor Pensioenen", "Office national des Pensions",
              "Inkomensgarantie voor ouderen", "Garantie de revenus aux personnes âgées"),
    (7, 101): ("Kinderbijslag", "Allocations familiales", "Bijslagtrekkende", "Allocataire"),
    (7, 104): ("Kinderbijslag", "Allocations familiales", "Rechtgevend kind", "Enfant bénéficiaire"),
    (11, 1): ("Ziekenfondsen", "Organismes assureurs", "Verzekerbaarheid", "Assurabilité"),
    (12, 10): ("Rijksdienst voor Sociale Zekerheid", "Office national de Sécurité sociale",
               "Werknemer", "Travailleur salarié"),
    (15, 2): ("Rijksinstituut voor de Sociale Verzekeringen der Zelfstandigen",
              "Institut national d'assurances sociales pour travailleurs indépendants", "Zelfstandige", "Indépendant"),
    (16, 1): ("DG Personen met een handicap", "DG Personnes handicapées", "Tegemoetkoming", "Allocation"),
    (18, 1): ("Rijksdienst voor Arbeidsvoorziening", "Office national de l'Emploi",
              "Gecontroleerde werkloze", "Chômeur contrôlé"),
    (18, 4): ("Rijksdienst voor Arbeidsvoorziening", "Office national de l'Emploi",
              "Werkzoekende", "Demandeur d'emploi"),
}


def _periods(world, ssin: str) -> list[tuple[int, int, dt.date, dt.date | None]]:
    """(sector, quality, begin, end) of every inscription the world implies for the person."""
    rows = [(12, 10, e.begin, e.end) for e in world.employments(ssin)]
    rows += [(18, 1, u.begin, u.end) for u in world.unemployment(ssin) if u.kind == "FULL"]
    rows += [(18, 4, j.begin, j.end) for j in world.jobseeker_history(ssin)]
    rows += [(15, 2, s.begin, s.end) for s in world.self_employment(ssin)]
    rows += [(5, 30, p.begin, p.end) for p in world.pensions(ssin) if p.kind == "GRAPA"]
    rows += [(11, 1, h.begin, h.end) for h in world.health_insurance_history(ssin)]
    rows += [(7, 101 if b.ssin == ssin else 104, b.begin, b.end) for b in world.child_benefits(ssin)]
    disability = world.disability(ssin)
    if disability is not None:
        rows += [(16, 1, a.begin, a.end) for a in disability.allowances]
    return rows


def _period(parent, tag: str) -> tuple[dt.date, dt.date | None]:
    node = parent.find(Q + tag)
    begin, end = node.findtext(C + "StartDate"), node.findtext(C + "EndDate")
    return dt.date.fromisoformat(begin.strip()[:10]), dt.date.fromisoformat(end.strip()[:10]) if end else None


def _overlaps(begin, end, low, high) -> bool:
    return (end is None or end >= low) and (high is None or begin <= high)


def consult(call: Call) -> SsdnResult:
    criteria = call.request.find(Q + "ConsultOtherSectorsCriteria")
    ssin = text(criteria, NS, "RequestedSsin")
    call.notes["ssin"] = ssin
    error = subject_error(call.world, ssin)
    if error is not None:
        return SsdnResult(None, [error])
    integrated_from, integrated_to = _period(criteria, "IntegratedPeriod")
    if not any(_overlaps(i.begin, i.end, integrated_from, integrated_to)
               for i in call.world.integrations(ssin, org_cbe=call.organisation.cbe)):
        return SsdnResult(None, [detail(ERROR, codes.NOT_INTEGRATED,
                                        "The SSIN is not integrated for this organisation in the period.",
                                        ("SSIN", ssin), ("OrgUnit", call.organisation.cbe))])
    low, high = _period(criteria, "RequestedPeriod")
    describe = (text(criteria, NS, "FetchDescriptions") or "false") in ("true", "1")
    body = ssdn.body_element(NS, "ReferenceManagerReply")
    result = etree.SubElement(body, Q + "ConsultOtherSectorsResult")
    found = sorted((s, q, b, e) for s, q, b, e in _periods(call.world, ssin) if _overlaps(b, e, low, high))
    for sector, quality, begin, end in found:
        consultation = etree.SubElement(result, Q + "Consultation")
        etree.SubElement(consultation, Q + "Sector").text = str(sector)
        etree.SubElement(consultation, Q + "QualityCode").text = str(quality)
        period = etree.SubElement(consultation, Q + "Period")
        etree.SubElement(period, C + "StartDate", nsmap={"ns4": ns.SSDN_COMMON}).text = begin.isoformat()
        if end is not None:
            etree.SubElement(period, C + "EndDate", nsmap={"ns4": ns.SSDN_COMMON}).text = end.isoformat()
        if describe:
            for tag, value in zip(("SectorDescriptionNl", "SectorDescriptionFr", "QualityCodeDescriptionNl",
                                   "QualityCodeDescriptionFr"), QUALITIES[(sector, quality)]):
                etree.SubElement(consultation, Q + tag).text = value
    return SsdnResult(body)


SERVICE = SsdnService(
    service_id="ReferenceManager.consult",
    version="20050525",
    namespace=NS,
    request="ReferenceManagerRequest",
    schema="ssdn/ReferenceManager/ReferenceManagerRequest.xsd",
    handler=consult,
    contract="simulator",
)
