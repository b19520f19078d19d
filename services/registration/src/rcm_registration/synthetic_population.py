"""Deterministic synthetic clinics, providers, patients and coverages for demos and tests (no real person).

The same seed always yields the same records: NPIs carry a correct CMS check digit, and member ids match
their payer's format. Member ids end in a digit the eligibility simulator reads as "active" unless a
terminated member is asked for (see adapters.eligibility_simulator).
"""

from __future__ import annotations

import random
import re
from datetime import date

from rcm_codesets import Payer, PayerType, payers_on

from rcm_registration.domain.claim_details import OutsideProvider
from rcm_registration.domain.coverage import Coverage
from rcm_registration.domain.identifiers import npi_check_digit
from rcm_registration.domain.payer_lookup import payer_in_force
from rcm_registration.domain.people import Patient, PostalAddress
from rcm_registration.domain.providers import Clinic, Provider

FIRST_NAMES = ("Ava", "Ben", "Cara", "Dev", "Elena", "Femi", "Gus", "Hana", "Ivan", "June", "Kofi", "Lena")
LAST_NAMES = ("Testpatient", "Sampleton", "Demoreyes", "Fakeworth", "Mockley", "Synthson", "Placeholder")
STREETS = ("Test Lane", "Sample Ave", "Demo Street", "Example Road")
CITIES = (("Springfield", "IL", "62701"), ("Lakeshore", "MI", "49503"), ("Riverton", "WY", "82501"))
# Letters valid in every directory pattern (Medicare's MBI excludes S, L, O, I, B and Z).
MEMBER_ID_LETTERS = "ACDEFGHJKMNPQRTUVWXY"
ACTIVE_LAST_DIGITS = "1234567"  # 8 and 9 are the simulator's "unknown member" and "terminated" digits


def npi_from(first_nine: str) -> str:
    return first_nine + str(npi_check_digit(first_nine))


class SyntheticPopulation:
    """One seeded random source; every method draws from it, so call order is part of determinism."""

    def __init__(self, seed: int = 2025, tenant_id: str = "clinic-sunrise") -> None:
        self._random = random.Random(seed)
        self.tenant_id = tenant_id

    def npi(self, *, organisation: bool = False) -> str:
        return npi_from(("2" if organisation else "1") + "".join(self._random.choices("0123456789", k=8)))

    def address(self) -> PostalAddress:
        city, state, zip_code = self._random.choice(CITIES)
        street = f"{self._random.randint(1, 999)} {self._random.choice(STREETS)}"
        return PostalAddress(line1=street, city=city, state=state, postal_code=zip_code)

    def clinic(self, clinic_id: str = "clinic-main") -> Clinic:
        npi = self.npi(organisation=True)
        return Clinic(
            tenant_id=self.tenant_id,
            clinic_id=clinic_id,
            organization_name="Sunrise Family Clinic",
            npi=npi,
            tax_id="".join(self._random.choices("0123456789", k=9)),
            taxonomy_code="261QP2300X",
            practice_address=self._billing_address(),
            # Derived from the NPI, not drawn, so every other synthetic value stays what it was.
            clia_number=f"14D{npi[1:8]}",
        )

    def referring_provider(self, visit_key: str) -> OutsideProvider:
        """An outside clinician who referred the visit (labs, imaging, consults): the same key always gives the
        same one. Drawn from a random source of its own, so asking for one moves no other synthetic value."""
        own = random.Random(f"referring:{visit_key}")
        return OutsideProvider(
            npi=npi_from("1" + "".join(own.choices("0123456789", k=8))),
            provider_last_name=own.choice(LAST_NAMES),
            provider_first_name=own.choice(FIRST_NAMES),
        )

    def _billing_address(self) -> PostalAddress:
        # 5010 requires the billing provider's nine-digit ZIP; patients may keep five. The +4 comes from the
        # street number so the draw sequence (and so every other synthetic value) stays what it was.
        address = self.address()
        plus_four = f"{int(address.line1.split()[0]):04d}"
        return address.model_copy(update={"postal_code": address.postal_code + plus_four})

    def provider(self, clinic_id: str, provider_id: str) -> Provider:
        return Provider(
            tenant_id=self.tenant_id,
            provider_id=provider_id,
            clinic_id=clinic_id,
            npi=self.npi(),
            provider_first_name=self._random.choice(FIRST_NAMES),
            provider_last_name=self._random.choice(LAST_NAMES),
            taxonomy_code="207Q00000X",
        )

    def patient(self, patient_id: str, *, born_before: date = date(2005, 1, 1)) -> Patient:
        birth_date = date.fromordinal(born_before.toordinal() - self._random.randint(0, 365 * 70))
        return Patient(
            tenant_id=self.tenant_id,
            patient_id=patient_id,
            first_name=self._random.choice(FIRST_NAMES),
            last_name=self._random.choice(LAST_NAMES),
            birth_date=birth_date,
            sex=self._random.choice(("F", "M")),
            address=self.address(),
            phone=f"217555{self._random.randint(0, 9999):04d}",
        )

    def member_id(self, found: Payer, *, terminated: bool = False) -> str | None:
        """A member id in the payer's format, shaped like its example; the last digit sets its status."""
        if found.member_id_pattern is None or found.member_id_example is None:
            return None
        last = "9" if terminated else self._random.choice(ACTIVE_LAST_DIGITS)
        for _attempt in range(200):
            chars = [
                self._random.choice("123456789" if index == 0 and char.isdigit() else "0123456789")
                if char.isdigit()
                else self._random.choice(MEMBER_ID_LETTERS)
                if char.isalpha()
                else char
                for index, char in enumerate(found.member_id_example)
            ]
            # Keep fixed prefixes such as NWH or TMA: the example's leading run of letters is the plan prefix.
            prefix = re.match(r"^[A-Z]{2,3}", found.member_id_example)
            if prefix:
                chars[: prefix.end()] = list(prefix.group())
            digit_positions = [index for index, char in enumerate(chars) if char.isdigit()]
            chars[digit_positions[-1]] = last
            candidate = "".join(chars)
            if found.member_id_is_valid(candidate):
                return candidate
        raise ValueError(f"could not generate a member id for payer {found.payer_id}")

    def coverage(
        self, patient: Patient, payer_id: str, coverage_id: str, *, effective: date, terminated: bool = False
    ) -> Coverage:
        found = payer_in_force(payer_id, effective)
        if found is None:
            raise ValueError(f"payer {payer_id} is not in the directory on {effective}")
        return Coverage(
            tenant_id=self.tenant_id,
            coverage_id=coverage_id,
            patient_id=patient.patient_id,
            payer_id=found.payer_id,
            member_id=self.member_id(found, terminated=terminated),
            group_number=None
            if found.payer_type == PayerType.SELF_PAY
            else f"GRP{self._random.randint(100, 999)}",
            effective_date=effective,
        )

    def coverage_per_payer(self, patient: Patient, on: date) -> list[Coverage]:
        """One coverage for the patient with every payer in force on `on` (for directory-wide tests)."""
        return [
            self.coverage(patient, found.payer_id, f"cov-{found.payer_id.lower()}", effective=on)
            for found in payers_on(on)
        ]
