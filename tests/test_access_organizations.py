"""Organisations file and the authentication rules."""

from __future__ import annotations

import base64

import pytest

from simulator.access.authentication import (
    AuthError,
    authenticate_customer,
    authenticate_ssdn,
)
from simulator.access.organizations import Organisations
from simulator.errors import SimulatorError

LIEGE, GENT = "0207349673", "0212088025"


@pytest.fixture(scope="module")
def orgs():
    return Organisations.load()


def basic(user, password):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_demo_file_loads(orgs):
    assert len(orgs.all) >= 3
    assert all(o.sector == 17 and o.institution == 1 for o in orgs.all)
    assert orgs.by_cbe[LIEGE].nis == 62063


@pytest.mark.parametrize("content, message", [
    ("organizations: []", "at least one"),
    ("- {name: x}", "lacks cbe"),
    ("- {cbe: '0207349674', name: x, nis: 1, sector: 17, institution: 1, ssdn_user_id: '00000000097', ssdn_email: a@b}",
     "not a valid KBO"),
    ("- {cbe: '0207349673', name: x, nis: 1, sector: 17, institution: 1, ssdn_user_id: '123', ssdn_email: a@b}",
     "11 digits"),
    ("{{{", "not valid YAML"),
])
def test_bad_files_are_one_clear_line(tmp_path, content, message):
    path = tmp_path / "orgs.yaml"
    path.write_text(content)
    with pytest.raises(SimulatorError) as err:
        Organisations.load(path)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(SimulatorError, match="cannot read organisations file"):
        Organisations.load(tmp_path / "absent.yaml")


def test_customer_by_cbe_and_basic(orgs):
    assert authenticate_customer(orgs, {}, "S", LIEGE, None, None).cbe == LIEGE
    assert authenticate_customer(orgs, basic("cpas-liege", "liege-secret"), "S", LIEGE, None, None).cbe == LIEGE
    with pytest.raises(AuthError) as err:
        authenticate_customer(orgs, basic("cpas-liege", "wrong"), "S", LIEGE, None, None)
    assert err.value.http_status == 401
    with pytest.raises(AuthError, match="does not belong"):
        authenticate_customer(orgs, basic("ocmw-gent", "gent-secret"), "S", LIEGE, None, None)
    with pytest.raises(AuthError, match="not a known organisation"):
        authenticate_customer(orgs, {}, "S", "0878065378", None, None)


def test_sector_institution_needs_to_designate_one_cpas(orgs):
    with pytest.raises(AuthError, match="shared by"):
        authenticate_customer(orgs, {}, "S", None, 17, 1)
    assert authenticate_customer(orgs, basic("ocmw-gent", "gent-secret"), "S", None, 17, 1).cbe == GENT
    with pytest.raises(AuthError, match="does not match"):
        authenticate_customer(orgs, basic("ocmw-gent", "gent-secret"), "S", None, 12, 1)


def test_service_allow_list(tmp_path):
    path = tmp_path / "orgs.yaml"
    path.write_text("- {cbe: '0207349673', name: x, nis: 62063, sector: 17, institution: 1, "
                    "ssdn_user_id: '00000000097', ssdn_email: a@b, services: [PersonService]}")
    orgs = Organisations.load(path)
    assert authenticate_customer(orgs, {}, "PersonService", LIEGE, None, None)
    with pytest.raises(AuthError, match="not authorised for RetrieveTIGroupsService"):
        authenticate_customer(orgs, {}, "RetrieveTIGroupsService", LIEGE, None, None)


def test_ssdn_user(orgs):
    assert authenticate_ssdn(orgs, {}, "X", LIEGE, "12345678901", 17, 1).cbe == LIEGE
    assert authenticate_ssdn(orgs, {}, "X", None, "00000000194", 17, 1).cbe == GENT
    with pytest.raises(AuthError, match="MatrixID"):
        authenticate_ssdn(orgs, {}, "X", LIEGE, "12345678901", 12, 1)
    with pytest.raises(AuthError, match="not a known SSDN user"):
        authenticate_ssdn(orgs, {}, "X", None, "99999999999", 17, 1)


def test_wrong_basic_credentials_get_401_on_the_wire(wire):
    from tests import wire as w

    response = wire.post(w.TEST_CONNECTION_PATH, w.test_message("x"), **{
        "Authorization": basic("cpas-liege", "nope")["HTTP_AUTHORIZATION"]})
    assert response.status_code == 401
    assert w.body_of(response.data).findtext("faultcode") == "soapenv:Client"
    assert wire.sandbox.journal.entries(limit=1)[0].status == "Unauthorized"
