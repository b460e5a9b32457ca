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
RIS_UNDER_AGE = "31012004"  # under 18 at the start (simulation: the exceptions are not modelled)
RIS_DECEASED = "31012005"  # the person died on or before the start
RIS_NO_RESIDENCE = "31012006"  # BIS number: no residence in the National Register
NO_SUCH_ATTESTATION = "31012007"  # StopAttest: no attestation with this reference for this SSIN
NOT_OWN_ATTESTATION = "31012008"  # StopAttest: the attestation belongs to another CPAS
ATTESTATION_NOT_ACTIVE = "31012009"  # StopAttest: the attestation is REFUSED or already STOPPED
STOP_OUTSIDE_PERIOD = "31012010"  # StopAttest: the stop date is before the start or after the end
# OCMWCPASHouseholdIncome (heating allowance), simulator-assigned. Also answers INVALID_SSIN, REPLACED_SSIN,
# UNKNOWN_SSIN and NOT_INTEGRATED (31000009) as the other SSDN consultations do.
NO_HOUSEHOLD_AT_DATE = "11013001"  # HouseholdIncome: no household at the reference date: the person alone is counted
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
