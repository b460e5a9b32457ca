"""Every ready story, played end to end through the wire: load it, move the clock, watch the answers."""

from __future__ import annotations

import pytest
from werkzeug.test import Client

from simulator.soap import ns
from tests import wire as w
from tests.people import integrate

RN = f"{{{ns.RN25}}}"


class Story:
    def __init__(self, simulator, wire, name):
        self.wire, self.admin = wire, Client(simulator)
        loaded = self.admin.post(f"/__admin/sandboxes/{wire.name}/scenarios", json={"scenario": name})
        assert loaded.status_code == 201, loaded.get_json()
        self.personas = loaded.get_json()["personas"]

    def advance(self, duration):
        assert self.admin.post(f"/__admin/sandboxes/{self.wire.name}/clock", json={"advance": duration}).status_code == 200

    def rti(self, ssin, history=False):
        response = self.wire.post(w.RETRIEVE_TI_PATH, w.retrieve_ti(ssin, history=history))
        return response, w.body_of(response.data)

    def timeline(self):
        (scenario,) = self.admin.get(f"/__admin/sandboxes/{self.wire.name}/scenarios").get_json()["scenarios"]
        return scenario["timeline"]


@pytest.fixture
def story(simulator, wire):
    return lambda name: Story(simulator, wire, name)


def test_bis_becomes_rn(story, wire):
    s = story("bis-becomes-rn")
    bis = s.personas["newcomer"]
    integrate(wire, wire.world.person(bis))
    assert w.status_of(s.rti(bis)[1]) == ("NO_DATA_FOUND", "RTIPC001")  # no Register file yet
    s.advance("P31D")
    (event,) = s.timeline()
    assert event["fired_at"] and event["outcome"]["old_ssin"] == bis
    new = event["outcome"]["new_ssin"]
    body = s.rti(bis)[1]
    assert w.status_of(body) == ("NO_RESULT", "MSG00006")
    assert {i.findtext("fieldName"): i.findtext("fieldValue") for i in body.findall("status/information")}["replacedBy"] == new
    body = s.rti(new)[1]  # the integration moved with the number
    assert w.status_of(body) == ("DATA_FOUND", "MSG00000")
    person = w.body_of(wire.post(w.PERSON_PATH, w.search_person(bis)).data)
    assert person.findtext("person/ssin") == new and person.find("person/ssin").get("replaces") == bis
    history = w.body_of(wire.post(w.SSIN_HISTORY_PATH, w.ssin_history(bis)).data)
    assert w.status_of(history) == ("DATA_FOUND", "MSG00006")
    assert history.findtext("ssinInformation/currentSsin") == new
    assert history.findtext("ssinInformation/replacement/oldSsin") == bis
    journal = [e for e in wire.sandbox.journal.entries(limit=50) if e.endpoint == "scenario"]
    assert [(e.service, e.status) for e in journal] == [("ssin.replace", "FIRED")]


def test_person_moves_to_another_cpas(story, wire):
    s = story("person-moves-to-another-cpas")
    mover = s.personas["mover"]
    integrate(wire, wire.world.person(mover))
    zip_code = lambda body: body.findtext(f"rrn_it_implicit/{RN}LegalMainAddresses/{RN}LegalMainAddress/{RN}Address/{RN}ZipCode")
    assert zip_code(s.rti(mover)[1]).startswith("4")  # Liège
    s.advance("P15D")
    assert zip_code(s.rti(mover)[1]) == "9000"  # Gent
    owners = s.rti(mover, history=True)[1].findall(f"rrn_it_implicit/{RN}FileOwner/{RN}Residences/{RN}Residence/{RN}Code")
    assert [o.text for o in owners][:2] == ["44021", "62063"]


def test_person_dies(story, wire):
    s = story("person-dies")
    client = s.personas["client"]
    spouse = next(c.partner_ssin for c in wire.world.civil_states(client) if c.code == 20)
    integrate(wire, wire.world.person(client))
    integrate(wire, wire.world.person(spouse))
    assert s.rti(client)[1].find(f"rrn_it_implicit/{RN}Deceases") is None
    s.advance("P11D")
    assert s.rti(client)[1].find(f"rrn_it_implicit/{RN}Deceases/{RN}Decease") is not None
    states = s.rti(spouse)[1].findall(f"rrn_it_implicit/{RN}CivilStates/{RN}CivilState/{RN}CivilState/{RN}Code")
    assert [c.text for c in states] == ["30"]  # widowed now


def test_service_outage_and_a_gateway_hiccup(story, wire):
    s = story("service-outage")
    client = s.personas["client"]
    integrate(wire, wire.world.person(client))
    assert w.status_of(s.rti(client)[1])[1] == "MSG00000"
    s.advance("PT2H")
    response, body = s.rti(client)
    assert response.status_code == 500 and body.findtext("faultcode") == "soapenv:Server"
    assert body.find("detail")[0].findtext("detail/reasonCode") == "MSG00002"
    s.advance("PT2H")
    assert w.status_of(s.rti(client)[1])[1] == "MSG00000"
    first = wire.post(w.PERSON_PATH, w.search_person(client))
    assert first.status_code == 503
    assert w.status_of(w.body_of(wire.post(w.PERSON_PATH, w.search_person(client)).data))[1] == "MSG00000"
    statuses = [e.http_status for e in wire.sandbox.journal.entries(limit=20) if e.service == "PersonService"]
    assert statuses == [200, 503]


def test_not_integrated(story, wire):
    s = story("not-integrated")
    client = s.personas["client"]
    assert w.status_of(s.rti(client)[1])[1] == "MSG00012"
    integrate(wire, wire.world.person(client))
    assert w.status_of(s.rti(client)[1])[1] == "MSG00000"
    s.advance("P8D")
    assert w.status_of(s.rti(client)[1])[1] == "MSG00012"


def test_a_scenario_cannot_be_loaded_twice_and_reset_clears_it(story, wire, simulator):
    story("not-integrated")
    admin = Client(simulator)
    again = admin.post(f"/__admin/sandboxes/{wire.name}/scenarios", json={"scenario": "not-integrated"})
    assert again.status_code == 400 and "already loaded" in again.get_json()["error"]
    admin.post(f"/__admin/sandboxes/{wire.name}/reset")
    assert admin.get(f"/__admin/sandboxes/{wire.name}/scenarios").get_json()["scenarios"] == []
    assert admin.post(f"/__admin/sandboxes/{wire.name}/scenarios", json={"scenario": "not-integrated"}).status_code == 201


def test_sandbox_created_with_a_scenario(simulator):
    admin = Client(simulator)
    created = admin.post("/__admin/sandboxes", json={"name": "with-story-x", "scenario": "person-dies"})
    assert created.status_code == 201 and created.get_json()["scenario"]["events"] == 1
    bad = admin.post("/__admin/sandboxes", json={"name": "with-story-y", "scenario": "no-such-story"})
    assert bad.status_code == 400 and "no ready scenario" in bad.get_json()["error"]
    assert "with-story-y" not in [s["name"] for s in admin.get("/__admin/sandboxes").get_json()["sandboxes"]]


def test_yaml_body_with_stub_state_machine(simulator, wire):
    person = wire.world.persons(limit=1)[0].ssin
    text = f"""scenario: 1
name: flaky-then-fine
stubs:
  - service: PersonService
    match: "//criteria/ssin = '{person}'"
    state: {{require: Started, set: Recovered}}
    respond: {{fault: {{code: MSG00001}}}}
"""
    admin = Client(simulator)
    assert admin.post(f"/__admin/sandboxes/{wire.name}/scenarios", data=text,
                      headers={"Content-Type": "application/yaml"}).status_code == 201
    first = w.body_of(wire.post(w.PERSON_PATH, w.search_person(person)).data)
    assert first.find("detail")[0].findtext("detail/reasonCode") == "MSG00001"
    assert w.status_of(w.body_of(wire.post(w.PERSON_PATH, w.search_person(person)).data))[1] == "MSG00000"


def test_a_story_can_create_a_bis_person(simulator, wire):
    text = """scenario: 1
name: newcomer-story
personas:
  fatou:
    create: {last_name: Diallo, first_names: [Aminata], birth_date: "1992-00-00", sex: F, nationality: 315,
             abroad: {country: 315, city: Conakry}}
  moussa:
    create: {last_name: Camara, birth_date: "1988-04-02", contact: {nis: 21013, street: Rue de la Station}}
  lena:
    create: {kind: RN, last_name: Peeters, first_names: [Lena], birth_date: "1990-05-17", sex: F,
             legal: {nis: 44021, street: Stationsstraat, house_number: "8"}}
timeline:
  - {at: "+P30D", event: ssin.replace, person: fatou}
"""
    admin = Client(simulator)
    before = wire.world.count_persons()
    loaded = admin.post(f"/__admin/sandboxes/{wire.name}/scenarios", data=text, headers={"Content-Type": "text/yaml"})
    assert loaded.status_code == 201, loaded.get_json()
    fatou, moussa = loaded.get_json()["personas"]["fatou"], loaded.get_json()["personas"]["moussa"]
    today = wire.sandbox.now().date()
    person = wire.world.person(fatou, at=today)
    assert person.kind == "BIS" and person.last_name == "Diallo" and person.address.kind == "ABROAD"
    assert fatou[2:4] == "40"  # month unknown, sex known: 40 (domain-facts 1.3)
    assert wire.world.person(moussa, at=today).address.nis == 21013
    lena = loaded.get_json()["personas"]["lena"]
    registered = wire.world.person(lena, at=today)
    assert registered.kind == "RN" and registered.register == 1 and registered.address.kind == "LEGAL"
    assert lena.startswith("900517") and wire.world.household(lena, today).reference_ssin == lena
    integrate(wire, registered)
    assert w.status_of(w.body_of(wire.post(w.RETRIEVE_TI_PATH, w.retrieve_ti(lena)).data)) == ("DATA_FOUND", "MSG00000")
    found = w.body_of(wire.post(w.PERSON_PATH, w.search_person(fatou)).data)
    assert w.status_of(found) == ("DATA_FOUND", "MSG00000")
    again = admin.post(f"/__admin/sandboxes/{wire.name}/scenarios", data=text, headers={"Content-Type": "text/yaml"})
    assert again.status_code == 400
    assert wire.world.count_persons() == before + 3  # a refused second load created nobody


def test_attestation_stopped_by_spp_is(story, wire):
    import datetime as dt

    q = f"{{{ns.SSDN_MANAGE_ATTESTS}}}"
    s = story("attestation-stopped-by-spp-is")
    client = s.personas["client"]
    person = wire.world.person(client)
    today = wire.sandbox.now().date()
    assert today.year - int(person.birth_date[:4]) >= 19  # the story picks an adult
    integrate(wire, person, purpose=2)
    amount = f"{wire.world.ris_amount(2, today):.2f}"
    reply = w.ssdn_reply(wire.post(w.SSDN_PATH, w.register_attest(client, str(today), amount=amount)).data)
    decision = reply.find(f"{w.S}ServiceReply/{q}RegisterAttestReply")
    assert decision.findtext(f".//{q}Status") == "ACCEPTED", w.service_summary(reply)

    def listed():
        found = w.ssdn_reply(wire.post(w.SSDN_PATH, w.list_attestations(client)).data)
        (entry,) = found.findall(f"{w.S}ServiceReply/{q}ListOfAttestationsReply/{q}Attestation")
        return entry.findtext(f"{q}Status"), entry.findtext(f"{q}Duration/{w.C}EndDate")

    assert listed() == ("ACCEPTED", None)
    s.advance("P16D")
    stop_day = dt.date.fromisoformat(s.timeline()[0]["at"][:10])
    assert listed() == ("STOPPED", str(stop_day - dt.timedelta(days=1)))


def test_new_job_during_ris(story, wire):
    rm = f"{{{ns.SSDN_REFERENCE_MANAGER}}}"
    s = story("new-job-during-ris")
    client = s.personas["client"]
    today = wire.sandbox.now().date()
    assert wire.world.cpas_situation(client, at=today).kind == "RIS"  # fired at loading
    integrate(wire, wire.world.person(client))

    def onss_since():
        reply = w.ssdn_reply(wire.post(w.SSDN_PATH, w.reference_manager(client, str(today), requested_from=str(today))).data)
        return {c.findtext(f"{rm}Period/{w.C}StartDate")
                for c in reply.findall(f"{w.S}ServiceReply/{rm}ReferenceManagerReply/{rm}ConsultOtherSectorsResult/{rm}Consultation")
                if (c.findtext(f"{rm}Sector"), c.findtext(f"{rm}QualityCode")) == ("12", "10")}

    before = onss_since()
    s.advance("P11D")
    job_day = s.timeline()[1]["at"][:10]
    assert onss_since() - before == {job_day}
