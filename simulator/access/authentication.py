"""Who is calling: HTTP Basic, CommonV3 customerIdentification, SSDN AuthorizedUser.

The rules (what BCSS reports as an unknown or inconsistent customer):
- HTTP Basic, when sent, must name a known organisation with the right password (else HTTP 401);
- customerIdentification by ``cbeNumber`` must name a known organisation, the same one as Basic;
- customerIdentification by ``sector``/``institution`` only is accepted when it designates one
  organisation: by itself (a single CPAS configured) or together with Basic credentials;
- SSDN AuthorizedUser is identified by OrgUnit (CBE number) or, failing that, by UserID; MatrixID /
  MatrixSubID must be the organisation's sector / institution;
- an organisation with a ``services`` allow-list may only call those services.
"""

from __future__ import annotations

import base64
import binascii
import hmac

from simulator.access.organizations import Organisation, Organisations
from simulator.errors import SimulatorError


class AuthError(SimulatorError):
    def __init__(self, message: str, http_status: int = 500):
        super().__init__(message)
        self.http_status = http_status


def basic_credentials(environ: dict) -> tuple[str, str] | None:
    header = environ.get("HTTP_AUTHORIZATION", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        user, _, password = base64.b64decode(header[6:].strip()).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise AuthError("the HTTP Authorization header is not valid Basic credentials", 401) from None
    return user, password


def basic_organisation(orgs: Organisations, environ: dict) -> Organisation | None:
    creds = basic_credentials(environ)
    if creds is None:
        return None
    org = orgs.by_username.get(creds[0])
    if org is None or org.password is None or not hmac.compare_digest(org.password, creds[1]):
        raise AuthError(f"HTTP Basic credentials for {creds[0]!r} do not match a known organisation", 401)
    return org


def _check_service(org: Organisation, service: str) -> Organisation:
    if not org.may_use(service):
        raise AuthError(f"organisation {org.cbe} ({org.name}) is not authorised for {service}")
    return org


def authenticate_customer(
    orgs: Organisations, environ: dict, service: str, cbe: str | None, sector: int | None, institution: int | None
) -> Organisation:
    basic = basic_organisation(orgs, environ)
    if cbe:
        org = orgs.by_cbe.get(cbe.zfill(10))
        if org is None:
            raise AuthError(f"customer with cbeNumber {cbe} is not a known organisation")
        if basic is not None and basic.cbe != org.cbe:
            raise AuthError(f"cbeNumber {cbe} does not belong to the HTTP Basic user {basic.username!r}")
        return _check_service(org, service)
    if basic is not None:
        if sector is not None and (basic.sector, basic.institution) != (sector, institution):
            raise AuthError(f"sector {sector}/institution {institution} does not match the HTTP Basic user")
        return _check_service(basic, service)
    candidates = orgs.by_sector(sector, institution)
    if len(candidates) == 1:
        return _check_service(candidates[0], service)
    if not candidates:
        raise AuthError(f"no known organisation has sector {sector} / institution {institution}")
    raise AuthError(
        f"sector {sector} / institution {institution} is shared by {len(candidates)} organisations: "
        "identify with cbeNumber or HTTP Basic credentials"
    )


def authenticate_ssdn(
    orgs: Organisations, environ: dict, service: str, org_unit: str | None, user_id: str | None,
    matrix_id: int | None, matrix_sub_id: int | None,
) -> Organisation:
    basic = basic_organisation(orgs, environ)
    if org_unit:
        org = orgs.by_cbe.get(org_unit.zfill(10))
        if org is None:
            raise AuthError(f"AuthorizedUser OrgUnit {org_unit} is not a known organisation")
    else:
        org = orgs.by_ssdn_user.get(user_id or "") or basic
        if org is None:
            raise AuthError(f"AuthorizedUser UserID {user_id} is not a known SSDN user")
    if basic is not None and basic.cbe != org.cbe:
        raise AuthError("AuthorizedUser does not belong to the HTTP Basic user")
    if matrix_id != org.sector or (matrix_sub_id is not None and matrix_sub_id != org.institution):
        raise AuthError(
            f"AuthorizedUser MatrixID/MatrixSubID {matrix_id}/{matrix_sub_id} do not match "
            f"{org.name} ({org.sector}/{org.institution})"
        )
    return _check_service(org, service)
