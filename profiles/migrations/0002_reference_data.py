"""Reference data every installation needs: the staff and reporter groups, the list of fields
of expertise (SPEC §4) and the languages people can be mentored in. Staff edit both lists in
the admin afterwards."""

from django.db import migrations

EXPERTISE = [
    ("natural-sciences", "Natural sciences", "Naturvetenskap"),
    ("technology", "Technology", "Teknik"),
    ("mathematics", "Mathematics", "Matematik"),
    ("mechanical-engineering", "Mechanical engineering", "Maskinteknik"),
    ("computer-science", "Computer science", "Datavetenskap"),
    ("physics", "Physics", "Fysik"),
    ("chemistry", "Chemistry", "Kemi"),
    ("biology", "Biology and life sciences", "Biologi och livsvetenskap"),
    ("medicine-health", "Medicine and health sciences", "Medicin och hälsovetenskap"),
    ("electrical-engineering", "Electrical and electronic engineering", "Elektroteknik och elektronik"),
    ("civil-engineering", "Civil engineering and architecture", "Samhällsbyggnad och arkitektur"),
    ("chemical-engineering", "Chemical engineering and materials", "Kemiteknik och material"),
    ("environmental-science", "Environmental and earth sciences", "Miljö- och geovetenskap"),
    ("data-science-ai", "Data science and artificial intelligence", "Datavetenskaplig analys och AI"),
    ("energy", "Energy and sustainability", "Energi och hållbarhet"),
    ("statistics", "Statistics", "Statistik"),
]

LANGUAGES = [
    ("ar", "Arabic", "Arabiska"), ("bg", "Bulgarian", "Bulgariska"), ("ca", "Catalan", "Katalanska"),
    ("cs", "Czech", "Tjeckiska"), ("da", "Danish", "Danska"), ("de", "German", "Tyska"),
    ("el", "Greek", "Grekiska"), ("en", "English", "Engelska"), ("es", "Spanish", "Spanska"),
    ("et", "Estonian", "Estniska"), ("fa", "Persian", "Persiska"), ("fi", "Finnish", "Finska"),
    ("fr", "French", "Franska"), ("ga", "Irish", "Iriska"), ("hi", "Hindi", "Hindi"),
    ("hr", "Croatian", "Kroatiska"), ("hu", "Hungarian", "Ungerska"), ("is", "Icelandic", "Isländska"),
    ("it", "Italian", "Italienska"), ("lt", "Lithuanian", "Litauiska"), ("lv", "Latvian", "Lettiska"),
    ("mt", "Maltese", "Maltesiska"), ("nl", "Dutch", "Nederländska"), ("no", "Norwegian", "Norska"),
    ("pl", "Polish", "Polska"), ("pt", "Portuguese", "Portugisiska"), ("ro", "Romanian", "Rumänska"),
    ("ru", "Russian", "Ryska"), ("sk", "Slovak", "Slovakiska"), ("sl", "Slovenian", "Slovenska"),
    ("so", "Somali", "Somaliska"), ("sr", "Serbian", "Serbiska"), ("sv", "Swedish", "Svenska"),
    ("tr", "Turkish", "Turkiska"), ("uk", "Ukrainian", "Ukrainska"), ("zh", "Chinese", "Kinesiska"),
]

STAFF_GROUP = "Program staff"
REPORTER_GROUP = "Reporters"
# Staff run the program in the admin: they manage these models of this app.
STAFF_PERMISSIONS = {
    "profiles": {
        "user": ["view", "change"],
        "profile": ["view", "change"],
        "expertisearea": ["view", "add", "change", "delete"],
        "spokenlanguage": ["view", "add", "change", "delete"],
        "codeofconduct": ["view", "add", "change"],
        "codeofconductacceptance": ["view"],
    },
}


def create_reference_data(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    Group.objects.get_or_create(name=REPORTER_GROUP)
    for app_label, models in STAFF_PERMISSIONS.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            staff.permissions.add(*Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames,
            ))

    ExpertiseArea = apps.get_model("profiles", "ExpertiseArea")
    for position, (slug, name_en, name_sv) in enumerate(EXPERTISE):
        ExpertiseArea.objects.get_or_create(
            slug=slug, defaults={"name_en": name_en, "name_sv": name_sv, "position": position},
        )
    SpokenLanguage = apps.get_model("profiles", "SpokenLanguage")
    for code, name_en, name_sv in LANGUAGES:
        SpokenLanguage.objects.get_or_create(
            code=code, defaults={"name_en": name_en, "name_sv": name_sv},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_reference_data, migrations.RunPython.noop)]
