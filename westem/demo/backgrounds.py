"""Where the made-up demo people live and what they work in.

``COUNTRIES`` gives each country its weight in the demo, its time zone, its languages, first
names, surname initials, cities, universities, companies and schools; ``FIELDS`` gives each
field of expertise (keyed by ``ExpertiseArea`` slug) its jobs, research topics and related
fields. ``westem.demo.cast`` draws the people from them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    name: str
    timezone: str
    weight: int
    native: str  # the country's main language ("" where English is it)
    extra: tuple[str, ...]  # other languages people there plausibly speak
    names: tuple[str, ...]  # first names; "Name/xx" adds a heritage language xx
    initials: str  # initials of common surnames there
    cities: tuple[str, ...]
    universities: tuple[str, ...]
    companies: tuple[str, ...]
    schools: tuple[str, ...]


COUNTRIES: dict[str, Country] = {
    "SE": Country(
        "Sweden",
        "Europe/Stockholm",
        12,
        "sv",
        ("de", "fr", "es", "fi"),
        ("Astrid", "Elin", "Maja", "Linnea", "Ebba", "Amina/so", "Leyla/fa", "Johanna", "Nour/ar"),
        "LAJNBEKS",
        ("Stockholm", "Gothenburg", "Uppsala", "Lund", "Umeå"),
        (
            "KTH Royal Institute of Technology",
            "Chalmers University of Technology",
            "Uppsala University",
            "Lund University",
            "Linköping University",
            "Umeå University",
        ),
        (
            "RISE Research Institutes of Sweden",
            "Kvarn Software AB",
            "Lumen Medtech AB",
            "Fjällgren Energy",
            "Norrsken Robotics AB",
        ),
        ("Katedralskolan", "Norra Real", "Hvitfeldtska gymnasiet"),
    ),
    "FI": Country(
        "Finland",
        "Europe/Helsinki",
        6,
        "fi",
        ("sv", "de", "et"),
        ("Aino", "Emilia", "Helmi", "Noora", "Veera", "Iida", "Sanna"),
        "VKMLHN",
        ("Helsinki", "Espoo", "Tampere", "Oulu", "Turku"),
        (
            "Aalto University",
            "University of Helsinki",
            "Tampere University",
            "University of Oulu",
            "Åbo Akademi University",
        ),
        ("VTT Technical Research Centre of Finland", "Revontuli Games Oy", "Saimaa Bioworks Oy"),
        ("Helsingin Suomalainen Yhteiskoulu", "Tampereen lyseon lukio"),
    ),
    "NO": Country(
        "Norway",
        "Europe/Oslo",
        5,
        "no",
        ("sv", "da", "de"),
        ("Ingrid", "Nora", "Sigrid", "Thea", "Marte", "Silje", "Hiba/ar"),
        "HOLBJ",
        ("Oslo", "Bergen", "Trondheim", "Tromsø"),
        (
            "Norwegian University of Science and Technology (NTNU)",
            "University of Oslo",
            "University of Bergen",
            "UiT The Arctic University of Norway",
        ),
        ("SINTEF", "Fjordline Subsea AS", "Nordlys Analytics AS"),
        ("Oslo katedralskole", "Bergen katedralskole"),
    ),
    "DK": Country(
        "Denmark",
        "Europe/Copenhagen",
        4,
        "da",
        ("de", "sv", "no"),
        ("Freja", "Mette", "Signe", "Camilla", "Asta", "Yasmin/ar"),
        "NJHPM",
        ("Copenhagen", "Aarhus", "Odense", "Aalborg"),
        (
            "Technical University of Denmark (DTU)",
            "University of Copenhagen",
            "Aarhus University",
            "Aalborg University",
        ),
        ("Havvind Engineering ApS", "Kvist Pharma A/S", "Bølge Data ApS"),
        ("Aurehøj Gymnasium", "Aarhus Katedralskole"),
    ),
    "DE": Country(
        "Germany",
        "Europe/Berlin",
        7,
        "de",
        ("fr", "es", "pl"),
        ("Lena", "Katharina", "Miriam", "Friederike", "Ayşe/tr", "Elif/tr", "Sophie", "Lea"),
        "MSWKBFY",
        ("Berlin", "Munich", "Hamburg", "Aachen", "Dresden"),
        (
            "Technical University of Munich",
            "RWTH Aachen University",
            "Karlsruhe Institute of Technology",
            "TU Berlin",
            "Heidelberg University",
            "TU Dresden",
        ),
        (
            "Fraunhofer Institute for Solar Energy Systems",
            "Rheinwerk Automation GmbH",
            "Isar Robotics GmbH",
        ),
        ("Gymnasium am Rotherbaum", "Humboldt-Gymnasium"),
    ),
    "NL": Country(
        "the Netherlands",
        "Europe/Amsterdam",
        5,
        "nl",
        ("de", "fr"),
        ("Sanne", "Fleur", "Lotte", "Femke", "Naima/ar", "Iris", "Mei/zh"),
        "DBVJM",
        ("Amsterdam", "Delft", "Eindhoven", "Utrecht", "Groningen"),
        (
            "Delft University of Technology",
            "Eindhoven University of Technology",
            "University of Twente",
            "Utrecht University",
            "Leiden University",
        ),
        ("TNO", "Polder Photonics B.V.", "Deltawerk Water Engineering"),
        ("Stedelijk Gymnasium Leiden", "Het Amsterdams Lyceum"),
    ),
    "ES": Country(
        "Spain",
        "Europe/Madrid",
        6,
        "es",
        ("ca", "fr", "pt"),
        ("Lucía", "Carmen", "Marta", "Nerea", "Ainhoa", "Claudia", "Montserrat/ca"),
        "GFMRSL",
        ("Madrid", "Barcelona", "Valencia", "Granada", "Bilbao"),
        (
            "Universidad Politécnica de Madrid",
            "Universitat Politècnica de Catalunya",
            "Universidad de Granada",
            "Universitat de València",
            "Universidad Carlos III de Madrid",
        ),
        ("Barcelona Supercomputing Center", "Solaria Sur Ingeniería", "Cierzo Wind Systems"),
        ("IES Ramiro de Maeztu", "Institut Jaume Balmes"),
    ),
    "PT": Country(
        "Portugal",
        "Europe/Lisbon",
        4,
        "pt",
        ("es", "fr"),
        ("Inês", "Beatriz", "Mariana", "Joana", "Catarina", "Rita"),
        "SFPCAM",
        ("Lisbon", "Porto", "Coimbra", "Braga"),
        (
            "Instituto Superior Técnico",
            "University of Porto",
            "University of Coimbra",
            "University of Minho",
        ),
        ("INESC TEC", "Atlântico Data Labs", "Tejo Biotech"),
        ("Escola Secundária Camões", "Escola Secundária Garcia de Orta"),
    ),
    "IT": Country(
        "Italy",
        "Europe/Rome",
        6,
        "it",
        ("fr", "de", "es"),
        ("Giulia", "Chiara", "Francesca", "Alessia", "Martina", "Federica", "Elena"),
        "RBCEFG",
        ("Milan", "Turin", "Bologna", "Rome", "Padua"),
        (
            "Politecnico di Milano",
            "Politecnico di Torino",
            "University of Bologna",
            "Sapienza University of Rome",
            "University of Padua",
        ),
        ("INFN", "Lagunare Aerospace", "Appennino Materials S.r.l."),
        ("Liceo Scientifico Galileo Galilei", "Liceo Scientifico Leonardo da Vinci"),
    ),
    "GR": Country(
        "Greece",
        "Europe/Athens",
        4,
        "el",
        ("fr", "de"),
        ("Eleni", "Katerina", "Despina", "Ioanna", "Georgia", "Athina"),
        "PKGDA",
        ("Athens", "Thessaloniki", "Patras", "Heraklion"),
        (
            "National Technical University of Athens",
            "Aristotle University of Thessaloniki",
            "University of Crete",
            "University of Patras",
        ),
        ("NCSR Demokritos", "Aegean Marine Systems", "Olympus Data Analytics"),
        ("Varvakeio Model School", "2nd General Lyceum of Thessaloniki"),
    ),
    "PL": Country(
        "Poland",
        "Europe/Warsaw",
        5,
        "pl",
        ("de", "uk"),
        ("Zofia", "Agnieszka", "Katarzyna", "Magdalena", "Natalia", "Olena/uk", "Aleksandra"),
        "NKWLZ",
        ("Warsaw", "Kraków", "Gdańsk", "Wrocław", "Poznań"),
        (
            "Warsaw University of Technology",
            "AGH University of Krakow",
            "Jagiellonian University",
            "Gdańsk University of Technology",
            "Wrocław University of Science and Technology",
        ),
        ("Wisła Semiconductors", "Tatra Robotics sp. z o.o.", "Bałtyk Cloud Systems"),
        ("XIV Liceum Ogólnokształcące im. Stanisława Staszica", "V Liceum Ogólnokształcące"),
    ),
    "IE": Country(
        "Ireland",
        "Europe/Dublin",
        4,
        "",
        ("ga", "fr", "es"),
        ("Aoife", "Siobhán", "Niamh", "Ciara", "Róisín", "Saoirse", "Priya/hi"),
        "MOKBR",
        ("Dublin", "Cork", "Galway", "Limerick"),
        (
            "Trinity College Dublin",
            "University College Dublin",
            "University of Galway",
            "University College Cork",
        ),
        ("Tyndall National Institute", "Liffey Medical Devices", "Shannon Cloud Systems"),
        ("Loreto College", "Coláiste Íde"),
    ),
    "FR": Country(
        "France",
        "Europe/Paris",
        6,
        "fr",
        ("es", "de", "it"),
        ("Camille", "Léa", "Manon", "Chloé", "Inès", "Yasmine/ar", "Fatou", "Margaux"),
        "MBDLRG",
        ("Paris", "Lyon", "Grenoble", "Toulouse", "Strasbourg"),
        (
            "Sorbonne University",
            "Université Paris-Saclay",
            "École Polytechnique",
            "Université Grenoble Alpes",
            "INSA Lyon",
        ),
        ("Inria", "Garonne Aéro", "Lumière Quantum SAS"),
        ("Lycée Henri-IV", "Lycée du Parc"),
    ),
    "EE": Country(
        "Estonia",
        "Europe/Tallinn",
        3,
        "et",
        ("fi", "de"),
        ("Kadri", "Liis", "Triin", "Maarja", "Kertu", "Anastassia/ru"),
        "TKSMP",
        ("Tallinn", "Tartu"),
        ("Tallinn University of Technology (TalTech)", "University of Tartu"),
        ("Vaba Code OÜ", "Läänemere Labs"),
        ("Tallinna Reaalkool", "Hugo Treffneri Gümnaasium"),
    ),
    "RO": Country(
        "Romania",
        "Europe/Bucharest",
        4,
        "ro",
        ("fr", "it", "hu"),
        ("Ioana", "Andreea", "Alexandra", "Bianca", "Mihaela", "Réka/hu"),
        "PISCDM",
        ("Bucharest", "Cluj-Napoca", "Iași", "Timișoara"),
        (
            "Politehnica University of Bucharest",
            "Babeș-Bolyai University",
            "Technical University of Cluj-Napoca",
            "Alexandru Ioan Cuza University",
        ),
        ("Carpathia Software", "Dunărea Bioengineering"),
        ("Colegiul Național Sfântul Sava", "Colegiul Național Emil Racoviță"),
    ),
}


@dataclass(frozen=True)
class Field:
    subject: str  # "a master's in …", "years in …"
    jobs: tuple[str, ...]  # jobs outside academia
    academic: tuple[str, ...]  # jobs in a university
    research: tuple[str, ...]  # what a thesis or a project is about
    related: tuple[str, ...]  # slugs that go well with this one


FIELDS: dict[str, Field] = {
    "natural-sciences": Field(
        "natural sciences",
        ("laboratory manager", "science communicator", "research engineer"),
        ("researcher in natural sciences", "senior lecturer in science education"),
        ("how microplastics move through lakes", "soil chemistry in boreal forests"),
        ("physics", "chemistry", "biology", "environmental-science"),
    ),
    "technology": Field(
        "technology",
        ("product manager", "technology consultant", "innovation lead"),
        ("researcher in human–computer interaction",),
        ("how people use smart-home devices", "accessible design for older users"),
        ("computer-science", "electrical-engineering", "mechanical-engineering"),
    ),
    "mathematics": Field(
        "mathematics",
        ("quantitative analyst", "cryptographer", "operations research analyst"),
        ("associate professor of mathematics", "senior lecturer in mathematics"),
        ("graph theory", "numerical methods for fluid flow"),
        ("statistics", "data-science-ai", "physics"),
    ),
    "mechanical-engineering": Field(
        "mechanical engineering",
        ("design engineer", "mechanical engineer", "test engineer for electric vehicles"),
        ("associate professor of mechanical engineering",),
        ("fatigue in 3D-printed metal parts", "lightweight structures for drones"),
        ("energy", "technology", "civil-engineering"),
    ),
    "computer-science": Field(
        "computer science",
        ("software engineer", "backend developer", "security specialist", "engineering manager"),
        ("associate professor of computer science", "researcher in distributed systems"),
        ("program verification", "privacy in mobile apps"),
        ("data-science-ai", "technology", "mathematics"),
    ),
    "physics": Field(
        "physics",
        ("optical engineer", "medical physicist", "research physicist"),
        ("researcher in quantum optics", "astrophysicist"),
        ("quantum sensors", "exoplanet atmospheres"),
        ("mathematics", "energy", "electrical-engineering"),
    ),
    "chemistry": Field(
        "chemistry",
        ("analytical chemist", "process chemist", "quality control lead"),
        ("associate professor of chemistry", "researcher in organic chemistry"),
        ("greener catalysts", "new electrolytes for batteries"),
        ("chemical-engineering", "natural-sciences", "biology"),
    ),
    "biology": Field(
        "biology",
        ("bioinformatician", "molecular biologist", "lab team lead"),
        ("research group leader in cell biology", "marine biologist"),
        ("gut bacteria and antibiotic resistance", "how coral reefs recover"),
        ("medicine-health", "data-science-ai", "environmental-science"),
    ),
    "medicine-health": Field(
        "biomedical engineering",
        ("biomedical engineer", "clinical research associate", "medical device specialist"),
        ("researcher in biomedical imaging",),
        ("faster MRI image reconstruction", "wearable sensors for heart monitoring"),
        ("biology", "electrical-engineering", "data-science-ai"),
    ),
    "electrical-engineering": Field(
        "electrical engineering",
        ("electronics engineer", "hardware design engineer", "power systems engineer"),
        ("associate professor of electrical engineering",),
        ("low-power chip design", "grid stability with a lot of solar power"),
        ("energy", "technology", "physics"),
    ),
    "civil-engineering": Field(
        "civil engineering",
        ("structural engineer", "architect", "urban planner", "bridge engineer"),
        ("researcher in sustainable construction",),
        ("tall timber buildings", "flood-resilient cities"),
        ("environmental-science", "energy", "mechanical-engineering"),
    ),
    "chemical-engineering": Field(
        "materials science",
        ("process engineer", "materials engineer", "battery cell engineer"),
        ("researcher in materials science",),
        ("recycling lithium-ion batteries", "biodegradable packaging"),
        ("chemistry", "energy", "mechanical-engineering"),
    ),
    "environmental-science": Field(
        "environmental science",
        ("environmental consultant", "hydrologist", "climate data analyst"),
        ("climate scientist", "researcher in geology"),
        ("glacier melt in the Alps", "drought and groundwater"),
        ("energy", "natural-sciences", "civil-engineering"),
    ),
    "data-science-ai": Field(
        "data science and AI",
        ("data scientist", "machine learning engineer", "AI product lead"),
        ("AI researcher", "researcher in language technology"),
        ("fairness in machine learning", "speech recognition for small languages"),
        ("computer-science", "statistics", "mathematics"),
    ),
    "energy": Field(
        "energy engineering",
        ("energy systems engineer", "sustainability manager", "wind power analyst"),
        ("researcher in energy systems",),
        ("offshore wind forecasting", "heat pumps in old buildings"),
        ("environmental-science", "electrical-engineering", "chemical-engineering"),
    ),
    "statistics": Field(
        "statistics",
        ("statistician", "biostatistician", "data analyst"),
        ("associate professor of statistics",),
        ("clinical trial design", "small-area estimation"),
        ("mathematics", "data-science-ai", "medicine-health"),
    ),
}
