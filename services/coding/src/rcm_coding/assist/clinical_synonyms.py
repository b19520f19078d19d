"""Clinical shorthand and lay terms, rewritten into the words ICD-10-CM descriptions use.

Notes say "HTN", "sugar", "ear infection"; the code set says "hypertension", "diabetes mellitus",
"otitis media". Each entry appends the code-set wording after the matched words (the original words stay,
so they still count).
"""

from __future__ import annotations

import re

# (pattern on lower-cased note text, words appended after the match)
_SYNONYMS: tuple[tuple[str, str], ...] = (
    (r"\bhtn\b|high blood pressure|elevated blood pressure|\bhigh bp\b", "hypertension"),
    (
        r"\bt2dm\b|\bdm2\b|\bdm ?(type )?(2|ii)\b|\bniddm\b|type (ii|two) diabetes"
        r"|diabetes (mellitus )?type (2|ii)",
        "type 2 diabetes mellitus",
    ),
    (r"\bsugars?\b|\ba1c\b", "diabetes"),
    (r"\bhld\b|high cholesterol|elevated lipids|dyslipidemia", "hyperlipidemia"),
    (r"\buri\b|head cold|upper respiratory (tract )?infection", "acute upper respiratory infection"),
    (r"\butis?\b|bladder infection|cystitis", "urinary tract infection"),
    (r"\blbp\b|lower back pain|lumbago|lumbar pain", "low back pain"),
    (r"\bmdd\b|major depression", "major depressive disorder"),
    (r"\bgad\b|generalized anxiety", "generalized anxiety disorder"),
    (r"\bgerd\b|acid reflux|heartburn|reflux", "gastro esophageal reflux disease"),
    (r"\bcopd\b|emphysema|chronic bronchitis", "chronic obstructive pulmonary disease"),
    (r"ear infection|\baom\b", "otitis media"),
    (r"sinus infection|\brhinosinusitis\b", "sinusitis"),
    (r"sore throat", "pharyngitis"),
    (r"\bobese\b|\bbmi (of )?(3\d|4\d)", "obesity"),
    (r"low vitamin d|vitamin d (is )?low|vit d deficiency|vitamin d insufficiency", "vitamin d deficiency"),
    (r"underactive thyroid|low thyroid|hashimoto", "hypothyroidism"),
    (r"\boa\b|degenerative joint disease|\bdjd\b", "osteoarthritis"),
    (r"\bmigraines?\b", "migraine"),
    (r"\ba-?fib\b", "atrial fibrillation"),
    (r"\bchf\b", "heart failure"),
    (r"\bckd\b", "chronic kidney disease"),
    (r"\bbph\b|enlarged prostate", "benign prostatic hyperplasia"),
    (r"\bpna\b", "pneumonia"),
    (r"\badhd\b|\badd\b", "attention deficit hyperactivity disorder"),
    (r"pink eye", "conjunctivitis"),
    (r"hay fever|seasonal allergies", "allergic rhinitis"),
    (r"\beczema\b", "atopic dermatitis"),
    (r"neck pain", "cervicalgia"),
    (r"can'?t sleep|trouble sleeping|difficulty sleeping", "insomnia"),
    (r"\bsmok(er|es|ing)\b|cigarettes?\b|tobacco use", "nicotine dependence cigarettes"),
    (
        r"annual physical|wellness (visit|exam)|routine physical|check-?up",
        "general adult medical examination",
    ),
    (r"\bpre-?diabet\w*", "prediabetes"),
    (r"low iron|iron deficiency", "iron deficiency anemia"),
    (r"\bdizzy\b|lightheaded", "dizziness"),
    (r"stomach ache|belly pain|tummy ache", "abdominal pain"),
)

# Coding defaults: an unqualified mention is coded to the default of its family. Appended words make the
# default code's description fully matched (ICD-10-CM index: "Disorder, depressive, major" -> single episode).
_DEFAULT_SPECIFICITY: tuple[tuple[str, str, str], ...] = (
    # (pattern, words that cancel the default when present nearby in the note, words appended)
    (r"major depressive disorder", r"recurrent", "single episode"),
    (r"\b(right|left) (knee|hip|shoulder)\b", r"bilateral", "unilateral"),
)

_COMPILED_SYNONYMS = tuple((re.compile(pattern), words) for pattern, words in _SYNONYMS)
_COMPILED_DEFAULTS = tuple(
    (re.compile(pattern), re.compile(cancel), words) for pattern, cancel, words in _DEFAULT_SPECIFICITY
)


def expand_clinical_terms(lowered_text: str) -> tuple[str, list[str]]:
    """Return the text with code-set wording appended after each shorthand, and the shorthands found."""
    found: list[str] = []
    text = lowered_text
    for pattern, words in _COMPILED_SYNONYMS:
        if pattern.search(text):
            found.extend(match.group(0) for match in pattern.finditer(text))
            text = pattern.sub(lambda match, w=words: f"{match.group(0)} {w}", text)  # type: ignore[misc]
    for pattern, cancel, words in _COMPILED_DEFAULTS:
        if pattern.search(text) and not cancel.search(text):
            text = pattern.sub(lambda match, w=words: f"{match.group(0)} {w}", text)  # type: ignore[misc]
    return text, found
