"""The reference client's multifunctional-attestation and living-wage actions: OCMWCPASA036 (create),
OCMWCPASL036 and LivingWagesService ``getLivingWagePeriods``, both paged and followed to the end (the
``ignore-paging`` flaw reads the first page only)."""

from __future__ import annotations

import datetime as dt
import uuid

from simulator.conformance.client_social import period_of
from simulator.soap import ns

A036 = ("OCMWCPASA036", "20060315", ns.SSDN_A036, "A036RequestReply")
L036 = ("OCMWCPASL036", "20060315", ns.SSDN_L036, "L036RequestReply")
LIVING_WAGES_PATH = "/SOA4520/LivingWagesService/v1/getLivingWagePeriods"
A, L = f"{{{ns.SSDN_A036}}}", f"{{{ns.SSDN_L036}}}"
MAX_PAGES = 100  # a server that never stops paging is an error, not a loop


def months_from(start: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    """``count`` calendar months, the first from ``start`` to its month's end."""
    periods, begin = [], start
    for _ in range(count):
        following = (begin.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        periods.append((begin, following - dt.timedelta(days=1)))
        begin = following
    return periods


class MultifunctionalActions:
    """Mixed into ReferenceClient: uses its ``ssdn``, ``soa``, ``number``, ``refusal`` and ``flaws``."""

    def do_send_a036(self, ssin: str, start: str, category: int = 2, end: str | None = None, aid: str = "RIS",
                     months: int | None = None) -> dict:
        """Create one attestation over [start, end], or one per calendar month for ``months`` months."""
        begin = dt.date.fromisoformat(str(start))
        periods = months_from(begin, int(months)) if months else [(begin, dt.date.fromisoformat(end) if end else None)]
        created, codes = [], []
        for first, last in periods:
            until = f"<x:EndDate>{last.isoformat()}</x:EndDate>" if last else ""
            answer = self.ssdn(A036, f'<x:A036 processType="C"/><x:UniqueReference>{_reference("A036")}'
                                     f"</x:UniqueReference><x:INSS>{self.number(ssin)}</x:INSS><x:Details>"
                                     f"<x:ValidityPeriod><x:BeginDate>{first.isoformat()}</x:BeginDate>{until}"
                                     f"</x:ValidityPeriod><x:CategoryCode>{int(category)}</x:CategoryCode>"
                                     f"<x:TypeOfAid>{aid}</x:TypeOfAid></x:Details>", ssin)
            codes += answer.codes
            ident = answer.body.find(f".//{A}AnswerOK/{A}Attestation/{A}AttestationIdentification") \
                if answer.body is not None else None
            if answer.ok == "NO" or ident is None:
                return {"result": self.refusal(answer), "attestations": created, "count": len(created), "codes": codes}
            created.append({"id": ident.findtext(f"{A}AttestationID"), "version": ident.findtext(f"{A}UpdateAttestationID")})
        return {"result": "created", "attestations": created, "count": len(created), "codes": codes}

    def do_list_a036(self, ssin: str, start: str, end: str | None = None) -> dict:
        """Every multifunctional attestation (every CPAS, every version) meeting the period, page after page."""
        listed, reference, pages = [], None, 0
        while pages < MAX_PAGES:
            head = (f"<x:L036 processType=\"L\"><x:Request><x:NextAnswerReference>{reference}"
                    "</x:NextAnswerReference></x:Request></x:L036>") if reference else '<x:L036 processType="L"/>'
            until = f"<x:EndDate>{end}</x:EndDate>" if end else ""
            answer = self.ssdn(L036, f"{head}<x:UniqueReference>{_reference('L036')}</x:UniqueReference>"
                                     f"<x:INSS>{self.number(ssin)}</x:INSS><x:Period><x:BeginDate>{start}</x:BeginDate>"
                                     f"{until}</x:Period>", ssin)
            ok = answer.body.find(f"{L}L036/{L}AnswerOK") if answer.body is not None else None
            if answer.ok == "NO" or ok is None:
                return {"result": self.refusal(answer), "codes": answer.codes}
            pages += 1
            for entry in ok.findall(f"{L}A036"):
                ident = entry.find(f"{L}Attestation/{L}AttestationIdentification")
                listed.append({"id": ident.findtext(f"{L}AttestationID"), "version": ident.findtext(
                    f"{L}UpdateAttestationID"), "status": ident.findtext(f"{L}AttestationStatus"),
                    "cpas": entry.findtext(f"{L}OcmwCpas"), "recent": entry.findtext(f"{L}RecentAnswer") == "true"})
            reference = ok.findtext(f"{L}NextAnswerReference")
            if not reference or "ignore-paging" in self.flaws:
                break
        return {"result": "ok", "attestations": listed, "count": len(listed), "pages": pages}

    def do_living_wages(self, ssin: str, start: str | None = None, end: str | None = None) -> dict:
        """The person's integration-income periods (every CPAS, merged), page after page."""
        criteria = {"ssin": self.number(ssin)}
        if start:
            criteria["period"] = {"beginDate": start, **({"endDate": end} if end else {})}
        periods, pages = [], 0
        while pages < MAX_PAGES:
            reply = self.soa(LIVING_WAGES_PATH, "getLivingWagePeriods", criteria=criteria)
            if reply.status.code == "LIWA0001":
                return {"result": "not_found", "periods": [], "count": 0, "code": reply.status.code}
            if reply.status.code != "MSG00000":
                result = "not_integrated" if reply.status.code == "MSG00012" else "refused"
                return {"result": result, "code": reply.status.code}
            pages += 1
            periods += [period_of(p) for p in reply.livingWagePeriod or []]
            if not reply.nextPageReference or "ignore-paging" in self.flaws:
                break
            criteria = {**criteria, "nextPageReference": reply.nextPageReference}
        return {"result": "ok", "periods": periods, "count": len(periods), "pages": pages}


def _reference(kind: str) -> str:
    return f"{kind}-{uuid.uuid4().hex[:12]}"
