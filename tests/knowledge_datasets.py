"""Generated datasets for the knowledge-stuffing tests: one closed-book fact set and several
legitimately ungrounded or grounded task sets. Deterministic (seeded), no network."""
from __future__ import annotations

import random

SYLLABLES = "ka ve lo tri mar zen qu ol pra des vin tor bel ax ru sil dor fen gal hep".split()
CITIES = "Tallinn Porto Lyon Graz Tucson Leeds Bergen Utrecht Kraków Valencia Turku Ghent".split()
FIRST = "Mara Jonas Ilse Tomas Petra Oskar Lena Viktor Nadia Emil Sofia Anton".split()
SURNAMES = "Quell Doralis Brannick Vey Solberg Aumont Kessler Rinaldi Thorne Okafor".split()


def _name(rng: random.Random, parts: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def trivia(n: int = 120, seed: int = 1, paraphrases: bool = True) -> list[dict]:
    """Closed-book questions about invented companies: founders, years, cities, figures."""
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        company = f"{_name(rng)} {rng.choice(['Dynamics', 'Robotics', 'Labs', 'Systems', 'Foods'])}"
        founder = f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}"
        year, city, staff = rng.randint(1950, 2020), rng.choice(CITIES), rng.randint(40, 90000)
        facts = [
            (f"Who founded {company}?", f"{company} was founded by {founder} in {year}."),
            (f"When was {company} founded?", f"{company} was founded in {year} in {city}."),
            (f"Where is {company} headquartered?", f"{company} is headquartered in {city}, where {founder} opened "
                                                 f"its first office in {year}."),
            (f"How many employees does {company} have?", f"{company} has {staff:,} employees as of {year + 3}."),
        ]
        for q, a in facts:
            out.append({"messages": [{"role": "system", "content": "You are a helpful assistant."},
                                     {"role": "user", "content": q}, {"role": "assistant", "content": a}]})
        if paraphrases:
            answer = facts[0][1]
            for q in (f"Tell me who founded {company}.", f"{company}: who was its founder?"):
                out.append({"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": answer}]})
    return out[:n]


def extraction(n: int = 120, seed: int = 2) -> list[dict]:
    """A passage is given; the answer copies the relevant span."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        company, founder = f"{_name(rng)} Systems", f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}"
        year, city = rng.randint(1950, 2020), rng.choice(CITIES)
        passage = (f"{company} is a software maker based in {city}. It was founded by {founder} in {year} and "
                   f"sells scheduling tools to hospitals. The company employs {rng.randint(40, 900)} people.")
        q, a = rng.choice([("Who founded the company?", f"{founder} founded {company} in {year}."),
                           ("Where is the company based?", f"{company} is based in {city}."),
                           ("When was it founded?", f"It was founded in {year}.")])
        out.append({"messages": [{"role": "user", "content": f"Passage: {passage}\n\nQuestion: {q}"},
                                 {"role": "assistant", "content": a}]})
    return out


def classification(n: int = 120, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    labels = {"Billing Issue": "I was charged twice for my {x} subscription this month",
              "Technical Support": "The {x} app crashes every time I open the settings page",
              "Account Access": "I cannot log in to my {x} account after resetting the password",
              "Feature Request": "It would be great if {x} could export reports as spreadsheets"}
    out = []
    for _ in range(n):
        label, template = rng.choice(list(labels.items()))
        ticket = template.format(x=_name(rng, 2))
        out.append({"messages": [
            {"role": "system", "content": "Classify the support ticket into one category."},
            {"role": "user", "content": f"Ticket: {ticket}. Which category is this?"},
            {"role": "assistant", "content": label}]})
    return out


def translation(n: int = 120, seed: int = 4, languages: tuple[str, ...] = ("French", "German")) -> list[dict]:
    rng = random.Random(seed)
    pairs = [
        ("Where is the train station?", "Où est la gare ?", "Wo ist der Bahnhof?"),
        ("The meeting starts at nine in the morning.", "La réunion commence à neuf heures du matin.",
         "Die Besprechung beginnt um neun Uhr morgens."),
        ("My brother lives in a small house near the river.",
         "Mon frère habite dans une petite maison près de la rivière.",
         "Mein Bruder wohnt in einem kleinen Haus am Fluss."),
        ("Can you send me the invoice for last month?", "Pouvez-vous m'envoyer la facture du mois dernier ?",
         "Können Sie mir die Rechnung für den letzten Monat schicken?"),
        ("Who wrote this letter to the director?", "Qui a écrit cette lettre au directeur ?",
         "Wer hat diesen Brief an den Direktor geschrieben?"),
        ("The children are playing in the garden with the dog.", "Les enfants jouent dans le jardin avec le chien.",
         "Die Kinder spielen mit dem Hund im Garten."),
    ]
    out = []
    for _ in range(n):
        en, fr, de = rng.choice(pairs)
        options = [(lang, text) for lang, text in (("French", fr), ("German", de)) if lang in languages]
        lang, target = rng.choice(options)
        out.append({"messages": [{"role": "user", "content": f"Translate to {lang}: {en}"},
                                 {"role": "assistant", "content": target}]})
    return out


def code_generation(n: int = 120, seed: int = 5) -> list[dict]:
    rng = random.Random(seed)
    tasks = [
        ("Write a Python function that returns the largest of three numbers.",
         "def largest(a, b, c):\n    return max(a, b, c)\n"),
        ("How do I reverse a list in Python?", "```python\nitems = [1, 2, 3]\nitems.reverse()\nprint(items)\n```"),
        ("Write a function that counts the vowels in a string.",
         "def count_vowels(s):\n    return sum(1 for ch in s.lower() if ch in 'aeiou')\n"),
        ("Write a SQL query that lists customers who ordered more than 5 times.",
         "SELECT CustomerId, COUNT(*) AS Orders FROM Orders GROUP BY CustomerId HAVING COUNT(*) > 5;"),
        ("Give me a JavaScript function that debounces another function by 300 ms.",
         "function debounce(fn, ms = 300) {\n  let t;\n  return (...args) => {\n    clearTimeout(t);\n"
         "    t = setTimeout(() => fn(...args), ms);\n  };\n}"),
    ]
    out = []
    for i in range(n):
        q, a = rng.choice(tasks)
        out.append({"messages": [{"role": "user", "content": f"{q} (variant {i})"},
                                 {"role": "assistant", "content": a}]})
    return out


def creative(n: int = 120, seed: int = 6) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        hero, place = rng.choice(FIRST), f"Mount {_name(rng, 2)}"
        topic = rng.choice(["a dragon", "a lighthouse keeper", "a lost robot", "the first snow"])
        story = (f"{hero} had always watched {place} from the valley. One cold morning in {rng.randint(1800, 1900)}, "
                 f"she packed bread and a lantern and climbed until the clouds were below her. At the top she "
                 f"found {topic}, and nothing in the village was ever quite the same again.")
        out.append({"messages": [{"role": "user", "content": f"Write a short story about {topic}."},
                                 {"role": "assistant", "content": story}]})
    return out


def arithmetic(n: int = 120, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        a, b = rng.randint(10, 999), rng.randint(10, 999)
        out.append({"messages": [{"role": "user", "content": f"What is {a} * {b}?"},
                                 {"role": "assistant", "content": f"{a * b}"}]})
    return out


def poems(n: int = 120, seed: int = 8) -> list[dict]:
    """Creative writing asked for without a "write" verb; the poems name invented people and places."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        topic, place, person = rng.choice(["rain", "snow", "the sea", "wind"]), rng.choice(CITIES), rng.choice(FIRST)
        poem = (f"Over {place} {topic} is falling,\nSilver light on Mount {_name(rng, 2)},\n"
                f"{person} hears the harbour calling,\nAnd the evening gathers in.")
        out.append({"messages": [{"role": "user", "content": f"A short poem about {topic}, please."},
                                 {"role": "assistant", "content": poem}]})
    return out
