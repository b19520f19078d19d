"""Conditions the synthetic note set is generated from: expected ICD-10-CM code and ways a note says it.

Written by us for the benchmark; phrasings mix clinical terms, shorthand and lay words, as real notes do.
Kept as a plain-text table so adding a condition is one block: a code line (`*` = behavioral health, seen
for psychotherapy), then `=` assessment phrasings and `~` complaint phrasings, alternatives split by `|`.
"""

from __future__ import annotations

from dataclasses import dataclass

_TABLE = """
I10
  = essential hypertension|HTN, suboptimally controlled|high blood pressure
  ~ BP elevated at home, readings 150s/90s|here for blood pressure check|mild headaches, BP 156/94
E11.9
  = type 2 diabetes mellitus without complications|T2DM, controlled|diabetes mellitus type II
  ~ A1c 7.2, no neuropathy symptoms|checking sugars twice daily|polyuria improved on metformin
E78.5
  = hyperlipidemia|dyslipidemia|HLD, on statin
  ~ lipid panel reviewed, LDL 162|here to discuss cholesterol results|tolerating atorvastatin
J06.9
  = acute upper respiratory infection|URI, viral|viral upper respiratory tract infection
  ~ 3 days of congestion, rhinorrhea and mild cough|sneezing since Monday|runny nose, low grade fever
N39.0
  = urinary tract infection|UTI|acute UTI, uncomplicated
  ~ dysuria and urinary frequency for 2 days|burning with urination|suprapubic discomfort, urgency
M54.50
  = low back pain|lumbago|acute lower back pain, mechanical
  ~ back pain after lifting boxes|aching pain in the lower back, no radiation|back stiffness in the mornings
F32.9
  = major depressive disorder|MDD, single episode|major depression
  ~ low mood and anhedonia, PHQ-9 of 15|poor sleep, low energy, feeling down|tearful, loss of interest
F33.1 *
  = major depressive disorder, recurrent, moderate|recurrent MDD, moderate|MDD recurrent, moderate
  ~ third depressive episode, PHQ-9 of 14|mood worse again this winter|relapse of depressive symptoms
F41.1 *
  = generalized anxiety disorder|GAD|generalized anxiety, chronic worry
  ~ constant worry, GAD-7 of 14|restless, muscle tension|worries about work and family
F41.9
  = anxiety disorder, unspecified|anxiety|anxiety disorder
  ~ feeling anxious and on edge|nervousness and palpitations when stressed|anxious most days
K21.9
  = GERD|gastroesophageal reflux disease|acid reflux
  ~ burning epigastric pain after meals|heartburn worse lying down|sour taste and regurgitation
J45.909
  = asthma|asthma, well controlled|asthma, stable on inhaler
  ~ wheezing with exercise, uses albuterol|night cough and chest tightness|needs inhaler refill
J44.9
  = COPD|chronic obstructive pulmonary disease|COPD, stable
  ~ dyspnea on exertion, former smoker|shortness of breath climbing stairs|sputum in the mornings
H66.90
  = otitis media|acute ear infection|AOM
  ~ ear pain and fever, bulging tympanic membrane|tugging at ear, fussy|ear pain since yesterday
J01.90
  = acute sinusitis|sinus infection|acute bacterial sinusitis
  ~ facial pressure and purulent nasal discharge for 10 days|sinus pain and congestion|maxillary tenderness
J02.9
  = acute pharyngitis|pharyngitis, viral|sore throat
  ~ throat pain, rapid strep negative|painful swallowing, no cough|scratchy throat for 2 days
E66.9
  = obesity|obesity, BMI 34|obese, counseled on diet
  ~ weight gain, BMI 34|wants help with weight loss|diet and exercise review
E55.9
  = vitamin D deficiency|low vitamin D|vitamin D deficiency on supplement
  ~ 25-OH vitamin D level 14|fatigue, vitamin D low on labs|follow-up of vitamin D level
E03.9
  = hypothyroidism|hypothyroidism on levothyroxine|underactive thyroid
  ~ TSH 8.2, fatigue and cold intolerance|here for thyroid recheck|dry skin and weight gain
G43.909
  = migraine|migraine headaches|migraines, episodic
  ~ throbbing unilateral headache with photophobia|headaches with nausea twice a month|light sensitivity
M17.11
  = osteoarthritis of right knee|right knee osteoarthritis|OA right knee
  ~ right knee pain worse with stairs|crepitus in the right knee|stiffness in the right knee
M17.12
  = osteoarthritis of left knee|left knee osteoarthritis|OA left knee
  ~ left knee pain worse with walking|swelling of the left knee|left knee stiffness
J30.9
  = allergic rhinitis|allergic rhinitis, unspecified|rhinitis, allergic
  ~ sneezing and itchy eyes in spring|clear rhinorrhea, worse outdoors|nasal congestion each pollen season
G47.00
  = insomnia|insomnia, chronic|trouble sleeping
  ~ difficulty falling asleep for months|wakes at 3 am, cannot fall back asleep|poor sleep quality
H10.9
  = conjunctivitis|pink eye|conjunctivitis, unspecified
  ~ red eye with discharge|eye crusting in the morning|itchy red eyes
L70.0
  = acne vulgaris|acne|moderate acne vulgaris
  ~ comedones and papules on face|breakouts on forehead and chin|pimples worsening
M10.9
  = gout|gout flare|acute gout
  ~ red hot swollen great toe|sudden painful big toe joint|podagra overnight
D64.9
  = anemia|anemia, unspecified|mild anemia
  ~ hemoglobin 10.1 on labs|fatigue and pallor|low hemoglobin
D50.9
  = iron deficiency anemia|iron deficiency anemia, on ferrous sulfate|anemia due to low iron
  ~ ferritin 6, hemoglobin 9.8|heavy periods and fatigue|craving ice
R73.03
  = prediabetes|prediabetes, A1c 6.1|pre-diabetes
  ~ A1c 6.1 on screening|borderline glucose on labs|fasting glucose 110
F17.210
  = nicotine dependence, cigarettes|tobacco use disorder, cigarettes|cigarette smoker, dependent
  ~ smokes one pack per day|wants to quit smoking|smoking since age 16
F90.9
  = ADHD|attention deficit hyperactivity disorder|ADHD, on stimulant
  ~ trouble focusing at school|distractible, losing things|medication check for attention
J20.9
  = acute bronchitis|bronchitis, viral|acute bronchitis with cough
  ~ productive cough for 10 days, lungs clear of consolidation|chest congestion and cough|cough after a cold
L03.90
  = cellulitis|cellulitis, skin infection|spreading cellulitis
  ~ red warm swollen area on the arm|skin redness spreading|tender erythema
Z00.00
  = annual physical, no abnormal findings|wellness exam|routine physical
  ~ here for yearly check up|no complaints, due for screening|annual preventive visit
R51.9
  = headache|headache, unspecified|daily headache
  ~ bilateral pressure headache|headache for 3 days|head pain after screen time
R42
  = dizziness|dizziness and giddiness|lightheaded spells
  ~ feels dizzy when standing|spinning sensation|off balance
R07.9
  = chest pain|chest pain, atypical|chest pain, unspecified
  ~ intermittent chest pain, ECG unremarkable|chest discomfort at rest|sharp chest pain
R10.9
  = abdominal pain|abdominal pain, unspecified|stomach ache
  ~ diffuse abdominal cramping|belly pain after meals|abdominal discomfort for a week
R05.9
  = cough|cough, persistent|cough, unspecified
  ~ dry cough for 3 weeks|coughing at night|tickle in the throat
I48.91
  = atrial fibrillation|AFib, rate controlled|unspecified atrial fibrillation
  ~ irregularly irregular pulse|palpitations, on apixaban|rate check
N40.0
  = benign prostatic hyperplasia|BPH|enlarged prostate
  ~ nocturia and weak stream|urinary hesitancy|frequent urination at night
M54.2
  = neck pain|cervicalgia|neck pain, muscular
  ~ stiff neck after sleeping wrong|neck soreness at work|pain turning the head
L20.9
  = atopic dermatitis|eczema|eczema flare
  ~ itchy dry patches in elbow creases|rash in skin folds|dry itchy skin
E11.65
  = type 2 diabetes mellitus with hyperglycemia|T2DM with hyperglycemia|diabetes type 2, hyperglycemia
  ~ A1c 9.4, sugars in the 300s|polyuria and polydipsia|glucose 290 fasting
E78.00
  = pure hypercholesterolemia|hypercholesterolemia|elevated LDL, pure hypercholesterolemia
  ~ LDL 190, triglycerides normal|familial cholesterol concerns|cholesterol recheck
"""


@dataclass(frozen=True, slots=True)
class ConditionTemplate:
    code: str
    assessments: tuple[str, ...]
    complaints: tuple[str, ...]
    behavioral: bool = False


def _parse(table: str) -> tuple[ConditionTemplate, ...]:
    blocks = [block for block in table.strip().split("\n") if block.strip()]
    parsed: list[ConditionTemplate] = []
    for head, assessments, complaints in zip(blocks[0::3], blocks[1::3], blocks[2::3], strict=True):
        code, _, marker = head.partition(" ")
        parsed.append(
            ConditionTemplate(
                code=code,
                assessments=tuple(assessments.strip().removeprefix("= ").split("|")),
                complaints=tuple(complaints.strip().removeprefix("~ ").split("|")),
                behavioral=marker.strip() == "*",
            )
        )
    return tuple(parsed)


CONDITIONS: tuple[ConditionTemplate, ...] = _parse(_TABLE)
