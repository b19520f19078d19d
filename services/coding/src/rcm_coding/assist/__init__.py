"""Offline coding assistance: ranked ICD-10-CM and procedure suggestions from note text."""
