"""Every namespace URI the simulator speaks. No namespace literal lives anywhere else in the code.

Legacy SSDN namespaces use the host ``ksz-bcss.fgov.be`` (with a hyphen, under ``www.``); the
new-generation ones use ``kszbcss.fgov.be`` (no hyphen). Both spellings are real and must not be
"corrected".
"""

# SOAP 1.1 and XML Schema
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
XSD = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

# Legacy SSDN: the transport connector (sendXML) and the documents that travel inside xmlString
SSDN_CONNECTOR = "http://ksz-bcss.fgov.be/connectors/WebServiceConnector"
SSDN_SOAPACTION_SENDXML = SSDN_CONNECTOR + "/sendXML"
SSDN_ROOT = "http://www.ksz-bcss.fgov.be/XSD/SSDN"
SSDN_SERVICE = SSDN_ROOT + "/Service"
SSDN_COMMON = SSDN_ROOT + "/Common"
SSDN_PERSON = SSDN_ROOT + "/Person"
SSDN_IDENTIFY_PERSON = SSDN_ROOT + "/OCMW_CPAS/IdentifyPerson"
SSDN_MANAGE_ACCESS = SSDN_ROOT + "/OCMW_CPAS/ManageAccess"
SSDN_PERFORM_INVESTIGATION = SSDN_ROOT + "/OCMW_CPAS/PerformInvestigation"
SSDN_REFERENCE_MANAGER = SSDN_ROOT + "/ReferenceManagerFacade"
SSDN_MANAGE_PERSON = SSDN_ROOT + "/OCMW_CPAS/ManagePerson"  # simulator contract (no public BCSS schema)
SSDN_MANAGE_ATTESTS = SSDN_ROOT + "/OCMW_CPAS/ManageAttests"  # SPP IS attestations; simulator contract
SSDN_HOUSEHOLD_INCOME = SSDN_ROOT + "/OCMW_CPAS/HouseholdIncome"  # heating-allowance income; simulator contract
SSDN_A036 = SSDN_ROOT + "/OCMW_CPAS/A036"  # multifunctional attestation (send); simulator contract
SSDN_L036 = SSDN_ROOT + "/OCMW_CPAS/L036"  # multifunctional attestations (consult); real namespace, simulator contract

# New generation (SOA4520)
KSZBCSS = "http://kszbcss.fgov.be"
COMMON_V3 = KSZBCSS + "/types/common/v3"
TEST_CONNECTION_TYPES = KSZBCSS + "/types/TestConnectionService/v1"
TEST_CONNECTION_INTF = KSZBCSS + "/intf/TestConnectionServiceService/v1"
RETRIEVE_TI_TYPES = KSZBCSS + "/types/RetrieveTIGroups/v2"
RETRIEVE_TI_INTF = KSZBCSS + "/intf/RetrieveTIGroupsService/v2"
PERSON_SERVICE_TYPES = KSZBCSS + "/types/PersonService/v4"
PERSON_SERVICE_INTF = KSZBCSS + "/intf/PersonService/v4"
# Simulator contracts (no public BCSS contract): fixtures/contracts/README.md lists them
SSIN_INFORMATION_TYPES = KSZBCSS + "/types/SSINInformation/v1"
SSIN_INFORMATION_INTF = KSZBCSS + "/intf/SSINInformationService/v1"
FAMILY_COMPOSITION_TYPES = KSZBCSS + "/types/FamilyComposition/v1"
FAMILY_COMPOSITION_INTF = KSZBCSS + "/intf/FamilyCompositionService/v1"
NRP_PERSON_TYPES = KSZBCSS + "/types/NRPPerson/v1"
NRP_PERSON_INTF = KSZBCSS + "/intf/NRPPersonService/v1"
BIS_PERSON_TYPES = KSZBCSS + "/types/BisPerson/v1"
BIS_PERSON_INTF = KSZBCSS + "/intf/BisPersonService/v1"
CBSS_PERSON_INTF = KSZBCSS + "/intf/CBSSPersonService/v1"  # updatePerson, on the BisPerson types
# SPP IS exchanges between CPAS (simulator contracts: social report, alerts, social inquiry status)
SOCIAL_REPORT_TYPES = KSZBCSS + "/types/ElectronicSocialReport/v1"
SOCIAL_REPORT_INTF = KSZBCSS + "/intf/ElectronicSocialReportService/v1"
ALERT_REACTION_TYPES = KSZBCSS + "/types/PCSAAlertReaction/v1"
ALERT_REACTION_INTF = KSZBCSS + "/intf/PCSAAlertReactionService/v1"
SOCIAL_INQUIRY_TYPES = KSZBCSS + "/types/PCSASocialInquiry/v1"
SOCIAL_INQUIRY_INTF = KSZBCSS + "/intf/PCSASocialInquiryService/v1"
LIVING_WAGES_TYPES = KSZBCSS + "/types/LivingWages/v1"
LIVING_WAGES_INTF = KSZBCSS + "/intf/LivingWagesService/v1"

# National Register (IBZ) TI-group schema carried inside RetrieveTIGroups replies
RN25 = "http://www.ibz.rrn.fgov.be/XSD/xm25/rn25Schema"

# authorCode BCSS puts in CBSSFault details
BCSS_AUTHOR_CODE = "http://www.bcss.fgov.be/en/international/home/index.html"


def soap_action(service_name: str, operation: str) -> str:
    """SOAPAction of a new-generation operation: http://kszbcss.fgov.be/<X>Service/<operation>."""
    return f"{KSZBCSS}/{service_name}/{operation}"

# SPP IS: Law of 2 April 1965 forms (public BCSS schemas) and the heating allowance (simulator contract
# on the namespaces of the one public example request)
SSDN_LOI65 = SSDN_ROOT + "/OCMW_CPAS/LoiWet65"
SSDN_LOI65_COMMON = SSDN_ROOT + "/OCMW_CPAS/LoiWet65Common"
HEATING_REQUEST = "http://www.smals.be/XSD/OCMW_CPAS/HeatingAllocationRequest"
HEATING_DATA_TYPES = "http://www.smals.be/XSD/OCMW_CPAS/HeatingAllocationDataTypes"
HEATING_REPLY = "http://www.smals.be/XSD/OCMW_CPAS/HeatingAllocationReply"
