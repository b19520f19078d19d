"""rcm_codesets: reference data versioned by effective date.

A claim is judged by the rules in force on its date of service, so lookups take a date (`on=`). Data files
live in rcm_codesets/data (see data/SOURCES.md for origin and licence); nothing is read from outside the
package at run time.
"""

from rcm_codesets.adjustment_codes import (
    GROUP_CODES,
    AdjustmentCode,
    CarcCategory,
    carc,
    carc_category,
    carc_is_valid_on,
    carcs_in_category,
    rarc,
    rarc_is_valid_on,
)
from rcm_codesets.cpt import (
    AddOnRule,
    CptCatalog,
    CptEntry,
    add_on_rules,
    cpt_catalog,
    import_licensed_cpt_file,
    is_cpt_format,
)
from rcm_codesets.fees import MedicareFee, clinic_charge, contracted_amount, medicare_fee, medicare_fee_record
from rcm_codesets.hcpcs import (
    HCPCS_RELEASE,
    HcpcsRecord,
    hcpcs_code,
    hcpcs_modifier,
)
from rcm_codesets.hcpcs import is_valid_on as hcpcs_is_valid_on
from rcm_codesets.hcpcs import modifier_is_valid_on as hcpcs_modifier_is_valid_on
from rcm_codesets.icd10cm import (
    DemographicHint,
    Icd10CmRelease,
    format_icd10cm,
    icd10cm_demographic_hint,
    icd10cm_description,
    icd10cm_exists,
    icd10cm_is_billable,
    icd10cm_release,
    iter_billable_icd10cm,
    normalize_icd10cm,
    search_icd10cm,
)
from rcm_codesets.modifiers import (
    NCCI_ASSOCIATED_MODIFIERS,
    TELEHEALTH_MODIFIERS,
    Modifier,
    is_ncci_associated,
    modifier,
    modifier_is_valid_on,
)
from rcm_codesets.payers import (
    CostSharingPlan,
    DaysToPay,
    FeeMultipliers,
    Payer,
    PayerDirectory,
    PayerType,
    TelehealthPolicy,
    payer,
    payer_directory,
    payers_on,
    validate_member_id,
)
from rcm_codesets.place_of_service import (
    TELEHEALTH_POS,
    PlaceOfService,
    all_places_of_service,
    place_of_service,
)
from rcm_codesets.procedures import ProcedureCode, add_on_missing_primary, is_billable_on, procedure_code

__all__ = [
    "GROUP_CODES",
    "HCPCS_RELEASE",
    "NCCI_ASSOCIATED_MODIFIERS",
    "TELEHEALTH_MODIFIERS",
    "TELEHEALTH_POS",
    "AddOnRule",
    "AdjustmentCode",
    "CarcCategory",
    "CostSharingPlan",
    "CptCatalog",
    "CptEntry",
    "DaysToPay",
    "DemographicHint",
    "FeeMultipliers",
    "HcpcsRecord",
    "Icd10CmRelease",
    "MedicareFee",
    "Modifier",
    "Payer",
    "PayerDirectory",
    "PayerType",
    "PlaceOfService",
    "ProcedureCode",
    "TelehealthPolicy",
    "add_on_missing_primary",
    "add_on_rules",
    "all_places_of_service",
    "carc",
    "carc_category",
    "carc_is_valid_on",
    "carcs_in_category",
    "clinic_charge",
    "contracted_amount",
    "cpt_catalog",
    "format_icd10cm",
    "hcpcs_code",
    "hcpcs_is_valid_on",
    "hcpcs_modifier",
    "hcpcs_modifier_is_valid_on",
    "icd10cm_demographic_hint",
    "icd10cm_description",
    "icd10cm_exists",
    "icd10cm_is_billable",
    "icd10cm_release",
    "import_licensed_cpt_file",
    "is_billable_on",
    "is_cpt_format",
    "is_ncci_associated",
    "iter_billable_icd10cm",
    "medicare_fee",
    "medicare_fee_record",
    "modifier",
    "modifier_is_valid_on",
    "normalize_icd10cm",
    "payer",
    "payer_directory",
    "payers_on",
    "place_of_service",
    "procedure_code",
    "rarc",
    "rarc_is_valid_on",
    "search_icd10cm",
    "validate_member_id",
]
