"""Request builders and reply readers shared by the tests (raw XML, as a client would send it)."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from lxml import etree

from simulator.soap import contracts, ns

SSDN_PATH = "/connectors/webservice/KSZBCSSWebServiceConnectorPort"
RETRIEVE_TI_PATH = "/SOA4520/RetrieveTIGroupsService/v2/retrieveTI"
PERSON_PATH = "/SOA4520/PersonService/v4/searchPersonBySsin"
TEST_CONNECTION_PATH = "/SOA4520/TestConnectionServiceService/sendTestMessage"
SSIN_HISTORY_PATH = "/SOA4520/SSINInformationService/v1/consultSsinHistory"
FAMILY_PATH = "/SOA4520/FamilyCompositionService/v1/consultFamilyComposition"
ADDRESS_SEARCH_PATH = "/SOA4520/NRPPersonService/v1/searchPersonsByAddress"
BIS_REGISTER_PATH = "/SOA4520/BisPersonService/v1/registerPerson"
BIS_UPDATE_PATH = "/SOA4520/CBSSPersonService/v1/updatePerson"

LIEGE = {"cbe": "0207349673", "user": "00000000097", "email": "bcss@cpas-liege.example", "nis": 62063}
GENT = {"cbe": "0212088025", "user": "00000000194", "email": "ksz@ocmw-gent.example", "nis": 44021}


def envelope(body: str) -> bytes:
    return (f'<soapenv:Envelope xmlns:soapenv="{ns.SOAP_ENV}"><soapenv:Header/>'
            f"<soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>").encode()


def customer(cbe: str | None = LIEGE["cbe"], ticket: str = "T-1", sector_institution: tuple | None = None) -> str:
    ident = f"<cbeNumber>{cbe}</cbeNumber>" if cbe else (
        f"<sector>{sector_institution[0]}</sector><institution>{sector_institution[1]}</institution>")
    return (f"<informationCustomer><ticket>{ticket}</ticket><timestampSent>2026-11-30T10:00:00.000+01:00</timestampSent>"
            f"<customerIdentification>{ident}</customerIdentification></informationCustomer>")


def retrieve_ti(ssin: str, legal_context: str | None = "PCSA:SOCIAL_INQUIRY", language: str = "fr",
                history: bool = False, cbe: str | None = LIEGE["cbe"]) -> bytes:
    legal = f"<legalContext>{legal_context}</legalContext>" if legal_context is not None else ""
    return envelope(
        f'<v2:retrieveTIGroupsRequest xmlns:v2="{ns.RETRIEVE_TI_INTF}">{customer(cbe)}{legal}'
        f"<searchInformation><ssin>{ssin}</ssin><language>{language}</language>"
        f"<history>{str(history).lower()}</history></searchInformation></v2:retrieveTIGroupsRequest>")


def search_person(ssin: str, legal_context: str = "PCSA:SOCIAL_INQUIRY", language: str = "fr", cbe=LIEGE["cbe"]) -> bytes:
    return envelope(
        f'<v4:searchPersonBySsinRequest xmlns:v4="{ns.PERSON_SERVICE_INTF}">{customer(cbe)}'
        f"<legalContext>{legal_context}</legalContext><criteria><ssin>{ssin}</ssin><language>{language}</language>"
        f"</criteria></v4:searchPersonBySsinRequest>")


def _optional(tag: str, value) -> str:
    return f"<{tag}>{escape(str(value))}</{tag}>" if value is not None else ""


def ssin_history(ssin: str, legal_context: str = "PCSA:SOCIAL_INQUIRY", cbe=LIEGE["cbe"]) -> bytes:
    return envelope(
        f'<v1:consultSsinHistoryRequest xmlns:v1="{ns.SSIN_INFORMATION_INTF}">{customer(cbe)}'
        f"<legalContext>{legal_context}</legalContext><criteria><ssin>{ssin}</ssin></criteria>"
        f"</v1:consultSsinHistoryRequest>")


def family_composition(ssin: str, legal_context: str = "PCSA:SOCIAL_INQUIRY", language: str | None = None,
                       reference_date=None, cbe=LIEGE["cbe"]) -> bytes:
    return envelope(
        f'<v1:consultFamilyCompositionRequest xmlns:v1="{ns.FAMILY_COMPOSITION_INTF}">{customer(cbe)}'
        f"<legalContext>{legal_context}</legalContext><criteria><ssin>{ssin}</ssin>"
        f"{_optional('language', language)}{_optional('referenceDate', reference_date)}</criteria>"
        f"</v1:consultFamilyCompositionRequest>")


def address_search(postal_code: str, street: str, house_number: str, box: str | None = None, reference_date=None,
                   legal_context: str = "PCSA:SOCIAL_INQUIRY", cbe=LIEGE["cbe"]) -> bytes:
    return envelope(
        f'<v1:searchPersonsByAddressRequest xmlns:v1="{ns.NRP_PERSON_INTF}">{customer(cbe)}'
        f"<legalContext>{legal_context}</legalContext><criteria><postalCode>{postal_code}</postalCode>"
        f"{_optional('streetName', street)}{_optional('houseNumber', house_number)}{_optional('box', box)}"
        f"{_optional('referenceDate', reference_date)}</criteria></v1:searchPersonsByAddressRequest>")


def bis_person(operation: str, criteria: str, legal_context: str = "PCSA:SOCIAL_INQUIRY", cbe=LIEGE["cbe"]) -> bytes:
    """BisPersonService ``registerPerson`` / CBSSPersonService ``updatePerson`` with the given criteria (raw XML)."""
    intf = ns.BIS_PERSON_INTF if operation == "registerPerson" else ns.CBSS_PERSON_INTF
    return envelope(
        f'<v1:{operation}Request xmlns:v1="{intf}">{customer(cbe)}'
        f"<legalContext>{legal_context}</legalContext><criteria>{criteria}</criteria></v1:{operation}Request>")


def test_message(echo: str) -> bytes:
    return envelope(f'<v1:sendTestMessageRequest xmlns:v1="{ns.TEST_CONNECTION_INTF}"><echo>{escape(echo)}</echo>'
                    f"</v1:sendTestMessageRequest>")


def ssdn_request(service_id: str, version: str, body: str, org=LIEGE, reference: str = "REF-1", org_unit=True) -> str:
    unit = f"<OrgUnit>{org['cbe']}</OrgUnit>" if org_unit else ""
    return (f'<SSDNRequest xmlns="{ns.SSDN_SERVICE}"><RequestContext><AuthorizedUser>'
            f"<UserID>{org['user']}</UserID><Email>{org['email']}</Email>{unit}"
            f"<MatrixID>17</MatrixID><MatrixSubID>1</MatrixSubID></AuthorizedUser>"
            f"<Message><Reference>{reference}</Reference><TimeRequest>20261130T100000</TimeRequest></Message>"
            f"</RequestContext><ServiceRequest><ServiceId>{service_id}</ServiceId><Version>{version}</Version>"
            f"{body}</ServiceRequest></SSDNRequest>")


def send_xml(ssdn_text: str, cdata: bool = False) -> bytes:
    inner = f"<![CDATA[{ssdn_text}]]>" if cdata else escape(ssdn_text)
    return envelope(f'<xmlString xmlns="{ns.SSDN_CONNECTOR}">{inner}</xmlString>')


def identify_by_ssin(ssin: str, verification: str = "", phonetic: str = "", **kw) -> bytes:
    body = (f'<ns3:IdentifyPersonRequest xmlns:ns3="{ns.SSDN_IDENTIFY_PERSON}"><ns3:SearchCriteria>'
            f"<ns3:SSIN>{ssin}</ns3:SSIN>{phonetic}</ns3:SearchCriteria>{verification}</ns3:IdentifyPersonRequest>")
    return send_xml(ssdn_request("OCMWCPASIdentifyPerson", "20050930", body, **kw))


def identify_phonetic(last: str, birth: str, first: str | None = None, gender: int | None = None,
                      tolerance: int | None = None, maximum: int | None = None, **kw) -> bytes:
    parts = [f"<ns3:LastName>{escape(last)}</ns3:LastName>"]
    if first:
        parts.append(f"<ns3:FirstName>{escape(first)}</ns3:FirstName>")
    parts.append(f"<ns3:BirthDate>{birth}</ns3:BirthDate>")
    if gender is not None:
        parts.append(f"<ns3:Gender>{gender}</ns3:Gender>")
    if tolerance is not None:
        parts.append(f"<ns3:Tolerance>{tolerance}</ns3:Tolerance>")
    if maximum is not None:
        parts.append(f"<ns3:Maximum>{maximum}</ns3:Maximum>")
    body = (f'<ns3:IdentifyPersonRequest xmlns:ns3="{ns.SSDN_IDENTIFY_PERSON}"><ns3:SearchCriteria>'
            f"<ns3:PhoneticCriteria>{''.join(parts)}</ns3:PhoneticCriteria></ns3:SearchCriteria></ns3:IdentifyPersonRequest>")
    return send_xml(ssdn_request("OCMWCPASIdentifyPerson", "20050930", body, **kw))


def manage_access(ssin: str, action: str, purpose: int | None = 2, start: str | None = None, end: str | None = None,
                  proof: str | None = None, query_register: str | None = None, **kw) -> bytes:
    start = start or str(dt.date.today() - dt.timedelta(days=1))
    period = f"<common:StartDate>{start}</common:StartDate>" + (f"<common:EndDate>{end}</common:EndDate>" if end else "")
    purpose_el = f"<ma:Purpose>{purpose}</ma:Purpose>" if purpose is not None else ""
    sector = "<ma:Sector>17</ma:Sector>" if action == "LIST" else ""
    register = f"<ma:QueryRegister>{query_register}</ma:QueryRegister>" if query_register else ""
    body = (f'<ma:ManageAccessRequest xmlns:ma="{ns.SSDN_MANAGE_ACCESS}" xmlns:common="{ns.SSDN_COMMON}">'
            f"<ma:SSIN>{ssin}</ma:SSIN>{purpose_el}<ma:Period>{period}</ma:Period><ma:Action>{action}</ma:Action>"
            f"{sector}{register}<ma:ProofOfAuthentication>{proof or ''}</ma:ProofOfAuthentication></ma:ManageAccessRequest>")
    return send_xml(ssdn_request("OCMWCPASManageAccess", "20050930", body, **kw))


def person_data_proof(person) -> str:
    return (f"<ma:PersonData><ma:LastName>{escape(person.last_name)}</ma:LastName>"
            f"<ma:BirthDate>{person.birth_date}</ma:BirthDate></ma:PersonData>")


SSDN_PERFORM_INVESTIGATION = ns.SSDN_ROOT + "/OCMW_CPAS/PerformInvestigation"


def perform_investigation(ssin: str, groups: dict[str, str] | None = None, **kw) -> bytes:
    """OCMWCPASPerformInvestigation; ``groups`` maps DataGroups flags to their text, e.g.
    {"FamilyCompositionGroup": "1", "WaitRegisterGroup": "false"} (schema order is kept; None: no DataGroups)."""
    order = ("FamilyCompositionGroup", "CitizenGroup", "AddressHistoryGroup", "WaitRegisterGroup")
    flags = "" if groups is None else "<pi:DataGroups>" + "".join(
        f"<pi:{name}>{groups[name]}</pi:{name}>" for name in order if name in groups) + "</pi:DataGroups>"
    body = (f'<pi:PerformInvestigationRequest xmlns:pi="{SSDN_PERFORM_INVESTIGATION}">'
            f"<pi:SocialSecurityUser>{ssin}</pi:SocialSecurityUser>{flags}</pi:PerformInvestigationRequest>")
    return send_xml(ssdn_request("OCMWCPASPerformInvestigation", "20080604", body, **kw))


# reading replies ------------------------------------------------------------------------------------


def body_of(response_bytes: bytes) -> etree._Element:
    env = etree.fromstring(response_bytes)
    return env.find(f"{{{ns.SOAP_ENV}}}Body")[0]


def ssdn_reply(response_bytes: bytes) -> etree._Element:
    """The SSDNReply document parsed out of the xmlString of a sendXML response."""
    xml_string = body_of(response_bytes)
    assert xml_string.tag == f"{{{ns.SSDN_CONNECTOR}}}xmlString", etree.tostring(xml_string)
    return etree.fromstring(xml_string.text.encode("utf-8"))


def ask_soa(wire, path: str, body: bytes, wsdl: str, response: str | None = None) -> etree._Element:
    """Send a new-generation request; the answer must be HTTP 200 with a body element valid against
    the types ``wsdl`` embeds (and, when given, the ``response`` element's Clark name)."""
    reply = wire.post(path, body)
    assert reply.status_code == 200, reply.data
    element = body_of(reply.data)
    if response is not None:
        assert element.tag == response
    schema = contracts.schema(wsdl)
    assert schema.validate(element), schema.error_log
    return element


def ask_ssdn(wire, body: bytes, reply_xsds: tuple[str, ...], soap_action: str = '""') -> etree._Element:
    """Send an SSDN request; the answer must be HTTP 200 with an SSDNReply valid against ``reply_xsds``."""
    response = wire.post(SSDN_PATH, body, soap_action=soap_action)
    assert response.status_code == 200, response.data
    reply = ssdn_reply(response.data)
    schema = contracts.schema(*reply_xsds)
    assert schema.validate(reply), schema.error_log
    return reply


S = f"{{{ns.SSDN_SERVICE}}}"
C = f"{{{ns.SSDN_COMMON}}}"


def service_summary(reply: etree._Element) -> tuple[str, list[str]]:
    """(ok, reason codes) of the first ServiceReply."""
    summary = reply.find(f"{S}ServiceReply/{C}ResultSummary")
    return summary.get("ok"), [d.findtext(f"{C}ReasonCode") for d in summary.findall(f"{C}Detail")]


def status_of(body: etree._Element) -> tuple[str, str]:
    return body.findtext("status/value"), body.findtext("status/code")


def reference_manager(ssin: str, integrated_from: str, requested_from: str = "2000-01-01",
                      requested_to: str | None = None, descriptions: bool = True, **kw) -> bytes:
    to = f"<common:EndDate>{requested_to}</common:EndDate>" if requested_to else ""
    body = (f'<rm:ReferenceManagerRequest xmlns:rm="{ns.SSDN_REFERENCE_MANAGER}" xmlns:common="{ns.SSDN_COMMON}">'
            f"<rm:ConsultOtherSectorsCriteria><rm:QualityCodeRequestor>2</rm:QualityCodeRequestor>"
            f"<rm:RequestedSsin>{ssin}</rm:RequestedSsin>"
            f"<rm:IntegratedPeriod><common:StartDate>{integrated_from}</common:StartDate></rm:IntegratedPeriod>"
            f"<rm:RequestedPeriod><common:StartDate>{requested_from}</common:StartDate>{to}</rm:RequestedPeriod>"
            f"<rm:FetchDescriptions>{str(descriptions).lower()}</rm:FetchDescriptions>"
            f"</rm:ConsultOtherSectorsCriteria></rm:ReferenceManagerRequest>")
    return send_xml(ssdn_request("ReferenceManager.consult", "20050525", body, **kw))


def household_income(ssin: str, reference_date: str | None = None, **kw) -> bytes:
    """OCMWCPASHouseholdIncome (simulator contract, the heating-allowance flow's version 20090409)."""
    body = (f'<hi:HouseholdIncomeRequest xmlns:hi="{ns.SSDN_HOUSEHOLD_INCOME}"><hi:SSIN>{ssin}</hi:SSIN>'
            f"{_optional('hi:ReferenceDate', reference_date)}</hi:HouseholdIncomeRequest>")
    return send_xml(ssdn_request("OCMWCPASHouseholdIncome", "20090409", body, **kw))


PERSON_PHONETIC_PATH = "/SOA4520/PersonService/v4/searchPersonPhonetically"


def search_phonetically(last: str, birth: str, first: str | None = None, tolerance: int | None = None,
                        gender: str | None = None, maximum: int | None = None, cbe=LIEGE["cbe"]) -> bytes:
    parts = [f"<lastName>{escape(last)}</lastName>"]
    if first:
        parts.append(f"<firstName>{escape(first)}</firstName>")
    parts.append(f"<birthDate>{birth}</birthDate>")
    for tag, value in (("tolerance", tolerance), ("gender", gender), ("maximum", maximum)):
        if value is not None:
            parts.append(f"<{tag}>{value}</{tag}>")
    return envelope(
        f'<v4:searchPersonPhoneticallyRequest xmlns:v4="{ns.PERSON_SERVICE_INTF}">{customer(cbe)}'
        f"<legalContext>PCSA:SOCIAL_INQUIRY</legalContext><criteria>{''.join(parts)}</criteria>"
        f"</v4:searchPersonPhoneticallyRequest>")


def create_citizen(last: str, birth: str, first: str | None = None, gender: int | None = None, birth_place: str = "",
                   nationality: int | None = None, address: str = "", **kw) -> bytes:
    """OCMWCPASManagePerson CreateKSZCitizenRequest (simulator contract); ``birth_place`` and
    ``address`` are the raw content of BirthPlace / Address (mp: prefix), e.g. ``<mp:Abroad>…</mp:Abroad>``."""
    parts = [f"<mp:LastName>{escape(last)}</mp:LastName>"]
    if first:
        parts.append(f"<mp:FirstName>{escape(first)}</mp:FirstName>")
    parts.append(f"<mp:BirthDate>{birth}</mp:BirthDate>")
    if gender is not None:
        parts.append(f"<mp:Gender>{gender}</mp:Gender>")
    if birth_place:
        parts.append(f"<mp:BirthPlace>{birth_place}</mp:BirthPlace>")
    if nationality is not None:
        parts.append(f"<mp:Nationality>{nationality}</mp:Nationality>")
    if address:
        parts.append(f"<mp:Address>{address}</mp:Address>")
    body = (f'<mp:CreateKSZCitizenRequest xmlns:mp="{ns.SSDN_MANAGE_PERSON}"><mp:PersonData>{"".join(parts)}'
            f"</mp:PersonData></mp:CreateKSZCitizenRequest>")
    return send_xml(ssdn_request("OCMWCPASManagePerson", "20070801", body, **kw))


def register_attest(ssin: str, start: str, category: int = 2, amount: str = "1000.00", end: str | None = None,
                    piis: bool = False, pregnant: bool | None = None, corrects: str | None = None, **kw) -> bytes:
    """OCMWCPASRegisterAttest (simulator contract): a RIS decision of the calling CPAS (``corrects``:
    the reference of the attestation it corrects)."""
    to = f"<common:EndDate>{end}</common:EndDate>" if end else ""
    declared = _optional("ma:Pregnant", None if pregnant is None else str(pregnant).lower())
    body = (f'<ma:RegisterAttestRequest xmlns:ma="{ns.SSDN_MANAGE_ATTESTS}" xmlns:common="{ns.SSDN_COMMON}">'
            f"<ma:SSIN>{ssin}</ma:SSIN><ma:Category>{category}</ma:Category>"
            f"<ma:Period><common:StartDate>{start}</common:StartDate>{to}</ma:Period>"
            f"<ma:MonthlyAmount>{amount}</ma:MonthlyAmount><ma:PIIS>{str(piis).lower()}</ma:PIIS>"
            f"{declared}{_optional('ma:CorrectedReference', corrects)}</ma:RegisterAttestRequest>")
    return send_xml(ssdn_request("OCMWCPASRegisterAttest", "20260101", body, **kw))


def stop_attest(ssin: str, reference: str, stop_date: str, **kw) -> bytes:
    body = (f'<ma:StopAttestRequest xmlns:ma="{ns.SSDN_MANAGE_ATTESTS}"><ma:SSIN>{ssin}</ma:SSIN>'
            f"<ma:Reference>{escape(reference)}</ma:Reference><ma:StopDate>{stop_date}</ma:StopDate>"
            f"</ma:StopAttestRequest>")
    return send_xml(ssdn_request("OCMWCPASStopAttest", "20260101", body, **kw))


def list_attestations(ssin: str, request_type: str = "GPMI_PIIS", start: str | None = None, end: str | None = None,
                      **kw) -> bytes:
    """OCMWCPASListOfAttestations 20080317, as real CPAS clients send it."""
    period = ""
    if start or end:
        period = ("<ma:SearchPeriod>" + _optional("common:StartDate", start) + _optional("common:EndDate", end)
                  + "</ma:SearchPeriod>")
    body = (f'<ma:ListOfAttestationsRequest xmlns:ma="{ns.SSDN_MANAGE_ATTESTS}" xmlns:common="{ns.SSDN_COMMON}">'
            f"<ma:SocialSecurityUser>{ssin}</ma:SocialSecurityUser><ma:RequestType>{request_type}</ma:RequestType>"
            f"{period}</ma:ListOfAttestationsRequest>")
    return send_xml(ssdn_request("OCMWCPASListOfAttestations", "20080317", body, **kw))


def register_recovered_amount(ssin: str, reference: str, first_month: str, amount: str,
                              last_month: str | None = None, **kw) -> bytes:
    """OCMWCPASRegisterRecoveredAmount (simulator contract): money the CPAS got back on one of its RIS."""
    body = (f'<ma:RegisterRecoveredAmountRequest xmlns:ma="{ns.SSDN_MANAGE_ATTESTS}"><ma:SSIN>{ssin}</ma:SSIN>'
            f"<ma:Reference>{escape(reference)}</ma:Reference><ma:FirstMonth>{first_month}</ma:FirstMonth>"
            f"{_optional('ma:LastMonth', last_month)}<ma:Amount>{amount}</ma:Amount>"
            f"</ma:RegisterRecoveredAmountRequest>")
    return send_xml(ssdn_request("OCMWCPASRegisterRecoveredAmount", "20260101", body, **kw))


def organic_law(ssin: str, scheme: str = "RIS", **kw) -> bytes:
    """OCMWCPASOrganicLaw (simulator contract): an installation premium."""
    body = (f'<ma:OrganicLawRequest xmlns:ma="{ns.SSDN_MANAGE_ATTESTS}"><ma:SSIN>{ssin}</ma:SSIN>'
            f"<ma:Scheme>{scheme}</ma:Scheme></ma:OrganicLawRequest>")
    return send_xml(ssdn_request("OCMWCPASOrganicLaw", "20260101", body, **kw))


# SPP IS exchanges between CPAS (simulator contracts) ---------------------------------------------------

SOCIAL_REPORT_PATH = "/SOA4520/ElectronicSocialReportService/v1/sendSocialReport"
ALERTS_PATH = "/SOA4520/PCSAAlertReactionService/v1/consultAlerts"
SOCIAL_INQUIRY_PATH = "/SOA4520/PCSASocialInquiryService/v1/consultSocialInquiry"


def _soa(intf: str, operation: str, inner: str, cbe, legal_context: str = "PCSA:SOCIAL_INQUIRY") -> bytes:
    return envelope(f'<v1:{operation}Request xmlns:v1="{intf}">{customer(cbe)}'
                    f"<legalContext>{legal_context}</legalContext>{inner}</v1:{operation}Request>")


def send_social_report(ssin: str, report_date: str, summary: str = "Situation after the home visit.",
                       piis: str = "", situation: str = "", cbe=LIEGE["cbe"], **kw) -> bytes:
    """ElectronicSocialReportService ``sendSocialReport``; ``piis`` and ``situation`` are raw XML
    (``<piis>...</piis>``, extra situation fields after ``summary``)."""
    return _soa(ns.SOCIAL_REPORT_INTF, "sendSocialReport",
                f"<socialReport><ssin>{ssin}</ssin><reportDate>{report_date}</reportDate>"
                f"<situation><summary>{escape(summary)}</summary>{situation}</situation>{piis}</socialReport>", cbe, **kw)


def list_social_reports(direction: str, ssin: str | None = None, cbe=LIEGE["cbe"], **kw) -> bytes:
    return _soa(ns.SOCIAL_REPORT_INTF, "listSocialReports",
                f"<criteria><direction>{direction}</direction>{_optional('ssin', ssin)}</criteria>", cbe, **kw)


def get_social_report(reference: str, cbe=LIEGE["cbe"], **kw) -> bytes:
    return _soa(ns.SOCIAL_REPORT_INTF, "getSocialReport",
                f"<criteria><reference>{reference}</reference></criteria>", cbe, **kw)


def consult_alerts(ssin: str | None = None, begin: str | None = None, end: str | None = None,
                   state: str | None = None, cbe=LIEGE["cbe"], **kw) -> bytes:
    period = f"<period><beginDate>{begin}</beginDate>{_optional('endDate', end)}</period>" if begin else ""
    return _soa(ns.ALERT_REACTION_INTF, "consultAlerts",
                f"<criteria>{_optional('ssin', ssin)}{period}{_optional('state', state)}</criteria>", cbe, **kw)


def react_to_alert(ssin: str, alert_id: str, code: str, comment: str | None = None, cbe=LIEGE["cbe"], **kw) -> bytes:
    return _soa(ns.ALERT_REACTION_INTF, "reactToAlert",
                f"<criteria><ssin>{ssin}</ssin><alertId>{alert_id}</alertId><feedbackCode>{code}</feedbackCode>"
                f"{_optional('comment', comment)}</criteria>", cbe, **kw)


def social_inquiry(ssin: str, reference_date: str | None = None, cbe=LIEGE["cbe"], **kw) -> bytes:
    return _soa(ns.SOCIAL_INQUIRY_INTF, "consultSocialInquiry",
                f"<criteria><ssin>{ssin}</ssin>{_optional('referenceDate', reference_date)}</criteria>", cbe, **kw)
L65_FILE = "F6206300001"  # an 11-character CPAS file number


def _loi65(service: str, local: str, forms: str, kbo: str | None = None, file_id: str = L65_FILE, **kw) -> bytes:
    """An OCMWCPASWet65Loi65<service> request (public BCSS body; ``forms`` = raw l65:/c65: children)."""
    org = kw.get("org", LIEGE)
    body = (f'<l65:{local} xmlns:l65="{ns.SSDN_LOI65}" xmlns:c65="{ns.SSDN_LOI65_COMMON}" '
            f'xmlns:common="{ns.SSDN_COMMON}"><c65:FileIdentification><c65:KBOBCE>{kbo or org["cbe"]}</c65:KBOBCE>'
            f"<c65:FileID>{file_id}</c65:FileID></c65:FileIdentification>{forms}</l65:{local}>")
    return send_xml(ssdn_request(f"OCMWCPASWet65Loi65{service}", "20260101", body, **kw))


def l65_duration(months: int = 0, weeks: int = 0, days: int = 0) -> str:
    parts = "".join(f"<c65:{tag}>{value}</c65:{tag}>" for tag, value in (("Days", days), ("Weeks", weeks),
                                                                        ("Months", months)) if value)
    return f"<c65:Duration>{parts}</c65:Duration>"


def l65_form_a(ssin: str, entry: str, attest_id: str = "A00000000000001", nationality: int = 111) -> str:
    return (f"<l65:IdentificationA><l65:EntryDate>{entry}</l65:EntryDate><l65:UniqueAttestID>{attest_id}"
            f"</l65:UniqueAttestID><l65:PrimaryBeneficiary><c65:BeneficiaryID><c65:SSIN>{ssin}</c65:SSIN>"
            f"</c65:BeneficiaryID><l65:Status>1</l65:Status><c65:Address><c65:Street>Rue Test</c65:Street>"
            f"<c65:PostalCode>4000</c65:PostalCode></c65:Address><l65:Nationality>{nationality}</l65:Nationality>"
            f"</l65:PrimaryBeneficiary></l65:IdentificationA>")


def l65_form_b1(ssin: str, entry: str, decided: str, months: int = 6, category: int | None = 2,
                aids: tuple[str, ...] = ("FinancialAid", "MedicalAndPharmaceuticalCosts"),
                attest_id: str = "B10000000000001", secondary: str = "") -> str:
    order = ("FinancialAid", "MedicalAndPharmaceuticalCosts", "MutBaseContribution", "HousingCosts")
    requested = "".join(f"<l65:{a}>true</l65:{a}>" for a in order if a in aids)
    situation = f"<l65:Situation><l65:Category>{category}</l65:Category></l65:Situation>" if category else ""
    return (f"<l65:CommonDecisionB1><l65:EntryDate>{entry}</l65:EntryDate><l65:UniqueAttestID>{attest_id}"
            f"</l65:UniqueAttestID><l65:IdentificationPrimaryBeneficiary><l65:SSIN>{ssin}</l65:SSIN>"
            f'<l65:Integration qualitycode="3"><common:StartDate>{entry}</common:StartDate>'
            f"<common:EndDate>{entry}</common:EndDate></l65:Integration></l65:IdentificationPrimaryBeneficiary>"
            f"{secondary}<l65:RequestedAids>{requested}</l65:RequestedAids>"
            f"<l65:PrimaryBeneficiaryAids><c65:Art61>true</c65:Art61></l65:PrimaryBeneficiaryAids>{situation}"
            f"{l65_duration(months)}<l65:DecisionDate>{decided}</l65:DecisionDate>"
            f"<l65:JuridicalProcedure>false</l65:JuridicalProcedure></l65:CommonDecisionB1>")


def l65_form_b2(ssin: str, entry: str, decided: str, suffix: int = 0, months: int = 3,
                attest_id: str = "B20000000000001") -> str:
    return (f"<l65:IndividualDecisionsB2><l65:EntryDate>{entry}</l65:EntryDate><l65:UniqueAttestID>{attest_id}"
            f"</l65:UniqueAttestID><l65:SSIN>{ssin}</l65:SSIN><l65:Suffix>{suffix}</l65:Suffix><l65:DecisionB2>"
            f"<c65:DecisionDate>{decided}</c65:DecisionDate>{l65_duration(months)}"
            f"<c65:HospitalizationCosts>true</c65:HospitalizationCosts></l65:DecisionB2></l65:IndividualDecisionsB2>")


def loi65_ab(forms: str, **kw) -> bytes:
    return _loi65("AB", "L65_AB_DecisionRequest", forms, **kw)


def loi65_c(ssin: str, entry: str, decided: str, nature: str = "2", suffix: int = 0,
            attest_id: str = "C00000000000001", **kw) -> bytes:
    form = (f"<l65:CancellationFormC><l65:EntryDate>{entry}</l65:EntryDate><l65:UniqueAttestID>{attest_id}"
            f"</l65:UniqueAttestID><l65:SSIN>{ssin}</l65:SSIN><l65:Suffix>{suffix}</l65:Suffix><l65:AidCancellation>"
            f"<l65:DecisionDate>{decided}</l65:DecisionDate><l65:Decisionnature>{nature}</l65:Decisionnature>"
            f"<l65:CancellationReason>01</l65:CancellationReason></l65:AidCancellation></l65:CancellationFormC>")
    return _loi65("C", "L65_C_DecisionRequest", form, **kw)


def l65_form_d1(ssin: str, month: str, financial: int, medical: int = 0, housing: int = 0, total: int | None = None,
                attest_id: str = "D10000000000001") -> str:
    lines = f"<l65:FinancialAid><l65:Amount>{financial}</l65:Amount></l65:FinancialAid>"
    lines += f"<l65:MedicalCostsAmount>{medical}</l65:MedicalCostsAmount>" if medical else ""
    lines += f"<l65:HousingCostsAmount>{housing}</l65:HousingCostsAmount>" if housing else ""
    total = financial + medical + housing if total is None else total
    return (f"<l65:RefundformD1><l65:ReferenceMonth>{month}</l65:ReferenceMonth><l65:UniqueAttestID>{attest_id}"
            f"</l65:UniqueAttestID><l65:SSIN>{ssin}</l65:SSIN><l65:DeliveredAmountsD1>{lines}"
            f"<l65:DoubleMaximum>false</l65:DoubleMaximum></l65:DeliveredAmountsD1>"
            f"<l65:TotalAmount>{total}</l65:TotalAmount></l65:RefundformD1>")


def l65_form_d2(ssin: str, entry: str, bill: int, attest_id: str = "D20000000000001") -> str:
    return (f"<l65:RefundFormD2><l65:EntryDate>{entry}</l65:EntryDate><l65:UniqueAttestID>{attest_id}"
            f"</l65:UniqueAttestID><l65:SSIN>{ssin}</l65:SSIN><l65:Suffix>0</l65:Suffix>"
            f"<l65:IdentificationCareProvidingInstitution><l65:INAMIRIZIVRegistrationNumber>71000001"
            f"</l65:INAMIRIZIVRegistrationNumber></l65:IdentificationCareProvidingInstitution><l65:DeliveredAmountsD2>"
            f"<l65:HospitalizationcostsBill><l65:Number>H-1</l65:Number><l65:Year>{entry[:4]}</l65:Year>"
            f"<l65:Amount>{bill}</l65:Amount></l65:HospitalizationcostsBill></l65:DeliveredAmountsD2>"
            f"<l65:TotalAmount>{bill}</l65:TotalAmount></l65:RefundFormD2>")


def loi65_df(forms: str, **kw) -> bytes:
    return _loi65("DF", "L65_DF_DecisionRequest", forms, **kw)


def heating_allocation(ssin: str, category: int, delivery: str, quantity: int = 1000, amount: int = 8390100,
                       fuel: int = 3, housing: int = 1, kbo: str | None = None, **kw) -> bytes:
    """OCMWCPASHeatingAllocation 20090409, shaped as the public example request (ns1 / com prefixes)."""
    org = kw.get("org", LIEGE)
    body = (f'<ns1:AllocationRequest xmlns:ns1="{ns.HEATING_REQUEST}" xmlns:com="{ns.HEATING_DATA_TYPES}">'
            f"<ns1:ComputeAllocation><ns1:PrimaryBeneficiary><ns1:SSIN>{ssin}</ns1:SSIN>"
            f"<ns1:Category>{category}</ns1:Category></ns1:PrimaryBeneficiary><ns1:Invoice>"
            f"<com:Amount>{amount}</com:Amount><com:Quantity>{quantity}</com:Quantity>"
            f"<com:HousingNumber>{housing}</com:HousingNumber><com:DeliveryDate>{delivery}</com:DeliveryDate>"
            f"<com:UnitFuel>{fuel}</com:UnitFuel></ns1:Invoice></ns1:ComputeAllocation>"
            f"<ns1:OCMW_CPAS><ns1:KboBceNumber>{kbo or org['cbe']}</ns1:KboBceNumber></ns1:OCMW_CPAS>"
            f"</ns1:AllocationRequest>")
    return send_xml(ssdn_request("OCMWCPASHeatingAllocation", "20090409", body, **kw))
