"""rcm_coding: the coding service (issue 5).

domain/  pure rules and models (line validation, telehealth rules, auto-coding policy, coder work item,
         upcoding signal); service/ use-case functions over plain inputs; assist/ offline coding assistance.
"""
