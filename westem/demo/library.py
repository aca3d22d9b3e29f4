"""The demo's resource library: the program's own short texts, in English and Swedish, and
well-known public resources on women in STEM. The program's documents (the agreement
template and the code of conduct) come from ``westem.documents``, not from here.
"""

from dataclasses import dataclass

# Texts the program wrote itself, kept in the library as plain-text files.
TIPS_FOR_MENTORS = """\
Tips for your first sessions as a mentor

1. Let your mentee lead. She sets the agenda; you ask the questions that help her think.
2. Listen more than you talk. A good session often ends with her doing most of the talking.
3. Share your own path, detours included. Stories of what went wrong help more than advice.
4. Agree on practicalities early: how often you meet, how long, and how you keep in touch.
5. Write down her goals in her own words, and come back to them every few sessions.
6. Give feedback that is specific and kind: what worked, and one thing to try next time.
7. Say when you do not know. Finding the answer together is part of mentoring.
8. Respect confidentiality and the boundaries you agreed on.
9. End each session with one small step for her, and one for you.
10. Take care of yourself too: the program staff are there if anything feels difficult.
"""
TIPS_FOR_MENTORS_SV = """\
Tips för dig som är mentor

1. Låt adepten leda. Hon sätter agendan; du ställer frågorna som hjälper henne att tänka.
2. Lyssna mer än du pratar. Ett bra samtal slutar ofta med att hon har pratat mest.
3. Berätta om din egen väg, omvägarna också. Det som gick fel hjälper ofta mer än råd.
4. Kom överens om det praktiska tidigt: hur ofta ni ses, hur länge och hur ni håller kontakten.
5. Skriv ner hennes mål med hennes egna ord och återkom till dem med jämna mellanrum.
6. Ge återkoppling som är konkret och vänlig: vad som fungerade, och en sak att pröva nästa gång.
7. Säg det när du inte vet. Att leta svaret tillsammans är en del av mentorskapet.
8. Respektera sekretessen och de gränser ni har kommit överens om.
9. Avsluta varje möte med ett litet nästa steg för henne, och ett för dig.
10. Ta hand om dig själv också: programmets personal finns där om något känns svårt.
"""
SESSION_QUESTIONS = """\
Questions to talk about in your sessions

Getting to know each other
- What made you choose STEM, and who encouraged you?
- What does a good week at work or at university look like for you?
- What would you like to be able to do in a year that you cannot do today?

Goals and progress
- Which of your goals feels most important right now, and why?
- What has helped you most since our last session? What got in the way?
- How will we know that a goal has been reached?

Being a woman in STEM
- Have you been treated differently because of your gender? How did you respond?
- Who are your role models, and what do you admire in them?
- Where do you feel most at home in your field, and where least?

Looking ahead
- Which choices are coming up for you: courses, jobs, projects?
- What would you do if you knew you could not fail?
- What do you want to take with you from this mentoring?
"""
MENTORING_SELF_TEST = """\
What do I want from mentoring? A self-test

Rate each statement from 1 (not at all) to 5 (very much). There are no right answers: the
aim is to know what to ask your mentor for.

 1. I would like help choosing between study or career paths.
 2. I want to understand what the daily work in my field is like.
 3. I want to become more confident speaking up in meetings or classes.
 4. I would like feedback on my CV, applications or interviews.
 5. I want to build a network of people in my field.
 6. I sometimes feel I do not belong in STEM.
 7. I want to learn how to handle bias or unfair treatment.
 8. I would like someone to hold me to my plans.

Mostly 4s and 5s on 1, 2 and 4: your mentoring is about choices and first steps: bring
concrete decisions to your sessions.
Mostly 4s and 5s on 3, 6 and 7: confidence and belonging come first: agree with your mentor
on small experiments to try between sessions.
Mostly 4s and 5s on 5 and 8: ask your mentor to introduce you to people and to follow up on
your plans at each meeting.
"""
CONFIDENCE_HABITS = """\
Feeling secure in your STEM role: ten small habits

1. Keep a list of what you have solved, learned and been thanked for. Read it before hard days.
2. Ask your question in the meeting, not afterwards: others are often wondering the same.
3. Prepare one point you want to make before each meeting.
4. When you are praised, say thank you, without explaining it away.
5. Find one person at work or university you can think aloud with.
6. Notice the difference between "I do not know this yet" and "I am not good at this".
7. Volunteer for one task a term that stretches you a little.
8. Share your work before it is perfect, and ask for specific feedback.
9. Say no to one task that does not help your goals.
10. Talk with your mentor about a moment you felt out of place, and what you would do next time.
"""
CONFIDENCE_HABITS_SV = """\
Känn dig trygg i din roll inom STEM

1. För en lista över det du har löst, lärt dig och fått tack för. Läs den inför tuffa dagar.
2. Ställ din fråga på mötet, inte efteråt: andra undrar ofta samma sak.
3. Förbered en sak du vill säga inför varje möte.
4. När du får beröm, säg tack, utan att förklara bort det.
5. Hitta en person på jobbet eller universitetet som du kan tänka högt med.
6. Lägg märke till skillnaden mellan "det kan jag inte än" och "det är jag dålig på".
7. Ta på dig en uppgift varje termin som utmanar dig lite.
8. Visa ditt arbete innan det är perfekt och be om konkret återkoppling.
9. Säg nej till en uppgift som inte hjälper dig mot dina mål.
10. Prata med din mentor om ett tillfälle då du kände dig malplacerad, och vad du gör nästa gång.
"""


@dataclass(frozen=True)
class LibraryEntry:
    title: str
    summary: str
    category: str
    kind: str
    language: str
    phases: tuple[int, ...]
    url: str = ""
    text: str = ""  # a file the program wrote (then no url)
    audience: str = "both"
    featured: bool = False


# Well-known public resources on women in STEM (titles and summaries written by the program),
# and the program's own short texts. Links are organisations' home pages or long-standing
# pages of theirs.
DEMO_LIBRARY = (
    # Tips for mentors
    LibraryEntry(
        "Tips for your first sessions as a mentor",
        "Ten practical tips from the program: let your mentee lead, listen more than you talk, "
        "share your own path and agree on the practicalities early.",
        "mentor_tips",
        "file",
        "en",
        (1, 2),
        text=TIPS_FOR_MENTORS,
        audience="mentor",
    ),
    LibraryEntry(
        "Tips för dig som är mentor",
        "Tio praktiska råd från programmet: låt adepten leda, lyssna mer än du pratar och kom "
        "överens om det praktiska tidigt.",
        "mentor_tips",
        "file",
        "sv",
        (1, 2, 3),
        text=TIPS_FOR_MENTORS_SV,
        audience="mentor",
    ),
    # Mentoring skills
    LibraryEntry(
        "European Mentoring and Coaching Council",
        "The professional body for mentoring and coaching in Europe: its competence framework "
        "and code of ethics describe what good mentoring looks like.",
        "mentoring_skills",
        "link",
        "en",
        (1, 3),
        url="https://www.emccglobal.org/",
        audience="mentor",
    ),
    # Self-tests
    LibraryEntry(
        "What do I want from mentoring? A self-test",
        "Eight statements to rate before your first meeting, and what your answers suggest "
        "asking your mentor for.",
        "self_tests",
        "self_test",
        "en",
        (1,),
        text=MENTORING_SELF_TEST,
        audience="mentee",
    ),
    LibraryEntry(
        "Project Implicit: the gender–science test",
        "Harvard's implicit association tests measure associations we are not aware of; the "
        "gender–science test shows how readily we link science with men. A good start for a "
        "talk about bias.",
        "self_tests",
        "self_test",
        "en",
        (1, 3),
        url="https://implicit.harvard.edu/implicit/",
    ),
    # Topics to discuss
    LibraryEntry(
        "Questions to talk about in your sessions",
        "Questions for getting to know each other, following up goals, being a woman in STEM "
        "and looking ahead, gathered by the program.",
        "topics",
        "file",
        "en",
        (1, 2, 3),
        text=SESSION_QUESTIONS,
        featured=True,
    ),
    LibraryEntry(
        "Catalyst: research on women at work",
        "A non-profit that studies workplaces and women's careers; its short research "
        "summaries make good starting points for a session about work culture.",
        "topics",
        "article",
        "en",
        (3,),
        url="https://www.catalyst.org/",
    ),
    # Toolkits
    LibraryEntry(
        "GEAR: gender equality in academia and research",
        "The European Institute for Gender Equality's step-by-step toolkit for gender "
        "equality plans in universities and research organisations.",
        "toolkits",
        "toolkit",
        "en",
        (3,),
        url="https://eige.europa.eu/gender-mainstreaming/toolkits/gear",
    ),
    LibraryEntry(
        "Scientix: the community for science education in Europe",
        "Teaching materials, projects and online courses for STEM teachers, in many European "
        "languages: ideas for mentors who teach or visit schools.",
        "toolkits",
        "toolkit",
        "en",
        (3,),
        url="https://www.scientix.eu/",
        audience="mentor",
    ),
    # Gender pay gap and equality
    LibraryEntry(
        "She Figures: women in European research and innovation",
        "The European Commission's statistics, published every three years, on women and men "
        "from doctoral studies to research careers and leadership.",
        "equality",
        "article",
        "en",
        (1, 3),
        url="https://projects.research-and-innovation.ec.europa.eu/en/"
        "knowledge-publications-tools-and-data/interactive-reports/she-figures-2021",
        featured=True,
    ),
    LibraryEntry(
        "Gender Equality Index",
        "EIGE's index compares gender equality in work, money, knowledge, time, power and "
        "health across the EU countries, year by year.",
        "equality",
        "article",
        "en",
        (3,),
        url="https://eige.europa.eu/gender-equality-index",
    ),
    LibraryEntry(
        "Global Gender Gap Report",
        "The World Economic Forum's yearly report on the gaps between women and men in work, "
        "education, health and politics, country by country.",
        "equality",
        "article",
        "en",
        (3,),
        url="https://www.weforum.org/publications/series/global-gender-gap-report/",
    ),
    LibraryEntry(
        "Jämställdhetsmyndigheten",
        "Myndigheten som samordnar Sveriges jämställdhetspolitik: fakta om löner, utbildning "
        "och arbetsliv för kvinnor och män.",
        "equality",
        "article",
        "sv",
        (3,),
        url="https://jamstalldhetsmyndigheten.se/",
    ),
    LibraryEntry(
        "Sveriges Ingenjörer",
        "Ingenjörernas fackförbund: lönestatistik och råd inför lönesamtalet, bra att läsa "
        "tillsammans med din mentor.",
        "equality",
        "article",
        "sv",
        (3, 4),
        url="https://www.sverigesingenjorer.se/",
        audience="mentee",
    ),
    # Overcoming barriers
    LibraryEntry(
        "International Day of Women and Girls in Science",
        "Every 11 February the United Nations marks the day for full and equal access to "
        "science for women and girls; the page gathers facts and events.",
        "barriers",
        "article",
        "en",
        (1,),
        url="https://www.un.org/en/observances/women-and-girls-in-science-day",
    ),
    LibraryEntry(
        "Tekniksprånget",
        "Fyra månaders betald praktik som ingenjör efter gymnasiet, hos arbetsgivare i hela "
        "Sverige; hälften av praktikanterna är unga kvinnor.",
        "barriers",
        "link",
        "sv",
        (1, 3),
        url="https://teknikspranget.se/",
        audience="mentee",
    ),
    LibraryEntry(
        "Nationella sekretariatet för genusforskning",
        "Forskning om genus och jämställdhet i högskola och arbetsliv, sammanfattad för alla "
        "som vill förstå varför hindren finns.",
        "barriers",
        "article",
        "sv",
        (3,),
        url="https://www.genus.se/",
    ),
    # Feeling secure in your STEM role
    LibraryEntry(
        "Feeling secure in your STEM role: ten small habits",
        "Small things to try between sessions: keep a list of what you have solved, ask your "
        "question in the meeting, and accept praise without explaining it away.",
        "confidence",
        "file",
        "en",
        (3, 4),
        text=CONFIDENCE_HABITS,
        audience="mentee",
    ),
    LibraryEntry(
        "Känn dig trygg i din roll inom STEM",
        "Tio små vanor att pröva mellan mötena, från programmet: för en lista över det du har "
        "klarat och ställ din fråga på mötet.",
        "confidence",
        "file",
        "sv",
        (3, 4),
        text=CONFIDENCE_HABITS_SV,
        audience="mentee",
    ),
    # Inspiring and historical women in STEM
    LibraryEntry(
        "Ada Lovelace Day",
        "A yearly celebration, every second Tuesday of October, of women in science, "
        "technology, engineering and maths, with stories and events around the world.",
        "inspiring_women",
        "link",
        "en",
        (1, 4),
        url="https://findingada.com/",
        featured=True,
    ),
    LibraryEntry(
        "Hidden figures at NASA",
        "NASA tells the story of Katherine Johnson, Dorothy Vaughan and Mary Jackson, whose "
        "mathematics sent astronauts into space; search its site for their names.",
        "inspiring_women",
        "video",
        "en",
        (1,),
        url="https://www.nasa.gov/",
    ),
    LibraryEntry(
        "Women who changed science",
        "The Nobel Prize's stories and films about laureates such as Marie Curie, Barbara "
        "McClintock, May-Britt Moser and Donna Strickland.",
        "inspiring_women",
        "video",
        "en",
        (1, 4),
        url="https://www.nobelprize.org/",
    ),
    LibraryEntry(
        "For Women in Science",
        "The L'Oréal–UNESCO programme has honoured women researchers since 1998; its portraits "
        "of prize-winners and young talents make inspiring reading.",
        "inspiring_women",
        "article",
        "en",
        (1,),
        url="https://www.forwomeninscience.com/",
    ),
    # For universities
    LibraryEntry(
        "Athena Swan Charter",
        "Advance HE's charter helps universities and research institutes to support and "
        "advance gender equality, with awards for what they achieve.",
        "universities",
        "toolkit",
        "en",
        (3,),
        url="https://www.advance-he.ac.uk/equality-charters/athena-swan-charter",
        audience="mentor",
    ),
    LibraryEntry(
        "Vinnova",
        "Sveriges innovationsmyndighet finansierar forskning och innovation och kräver att "
        "projekten arbetar med jämställdhet, också på lärosätena.",
        "universities",
        "link",
        "sv",
        (3,),
        url="https://www.vinnova.se/",
        audience="mentor",
    ),
    # Networks for women in STEM
    LibraryEntry(
        "Womengineer",
        "Ideell organisation som vill att lika många kvinnor som män tar ingenjörsexamen; "
        "förebilder, bloggar och Introduce a Girl to Engineering Day.",
        "networks",
        "network",
        "sv",
        (1, 4),
        url="https://womengineer.org/",
        featured=True,
    ),
    LibraryEntry(
        "Girls Who Code",
        "A non-profit closing the gender gap in technology, with clubs, summer programmes and "
        "free learning material.",
        "networks",
        "network",
        "en",
        (1, 4),
        url="https://girlswhocode.com/",
        audience="mentee",
    ),
    LibraryEntry(
        "IEEE Women in Engineering",
        "One of the largest professional networks for women engineers and scientists, with "
        "local groups across Europe.",
        "networks",
        "network",
        "en",
        (4,),
        url="https://wie.ieee.org/",
    ),
    LibraryEntry(
        "European Platform of Women Scientists",
        "A network of associations of women scientists that speaks for women in research in "
        "European policy.",
        "networks",
        "network",
        "en",
        (4,),
        url="https://epws.org/",
    ),
    LibraryEntry(
        "WISE",
        "The UK campaign for gender balance in science, technology and engineering, with "
        "resources for schools, employers and women in the field.",
        "networks",
        "network",
        "en",
        (4,),
        url="https://www.wisecampaign.org.uk/",
    ),
)
