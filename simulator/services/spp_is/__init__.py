"""SPP IS (POD MI) exchanges of a CPAS: the federal subsidy flows (attestations, decisions).

attestations.py: OCMWCPASRegisterAttest, OCMWCPASStopAttest and OCMWCPASListOfAttestations (RIS).
"""
