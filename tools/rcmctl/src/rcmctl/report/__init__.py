"""The run report: every KPI computed from the events the services published, as kpi-definitions.md defines it."""
