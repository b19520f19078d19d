"""`rcm new-service NAME`: a new service in the one shape, from the template beside this module."""
