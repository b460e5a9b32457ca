"""The National Register information types (IT groups) a RetrieveTIGroups reply carries.

Each builder turns the world's data about one person into the ``rn25Schema`` elements of one group,
in the structure real TX25 replies use: every item has ``Type`` (the IT code) and ``Structure``
attributes, dates are {Century, Year, Month, Day}, end of validity goes in ``DelDate``, coded values
are {Code, Label} with the label in the requested language. With ``history`` every entry is
returned, current first; without it only the entries valid at the sandbox's today.

Groups are emitted in FileInfoType order; the order of ``GROUPS`` below *is* that order.
"""

from __future__ import annotations

import datetime as dt
import zlib

from lxml import etree

from simulator.soap import ns
from simulator.world.model import covers

R = f"{{{ns.RN25}}}"
NSMAP = {"r": ns.RN25}

# IT001 "Language" of the register file. [INF] 1 = Dutch, 2 = French (German-speaking communes'
# files appear with 2 in real replies).
FILE_LANGUAGE = {"nl": "1", "fr": "2", "de": "2"}

SEX = {1: "1", 2: "2"}


def _sub(parent, tag, text=None):
    el = etree.SubElement(parent, R + tag)
    if text is not None:
        el.text = str(text)
    return el


def _date(parent, tag, value) -> None:
    """A DateType from a date or an incomplete 'yyyy-mm-dd' string (00 = unknown part)."""
    if isinstance(value, str):
        year, month, day = (int(p) for p in value.split("-"))
    else:
        year, month, day = value.year, value.month, value.day
    el = _sub(parent, tag)
    _sub(el, "Century", f"{year // 100:02d}")
    _sub(el, "Year", f"{year % 100:02d}")
    _sub(el, "Month", f"{month:02d}")
    _sub(el, "Day", f"{day:02d}")


def _item(parent, tag, it, structure, begin, end=None):
    item = _sub(parent, tag)
    item.set("Type", it)
    item.set("Structure", structure)
    _date(item, "Date", begin)
    if end is not None:
        _date(item, "DelDate", end)
    return item


def _code_label(parent, tag, code, label):
    el = _sub(parent, tag)
    _sub(el, "Code", code)
    _sub(el, "Label", label or "")
    return el


def name_code(name: str) -> str:
    """The Register's 8-digit code for a name; stable for the same spelling."""
    return f"{zlib.crc32(name.encode('utf-8')) % 100_000_000:08d}"


def _name(parent, tag, last_name: str, first_names) -> None:
    el = _sub(parent, tag)
    _code_label(el, "LastName", name_code(last_name), last_name)
    for first in first_names:
        _code_label(el, "FirstName", name_code(first), first)


def _national_number(parent, tag, person) -> None:
    el = _sub(parent, tag)
    _sub(el, "NationalNumber", person.ssin)
    _date(el, "Date", person.birth_date)
    if person.gender in SEX:
        _sub(el, "Sex", SEX[person.gender])


def _valid(begin, end, today, history) -> bool:
    return history or covers(begin, end, today)


def _localized(row: dict | None, lang: str, fallback: str = "") -> str:
    if not row:
        return fallback
    return row.get(f"name_{lang}") or row.get("name_fr") or row.get("name_nl") or fallback


class Context:
    """What every group builder needs: the world, the person, the language, the date, history."""

    def __init__(self, world, person, lang: str, today: dt.date, history: bool):
        self.world, self.person, self.lang, self.today, self.history = world, person, lang, today, history

    def municipality_name(self, nis) -> str:
        return _localized(self.world.municipality(nis), self.lang, str(nis))

    def country_name(self, code) -> str:
        return _localized(self.world.country(code), self.lang, str(code))


def national_number(root, ctx: Context) -> None:  # IT000
    item = _sub(root, "NationalNumber")
    item.set("Type", "000")
    item.set("Structure", "A1")
    _national_number(item, "NationalNumber", ctx.person)


def file_owner(root, ctx: Context) -> None:  # IT001: the commune (or country) managing the file
    entries = [a for a in ctx.world.addresses(ctx.person.ssin) if _valid(a.begin, a.end, ctx.today, ctx.history)]
    if not entries:
        return
    group = _sub(root, "FileOwner")
    for address in entries:
        item = _item(group, "Residences", "001", "A1", address.begin, address.end)
        if address.nis:
            _code_label(item, "Residence", f"{address.nis:05d}", ctx.municipality_name(address.nis))
        else:
            _code_label(item, "Residence", f"{address.country:03d}", ctx.country_name(address.country))
        _sub(item, "Fusion", "0")
        _sub(item, "Language", FILE_LANGUAGE.get(ctx.person.language, "2"))


def names(root, ctx: Context) -> None:  # IT010
    group = _sub(root, "Names")
    item = _item(group, "Name", "010", "A1", ctx.person.birth_date)
    _name(item, "Name", ctx.person.last_name, ctx.person.first_names)


def legal_main_addresses(root, ctx: Context) -> None:  # IT020
    entries = [
        a for a in ctx.world.addresses(ctx.person.ssin)
        if a.kind == "LEGAL" and a.nis and _valid(a.begin, a.end, ctx.today, ctx.history)
    ]
    if not entries:
        return
    group = _sub(root, "LegalMainAddresses")
    for address in entries:
        item = _item(group, "LegalMainAddress", "020", "A1", address.begin, address.end)
        body = _sub(item, "Address")
        _sub(body, "ZipCode", address.postal_code)
        street = _street_label(address, ctx.lang)
        _code_label(body, "Street", str(address.street_code), street)
        _sub(body, "HouseNumber", address.house_number)
        if address.box:
            _sub(body, "Box", address.box)


def _street_label(address, lang: str) -> str:
    by_lang = {"fr": address.street_fr, "nl": address.street_nl, "de": address.street_de}
    return by_lang.get(lang) or address.street_fr or address.street_nl or address.street_de or ""


def nationalities(root, ctx: Context) -> None:  # IT031
    entries = [n for n in ctx.world.nationalities(ctx.person.ssin) if _valid(n.begin, n.end, ctx.today, ctx.history)]
    if not entries:
        return
    group = _sub(root, "Nationalities")
    for nat in entries:
        item = _item(group, "Nationality", "031", "B1", nat.begin or ctx.person.birth_date, nat.end)
        _code_label(item, "Nationality", f"{nat.country:03d}", ctx.country_name(nat.country))


def birth_place(root, ctx: Context) -> None:  # IT100
    person = ctx.person
    item = _sub(root, "BirthPlace")
    item.set("Type", "100")
    item.set("Structure", "A1")
    _date(item, "Date", person.birth_date)
    _sub(item, "ActNumber", "00000")
    if person.birth_place_nis:
        _code_label(item, "Place1", f"{person.birth_place_nis:05d}", ctx.municipality_name(person.birth_place_nis))
    else:
        _place_abroad(item, "Place2", ctx, person.birth_country, person.birth_place_name)


def _place_abroad(parent, tag, ctx: Context, country: int, place: str | None) -> None:
    """GraphicPlaceType: the country, then the place written out."""
    el = _sub(parent, tag)
    _code_label(el, "Country", f"{country:03d}", ctx.country_name(country))
    if place:
        _sub(el, "Graphic", place)


def civil_states(root, ctx: Context) -> None:  # IT120
    entries = [c for c in ctx.world.civil_states(ctx.person.ssin) if _valid(c.begin, c.end, ctx.today, ctx.history)]
    if not entries:
        return
    group = _sub(root, "CivilStates")
    for state in entries:
        item = _item(group, "CivilState", "120", "A1", state.begin or ctx.person.birth_date, state.end)
        _code_label(item, "CivilState", str(state.code), ctx.world.civil_state_label(state.code, ctx.lang))
        partner = ctx.world.person(state.partner_ssin) if state.partner_ssin else None
        if partner is not None:
            spouse = _sub(item, "Spouse")
            _national_number(spouse, "NationalNumber", partner)
            _name(spouse, "Name", partner.last_name, partner.first_names)


def household(root, ctx: Context) -> None:  # IT140 (reference person) / IT141 (member)
    person = ctx.person
    current = ctx.world.household(person.ssin, ctx.today)
    head_items, member_items = [], []
    if current is not None:
        own = next((m for m in current.members if m.ssin == person.ssin), None)
        if current.reference_ssin == person.ssin:
            head_items.append(("self", own, None))
            head_items += [("member", m, ctx.world.person(m.ssin)) for m in current.members if m.ssin != person.ssin]
        elif own is not None:
            member_items.append((own, ctx.world.person(current.reference_ssin)))
    if ctx.history:
        for past in ctx.world.household_history(person.ssin):
            if past.end is not None and past.end < ctx.today:
                (head_items.append(("self", past, None)) if past.relationship == "01" else member_items.append((past, None)))
    if head_items:
        group = _sub(root, "FamilyMembers")
        for kind, membership, other in head_items:
            if kind == "self":
                item = _item(group, "FamilyMember", "140", "A1", membership.begin, membership.end)
                _code_label(item, "FamilyRole", "01", ctx.world.relationship_label("01", ctx.lang))
            elif other is not None:
                item = _item(group, "FamilyMember", "140", "B1", membership.begin, membership.end)
                _code_label(item, "FamilyRole", membership.relationship,
                            ctx.world.relationship_label(membership.relationship, ctx.lang))
                _national_number(item, "NationalNumber", other)
                _name(item, "Name", other.last_name, other.first_names)
    if member_items:
        group = _sub(root, "HeadOfFamily")
        for membership, head in member_items:
            item = _item(group, "HeadOfFamily", "141", "A2", membership.begin, membership.end)
            _code_label(item, "FamilyRole", membership.relationship,
                        ctx.world.relationship_label(membership.relationship, ctx.lang))
            if head is not None:
                _national_number(item, "NationalNumber", head)
                _name(item, "Name", head.last_name, head.first_names)


def deceases(root, ctx: Context) -> None:  # IT150
    person = ctx.person
    if not person.death_date:
        return
    group = _sub(root, "Deceases")
    item = _item(group, "Decease", "150", "A1", person.death_date)
    decease = _sub(item, "Decease")
    _sub(decease, "ActNumber", "00000")
    last = next(iter(ctx.world.addresses(person.ssin)), None)
    if last is not None and last.nis:
        _code_label(decease, "Place1", f"{last.nis:05d}", ctx.municipality_name(last.nis))
    else:
        _place_abroad(decease, "Place2", ctx, last.country if last else 150, last.city_abroad if last else None)


def identity_cards(root, ctx: Context) -> None:  # IT195
    entries = [c for c in ctx.world.identity_cards(ctx.person.ssin) if _valid(c.begin, c.end, ctx.today, ctx.history)]
    if not entries:
        return
    group = _sub(root, "IdentityCards")
    for card in entries:
        item = _item(group, "IdentityCard", "195", "F1", card.begin)
        _sub(_sub(item, "TypeOfCard"), "Code", card.type)  # Label is optional and often absent
        _sub(item, "CardNumber", card.number)
        if card.municipality_nis:
            delivery = _sub(item, "Delivery")
            _code_label(delivery, "Place", f"{card.municipality_nis:05d}", ctx.municipality_name(card.municipality_nis))
        if card.end is not None:
            _date(item, "ExpiryDate", card.end)


# FileInfoType order. Codes are what a client may ask about; all are returned when known.
GROUPS = (
    ("000", national_number),
    ("001", file_owner),
    ("010", names),
    ("020", legal_main_addresses),
    ("031", nationalities),
    ("100", birth_place),
    ("120", civil_states),
    ("140", household),  # also 141
    ("150", deceases),
    ("195", identity_cards),
)


def file_info(world, person, lang: str, today: dt.date, history: bool) -> etree._Element:
    """``rrn_it_implicit``: every group the world knows about the person, in schema order."""
    root = etree.Element("rrn_it_implicit", nsmap=NSMAP)
    ctx = Context(world, person, lang, today, history)
    for _code, build in GROUPS:
        build(root, ctx)
    return root
