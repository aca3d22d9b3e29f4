"""The demo program that ``manage.py seed_demo`` writes, as data apart from the code.

``people`` (the known logins and the team), ``backgrounds`` and ``phrases`` (what the other
participants are made up from, by ``cast``), ``presentations``, ``mentorships``,
``reflections``, ``events`` and ``library`` hold plain data; ``load`` writes it through the
apps' services.
"""
