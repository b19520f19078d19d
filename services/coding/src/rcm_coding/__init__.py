"""rcm_coding: the coding service (issue 5).

domain/  pure rules and models (line validation, telehealth rules, auto-coding policy, coder work item,
         upcoding signal); service/ use cases and the coding document's transitions; assist/ offline coding
         assistance; adapters/ wire <-> domain translators and storage layout; entrypoints/ subscribers and
         HTTP routes; app.py the composition root.
"""
