"""Function words: English stopwords (removed before measuring answer grounding) and, per
language, a few frequent words that mark text as written in that language.

The marker lists hold words that are frequent in their language and rare as words of
the others, so that counting hits tells English from German, French, Spanish, Italian,
Portuguese and Dutch well enough to notice an answer in another language than its prompt.
"""
from __future__ import annotations

ENGLISH = frozenset("""
a about above after again against all also am an and any are aren as at be because been before being below
between both but by can cannot could couldn d did didn do does doesn doing don down during each else etc even
ever every few for from further get gets got had hadn has hasn have haven having he her here hers herself him
himself his how however i if in into is isn it its itself just let ll m may me might more most much must mustn
my myself need no nor not now o of off often on once one only or other ought our ours ourselves out over own
per please re really s same shall shan she should shouldn so some such t than that the their theirs them
themselves then there these they this those through thus to too under until up upon us ve very via was wasn
we well were weren what when where whereas whether which while who whom whose why will with within without won
would wouldn yes yet you your yours yourself yourselves
""".split())

# Task and dialogue words that carry no fact of their own.
FILLER = frozenset("""
answer answers question questions example examples sure certainly okay ok thanks thank hello hi yes no
following given text sentence passage based according mentioned say says said tell told know like think
""".split())

LANGUAGE_MARKERS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of is are was were this that with from have has which what who would there their "
                    "my a an to at on it be you your we they near for not".split()),
    "de": frozenset("der die das und ist nicht ein eine mit auf für den dem des sich auch ich sie wir es zu "
                    "mein dein sein um am im vom zum zur bei nach aus wer wie wo oder aber noch nur haben hat "
                    "wird sind war einem einen einer kein können".split()),
    "fr": frozenset("le la les et est une des du dans pour pas que qui sur au aux avec ce cette sont je nous vous "
                    "un il elle ils mon ma mes ton son sa ses où très mais à".split()),
    "es": frozenset("el los las y es una del por para con que se su al lo como más pero sus está son "
                    "un yo mi mis dónde qué quién muy hay".split()),
    "it": frozenset("il lo gli e è una della di che per non con sono nel alla dei questo come anche "
                    "un io mio mia dove chi molto ma".split()),
    "pt": frozenset("o os as e é uma do da dos das em para com não que se no na ao pelo mais "
                    "um eu meu minha onde quem muito mas".split()),
    "nl": frozenset("de het een en is van niet op te dat die zijn met voor ook er aan wordt "
                    "mijn ik wij waar wie heel maar".split()),
}
