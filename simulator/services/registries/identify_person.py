"""OCMWCPASIdentifyPerson (SSDN, 20050930): find a person by SSIN, or phonetically.

- By SSIN (with optional VerificationData): the person's LimitedLegalData; ``Extended`` is filled
  only when the identity was validated by a matching verification datum (12007001), otherwise it is
  sent empty as real replies do; a mismatch is warning 22007007 listing the claimed values.
- Phonetic (LastName, FirstName, BirthDate — possibly incomplete, then Tolerance is required —
  Gender, Maximum): persons whose phonetic keys match and whose birth date falls in the tolerance.
- Both given: the phonetic criteria are ignored (warning 21007001).
No prior integration is needed (identification precedes integration).
"""

from __future__ import annotations

from lxml import etree

from simulator.services import reason_codes as codes
from simulator.services.base import (
    ERROR,
    INFORMATION,
    WARNING,
    Call,
    SsdnResult,
    SsdnService,
)
from simulator.services.registries.identity import (
    birth_range,
    card_matches,
    detail,
    fold,
    person_data_mismatches,
    text,
)
from simulator.soap import ns, ssdn
from simulator.world import ssin as numbers

NS = ns.SSDN_IDENTIFY_PERSON
Q = f"{{{NS}}}"

DEFAULT_MAXIMUM = 10  # [INF] the XSD allows 1..80; BCSS's default is not public



def identify_person(call: Call) -> SsdnResult:
    request = call.request
    ssin = text(request, NS, "SearchCriteria/SSIN")
    phonetic = request.find(f"{Q}SearchCriteria/{Q}PhoneticCriteria")
    if ssin:
        call.notes["ssin"] = ssin
        details = []
        if phonetic is not None:
            details.append(detail(WARNING, codes.BOTH_CRITERIA,
                                  "Both a SSIN and Phonetic Criteria were specified. The Phonetic Criteria will be ignored."))
        return _by_ssin(call, ssin, details)
    if phonetic is not None:
        return _phonetic(call, phonetic)
    return SsdnResult(None, [detail(ERROR, codes.MISSING_ARGUMENT, "A mandatory argument is missing or empty.",
                                    ("FieldName", "SSIN or Phonetic Criteria"))])


def _by_ssin(call: Call, ssin: str, details: list) -> SsdnResult:
    world = call.world
    if not numbers.is_valid(ssin):
        return SsdnResult(None, details + [detail(ERROR, codes.INVALID_SSIN, "The SSIN is not valid.", ("SSIN", ssin))])
    replaced = world.replacement(ssin)
    if replaced is not None:
        details.append(detail(WARNING, codes.REPLACED_SSIN_WARNING, "The SSIN has been replaced; the person is given under the new SSIN.",
                              ("SSIN", ssin), ("NewSSIN", replaced.new_ssin)))
        ssin = replaced.new_ssin
    person = world.person(ssin, at=call.today)
    if person is None:
        return SsdnResult(None, details + [detail(ERROR, codes.UNKNOWN_SSIN, "No person found for this SSIN.", ("SSIN", ssin))])
    validated = _verify(call, person, details)
    body = ssdn.body_element(NS, "IdentifyPersonReply")
    results = etree.SubElement(body, f"{Q}SearchResults")
    _limited_legal_data(results, call, person, extended=validated)
    return SsdnResult(body, details)


def _verify(call: Call, person, details: list) -> bool:
    """Check VerificationData; True when at least one datum validated the identity."""
    verification = call.request.find(f"{Q}VerificationData")
    if verification is None:
        return False
    matched = False
    card = text(verification, NS, "IdentityCardNumber")
    if card is not None:
        if card_matches(call.world, person.ssin, card):
            matched = True
        else:
            details.append(detail(WARNING, codes.DATA_MISMATCH,
                                  "The specified IdentityCardNumber does not match with the data found for this person.",
                                  ("IdentityCardNumber", card), ("SSIN", person.ssin)))
    data = verification.find(f"{Q}PersonData")
    if data is not None:
        last, first = text(data, NS, "LastName"), text(data, NS, "FirstName")
        birth = text(data, NS, "BirthDate")
        if person_data_mismatches(person, last, first, birth):
            details.append(detail(
                WARNING, codes.DATA_MISMATCH, "The specified PersonData does not match with the data found for this person.",
                ("Person Data: Birth Date", birth), ("Person Data: First Name", first),
                ("SSIN", person.ssin), ("Person Data: Last Name", last),
            ))
        else:
            matched = True
    if matched:
        details.append(detail(INFORMATION, codes.VALIDATED, "The identity of the person was successfully validated by the system.",
                              ("SSIN", person.ssin)))
    return matched


def _phonetic(call: Call, criteria) -> SsdnResult:
    last = text(criteria, NS, "LastName")
    if not last:
        return SsdnResult(None, [detail(ERROR, codes.MISSING_ARGUMENT, "A mandatory argument is missing or empty.",
                                        ("FieldName", "Phonetic Criteria: Last Name"))])
    birth = text(criteria, NS, "BirthDate") or ""
    tolerance = text(criteria, NS, "Tolerance")
    year, month, day = (int(p) for p in birth.split("-"))
    incomplete = month == 0 or day == 0
    if incomplete and tolerance is None:
        return SsdnResult(None, [detail(ERROR, codes.TOLERANCE_REQUIRED,
                                        "An incomplete birth date in the phonetic criteria requires a Tolerance.",
                                        ("FieldName", "Phonetic Criteria: Tolerance"))])
    low, high = birth_range(year, month, day, int(tolerance or 0))
    gender = text(criteria, NS, "Gender")
    maximum = int(text(criteria, NS, "Maximum") or DEFAULT_MAXIMUM)
    found = call.world.search_phonetic(
        last, text(criteria, NS, "FirstName"), low, high, int(gender) if gender and gender != "0" else None, maximum + 1
    )
    details = []
    if len(found) > maximum:
        details.append(detail(WARNING, codes.TOO_MANY, f"More than {maximum} persons match; refine the criteria.",
                              ("Maximum", str(maximum))))
        found = found[:maximum]
    if not found:
        return SsdnResult(ssdn.body_element(NS, "IdentifyPersonReply"), details)
    body = ssdn.body_element(NS, "IdentifyPersonReply")
    results = etree.SubElement(body, f"{Q}SearchResults")
    for person in found:
        _limited_legal_data(results, call, call.world.person(person.ssin, at=call.today) or person, extended=False)
    return SsdnResult(body, details)


def _descriptions(parent, tag: str, by_lang: dict[str, str | None]) -> None:
    seen = set()
    for lang, value in by_lang.items():
        if value and fold(value) not in seen:
            seen.add(fold(value))
            el = etree.SubElement(parent, Q + tag)
            el.set("lang", lang)
            el.text = fold(value)


def _limited_legal_data(results, call: Call, person, extended: bool) -> None:
    data = etree.SubElement(results, f"{Q}LimitedLegalData")
    data.set("origin", "RN_RR" if person.kind == "RN" else "BCSS_KSZ")
    basic = etree.SubElement(data, f"{Q}Basic")
    etree.SubElement(basic, f"{Q}SocialSecurityUser").text = person.ssin
    etree.SubElement(basic, f"{Q}LastName").text = fold(person.last_name)
    if person.first_names:
        etree.SubElement(basic, f"{Q}FirstName").text = fold(" ".join(person.first_names))
    etree.SubElement(basic, f"{Q}BirthDate").text = person.birth_date
    etree.SubElement(basic, f"{Q}Gender").text = str(person.gender)
    address = person.address
    if address is not None and address.nis:
        el = etree.SubElement(basic, f"{Q}Address")
        etree.SubElement(el, f"{Q}CountryCode").text = "150"
        etree.SubElement(el, f"{Q}MunicipalityCode").text = str(address.nis)
        _descriptions(el, "Municipality", {"de": address.municipality_de, "fr": address.municipality_fr,
                                           "nl": address.municipality_nl})
        etree.SubElement(el, f"{Q}PostalCode").text = address.postal_code
        etree.SubElement(el, f"{Q}StreetCode").text = str(address.street_code % 100_000)
        _descriptions(el, "Street", {"de": address.street_de, "fr": address.street_fr, "nl": address.street_nl})
        etree.SubElement(el, f"{Q}HouseNumber").text = address.house_number
        if address.box:
            etree.SubElement(el, f"{Q}Box").text = address.box
    elif address is not None:
        post = etree.SubElement(basic, f"{Q}DiplomaticPost")
        etree.SubElement(post, f"{Q}CountryCode").text = str(address.country)
        etree.SubElement(post, f"{Q}Post").text = str(address.country)  # [INF] the post's NIS code
        street = address.street_fr or address.street_nl or address.street_de or ""
        plain = f"{street} {address.house_number or ''} {address.postal_code or ''} {address.city_abroad or ''}"
        etree.SubElement(post, f"{Q}AddressPlainText").text = fold(plain)[:100]
    ext = etree.SubElement(data, f"{Q}Extended")
    if not extended:
        return
    etree.SubElement(ext, f"{Q}CivilState").text = str(person.civil_status)
    if person.birth_place_nis:
        etree.SubElement(ext, f"{Q}BirthLocationCode").text = str(person.birth_place_nis)
    if person.birth_place_name:
        loc = etree.SubElement(ext, f"{Q}BirthLocation")
        loc.set("lang", person.language if person.language in ("fr", "nl", "de") else "fr")
        loc.text = fold(person.birth_place_name)
    if person.death_date:
        etree.SubElement(ext, f"{Q}DeceaseDate").text = person.death_date
    if person.register:
        etree.SubElement(ext, f"{Q}InscriptionRegister").text = str(person.register)
    etree.SubElement(ext, f"{Q}NationalityCode").text = str(person.nationality)


SERVICE = SsdnService(
    service_id="OCMWCPASIdentifyPerson",
    version="20050930",
    namespace=NS,
    request="IdentifyPersonRequest",
    schema="ssdn/OCMW_CPAS/IdentifyPerson/IdentifyPersonRequest.xsd",
    handler=identify_person,
)
