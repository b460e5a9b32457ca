"""An example of a vendor's own test suite using the simulator's pytest plugin.

Install the simulator beside your client (`pip install bcss-simulator`); the plugin registers itself,
so `bcss_simulator` and `bcss_sandbox` are available in every test. Each test gets its own sandbox
(own data, own clock, own journal), deleted after the test.
"""

import zeep

TEST_CONNECTION = "/SOA4520/TestConnectionServiceService/sendTestMessage"
PERSON_SERVICE = "/SOA4520/PersonService/v4/searchPersonBySsin"


def test_connection_echo(bcss_sandbox):
    client = zeep.Client(bcss_sandbox.wsdl(TEST_CONNECTION))
    assert client.service.sendTestMessage(echo="ping").echo == "ping"


def test_person_lookup_is_journaled(bcss_sandbox):
    someone = bcss_sandbox.persons(limit=1)[0]
    client = zeep.Client(bcss_sandbox.wsdl(PERSON_SERVICE))
    reply = client.service.searchPersonBySsin(
        informationCustomer={"ticket": "t-1", "customerIdentification": {"cbeNumber": "0207349673"}},
        legalContext="PCSA:SOCIAL_INQUIRY",
        criteria={"ssin": someone["ssin"]},
    )
    assert reply.status.code == "MSG00000"
    assert reply.person.name.lastName == someone["last_name"]
    (entry,) = bcss_sandbox.journal()
    assert entry["operation"] == "searchPersonBySsin" and entry["status"] == "MSG00000"


def test_clock_moves_for_this_sandbox_only(bcss_sandbox):
    state = bcss_sandbox.set_clock("2030-01-01T09:00:00Z", frozen=True)
    assert state["frozen"]
    assert bcss_sandbox.advance_clock("P1M")["now"].startswith("2030-02-01T09:00:00")
