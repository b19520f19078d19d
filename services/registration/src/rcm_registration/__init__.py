"""rcm_registration: patients, coverages, encounters in; EncounterRegistered or RegistrationIncomplete out."""
