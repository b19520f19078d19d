from importlib.resources import files

import rcm_codesets

EXPECTED_DATA_FILES = {
    "SOURCES.md",
    "add_on_codes.csv",
    "carc_categories.csv",
    "carc_usage.csv",
    "carc_values.csv",
    "cpt_demo_codes.csv",
    "cpt_modifiers.csv",
    "hcpcs_level2_2025oct_v4.csv",
    "medicare_clfs_2025_selected.csv",
    "medicare_pfs_national_2025_2026.csv",
    "payers.json",
    "place_of_service.csv",
    "rarc_usage.csv",
    "rarc_values.csv",
}


def test_data_files_are_package_resources() -> None:
    data_dir = files("rcm_codesets").joinpath("data")
    present = {entry.name for entry in data_dir.iterdir()}
    assert present >= EXPECTED_DATA_FILES


def test_public_api_is_exported() -> None:
    for name in rcm_codesets.__all__:
        assert hasattr(rcm_codesets, name), name
