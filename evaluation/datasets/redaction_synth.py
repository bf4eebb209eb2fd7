"""A labelled case-note set for redaction covering every identifier format the profile must catch,
generated from templates with a fixed seed (exact gold offsets), plus adversarial placements.
The name pools deliberately include names absent from the census lists the redactor uses."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

FIRST = ["Jaylen", "Nevaeh", "Jaxon", "Oluwaseun", "Xiomara", "Thanh", "Priyanka", "Dmitri", "Siobhan", "Keanu",
         "Zainab", "Kwabena", "Yesenia", "Tariq", "Imani", "Brayden", "Aaliyah", "Deshawn", "Luz", "Bao", "Malik",
         "Ayana", "Rosalind", "Giovanni", "Ximena", "Zion", "Kenji", "Maribel", "Trevon", "Esmeralda", "Kayden",
         "Shaniqua", "Bogdan", "Ingrid", "Rashida", "Terrell", "Marisela", "Nkechi", "Soledad", "Demetrius",
         "Patricia", "Michael", "Linda", "James", "Barbara", "Robert", "Angela", "Kevin", "Tamika", "Carlos"]
LAST = ["Okafor", "Kowalczyk", "Nguyen", "Achterberg", "Delacroix", "Abernathy", "Wojcik", "Haddad",
        "Castellano", "Oyelaran", "Fitzpatrick", "Tran", "Gutierrez", "Yilmaz", "Lindqvist", "Mukherjee",
        "O'Connell", "Washington", "Szymanski", "Adeyemi", "Villanueva", "Holloway", "Petrakis", "Ramirez",
        "Johnson", "Brooks", "Alvarez", "Thompson", "Baptiste", "Kaczmarek"]
STREETS = ["Kedzie", "Pulaski", "Harlan", "Wilcox", "Beechwood", "Marlowe", "Ashland", "Linden", "Oakview",
           "Cicero", "Halsted", "Morningside", "Fulton", "Birchwood", "Sacramento", "Kostner"]
SUFFIX = ["Ave", "St", "Blvd", "Rd", "Dr", "Ln", "Ct", "Pl", "Street", "Avenue", "Way", "Pkwy"]
UNIT = ["Apt 3R", "Apt. 2B", "#4", "Unit 5", "Apt 1F", "# 12", "Unit B", "Ste 200", ""]
DIRS = ["N", "S", "E", "W", ""]
# Names that are also words, opening a sentence with only the verb to say they are people (round 9).
WORD_NAMES = ["Grace", "Dale", "Hunter", "Destiny", "Precious", "Mason", "Chase", "Royal", "Faith", "Rocky", "Amber",
              "Dawn", "Hector", "Joy", "Angel", "Brooke", "Major", "Charity"]
OPENER_PREDICATES = ["called to reschedule.", "said the rent is paid.", "came to group on time.",
                     "drove her to the clinic.", "missed the shift on Monday.", "is staying with her this week.",
                     "dropped off the forms.", "told me the lease is signed.", "was asking about the bus pass."]
RELATIONS = ["son", "daughter", "partner", "boyfriend", "sister", "brother", "cousin", "aunt", "mother",
             "landlord", "neighbor", "friend", "grandson", "case worker"]


@dataclass
class Note:
    id: str
    text: str = ""
    gold: list[dict] = field(default_factory=list)  # {start, end, entity, text}

    def add(self, piece: str, entity: str | None = None) -> None:
        if entity:
            self.gold.append({"start": len(self.text), "end": len(self.text) + len(piece), "entity": entity,
                              "text": piece})
        self.text += piece


def _phone(r: random.Random) -> str:
    a, b, c = r.randint(201, 989), 555, r.randint(100, 9999)
    c = f"{c:04d}"
    return r.choice([f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"{a} {b} {c}", f"+1 {a} {b} {c}",
                     f"1-{a}-{b}-{c}", f"{a}{b}{c}", f"({a}){b}-{c}", f"{a}-{b}-{c} ext. 12"])


def _ssn(r: random.Random) -> str:
    a, b, c = r.randint(1, 899), r.randint(1, 99), r.randint(1, 9999)
    return r.choice([f"{a:03d}-{b:02d}-{c:04d}", f"{a:03d} {b:02d} {c:04d}", f"{a:03d}{b:02d}{c:04d}"])


def _dob(r: random.Random) -> str:
    y, m, d = r.randint(1940, 2010), r.randint(1, 12), r.randint(1, 28)
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
    return r.choice([f"{m}/{d}/{y % 100:02d}", f"{m:02d}/{d:02d}/{y}", f"{m}-{d}-{y}", f"{y}-{m:02d}-{d:02d}",
                     f"{months[m - 1]} {d}, {y}", f"{months[m - 1][:3]} {d} {y}"])


def _address(r: random.Random) -> str:
    num = r.randint(10, 9999)
    parts = [str(num)]
    d = r.choice(DIRS)
    if d:
        parts.append(d)
    parts.append(r.choice(STREETS))
    parts.append(r.choice(SUFFIX))
    addr = " ".join(parts)
    unit = r.choice(UNIT)
    return f"{addr} {unit}".strip() if unit else addr


def _id(r: random.Random) -> tuple[str, str]:
    kind = r.choice(["hmis", "medicaid", "case", "dl", "mrn", "student", "idoc", "hash"])
    if kind == "hmis":
        return "HMIS #", str(r.randint(100000, 999999))
    if kind == "medicaid":
        return "Medicaid ID ", f"MC{r.randint(10000000, 99999999)}"
    if kind == "case":
        return "Case ", f"{r.randint(2019, 2026)}-{r.choice(['DV', 'ICM', 'CW', 'HS'])}-{r.randint(100, 9999):04d}"
    if kind == "dl":
        letter = r.choice("ABCDEFGHKLMNPRSTW")
        return "DL ", f"{letter}{r.randint(100, 999)}-{r.randint(1000, 9999)}-{r.randint(1000, 9999)}"
    if kind == "mrn":
        return "MRN ", f"{r.randint(10000000, 99999999)}"
    if kind == "student":
        return "Student ID ", str(r.randint(20000000, 20299999))
    if kind == "idoc":
        return "IDOC #", f"{r.choice('RYKMB')}{r.randint(10000, 99999)}"
    return "referral (#", f"APS-{r.randint(20, 26)}-{r.randint(10000, 99999)}"


# Non-identifiers that must survive (precision traps).
FILLER = [
    "She is two months behind on rent and the landlord called last week. ",
    "Shelter at Hope Center is full tonight. ",
    "Works part time at Dollar General, about 20 hrs/wk. ",
    "PHQ-9 score 12 today, denies SI. ",
    "SNAP approved 9/19, $535/mo. ",
    "Appointment rebooked for 10/3 at 2pm. ",
    "Met at the library on Route 9. ",
    "VI-SPDAT score 9, room 12 at the shelter. ",
    "Will follow up next Tuesday. ",
    "Goes to AA at St. Paul's on Wednesdays. ",
    "Rent is $850 a month, due on the 1st. ",
    "Court date 11/14 at 9am, legal aid is on it. ",
    "Took the 66 bus to the clinic. ",
    "Three kids, ages 4, 7 and 11. ",
]


def generate(n: int = 300, seed: int = 20261124) -> list[Note]:
    r = random.Random(seed)
    opener = random.Random(seed + 1)
    notes = []
    for k in range(n):
        note = Note(id=f"syn-{k:04d}")
        first, last = r.choice(FIRST), r.choice(LAST)
        kid = r.choice([f for f in FIRST if f != first])
        rel_first = r.choice([f for f in FIRST if f not in (first, kid)])
        rel_last = r.choice(LAST)
        style = r.choice(["plain", "lower", "start", "end", "punct", "bullets"])
        if style == "start":
            note.add(f"{first} {last}", "PERSON")
            note.add(" seen today for follow up. ")
        elif style == "lower":
            note.add("cl ")
            note.add(f"{first.lower()} {last.lower()}", "PERSON")
            note.add(" came in today. ")
        elif style == "bullets":
            note.add("- client: ")
            note.add(f"{first} {last}", "PERSON")
            note.add("\n- ")
        else:
            note.add("Met with ")
            note.add(f"{first} {last}", "PERSON")
            note.add(r.choice([" (DOB ", ", DOB: ", ", born "]))
            note.add(_dob(r), "DOB")
            note.add(r.choice([") ", ". "]))
        note.add(r.choice(FILLER))
        note.add(f"Her {r.choice(['son', 'daughter'])} ")
        note.add(kid, "PERSON")
        note.add(f", {r.randint(2, 16)}, is at school. ")
        if style == "punct":
            note.add("(")
            note.add(first, "PERSON")
            note.add(") said '")
            note.add(kid, "PERSON")
            note.add("'s teacher called.' ")
        note.add(first, "PERSON")
        note.add("'s " + r.choice(["phone is ", "cell ", "number on file is ", "ph "]))
        phone = _phone(r)
        if r.random() < 0.2:  # numbers split by spaces
            digits = "".join(ch for ch in phone if ch.isdigit())[-10:]
            phone = f"{digits[:3]} {digits[3:6]} {digits[6:]}"
        note.add(phone, "PHONE")
        note.add(". ")
        note.add(r.choice(FILLER))
        note.add(r.choice(["Lives at ", "Address: ", "Home visit at ", "moved to "]))
        note.add(_address(r), "ADDRESS")
        note.add(". ")
        rel = r.choice(RELATIONS)
        note.add(f"Spoke with her {rel} ")
        if r.random() < 0.3:
            note.add(f"{rel_first[0]}. {rel_last}", "PERSON")
        else:
            note.add(f"{rel_first} {rel_last}", "PERSON")
        note.add(r.choice([" who will help. ", ", ", " by phone. "]))
        if r.random() < 0.5:
            note.add(r.choice(["SSN ", "SS# ", "social security number "]))
            note.add(_ssn(r), "SSN")
            note.add(" verified. ")
        if r.random() < 0.5:
            note.add(r.choice(["Email ", "email: ", "reach her at "]))
            user = f"{first.lower()}.{last.lower().replace(chr(39), '')}{r.randint(1, 99)}"
            note.add(f"{user}@{r.choice(['example.com', 'example.org', 'mail.example.net'])}", "EMAIL")
            note.add(". ")
        prefix, value = _id(r)
        note.add(prefix)
        note.add(value, "ID_NUMBER")
        note.add(")" if prefix.startswith("referral") else "")
        note.add(". ")
        note.add(r.choice(FILLER))
        if style == "end":
            note.add("Best number ")
            note.add(_phone(r), "PHONE")
        else:
            note.add(f"f/u with {first}", None)
            note.gold.append({"start": len(note.text) - len(first), "end": len(note.text), "entity": "PERSON",
                              "text": first})
            note.add(" next week.")
        if opener.random() < 0.3:  # its own random stream, so the notes above are the same as before
            note.add(" " if note.text.endswith(".") else ". ")
            note.add(opener.choice(WORD_NAMES), "PERSON")
            note.add(" " + opener.choice(OPENER_PREDICATES))
        notes.append(note)
    return notes
