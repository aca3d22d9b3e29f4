"""The landing page names the four phases of the mentoring cycle, in the visitor's language,
in their order, each with what it is about (the manual's "The four phases at a glance")."""

import html
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def phases(response) -> list[str]:
    """The phase tiles as a reader sees them: "1 Preparation — Self-reflection, …"."""
    block = response.content.decode().split('class="cycle-phases"')[1].split("</ol>")[0]
    tiles = re.findall(r"<li>(.*?)</li>", block, re.S)
    words = [" ".join(re.sub(r"<[^>]+>", " ", html.unescape(tile)).split()) for tile in tiles]
    return words


def test_the_home_page_names_the_four_phases(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "The four phases of the mentoring cycle" in response.text
    assert phases(response) == [
        "1 Preparation Self-reflection, building rapport, setting boundaries, establishing trust",
        "2 Negotiation Setting expectations, agreeing a timeline, setting success criteria",
        "3 Enabling Working to achieve the goals, measuring progress",
        "4 Closure Evaluating success, capturing lessons learned, focusing on what happens next",
    ]
    assert "Flash mentoring skips phase 3" in response.text
    assert f'href="{reverse("manual")}#phases"' in response.text


def test_the_home_page_names_the_phases_in_swedish(client):
    response = client.get(reverse("home"), headers={"accept-language": "sv"})

    assert "Mentorskapscykelns fyra faser" in response.text
    assert phases(response) == [
        "1 Förberedelse Självreflektion, bygga relation, sätta gränser, skapa förtroende",
        "2 Förhandling Klargöra förväntningar, komma överens om tidslinjen, sätta "
        "framgångskriterier",
        "3 Möjliggörande Arbeta för att nå målen, mäta framsteg",
        "4 Avslut Utvärdera framgången, ta vara på lärdomarna, fokusera på vad som händer härnäst",
    ]
    assert "Flashmentorskap hoppar över fas 3" in response.text
