"""The reference client's Law-65 and heating-allowance actions (SSDN, through ``ReferenceClient.ssdn``):
a B1 grant and its C cancellation (OCMWCPASWet65Loi65AB / C), and a heating-allowance decision
(OCMWCPASHeatingAllocation)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from simulator.soap import ns

# (ServiceId, Version, body namespace, request element, extra (prefix, namespace) declarations)
LAW65_AB = ("OCMWCPASWet65Loi65AB", "20260101", ns.SSDN_LOI65, "L65_AB_DecisionRequest", ("c65", ns.SSDN_LOI65_COMMON))
LAW65_C = ("OCMWCPASWet65Loi65C", "20260101", ns.SSDN_LOI65, "L65_C_DecisionRequest", ("c65", ns.SSDN_LOI65_COMMON))
HEATING = ("OCMWCPASHeatingAllocation", "20090409", ns.HEATING_REQUEST, "AllocationRequest",
           ("com", ns.HEATING_DATA_TYPES))
Q, K, H = f"{{{ns.SSDN_LOI65}}}", f"{{{ns.SSDN_LOI65_COMMON}}}", f"{{{ns.HEATING_REPLY}}}"
EVALUATIONS = {"ACCEPTED": "accepted", "REFUSED": "refused", "PARTIALLYACCEPTED": "partially_accepted"}
INVOICE_UNIT = 10_000  # the invoice Amount is in ten-thousandths of a euro


class Law65Actions:
    """Mixed into ReferenceClient: uses its ``ssdn``, ``number``, ``refusal`` and ``identity``."""

    def law65_file(self) -> str:
        """The CPAS's social file number (11 characters): one file per CPAS is enough for the bench."""
        return f"F{self.identity.cbe}"

    def law65(self, service: tuple, forms: str, subject: str, result: str) -> dict:
        body = (f"<c65:FileIdentification><c65:KBOBCE>{self.identity.cbe}</c65:KBOBCE>"
                f"<c65:FileID>{self.law65_file()}</c65:FileID></c65:FileIdentification>{forms}")
        answer = self.ssdn(service, body, subject)
        decision = next(answer.body.iter(Q + result), None) if answer.body is not None else None
        if decision is None:
            return {"result": self.refusal(answer), "codes": answer.codes}
        evaluation = decision.findtext(Q + "Evaluation")
        return {"result": EVALUATIONS.get(evaluation, "refused"), "evaluation": evaluation,
                "reference": decision.findtext(Q + "ReferenceSPP_POD"),
                "errors": [e.findtext(K + "Code") for e in decision.findall(Q + "ErrorsOnForm")], "codes": answer.codes}

    def do_law65_grant(self, ssin: str, entry: str, category: int = 2, months: int = 6,
                       decision_date: str | None = None) -> dict:
        """Form B1: financial aid (Art. 61) for ``months`` from ``entry``, integration with quality code 3."""
        number = self.number(ssin)
        form = (f"<x:CommonDecisionB1><x:EntryDate>{entry}</x:EntryDate><x:UniqueAttestID>{self.attest_id('B1')}"
                f"</x:UniqueAttestID><x:IdentificationPrimaryBeneficiary><x:SSIN>{number}</x:SSIN>"
                f'<x:Integration qualitycode="3"><common:StartDate>{entry}</common:StartDate>'
                f"<common:EndDate>{entry}</common:EndDate></x:Integration></x:IdentificationPrimaryBeneficiary>"
                f"<x:RequestedAids><x:FinancialAid>true</x:FinancialAid></x:RequestedAids>"
                f"<x:PrimaryBeneficiaryAids><c65:Art61>true</c65:Art61></x:PrimaryBeneficiaryAids>"
                f"<x:Situation><x:Category>{int(category)}</x:Category></x:Situation>"
                f"<c65:Duration><c65:Months>{int(months)}</c65:Months></c65:Duration>"
                f"<x:DecisionDate>{decision_date or entry}</x:DecisionDate>"
                f"<x:JuridicalProcedure>false</x:JuridicalProcedure></x:CommonDecisionB1>")
        return self.law65(LAW65_AB, form, ssin, "DecisionResult")

    def do_law65_cancel(self, ssin: str, entry: str, nature: int = 2, decision_date: str | None = None) -> dict:
        """Form C: nature 1 (refusal, from the grant's start) or 2 (withdrawal, from ``entry``)."""
        form = (f"<x:CancellationFormC><x:EntryDate>{entry}</x:EntryDate><x:UniqueAttestID>{self.attest_id('C')}"
                f"</x:UniqueAttestID><x:SSIN>{self.number(ssin)}</x:SSIN><x:Suffix>0</x:Suffix><x:AidCancellation>"
                f"<x:DecisionDate>{decision_date or entry}</x:DecisionDate><x:Decisionnature>{int(nature)}"
                f"</x:Decisionnature><x:CancellationReason>01</x:CancellationReason></x:AidCancellation>"
                f"</x:CancellationFormC>")
        outcome = self.law65(LAW65_C, form, ssin, "DecisionResultC")
        if outcome["result"] == "accepted":
            outcome["result"] = "cancelled"
        return outcome

    def attest_id(self, form: str) -> str:
        """The form's unique attestation id (15 characters): the form and a fresh number."""
        return (form + uuid.uuid4().hex.upper())[:15]

    def do_heating_allowance(self, ssin: str, category: int, delivery: str, quantity: int, amount,
                             fuel: int = 3, dwellings: int = 1) -> dict:
        """One delivery: ``quantity`` litres for ``amount`` euro, ``fuel`` the UnitFuel code (3 bulk gas oil)."""
        cents = int(Decimal(str(amount)) * INVOICE_UNIT)
        body = (f"<x:ComputeAllocation><x:PrimaryBeneficiary><x:SSIN>{self.number(ssin)}</x:SSIN>"
                f"<x:Category>{int(category)}</x:Category></x:PrimaryBeneficiary><x:Invoice>"
                f"<com:Amount>{cents}</com:Amount><com:Quantity>{int(quantity)}</com:Quantity>"
                f"<com:HousingNumber>{int(dwellings)}</com:HousingNumber><com:DeliveryDate>{delivery}</com:DeliveryDate>"
                f"<com:UnitFuel>{int(fuel)}</com:UnitFuel></x:Invoice></x:ComputeAllocation>"
                f"<x:OCMW_CPAS><x:KboBceNumber>{self.identity.cbe}</x:KboBceNumber></x:OCMW_CPAS>")
        answer = self.ssdn(HEATING, body, ssin)
        reply = answer.body if answer.body is not None and answer.body.tag == H + "AllocationReply" else None
        if reply is None:
            return {"result": self.refusal(answer), "codes": answer.codes}
        evaluation = reply.findtext(H + "Evaluation")
        return {"result": EVALUATIONS.get(evaluation, "refused"), "allowance": reply.findtext(H + "AllocationAmount"),
                "quantity": reply.findtext(H + "Quantity"), "category": reply.findtext(H + "HouseholdCategory"),
                "codes": answer.codes}
