"""Text of the WESTEM Code of Conduct for mentoring, version 1, in English and Swedish."""

TITLE_EN = "Code of Conduct for Mentoring"

TITLE_SV = "Uppförandekod för mentorskap"

BODY_EN = """\
The WESTEM mentoring program brings together women who work in science, technology, \
engineering and mathematics and the girls and women who are finding their own way into STEM. \
This code describes how we treat one another. Every mentor and every mentee accepts it before \
taking part, and it applies to every session, message and event in the program.

1. Respect and trust

Mentoring rests on mutual respect and trust. Treat your mentoring partner with kindness and \
good will, value her time, ideas and experience, and remember that you are both there to learn.

2. Confidentiality

What is shared in a session stays between the two of you. Do not pass on personal stories, \
worries or details about your partner without her permission, and do not record a session \
unless you both agree. The only exception is a concern for someone's safety, which you should \
bring to the program staff (see section 10).

3. Commitment

Show up for the meetings you agree, on time and prepared: the mentee sets the agenda, and both \
of you do what you promised for the next meeting. Answer messages within a reasonable time, \
usually a few days. If you cannot make a meeting, tell your partner as early as you can.

4. Honesty and constructive feedback

Be honest about what you expect, what you can offer and how things are going. Give feedback \
that is specific, kind and useful, and receive feedback with an open mind. It is fine not to \
know every answer; say so, and look for it together.

5. Boundaries

In your mentoring agreement you each say what you will and will not do, how often you meet and \
which topics are off limits. Keep to these boundaries, and talk openly if they need to change.

6. Inclusion, no discrimination and no harassment

The program is open to everyone it serves, whatever their background, ethnicity, religion, \
disability, sexual orientation, gender identity, age or country. Discrimination, harassment, \
bullying, sexual advances and demeaning remarks of any kind are not accepted, in sessions, in \
messages or at events.

7. Special care for young participants

Many mentees are young students, and school students may be under 18. Mentors take special \
care: meet only through the program's channels, keep conversations to the purpose of the \
mentoring, and do not arrange private meetings in person without the program's knowledge. Do \
not ask a young mentee for personal contact details beyond those the program shares, or for \
photos.

8. No selling and no recruitment

The program is not a marketplace. Do not use it to sell products or services, to ask for money, \
or to recruit mentees or other participants for jobs, studies, research or organisations. \
Sharing openly advertised opportunities that fit the mentee's goals is welcome.

9. Ending the mentoring

Either of you may end the mentoring at any time, without blame and without having to give a \
reason. Simply inform the other person through the platform; the program staff are told as \
well.

10. Raising a concern

If something in the program worries you, whether it concerns your own mentoring or someone \
else's, please tell the program staff using the contact details on the platform. You do not \
need to be sure before you speak up. Staff handle every \
report with care and discretion, and no one will be penalised for raising a concern in good \
faith. If anyone is in immediate danger, contact your local emergency services first.

A breach of this code may lead to a conversation with the program staff, the end of a \
mentoring relationship or, in serious cases, removal from the program.
"""

BODY_SV = """\
WESTEM:s mentorprogram för samman kvinnor som arbetar inom naturvetenskap, teknik, \
ingenjörsvetenskap och matematik med flickor och kvinnor som söker sin egen väg in i STEM. Den \
här koden beskriver hur vi bemöter varandra. Alla mentorer och adepter godkänner den innan de \
deltar, och den gäller varje session, varje meddelande och varje evenemang i programmet.

1. Respekt och förtroende

Mentorskap bygger på ömsesidig respekt och förtroende. Möt din mentor eller adept med \
vänlighet och välvilja, värdesätt hennes tid, idéer och erfarenheter, och kom ihåg att ni båda \
är där för att lära er.

2. Konfidentialitet

Det som sägs under en session stannar mellan er två. För inte vidare personliga berättelser, \
bekymmer eller uppgifter om den andra utan hennes tillåtelse, och spela inte in en session om \
ni inte båda samtycker. Det enda undantaget är en oro för någons säkerhet, som du bör ta upp \
med programmets personal (se punkt 10).

3. Engagemang

Kom till de möten ni har kommit överens om, i tid och förberedd: adepten sätter agendan, och ni \
gör båda det ni lovade till nästa möte. Svara på meddelanden inom rimlig tid, vanligtvis inom \
några dagar. Om du inte kan komma till ett möte, säg till så tidigt du kan.

4. Ärlighet och konstruktiv feedback

Var ärlig om vad du förväntar dig, vad du kan erbjuda och hur det går. Ge feedback som är \
konkret, vänlig och användbar, och ta emot feedback med ett öppet sinne. Det är helt okej att \
inte ha svar på allt; säg det, och sök svaret tillsammans.

5. Gränser

I ert mentorsavtal säger ni var för sig vad ni kan och inte kan göra, hur ofta ni träffas och \
vilka ämnen som inte ska tas upp. Håll er till de gränserna och prata öppet om de behöver ändras.

6. Inkludering, ingen diskriminering och inga trakasserier

Programmet är öppet för alla det riktar sig till, oavsett bakgrund, etnisk tillhörighet, \
religion, funktionsnedsättning, sexuell läggning, könsidentitet, ålder eller land. \
Diskriminering, trakasserier, mobbning, sexuella närmanden och nedsättande kommentarer av alla \
slag accepteras inte, varken under sessioner, i meddelanden eller på evenemang.

7. Särskild omsorg om unga deltagare

Många adepter är unga studerande, och elever i skolan kan vara under 18 år. Mentorer visar \
särskild omsorg: träffas bara genom programmets kanaler, håll samtalen till mentorskapets syfte \
och ordna inga privata fysiska möten utan programmets vetskap. Be inte en ung adept om andra \
kontaktuppgifter än dem programmet delar, och inte heller om bilder.

8. Ingen försäljning och ingen rekrytering

Programmet är ingen marknadsplats. Använd det inte för att sälja produkter eller tjänster, be \
om pengar eller rekrytera adepter eller andra deltagare till jobb, studier, forskning eller \
organisationer. Att tipsa om öppet utlysta möjligheter som passar adeptens egna mål är välkommet.

9. Att avsluta mentorskapet

Vem som helst av er får avsluta mentorskapet när som helst, utan skuld och utan att behöva ange \
något skäl. Informera bara den andra personen via plattformen; programmets personal får också \
veta det.

10. Att säga till om något oroar dig

Om något i programmet oroar dig, oavsett om det gäller ditt eget mentorskap eller någon annans, \
berätta det för programmets personal via kontaktuppgifterna på plattformen. Du behöver inte \
vara säker innan du säger till. Personalen hanterar varje \
anmälan varsamt och diskret, och ingen straffas för att i god tro ha tagit upp en oro. Om någon \
är i omedelbar fara, kontakta först det lokala larmnumret.

Ett brott mot den här koden kan leda till ett samtal med programmets personal, att en \
mentorsrelation avslutas eller, i allvarliga fall, att personen stängs av från programmet.
"""
