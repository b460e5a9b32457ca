"""Reason codes of SSDN ResultSummary details: the one list, mirrored in the README.

The first digit is the severity (1 information, 2 warning, 3 error). Codes seen in real BCSS replies
come first; the others are assigned by the simulator in the same numbering style where no public
code is known, and say so.
"""

# Seen in real replies (bcss-contracts §1.4)
ANY_SERVICE_ERROR = "30000001"  # ReplyContext: at least one service request produced an error
ANY_SERVICE_WARNING = "20000001"  # ReplyContext: at least one service request produced a warning
MISSING_ARGUMENT = "31000007"  # mandatory argument missing or empty; Information/FieldName says which
TOLERANCE_REQUIRED = "31009001"  # incomplete birth date in phonetic criteria without Tolerance
BOTH_CRITERIA = "21007001"  # SSIN and phonetic criteria both given: phonetic ignored
DATA_MISMATCH = "22007007"  # verification data do not match the person
VALIDATED = "12007001"  # identity validated by the verification data

# Simulator-assigned
UNKNOWN_USER = "30000002"  # AuthorizedUser is not a known organisation / inconsistent
UNKNOWN_SERVICE = "30000003"  # ServiceId or Version not served
INVALID_SSIN = "31000008"  # SSIN fails its check digits
UNKNOWN_SSIN = "31007002"  # no person with this SSIN
TOO_MANY = "21007002"  # more phonetic matches than Maximum
REPLACED_SSIN_WARNING = "21007003"  # IdentifyPerson: the number was replaced; person given under the new one
REPLACED_SSIN = "31007003"  # ManageAccess: the number was replaced; use the new one
UNKNOWN_PURPOSE = "31008001"  # Purpose is not a sector-17 quality code
PROOF_MISMATCH = "31008002"  # ProofOfAuthentication does not match the person
BAD_PERIOD = "31008003"  # the period ends before it starts
NO_SUCH_INTEGRATION = "31008004"  # nothing to UNREGISTER
SIS_ABOLISHED = "31008005"  # SIS card given as the only proof (abolished in 2014)
NOT_INTEGRATED = "31000009"  # consultation of a person the caller has not integrated at the sandbox's today (SSDN MSG00012)
NO_FAMILY_COMPOSITION = "11010001"  # PerformInvestigation: no household at that date (BIS, deceased): group left out
NOT_IN_WAIT_REGISTER = "11010002"  # PerformInvestigation: not in the waiting register (register 3): group left out
# PerformInvestigation also answers INVALID_SSIN, UNKNOWN_SSIN and REPLACED_SSIN (with the new number) as above.
BIS_CREATED = "11011001"  # ManagePerson: a BIS number was created (Information: the new SSIN)
PERSON_ALREADY_KNOWN = "21011001"  # ManagePerson: search before create found the person; no number made (Information: their SSINs)
MINIMUM_DATA_MISSING = "31011001"  # ManagePerson: no minimum data set complete; Information names the missing items
INVALID_PERSON_DATUM = "31011002"  # ManagePerson: a datum is wrong (impossible date, unknown country/municipality, Belgium abroad)
# SPP IS attestations (OCMWCPASRegisterAttest / StopAttest / ListOfAttestations), simulator-assigned.
# RegisterAttest also answers INVALID_SSIN, UNKNOWN_SSIN, REPLACED_SSIN and BAD_PERIOD (nothing stored);
# a refusal (31012001..31012006, every failed condition listed) is stored with status REFUSED.
RIS_ACCEPTED = "11012001"  # RegisterAttest: accepted; Information: Reference, ReimbursementRate
RIS_STOPPED = "11012002"  # StopAttest: stopped; Information: Reference, EndDate
RIS_NOT_INTEGRATED = "31012001"  # no integration of the caller with quality code 2 (RIS) covering the start
RIS_OTHER_CPAS = "31012002"  # an accepted RIS of another CPAS overlaps the period; Information: its CPAS, start
RIS_ABOVE_LEGAL_AMOUNT = "31012003"  # monthly amount above the category's legal amount at the start
RIS_UNDER_AGE = "31012004"  # under 18 at the start and none of the exceptions (married, with a child, pregnant)
RIS_DECEASED = "31012005"  # the person died on or before the start
RIS_NO_RESIDENCE = "31012006"  # BIS number: no residence in the National Register
NO_SUCH_ATTESTATION = "31012007"  # Stop/correction/recovery: no attestation with this reference for this SSIN
NOT_OWN_ATTESTATION = "31012008"  # Stop/correction/recovery: the attestation belongs to another CPAS
ATTESTATION_NOT_ACTIVE = "31012009"  # StopAttest: the attestation is REFUSED, already STOPPED or CORRECTED
STOP_OUTSIDE_PERIOD = "31012010"  # StopAttest: the stop date is before the start or after the end
# OCMWCPASHouseholdIncome (heating allowance), simulator-assigned. Also answers INVALID_SSIN, REPLACED_SSIN,
# UNKNOWN_SSIN and NOT_INTEGRATED (31000009) as the other SSDN consultations do.
NO_HOUSEHOLD_AT_DATE = "11013001"  # HouseholdIncome: no household at the reference date: the person alone is counted
# SPP IS, the rest of the RIS family (simulator-assigned): corrections through RegisterAttest's
# CorrectedReference, OCMWCPASRegisterRecoveredAmount, the installation premium (OCMWCPASOrganicLaw).
# Input errors store nothing; a premium refusal (31014001..31014004, every failed condition) is stored REFUSED.
RIS_CORRECTED = "11012003"  # RegisterAttest: the correction is accepted; Information: Reference, CorrectedReference
RIS_AGE_EXCEPTION = "11012004"  # RegisterAttest: under 18 but accepted; Information: the exception (MARRIED, CHILD, PREGNANT)
AMOUNT_RECOVERED = "11012005"  # RegisterRecoveredAmount: registered; Information: Reference, StateShare
ALREADY_CORRECTED = "31012011"  # correction/recovery: the attestation was corrected; Information: ReplacedBy
CORRECTION_START_CHANGED = "31012012"  # a correction keeps the start date (another start is a new decision)
NOTHING_GRANTED = "31012013"  # RegisterRecoveredAmount: the attestation is REFUSED: nothing was paid to recover
RECOVERY_OUTSIDE_PERIOD = "31012014"  # RegisterRecoveredAmount: a month is outside the period or after this month
RECOVERY_ABOVE_GRANTED = "31012015"  # RegisterRecoveredAmount: more than granted minus already recovered
RECOVERY_NOT_POSITIVE = "31012016"  # RegisterRecoveredAmount: the amount is 0
PREMIUM_GRANTED = "11014001"  # OrganicLaw: the installation premium is accepted; Information: Reference, Amount
PREMIUM_NO_RIS = "31014001"  # OrganicLaw RIS: no RIS of the calling CPAS at the request date
PREMIUM_NO_NEW_ADDRESS = "31014002"  # OrganicLaw: no main residence starting in the 6 months up to the request date
PREMIUM_ALREADY_GRANTED = "31014003"  # OrganicLaw: once in a lifetime; Information: CPAS, Reference, DecisionDate
PREMIUM_NO_REPLACEMENT_INCOME = "31014004"  # OrganicLaw ORGANIC_LAW: no replacement income at the request date
# SPP IS exchanges between CPAS (range x1019xxx-x1021xxx reserved): ElectronicSocialReportService,
# PCSAAlertReactionService and PCSASocialInquiryService are new-generation (CommonV3) services, so they
# answer status codes, not SSDN reason codes: ESRP0001-ESRP0004 (simulator/services/spp_is/social_report.py)
# and ALRT0001-ALRT0006 (simulator/services/spp_is/alert_reaction.py). No code of the range is used yet.
# Law of 2 April 1965 forms (OCMWCPASWet65Loi65AB / C / DF), simulator-assigned. A form's errors travel in
# its ErrorsOnForm/Code as the reason code's last six digits (e.g. 015001); the request-level errors
# (file of another CPAS, no form) as ResultSummary details. An SSIN that fails subject_error refuses its
# form with INVALID_SSIN / REPLACED_SSIN / UNKNOWN_SSIN (000008, 007003, 007002).
L65_NOT_INTEGRATED = "31015001"  # no integration of the caller with quality code 3 (ERIS) or 4 (other aid) at the entry date
L65_RIS_ENTITLED = "31015002"  # the person is in the population register: entitled to the RIS, not to law-65 aid
L65_OTHER_CPAS = "31015003"  # a granted RIS or law-65 aid of another CPAS overlaps the period
L65_DECEASED = "31015004"  # the person died on or before the entry date
L65_DATES = "31015005"  # dates incoherent: decision date after today, or the entry date after the decision's end
L65_NO_CATEGORY = "31015006"  # B1: financial aid without a RIS category 1-3 (Situation/Category)
L65_NO_GRANT = "31015007"  # C/D/F: no accepted B1/B2 of this file for the person covering the date
L65_BAD_NATURE = "31015008"  # C: Decisionnature is neither 1 (refusal) nor 2 (withdrawal)
L65_ALREADY_CANCELLED = "31015009"  # C: the grant was already cancelled
L65_ABOVE_CEILING = "31015010"  # D1: financial aid above the RIS category amount of the month (accepted up to it)
L65_AID_NOT_GRANTED = "31015011"  # D1/D2: a claimed aid the B decision did not grant (that line is refused)
L65_TOTAL_MISMATCH = "31015012"  # D1/D2: TotalAmount is not the sum of the claimed lines
L65_OTHER_FILE_OWNER = "31015013"  # FileIdentification/KBOBCE is not the calling CPAS (nothing recorded)
# OCMWCPASHeatingAllocation, simulator-assigned. Also answers INVALID_SSIN, REPLACED_SSIN, UNKNOWN_SSIN (nothing
# stored); a refusal (31016001..31016006, every failed condition listed) is stored with evaluation REFUSED.
HEATING_ACCEPTED = "11016001"  # accepted; Information: Reference, AllocationAmount, Quantity
HEATING_CEILING_REDUCED = "21016001"  # accepted for fewer litres: the household's yearly ceiling is (nearly) reached
HEATING_FUEL_NOT_COVERED = "31016001"  # UnitFuel is not a covered fuel (natural gas, electricity, bottled gas, wood ...)
HEATING_LATE = "31016002"  # the request comes more than 60 days after the delivery
HEATING_FUTURE_DELIVERY = "31016003"  # the delivery date is after the sandbox's today
HEATING_CATEGORY_MISMATCH = "31016004"  # the household does not qualify for the category sent at the delivery date
HEATING_NOT_INTEGRATED = "31016005"  # no integration of the caller with quality code 40 covering today
HEATING_YEAR_CEILING = "31016006"  # the household's yearly ceiling is reached (litres, or the pump forfait)
HEATING_OTHER_CPAS = "31016007"  # OCMW_CPAS/KboBceNumber is not the calling CPAS (nothing stored)
# Multifunctional attestations: OCMWCPASA036 (send; 1017xxx) and OCMWCPASL036 (consult; 1018xxx),
# simulator-assigned. Both also answer INVALID_SSIN, REPLACED_SSIN and UNKNOWN_SSIN; L036 answers
# NOT_INTEGRATED (31000009); a missing block for the processType is MISSING_ARGUMENT (31000007).
A036_CREATED = "11017001"  # A036: created; Information: AttestationID, UpdateAttestationID
A036_MODIFIED = "11017002"  # A036: modified (a new version); Information: AttestationID, UpdateAttestationID
A036_CANCELLED = "11017003"  # A036: cancelled (a new, last version); Information: AttestationID, UpdateAttestationID
A036_NOT_INTEGRATED = "31017001"  # A036: the caller has not integrated the person (quality code 2 RIS / 3 ERIS) at the start
A036_PERIOD_INCOHERENT = "31017002"  # A036 / L036: the period ends before it starts
A036_NO_SUCH_ATTESTATION = "31017003"  # A036: no attestation with this AttestationID for this SSIN
A036_NOT_OWN_ATTESTATION = "31017004"  # A036: the attestation belongs to another CPAS
A036_CANCELLED_ALREADY = "31017005"  # A036: the attestation is cancelled: it can be neither modified nor cancelled
A036_NOT_LATEST_VERSION = "31017006"  # A036: UpdateAttestationID is not the newest version (Information: the newest)
L036_MORE_PAGES = "11018001"  # L036: partial answer; send NextAnswerReference back for the next page
L036_UNKNOWN_REFERENCE = "31018001"  # L036: NextAnswerReference unknown (altered, made up, other sandbox)
L036_EXPIRED_REFERENCE = "31018002"  # L036: NextAnswerReference older than one day (sandbox clock): ask again
L036_REFERENCE_MISMATCH = "31018003"  # L036: NextAnswerReference belongs to another question (person, period, caller)
