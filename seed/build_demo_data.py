#!/usr/bin/env python3
"""Build the lonet demo seed data (seed/data/*.json).

Deterministic and stdlib-only: run `python3 seed/build_demo_data.py` from the repository
root (or anywhere) and it rewrites the nine JSON files next to it in seed/data/.

Everything here is invented demo data except the public facts: service names, country
names, the 2010 Balkans arrangement, the 2018 focus on cocaine source countries, and the
legal instruments. People, phone numbers, e-mail addresses and cases are fictitious
(phone numbers use the 555 range, e-mail addresses use example.* domains).

Country names: the four-language table COUNTRY_NAMES below was produced once from the
ISO 3166-1 gettext translations shipped with the `pycountry` package (run in a throwaway
virtualenv, never a dependency of this project), using common short names and with a few
awkward official forms fixed by hand (e.g. "Congo, The Democratic Republic of the" ->
"Democratic Republic of the Congo"). Kosovo (XK, the user-assigned code the EU uses) is
added by hand.

The reference date of the demo is 2026-11-24 ("today" for the fixed points the tests use).
"""
from __future__ import annotations

import json
import unicodedata
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent / "data"
TODAY = date(2026, 11, 24)

# --------------------------------------------------------------------------- services
SERVICES = [
    ("BE-FEDPOL", "Federale Politie / Police Fédérale", "BE", "police"),
    ("BE-FGP", "Federale Gerechtelijke Politie / Police Judiciaire Fédérale", "BE", "police"),
    ("BE-CUSTOMS", "Algemene Administratie van de Douane en Accijnzen / Administration générale des Douanes et Accises", "BE", "customs"),
    ("BE-BBI", "Bijzondere Belastinginspectie / Inspection spéciale des impôts", "BE", "inspection"),
    ("BE-PROSECUTION", "Openbaar Ministerie / Ministère public", "BE", "justice"),
    ("NL-POLITIE", "Nationale Politie", "NL", "police"),
    ("NL-KMAR", "Koninklijke Marechaussee", "NL", "gendarmerie"),
    ("NL-FIOD", "Fiscale Inlichtingen- en Opsporingsdienst", "NL", "inspection"),
    ("NL-DOUANE", "Douane Nederland", "NL", "customs"),
    ("NL-OM", "Openbaar Ministerie", "NL", "justice"),
    ("NL-ARBEIDSINSPECTIE", "Nederlandse Arbeidsinspectie", "NL", "inspection"),
    ("LU-POLICE", "Police Grand-Ducale", "LU", "police"),
    ("LU-CUSTOMS", "Administration des douanes et accises", "LU", "customs"),
    ("LU-PROSECUTION", "Parquet général du Grand-Duché de Luxembourg", "LU", "justice"),
    # Belgian local police zones request assistance too (through the federal police's channels).
    ("BE-LPZ-ANTWERPEN", "Politiezone Antwerpen", "BE", "police"),
    ("BE-LPZ-GENT", "Politiezone Gent", "BE", "police"),
    ("BE-LPZ-LIEGE", "Zone de police de Liège", "BE", "police"),
]

BE_SERVICES = ["BE-FEDPOL", "BE-FGP", "BE-CUSTOMS", "BE-PROSECUTION"]
NL_SERVICES = ["NL-POLITIE", "NL-KMAR", "NL-FIOD", "NL-DOUANE", "NL-OM"]

# --------------------------------------------------------------------------- regions
REGIONS = [
    ("EUROPEAN_UNION", "European Union", "Europese Unie", "Union européenne", "Europäische Union"),
    ("WESTERN_EUROPE_NON_EU", "Western Europe (non-EU)", "West-Europa (niet-EU)", "Europe occidentale (hors UE)", "Westeuropa (Nicht-EU)"),
    ("WESTERN_BALKANS", "Western Balkans", "Westelijke Balkan", "Balkans occidentaux", "Westbalkan"),
    ("EASTERN_EUROPE", "Eastern Europe", "Oost-Europa", "Europe de l'Est", "Osteuropa"),
    ("TURKIYE_SOUTH_CAUCASUS", "Türkiye and South Caucasus", "Turkije en Zuidelijke Kaukasus", "Turquie et Caucase du Sud", "Türkei und Südkaukasus"),
    ("MAGHREB", "Maghreb", "Maghreb", "Maghreb", "Maghreb"),
    ("MIDDLE_EAST", "Middle East", "Midden-Oosten", "Moyen-Orient", "Naher und Mittlerer Osten"),
    ("WEST_AFRICA", "West Africa", "West-Afrika", "Afrique de l'Ouest", "Westafrika"),
    ("CENTRAL_AFRICA", "Central Africa", "Centraal-Afrika", "Afrique centrale", "Zentralafrika"),
    ("EAST_AFRICA", "East Africa and Indian Ocean", "Oost-Afrika en Indische Oceaan", "Afrique de l'Est et océan Indien", "Ostafrika und Indischer Ozean"),
    ("SOUTHERN_AFRICA", "Southern Africa", "Zuidelijk Afrika", "Afrique australe", "Südliches Afrika"),
    ("CENTRAL_ASIA", "Central Asia", "Centraal-Azië", "Asie centrale", "Zentralasien"),
    ("SOUTH_ASIA", "South Asia", "Zuid-Azië", "Asie du Sud", "Südasien"),
    ("EAST_ASIA", "East Asia", "Oost-Azië", "Asie de l'Est", "Ostasien"),
    ("SOUTHEAST_ASIA", "Southeast Asia", "Zuidoost-Azië", "Asie du Sud-Est", "Südostasien"),
    ("OCEANIA", "Oceania", "Oceanië", "Océanie", "Ozeanien"),
    ("NORTH_AMERICA", "North America", "Noord-Amerika", "Amérique du Nord", "Nordamerika"),
    ("CENTRAL_AMERICA_CARIBBEAN", "Central America and the Caribbean", "Midden-Amerika en het Caribisch gebied", "Amérique centrale et Caraïbes", "Mittelamerika und Karibik"),
    ("SOUTH_AMERICA", "South America", "Zuid-Amerika", "Amérique du Sud", "Südamerika"),
]

# Every country in exactly one region (checked at build time).
REGION_MEMBERS = {
    "EUROPEAN_UNION": "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE AX",
    "WESTERN_EUROPE_NON_EU": "GB CH NO IS LI AD MC SM VA GG JE IM FO GI SJ",
    "WESTERN_BALKANS": "AL BA ME MK RS XK",
    "EASTERN_EUROPE": "RU UA BY MD",
    "TURKIYE_SOUTH_CAUCASUS": "TR GE AM AZ",
    "MAGHREB": "MA DZ TN LY MR EH",
    "MIDDLE_EAST": "EG IL PS JO LB SY IQ IR SA AE QA KW BH OM YE",
    "WEST_AFRICA": "SN GM GW GN SL LR CI GH TG BJ NG NE ML BF CV",
    "CENTRAL_AFRICA": "CM CF TD CG CD GA GQ ST AO",
    "EAST_AFRICA": "ET ER DJ SO KE UG TZ RW BI SS SD KM SC MU MG RE YT TF",
    "SOUTHERN_AFRICA": "ZA NA BW ZW ZM MW MZ LS SZ SH BV",
    "CENTRAL_ASIA": "KZ KG TJ TM UZ",
    "SOUTH_ASIA": "AF PK IN BD LK NP BT MV IO",
    "EAST_ASIA": "CN HK MO TW JP KR KP MN",
    "SOUTHEAST_ASIA": "TH VN LA KH MM MY SG ID PH BN TL",
    "OCEANIA": "AU NZ PG FJ SB VU NC PF WS TO TV KI NR MH FM PW GU MP AS CK NU TK WF PN NF CX CC HM UM AQ",
    "NORTH_AMERICA": "US CA MX GL PM BM",
    "CENTRAL_AMERICA_CARIBBEAN": "GT BZ HN SV NI CR PA CU JM HT DO PR BS TC KY VG VI AI AG KN MS GP DM MQ LC VC BB GD TT AW CW BQ SX MF BL",
    "SOUTH_AMERICA": "CO VE GY SR GF BR EC PE BO PY UY AR CL FK GS",
}

# --------------------------------------------------------------------------- competences
COMPETENCES = [
    ("DRUGS", "Drug trafficking", "Drugshandel", "Trafic de stupéfiants", "Drogenhandel"),
    ("THB", "Trafficking in human beings", "Mensenhandel", "Traite des êtres humains", "Menschenhandel"),
    ("MIGRANT_SMUGGLING", "Migrant smuggling", "Mensensmokkel", "Trafic de migrants", "Schleusung von Migranten"),
    ("OMCG", "Outlaw motorcycle gangs", "Criminele motorbendes", "Bandes de motards criminels", "Rockerkriminalität"),
    ("CYBER", "Cybercrime", "Cybercriminaliteit", "Cybercriminalité", "Cyberkriminalität"),
    ("TERRORISM", "Terrorism", "Terrorisme", "Terrorisme", "Terrorismus"),
    ("FIREARMS", "Firearms trafficking", "Illegale wapenhandel", "Trafic d'armes à feu", "Illegaler Waffenhandel"),
    ("MONEY_LAUNDERING", "Money laundering", "Witwassen", "Blanchiment de capitaux", "Geldwäsche"),
    ("PROPERTY_CRIME", "Organised property crime", "Georganiseerde vermogenscriminaliteit", "Criminalité organisée contre les biens", "Organisierte Eigentumskriminalität"),
    ("VIP_PROTECTION", "VIP protection", "Persoonsbeveiliging", "Protection de personnalités", "Personenschutz"),
    ("PUBLIC_ORDER", "Public order", "Openbare orde", "Ordre public", "Öffentliche Ordnung"),
    ("ADMIN_APPROACH", "Administrative approach to organised crime", "Bestuurlijke aanpak van georganiseerde criminaliteit", "Approche administrative de la criminalité organisée", "Administrativer Ansatz gegen organisierte Kriminalität"),
]

# --------------------------------------------------------------------------- programmes
# (code, name, startsOn, endsOn, the countries it is about)
PROGRAMMES = [
    ("BALKANS_PILOT", "Benelux liaison officer pilot – Western Balkans (joint use, mutual stand-in)", "2010-09-01", None, "AL BA ME MK RS XK"),
    ("COCAINE_SOURCE_COUNTRIES", "Benelux focus on cocaine source and transit countries (Latin America and Caribbean)", "2018-04-20", None, "CO BR EC PE BO VE PA DO SR CW AR"),
    ("EUROPOL_BENELUX_DESK", "Benelux liaison desk at Europol", "2019-01-01", None, ""),
    ("WEST_AFRICA_COCAINE_ROUTE", "West African cocaine transit route pilot", "2019-03-01", "2024-12-31", "GH CI TG BF SN GW"),
]

# --------------------------------------------------------------------------- countries
# (iso2, name_en, name_nl, name_fr, name_de)
COUNTRY_NAMES = [
    ('AD', 'Andorra', 'Andorra', 'Andorre', 'Andorra'),
    ('AE', 'United Arab Emirates', 'Verenigde Arabische Emiraten', 'Émirats arabes unis', 'Vereinigte Arabische Emirate'),
    ('AF', 'Afghanistan', 'Afghanistan', 'Afghanistan', 'Afghanistan'),
    ('AG', 'Antigua and Barbuda', 'Antigua en Barbuda', 'Antigua-et-Barbuda', 'Antigua und Barbuda'),
    ('AI', 'Anguilla', 'Anguilla', 'Anguilla', 'Anguilla'),
    ('AL', 'Albania', 'Albanië', 'Albanie', 'Albanien'),
    ('AM', 'Armenia', 'Armenië', 'Arménie', 'Armenien'),
    ('AO', 'Angola', 'Angola', 'Angola', 'Angola'),
    ('AQ', 'Antarctica', 'Antarctica', 'Antarctique', 'Antarktis'),
    ('AR', 'Argentina', 'Argentinië', 'Argentine', 'Argentinien'),
    ('AS', 'American Samoa', 'Amerikaans-Samoa', 'Samoa américaines', 'Amerikanisch-Samoa'),
    ('AT', 'Austria', 'Oostenrijk', 'Autriche', 'Österreich'),
    ('AU', 'Australia', 'Australië', 'Australie', 'Australien'),
    ('AW', 'Aruba', 'Aruba', 'Aruba', 'Aruba'),
    ('AX', 'Åland Islands', 'Ålandseilanden', 'Îles Åland', 'Åland-Inseln'),
    ('AZ', 'Azerbaijan', 'Azerbeidzjan', 'Azerbaïdjan', 'Aserbaidschan'),
    ('BA', 'Bosnia and Herzegovina', 'Bosnië en Herzegovina', 'Bosnie-Herzégovine', 'Bosnien und Herzegowina'),
    ('BB', 'Barbados', 'Barbados', 'Barbade', 'Barbados'),
    ('BD', 'Bangladesh', 'Bangladesh', 'Bangladesh', 'Bangladesch'),
    ('BE', 'Belgium', 'België', 'Belgique', 'Belgien'),
    ('BF', 'Burkina Faso', 'Burkina Faso', 'Burkina Faso', 'Burkina Faso'),
    ('BG', 'Bulgaria', 'Bulgarije', 'Bulgarie', 'Bulgarien'),
    ('BH', 'Bahrain', 'Bahrein', 'Bahreïn', 'Bahrain'),
    ('BI', 'Burundi', 'Burundi', 'Burundi', 'Burundi'),
    ('BJ', 'Benin', 'Benin', 'Bénin', 'Benin'),
    ('BL', 'Saint Barthélemy', 'Saint-Barthélemy', 'Saint-Barthélemy', 'Saint-Barthélemy'),
    ('BM', 'Bermuda', 'Bermuda', 'Bermudes', 'Bermuda'),
    ('BN', 'Brunei', 'Brunei', 'Brunei', 'Brunei'),
    ('BO', 'Bolivia', 'Bolivia', 'Bolivie', 'Bolivien'),
    ('BQ', 'Bonaire, Sint Eustatius and Saba', 'Bonaire, Sint Eustatius en Saba', 'Bonaire, Saint-Eustache et Saba', 'Bonaire, Sint Eustatius und Saba'),
    ('BR', 'Brazil', 'Brazilië', 'Brésil', 'Brasilien'),
    ('BS', 'Bahamas', "Bahama's", 'Bahamas', 'Bahamas'),
    ('BT', 'Bhutan', 'Bhutan', 'Bhoutan', 'Bhutan'),
    ('BV', 'Bouvet Island', 'Bouveteiland', 'Île Bouvet', 'Bouvet-Insel'),
    ('BW', 'Botswana', 'Botswana', 'Botswana', 'Botsuana'),
    ('BY', 'Belarus', 'Belarus', 'Bélarus', 'Belarus'),
    ('BZ', 'Belize', 'Belize', 'Belize', 'Belize'),
    ('CA', 'Canada', 'Canada', 'Canada', 'Kanada'),
    ('CC', 'Cocos (Keeling) Islands', 'Cocoseilanden (Keelingeilanden)', 'Îles Cocos (Keeling)', 'Kokos-(Keeling-)Inseln'),
    ('CD', 'Democratic Republic of the Congo', 'Democratische Republiek Congo', 'République démocratique du Congo', 'Demokratische Republik Kongo'),
    ('CF', 'Central African Republic', 'Centraal-Afrikaanse Republiek', 'République centrafricaine', 'Zentralafrikanische Republik'),
    ('CG', 'Republic of the Congo', 'Republiek Congo', 'République du Congo', 'Republik Kongo'),
    ('CH', 'Switzerland', 'Zwitserland', 'Suisse', 'Schweiz'),
    ('CI', "Côte d'Ivoire", 'Ivoorkust', "Côte d'Ivoire", "Côte d'Ivoire"),
    ('CK', 'Cook Islands', 'Cookeilanden', 'Îles Cook', 'Cookinseln'),
    ('CL', 'Chile', 'Chili', 'Chili', 'Chile'),
    ('CM', 'Cameroon', 'Kameroen', 'Cameroun', 'Kamerun'),
    ('CN', 'China', 'China', 'Chine', 'China'),
    ('CO', 'Colombia', 'Colombia', 'Colombie', 'Kolumbien'),
    ('CR', 'Costa Rica', 'Costa Rica', 'Costa Rica', 'Costa Rica'),
    ('CU', 'Cuba', 'Cuba', 'Cuba', 'Kuba'),
    ('CV', 'Cabo Verde', 'Kaapverdië', 'Cap-Vert', 'Kap Verde'),
    ('CW', 'Curaçao', 'Curaçao', 'Curaçao', 'Curaçao'),
    ('CX', 'Christmas Island', 'Christmaseiland', 'Île Christmas', 'Weihnachtsinsel'),
    ('CY', 'Cyprus', 'Cyprus', 'Chypre', 'Zypern'),
    ('CZ', 'Czechia', 'Tsjechië', 'Tchéquie', 'Tschechien'),
    ('DE', 'Germany', 'Duitsland', 'Allemagne', 'Deutschland'),
    ('DJ', 'Djibouti', 'Djibouti', 'Djibouti', 'Dschibuti'),
    ('DK', 'Denmark', 'Denemarken', 'Danemark', 'Dänemark'),
    ('DM', 'Dominica', 'Dominica', 'Dominique', 'Dominica'),
    ('DO', 'Dominican Republic', 'Dominicaanse Republiek', 'République dominicaine', 'Dominikanische Republik'),
    ('DZ', 'Algeria', 'Algerije', 'Algérie', 'Algerien'),
    ('EC', 'Ecuador', 'Ecuador', 'Équateur', 'Ecuador'),
    ('EE', 'Estonia', 'Estland', 'Estonie', 'Estland'),
    ('EG', 'Egypt', 'Egypte', 'Égypte', 'Ägypten'),
    ('EH', 'Western Sahara', 'Westelijke Sahara', 'Sahara occidental', 'Westsahara'),
    ('ER', 'Eritrea', 'Eritrea', 'Érythrée', 'Eritrea'),
    ('ES', 'Spain', 'Spanje', 'Espagne', 'Spanien'),
    ('ET', 'Ethiopia', 'Ethiopië', 'Éthiopie', 'Äthiopien'),
    ('FI', 'Finland', 'Finland', 'Finlande', 'Finnland'),
    ('FJ', 'Fiji', 'Fiji', 'Fidji', 'Fidschi'),
    ('FK', 'Falkland Islands', 'Falklandeilanden', 'Îles Malouines', 'Falklandinseln'),
    ('FM', 'Micronesia', 'Micronesia', 'Micronésie', 'Mikronesien'),
    ('FO', 'Faroe Islands', 'Faeröer', 'Îles Féroé', 'Färöer-Inseln'),
    ('FR', 'France', 'Frankrijk', 'France', 'Frankreich'),
    ('GA', 'Gabon', 'Gabon', 'Gabon', 'Gabun'),
    ('GB', 'United Kingdom', 'Verenigd Koninkrijk', 'Royaume-Uni', 'Vereinigtes Königreich'),
    ('GD', 'Grenada', 'Grenada', 'Grenade', 'Grenada'),
    ('GE', 'Georgia', 'Georgië', 'Géorgie', 'Georgien'),
    ('GF', 'French Guiana', 'Frans-Guyana', 'Guyane française', 'Französisch-Guyana'),
    ('GG', 'Guernsey', 'Guernsey', 'Guernesey', 'Guernsey'),
    ('GH', 'Ghana', 'Ghana', 'Ghana', 'Ghana'),
    ('GI', 'Gibraltar', 'Gibraltar', 'Gibraltar', 'Gibraltar'),
    ('GL', 'Greenland', 'Groenland', 'Groënland', 'Grönland'),
    ('GM', 'Gambia', 'Gambia', 'Gambie', 'Gambia'),
    ('GN', 'Guinea', 'Guinee', 'Guinée', 'Guinea'),
    ('GP', 'Guadeloupe', 'Guadeloupe', 'Guadeloupe', 'Guadeloupe'),
    ('GQ', 'Equatorial Guinea', 'Equatoriaal-Guinea', 'Guinée équatoriale', 'Äquatorialguinea'),
    ('GR', 'Greece', 'Griekenland', 'Grèce', 'Griechenland'),
    ('GS', 'South Georgia and the South Sandwich Islands', 'Zuid-Georgia en de Zuidelijke Sandwicheilanden', 'Géorgie du Sud et les îles Sandwich du Sud', 'South Georgia und die Südlichen Sandwichinseln'),
    ('GT', 'Guatemala', 'Guatemala', 'Guatemala', 'Guatemala'),
    ('GU', 'Guam', 'Guam', 'Guam', 'Guam'),
    ('GW', 'Guinea-Bissau', 'Guinee-Bissau', 'Guinée-Bissau', 'Guinea-Bissau'),
    ('GY', 'Guyana', 'Guyana', 'Guyana', 'Guyana'),
    ('HK', 'Hong Kong', 'Hongkong', 'Hong Kong', 'Hongkong'),
    ('HM', 'Heard Island and McDonald Islands', 'Heardeiland en McDonaldeilanden', 'Îles Heard-et-MacDonald', 'Heard und McDonaldinseln'),
    ('HN', 'Honduras', 'Honduras', 'Honduras', 'Honduras'),
    ('HR', 'Croatia', 'Kroatië', 'Croatie', 'Kroatien'),
    ('HT', 'Haiti', 'Haïti', 'Haïti', 'Haiti'),
    ('HU', 'Hungary', 'Hongarije', 'Hongrie', 'Ungarn'),
    ('ID', 'Indonesia', 'Indonesië', 'Indonésie', 'Indonesien'),
    ('IE', 'Ireland', 'Ierland', 'Irlande', 'Irland'),
    ('IL', 'Israel', 'Israël', 'Israël', 'Israel'),
    ('IM', 'Isle of Man', 'Eiland Man', 'Île de Man', 'Insel Man'),
    ('IN', 'India', 'India', 'Inde', 'Indien'),
    ('IO', 'British Indian Ocean Territory', 'Brits Indische Oceaanterritorium', "Territoire britannique de l'océan Indien", 'Britisches Territorium im Indischen Ozean'),
    ('IQ', 'Iraq', 'Irak', 'Irak', 'Irak'),
    ('IR', 'Iran', 'Iran', 'Iran', 'Iran'),
    ('IS', 'Iceland', 'IJsland', 'Islande', 'Island'),
    ('IT', 'Italy', 'Italië', 'Italie', 'Italien'),
    ('JE', 'Jersey', 'Jersey', 'Jersey', 'Jersey'),
    ('JM', 'Jamaica', 'Jamaica', 'Jamaïque', 'Jamaika'),
    ('JO', 'Jordan', 'Jordanië', 'Jordanie', 'Jordanien'),
    ('JP', 'Japan', 'Japan', 'Japon', 'Japan'),
    ('KE', 'Kenya', 'Kenia', 'Kenya', 'Kenia'),
    ('KG', 'Kyrgyzstan', 'Kirgizië', 'Kirghizistan', 'Kirgisistan'),
    ('KH', 'Cambodia', 'Cambodja', 'Cambodge', 'Kambodscha'),
    ('KI', 'Kiribati', 'Kiribati', 'Kiribati', 'Kiribati'),
    ('KM', 'Comoros', 'Comoren', 'Comores', 'Komoren'),
    ('KN', 'Saint Kitts and Nevis', 'Saint Kitts en Nevis', 'Saint-Christophe-et-Niévès', 'St. Kitts und Nevis'),
    ('KP', 'North Korea', 'Noord-Korea', 'Corée du Nord', 'Nordkorea'),
    ('KR', 'South Korea', 'Zuid-Korea', 'Corée du Sud', 'Südkorea'),
    ('KW', 'Kuwait', 'Koeweit', 'Koweït', 'Kuwait'),
    ('KY', 'Cayman Islands', 'Kaaimaneilanden', 'Îles Caïmans', 'Cayman-Inseln'),
    ('KZ', 'Kazakhstan', 'Kazachstan', 'Kazakhstan', 'Kasachstan'),
    ('LA', 'Laos', 'Laos', 'Laos', 'Laos'),
    ('LB', 'Lebanon', 'Libanon', 'Liban', 'Libanon'),
    ('LC', 'Saint Lucia', 'Saint Lucia', 'Sainte-Lucie', 'St. Lucia'),
    ('LI', 'Liechtenstein', 'Liechtenstein', 'Liechtenstein', 'Liechtenstein'),
    ('LK', 'Sri Lanka', 'Sri Lanka', 'Sri Lanka', 'Sri Lanka'),
    ('LR', 'Liberia', 'Liberia', 'Libéria', 'Liberia'),
    ('LS', 'Lesotho', 'Lesotho', 'Lesotho', 'Lesotho'),
    ('LT', 'Lithuania', 'Litouwen', 'Lituanie', 'Litauen'),
    ('LU', 'Luxembourg', 'Luxemburg', 'Luxembourg', 'Luxemburg'),
    ('LV', 'Latvia', 'Letland', 'Lettonie', 'Lettland'),
    ('LY', 'Libya', 'Libië', 'Libye', 'Libyen'),
    ('MA', 'Morocco', 'Marokko', 'Maroc', 'Marokko'),
    ('MC', 'Monaco', 'Monaco', 'Monaco', 'Monaco'),
    ('MD', 'Moldova', 'Moldavië', 'Moldavie', 'Moldau'),
    ('ME', 'Montenegro', 'Montenegro', 'Monténégro', 'Montenegro'),
    ('MF', 'Saint Martin (French part)', 'Sint-Maarten (Frans deel)', 'Saint-Martin (partie française)', 'Saint Martin (Französischer Teil)'),
    ('MG', 'Madagascar', 'Madagaskar', 'Madagascar', 'Madagaskar'),
    ('MH', 'Marshall Islands', 'Marshalleilanden', 'Îles Marshall', 'Marshallinseln'),
    ('MK', 'North Macedonia', 'Noord-Macedonië', 'Macédoine du Nord', 'Nordmazedonien'),
    ('ML', 'Mali', 'Mali', 'Mali', 'Mali'),
    ('MM', 'Myanmar', 'Myanmar', 'Birmanie', 'Myanmar'),
    ('MN', 'Mongolia', 'Mongolië', 'Mongolie', 'Mongolei'),
    ('MO', 'Macao', 'Macau', 'Macau', 'Macao'),
    ('MP', 'Northern Mariana Islands', 'Noordelijke Marianen', 'Îles Mariannes du Nord', 'Nördliche Marianen'),
    ('MQ', 'Martinique', 'Martinique', 'Martinique', 'Martinique'),
    ('MR', 'Mauritania', 'Mauritanië', 'Mauritanie', 'Mauretanien'),
    ('MS', 'Montserrat', 'Montserrat', 'Montserrat', 'Montserrat'),
    ('MT', 'Malta', 'Malta', 'Malte', 'Malta'),
    ('MU', 'Mauritius', 'Mauritius', 'Maurice', 'Mauritius'),
    ('MV', 'Maldives', 'Maldiven', 'Maldives', 'Malediven'),
    ('MW', 'Malawi', 'Malawi', 'Malawi', 'Malawi'),
    ('MX', 'Mexico', 'Mexico', 'Mexique', 'Mexiko'),
    ('MY', 'Malaysia', 'Maleisië', 'Malaisie', 'Malaysia'),
    ('MZ', 'Mozambique', 'Mozambique', 'Mozambique', 'Mosambik'),
    ('NA', 'Namibia', 'Namibië', 'Namibie', 'Namibia'),
    ('NC', 'New Caledonia', 'Nieuw-Caledonië', 'Nouvelle-Calédonie', 'Neukaledonien'),
    ('NE', 'Niger', 'Niger', 'Niger', 'Niger'),
    ('NF', 'Norfolk Island', 'Norfolkeiland', 'Île Norfolk', 'Norfolkinsel'),
    ('NG', 'Nigeria', 'Nigeria', 'Nigeria', 'Nigeria'),
    ('NI', 'Nicaragua', 'Nicaragua', 'Nicaragua', 'Nicaragua'),
    ('NL', 'Netherlands', 'Nederland', 'Pays-Bas', 'Niederlande'),
    ('NO', 'Norway', 'Noorwegen', 'Norvège', 'Norwegen'),
    ('NP', 'Nepal', 'Nepal', 'Népal', 'Nepal'),
    ('NR', 'Nauru', 'Nauru', 'Nauru', 'Nauru'),
    ('NU', 'Niue', 'Niue', 'Nioue', 'Niue'),
    ('NZ', 'New Zealand', 'Nieuw-Zeeland', 'Nouvelle-Zélande', 'Neuseeland'),
    ('OM', 'Oman', 'Oman', 'Oman', 'Oman'),
    ('PA', 'Panama', 'Panama', 'Panama', 'Panama'),
    ('PE', 'Peru', 'Peru', 'Pérou', 'Peru'),
    ('PF', 'French Polynesia', 'Frans-Polynesië', 'Polynésie française', 'Französisch-Polynesien'),
    ('PG', 'Papua New Guinea', 'Papoea-Nieuw-Guinea', 'Papouasie-Nouvelle-Guinée', 'Papua-Neuguinea'),
    ('PH', 'Philippines', 'Filipijnen', 'Philippines', 'Philippinen'),
    ('PK', 'Pakistan', 'Pakistan', 'Pakistan', 'Pakistan'),
    ('PL', 'Poland', 'Polen', 'Pologne', 'Polen'),
    ('PM', 'Saint Pierre and Miquelon', 'Saint-Pierre en Miquelon', 'Saint-Pierre-et-Miquelon', 'St. Pierre und Miquelon'),
    ('PN', 'Pitcairn', 'Pitcairneilanden', 'Îles Pitcairn', 'Pitcairn'),
    ('PR', 'Puerto Rico', 'Puerto Rico', 'Porto Rico', 'Puerto Rico'),
    ('PS', 'Palestine', 'Palestina', 'Palestine', 'Palästina'),
    ('PT', 'Portugal', 'Portugal', 'Portugal', 'Portugal'),
    ('PW', 'Palau', 'Palau', 'Palaos', 'Palau'),
    ('PY', 'Paraguay', 'Paraguay', 'Paraguay', 'Paraguay'),
    ('QA', 'Qatar', 'Qatar', 'Qatar', 'Katar'),
    ('RE', 'Réunion', 'Réunion', 'La Réunion', 'Réunion'),
    ('RO', 'Romania', 'Roemenië', 'Roumanie', 'Rumänien'),
    ('RS', 'Serbia', 'Servië', 'Serbie', 'Serbien'),
    ('RU', 'Russia', 'Rusland', 'Russie', 'Russland'),
    ('RW', 'Rwanda', 'Rwanda', 'Rwanda', 'Ruanda'),
    ('SA', 'Saudi Arabia', 'Saoedi-Arabië', 'Arabie saoudite', 'Saudi-Arabien'),
    ('SB', 'Solomon Islands', 'Salomonseilanden', 'Îles Salomon', 'Salomoninseln'),
    ('SC', 'Seychelles', 'Seychellen', 'Seychelles', 'Seychellen'),
    ('SD', 'Sudan', 'Soedan', 'Soudan', 'Sudan'),
    ('SE', 'Sweden', 'Zweden', 'Suède', 'Schweden'),
    ('SG', 'Singapore', 'Singapore', 'Singapour', 'Singapur'),
    ('SH', 'Saint Helena, Ascension and Tristan da Cunha', 'Sint-Helena, Ascension en Tristan da Cunha', 'Sainte-Hélène, Ascension et Tristan da Cunha', 'St. Helena, Ascension und Tristan da Cunha'),
    ('SI', 'Slovenia', 'Slovenië', 'Slovénie', 'Slowenien'),
    ('SJ', 'Svalbard and Jan Mayen', 'Spitsbergen en Jan Mayen', 'Svalbard et île Jan Mayen', 'Svalbard und Jan Mayen'),
    ('SK', 'Slovakia', 'Slowakije', 'Slovaquie', 'Slowakei'),
    ('SL', 'Sierra Leone', 'Sierra Leone', 'Sierra Leone', 'Sierra Leone'),
    ('SM', 'San Marino', 'San Marino', 'Saint-Marin', 'San Marino'),
    ('SN', 'Senegal', 'Senegal', 'Sénégal', 'Senegal'),
    ('SO', 'Somalia', 'Somalië', 'Somalie', 'Somalia'),
    ('SR', 'Suriname', 'Suriname', 'Surinam', 'Suriname'),
    ('SS', 'South Sudan', 'Zuid-Soedan', 'Soudan du Sud', 'Südsudan'),
    ('ST', 'Sao Tome and Principe', 'Sao Tomé en Principe', 'Sao Tomé-et-Principe', 'São Tomé und Príncipe'),
    ('SV', 'El Salvador', 'El Salvador', 'Salvador', 'El Salvador'),
    ('SX', 'Sint Maarten (Dutch part)', 'Sint Maarten (Nederlands deel)', 'Saint-Martin (partie néerlandaise)', 'Saint-Martin (Niederländischer Teil)'),
    ('SY', 'Syria', 'Syrië', 'Syrie', 'Syrien'),
    ('SZ', 'Eswatini', 'Eswatini', 'Eswatini', 'Eswatini'),
    ('TC', 'Turks and Caicos Islands', 'Turks- en Caicoseilanden', 'Îles Turques-et-Caïques', 'Turks- und Caicosinseln'),
    ('TD', 'Chad', 'Tsjaad', 'Tchad', 'Tschad'),
    ('TF', 'French Southern Territories', 'Franse Zuidelijke Gebieden', 'Terres australes françaises', 'Französische Süd- und Antarktisgebiete'),
    ('TG', 'Togo', 'Togo', 'Togo', 'Togo'),
    ('TH', 'Thailand', 'Thailand', 'Thaïlande', 'Thailand'),
    ('TJ', 'Tajikistan', 'Tadzjikistan', 'Tadjikistan', 'Tadschikistan'),
    ('TK', 'Tokelau', 'Tokelau', 'Tokelau', 'Tokelau'),
    ('TL', 'Timor-Leste', 'Oost-Timor', 'Timor oriental', 'Timor-Leste'),
    ('TM', 'Turkmenistan', 'Turkmenistan', 'Turkménistan', 'Turkmenistan'),
    ('TN', 'Tunisia', 'Tunesië', 'Tunisie', 'Tunesien'),
    ('TO', 'Tonga', 'Tonga', 'Tonga', 'Tonga'),
    ('TR', 'Türkiye', 'Turkije', 'Turquie', 'Türkei'),
    ('TT', 'Trinidad and Tobago', 'Trinidad en Tobago', 'Trinité-et-Tobago', 'Trinidad und Tobago'),
    ('TV', 'Tuvalu', 'Tuvalu', 'Tuvalu', 'Tuvalu'),
    ('TW', 'Taiwan', 'Taiwan', 'Taïwan', 'Taiwan'),
    ('TZ', 'Tanzania', 'Tanzania', 'Tanzanie', 'Tansania'),
    ('UA', 'Ukraine', 'Oekraïne', 'Ukraine', 'Ukraine'),
    ('UG', 'Uganda', 'Oeganda', 'Ouganda', 'Uganda'),
    ('UM', 'United States Minor Outlying Islands', 'Kleine afgelegen eilanden van de Verenigde Staten', 'Îles mineures éloignées des États-Unis', 'Kleinere Amerikanische Überseeinseln'),
    ('US', 'United States', 'Verenigde Staten', 'États-Unis', 'Vereinigte Staaten'),
    ('UY', 'Uruguay', 'Uruguay', 'Uruguay', 'Uruguay'),
    ('UZ', 'Uzbekistan', 'Oezbekistan', 'Ouzbékistan', 'Usbekistan'),
    ('VA', 'Vatican City', 'Vaticaanstad', 'Vatican', 'Vatikanstadt'),
    ('VC', 'Saint Vincent and the Grenadines', 'Saint Vincent en de Grenadines', 'Saint-Vincent-et-les-Grenadines', 'St. Vincent und die Grenadinen'),
    ('VE', 'Venezuela', 'Venezuela', 'Venezuela', 'Venezuela'),
    ('VG', 'British Virgin Islands', 'Britse Maagdeneilanden', 'Îles Vierges britanniques', 'Britische Jungferninseln'),
    ('VI', 'United States Virgin Islands', 'Amerikaanse Maagdeneilanden', 'Îles Vierges des États-Unis', 'Amerikanische Jungferninseln'),
    ('VN', 'Vietnam', 'Vietnam', 'Viêt Nam', 'Vietnam'),
    ('VU', 'Vanuatu', 'Vanuatu', 'Vanuatu', 'Vanuatu'),
    ('WF', 'Wallis and Futuna', 'Wallis en Futuna', 'Wallis et Futuna', 'Wallis und Futuna'),
    ('WS', 'Samoa', 'Samoa', 'Samoa', 'Samoa'),
    ('XK', 'Kosovo', 'Kosovo', 'Kosovo', 'Kosovo'),
    ('YE', 'Yemen', 'Jemen', 'Yémen', 'Jemen'),
    ('YT', 'Mayotte', 'Mayotte', 'Mayotte', 'Mayotte'),
    ('ZA', 'South Africa', 'Zuid-Afrika', 'Afrique du Sud', 'Südafrika'),
    ('ZM', 'Zambia', 'Zambia', 'Zambie', 'Sambia'),
    ('ZW', 'Zimbabwe', 'Zimbabwe', 'Zimbabwe', 'Simbabwe'),
]

# --------------------------------------------------------------------------- officers
# (number, name, home service, rank, languages, competences, deputies (numbers, rank order),
#  availability, availability note, updatedAt)
OFFICERS = [
    (1, "Ruud Verhoeven", "NL-POLITIE", "Hoofdinspecteur", "nl en sr", "DRUGS:3 MIGRANT_SMUGGLING:2 FIREARMS:2", [2, 3], "AVAILABLE", None, "2026-11-18T07:42:00Z"),
    (2, "Katrien Peeters", "BE-FEDPOL", "Commissaris van politie", "nl fr en bs", "DRUGS:2 THB:3", [3, 1], "AVAILABLE", None, "2026-11-03T09:10:00Z"),
    (3, "Olivier Lambert", "BE-FEDPOL", "Commissaire de police", "fr en sq", "DRUGS:2 OMCG:2 FIREARMS:3", [1, 2], "AVAILABLE", None, "2026-10-26T15:05:00Z"),
    (4, "Bart Claes", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en", "THB:3 DRUGS:1", [1], "AVAILABLE", None, "2026-09-30T11:20:00Z"),
    (5, "Niels Bosman", "NL-KMAR", "Kapitein", "nl en sr de", "MIGRANT_SMUGGLING:3 DRUGS:2", [1], "ON_MISSION", "Joint border operation in Subotica until 26 November; urgent matters via LO-001", "2026-11-22T18:30:00Z"),
    (6, "Sofie Wouters", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en bg", "THB:3 MIGRANT_SMUGGLING:2", [7], "AVAILABLE", "Moves to Bucharest on 1 January 2027", "2026-11-12T08:00:00Z"),
    (7, "Thomas Dubois", "BE-FEDPOL", "Commissaire de police", "fr nl en el", "MIGRANT_SMUGGLING:2 DRUGS:2 TERRORISM:1", [6], "AVAILABLE", None, "2026-10-07T13:45:00Z"),
    (8, "Wouter de Graaf", "NL-POLITIE", "Inspecteur", "nl en ro", "PROPERTY_CRIME:2 THB:2 FIREARMS:1", [], "AVAILABLE", None, "2026-09-16T10:00:00Z"),
    (9, "Ellen Smit", "NL-KMAR", "Majoor", "nl en pl de", "MIGRANT_SMUGGLING:3 THB:1", [20], "AVAILABLE", None, "2026-11-05T12:15:00Z"),
    (10, "Peter Van den Broeck", "BE-FEDPOL", "Commissaris van politie", "nl fr en de", "MONEY_LAUNDERING:2 CYBER:2 DRUGS:2", [11], "AVAILABLE", None, "2026-10-19T06:55:00Z"),
    (11, "Annelies Bakker", "NL-POLITIE", "Commissaris", "nl en de", "TERRORISM:3 CYBER:2", [], "AVAILABLE", None, "2026-08-28T14:00:00Z"),
    (12, "Julien Renard", "BE-FEDPOL", "Commissaire divisionnaire de police", "fr nl en", "PROPERTY_CRIME:3 FIREARMS:2", [13], "AVAILABLE", "Posting ends 30 April 2027", "2026-11-02T09:30:00Z"),
    (13, "Hanneke Mulder", "NL-POLITIE", "Hoofdinspecteur", "nl en fr", "THB:2 TERRORISM:2 PUBLIC_ORDER:2", [], "AVAILABLE", None, "2026-10-01T07:00:00Z"),
    (14, "Koen Maes", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en es", "DRUGS:3 MONEY_LAUNDERING:2", [13], "AVAILABLE", None, "2026-11-20T16:40:00Z"),
    (15, "Jasper Kuipers", "NL-POLITIE", "Inspecteur", "nl en es", "DRUGS:3 OMCG:2", [14], "AVAILABLE", None, "2026-09-09T08:25:00Z"),
    (16, "Lien Vermeulen", "BE-CUSTOMS", "Attaché", "nl fr en pt", "DRUGS:3 MONEY_LAUNDERING:1", [17], "AVAILABLE", None, "2026-10-22T10:10:00Z"),
    (17, "Erik Hoekstra", "NL-DOUANE", "Senior inspecteur douane", "nl en pt es", "DRUGS:3", [], "AVAILABLE", None, "2026-07-14T09:00:00Z"),
    (18, "Stefan Vos", "NL-POLITIE", "Hoofdinspecteur", "nl de en", "OMCG:3 PROPERTY_CRIME:2 ADMIN_APPROACH:2", [13], "AVAILABLE", None, "2026-10-30T11:35:00Z"),
    (19, "Nathalie Leclercq", "BE-FEDPOL", "Commissaire de police", "fr nl en it", "MONEY_LAUNDERING:2 DRUGS:2 ADMIN_APPROACH:2", [7], "AVAILABLE", None, "2026-11-10T13:00:00Z"),
    (20, "Tom Hermans", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en pl", "PROPERTY_CRIME:3 THB:1", [6], "AVAILABLE", "Posting ends 15 February 2027", "2026-11-14T09:45:00Z"),
    (21, "Joost van Leeuwen", "NL-POLITIE", "Inspecteur", "nl en", "CYBER:3 DRUGS:2 MONEY_LAUNDERING:1", [13], "AVAILABLE", None, "2026-10-12T15:20:00Z"),
    (22, "Isabelle Gérard", "BE-FEDPOL", "Commissaire de police", "fr en nl", "TERRORISM:3 PUBLIC_ORDER:2 VIP_PROTECTION:2", [], "LIMITED", "Part-time until 31 December while the embassy relocates; e-mail preferred", "2026-11-04T08:50:00Z"),
    (23, "Bram Dekker", "NL-KMAR", "Eerste luitenant", "nl en tr", "MIGRANT_SMUGGLING:3 DRUGS:2", [24], "AVAILABLE", None, "2026-09-21T07:30:00Z"),
    (24, "Hakan Yilmaz", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en tr", "TERRORISM:2 MIGRANT_SMUGGLING:2 DRUGS:2", [], "AVAILABLE", None, "2026-10-15T12:00:00Z"),
    (25, "Iris van Dam", "NL-POLITIE", "Hoofdinspecteur", "nl en uk ru", "FIREARMS:3 CYBER:2", [], "AVAILABLE", None, "2026-11-19T10:05:00Z"),
    (26, "Youssef El Amrani", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en ar", "DRUGS:3 TERRORISM:2 MONEY_LAUNDERING:1", [28], "AVAILABLE", None, "2026-10-28T09:15:00Z"),
    (27, "Sander Post", "NL-POLITIE", "Commissaris", "nl en fr ar", "DRUGS:3 MIGRANT_SMUGGLING:1", [28], "AVAILABLE", None, "2026-09-02T11:40:00Z"),
    (28, "Claire Dupont", "BE-FEDPOL", "Commissaire de police", "fr en ar", "TERRORISM:3 MIGRANT_SMUGGLING:2", [], "AVAILABLE", None, "2026-10-09T14:25:00Z"),
    (29, "Michiel de Boer", "NL-FIOD", "Senior rechercheur", "nl en ar", "MONEY_LAUNDERING:3 DRUGS:2", [30], "AVAILABLE", None, "2026-11-11T06:30:00Z"),
    (30, "Frederik Jacobs", "BE-FEDPOL", "Commissaris van politie", "nl fr en", "MONEY_LAUNDERING:3 DRUGS:2", [31], "AVAILABLE", "Posting ends 31 March 2027", "2026-10-20T10:00:00Z"),
    (31, "Lotte Brouwer", "NL-POLITIE", "Inspecteur", "nl en ar", "TERRORISM:3 MIGRANT_SMUGGLING:2", [32], "AVAILABLE", None, "2026-11-06T13:10:00Z"),
    (32, "Arnaud Lefèvre", "BE-FEDPOL", "Commissaire de police", "fr en ar", "MIGRANT_SMUGGLING:2 TERRORISM:2", [], "UNREACHABLE", "Secure line at the embassy down since 20 November; for urgent matters contact LO-031 in Amman", "2026-11-20T17:00:00Z"),
    (33, "Daan Visser", "NL-POLITIE", "Hoofdinspecteur", "nl en", "THB:3 DRUGS:2", [34], "AVAILABLE", None, "2026-08-31T08:00:00Z"),
    (34, "Ann-Sophie Goossens", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en", "MIGRANT_SMUGGLING:3 DRUGS:2", [], "AVAILABLE", None, "2026-10-05T09:40:00Z"),
    (35, "Jan Willems", "BE-FEDPOL", "Commissaris van politie", "nl fr en ln", "THB:2 MONEY_LAUNDERING:2 FIREARMS:2", [36], "AVAILABLE", None, "2026-09-25T07:55:00Z"),
    (36, "Maarten Koster", "NL-POLITIE", "Inspecteur", "nl en sw", "DRUGS:2 TERRORISM:2 THB:1", [35], "ON_LEAVE", "Home leave until 30 November; deputy LO-035 (Kinshasa)", "2026-11-08T16:00:00Z"),
    (37, "Evelien Prins", "NL-POLITIE", "Hoofdinspecteur", "nl en af", "DRUGS:2 PROPERTY_CRIME:2", [], "AVAILABLE", "Posting ends 28 February 2027", "2026-11-01T10:20:00Z"),
    (38, "Gaëtan Marchal", "BE-FEDPOL", "Commissaire de police", "fr en ur", "MIGRANT_SMUGGLING:3 TERRORISM:2 DRUGS:1", [], "AVAILABLE", None, "2026-10-14T05:45:00Z"),
    (39, "Rianne Hendriks", "NL-POLITIE", "Commissaris", "nl en zh", "CYBER:3 DRUGS:1", [], "AVAILABLE", None, "2026-11-16T02:30:00Z"),
    (40, "Kevin De Smet", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en th", "THB:3 DRUGS:2 CYBER:1", [41], "UNREACHABLE", "Field mission on the Mekong border until 2 December, no secure connection", "2026-11-19T23:10:00Z"),
    (41, "Floor Timmermans", "NL-POLITIE", "Inspecteur", "nl en ms", "DRUGS:2 CYBER:2", [40], "AVAILABLE", None, "2026-11-13T04:50:00Z"),
    (42, "Remco Schouten", "NL-POLITIE", "Hoofdinspecteur", "nl en", "OMCG:3 DRUGS:2", [], "LIMITED", "At an OMCG conference in Sydney this week; reachable by e-mail", "2026-11-22T21:00:00Z"),
    (43, "Geert Vandenberghe", "BE-FEDPOL", "Commissaris van politie", "nl fr en", "CYBER:2 MONEY_LAUNDERING:2 TERRORISM:2", [44], "AVAILABLE", None, "2026-08-03T13:00:00Z"),
    (44, "Mirjam de Wit", "NL-POLITIE", "Commissaris", "nl en es", "DRUGS:3 MIGRANT_SMUGGLING:1", [45], "AVAILABLE", None, "2026-11-02T15:30:00Z"),
    (45, "Thijs van Beek", "NL-POLITIE", "Hoofdinspecteur", "nl en es", "DRUGS:3 MONEY_LAUNDERING:2", [55], "AVAILABLE", None, "2026-10-29T12:45:00Z"),
    (46, "Luc Goffin", "BE-FEDPOL", "Commissaire de police", "fr nl en es", "DRUGS:3 MONEY_LAUNDERING:2", [47, 52], "ON_MISSION", "Port control operation in Cartagena until 27 November", "2026-11-15T22:00:00Z"),
    (47, "Jeroen Dijkstra", "NL-POLITIE", "Hoofdinspecteur", "nl en es", "DRUGS:3 FIREARMS:1", [46], "AVAILABLE", "Posting ends 15 May 2027", "2026-11-17T14:00:00Z"),
    (48, "Linda Verbruggen", "BE-CUSTOMS", "Attaché", "nl fr en es", "DRUGS:2 MONEY_LAUNDERING:1", [46], "AVAILABLE", None, "2026-10-24T13:15:00Z"),
    (49, "Rik Meijer", "NL-DOUANE", "Senior inspecteur douane", "nl en es", "DRUGS:2", [52], "AVAILABLE", None, "2026-09-18T12:00:00Z"),
    (50, "Nicolas Henrard", "BE-FEDPOL", "Commissaire de police", "fr en pt", "DRUGS:3 MONEY_LAUNDERING:2", [51], "AVAILABLE", None, "2026-11-09T11:00:00Z"),
    (51, "Willem Veenstra", "NL-POLITIE", "Hoofdinspecteur", "nl en pt es", "DRUGS:3 FIREARMS:1", [58], "AVAILABLE", None, "2026-10-27T18:20:00Z"),
    (52, "Joris Van Damme", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en es", "DRUGS:3", [54], "AVAILABLE", None, "2026-11-21T15:00:00Z"),
    (53, "Femke Kok", "NL-POLITIE", "Inspecteur", "nl en es", "DRUGS:3 MONEY_LAUNDERING:1", [54], "AVAILABLE", "Moves from Guayaquil to Quito on 16 January 2027", "2026-11-07T16:45:00Z"),
    (54, "Ward Lemmens", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en es", "DRUGS:3 THB:1", [], "AVAILABLE", None, "2026-10-18T13:30:00Z"),
    (55, "Nina de Jong", "NL-POLITIE", "Hoofdinspecteur", "nl en es", "DRUGS:2 MONEY_LAUNDERING:2", [45], "AVAILABLE", None, "2026-11-12T17:10:00Z"),
    (56, "Dennis Martina", "NL-KMAR", "Kapitein", "nl en es", "MIGRANT_SMUGGLING:2 DRUGS:2", [55], "AVAILABLE", None, "2026-09-29T14:05:00Z"),
    (57, "Stijn Koopman", "NL-POLITIE", "Hoofdinspecteur", "nl en", "DRUGS:3 MONEY_LAUNDERING:1", [], "AVAILABLE", None, "2026-10-10T12:00:00Z"),
    (58, "Charlotte Delvaux", "BE-FEDPOL", "Commissaire de police", "fr en es", "DRUGS:2 MONEY_LAUNDERING:2 THB:1", [54], "AVAILABLE", None, "2026-11-04T19:30:00Z"),
    (59, "Sven Groen", "NL-POLITIE", "Inspecteur", "nl en", "CYBER:3", [], "AVAILABLE", None, "2026-10-06T03:15:00Z"),
    (60, "Dirk Janssens", "BE-FEDPOL", "Hoofdcommissaris van politie", "nl fr en es", "DRUGS:3 THB:2", [], "AVAILABLE", "Back at headquarters in Brussels since September 2025; no current posting", "2025-09-01T08:00:00Z"),
]

# --------------------------------------------------------------------------- postings
ALL = "ALL"
BE_LIST = BE_SERVICES
NL_LIST = NL_SERVICES
BP, CSC, EBD, WAC = "BALKANS_PILOT", "COCAINE_SOURCE_COUNTRIES", "EUROPOL_BENELUX_DESK", "WEST_AFRICA_COCAINE_ROUTE"

# (officer, city, station, country, startsOn, endsOn, kind, accreditedTo, serves, programmes)
# Listed in id order: P-001.. are the current postings of LO-001..LO-059, then the two
# follow-up postings that start soon, then the history.
POSTINGS = [
    (1, "Belgrade", "Embassy of the Netherlands, Belgrade", "RS", "2024-09-01", None, "regional", "ME", ALL, [BP]),
    (2, "Sarajevo", "Embassy of Belgium, Sarajevo", "BA", "2023-02-01", None, "regional", "HR", ALL, [BP]),
    (3, "Tirana", "Embassy of the Netherlands, Tirana", "AL", "2022-09-01", None, "regional", "", ALL, [BP]),
    (4, "Belgrade", "Embassy of Belgium, Belgrade", "RS", "2025-03-01", None, "resident", "", BE_LIST, []),
    (5, "Belgrade", "Embassy of the Netherlands, Belgrade", "RS", "2025-09-01", None, "resident", "", ["NL-KMAR", "NL-POLITIE"], []),
    (6, "Sofia", "Embassy of Belgium, Sofia", "BG", "2022-01-01", "2026-12-31", "resident", "", ALL, []),
    (7, "Athens", "Embassy of Belgium, Athens", "GR", "2023-09-01", None, "resident", "CY", ALL, []),
    (8, "Bucharest", "SELEC, Bucharest", "RO", "2024-03-01", None, "multilateral", "MD", ALL, []),
    (9, "Warsaw", "Frontex, Warsaw", "PL", "2025-01-15", None, "multilateral", "", ALL, []),
    (10, "The Hague", "Europol, The Hague", "NL", "2023-09-01", None, "multilateral", "", ALL, [EBD]),
    (11, "The Hague", "Europol, The Hague", "NL", "2024-01-15", None, "multilateral", "", NL_LIST, []),
    (12, "Lyon", "Interpol General Secretariat, Lyon", "FR", "2022-05-01", "2027-04-30", "multilateral", "", ALL, []),
    (13, "Paris", "Embassy of the Netherlands, Paris", "FR", "2024-08-01", None, "resident", "MC", ALL, []),
    (14, "Madrid", "Embassy of Belgium, Madrid", "ES", "2021-09-01", None, "resident", "AD", ALL, []),
    (15, "Madrid", "Embassy of the Netherlands, Madrid", "ES", "2023-06-01", None, "resident", "", NL_LIST, []),
    (16, "Lisbon", "MAOC-N, Lisbon", "PT", "2024-02-01", None, "multilateral", "", ALL, [CSC]),
    (17, "Lisbon", "MAOC-N, Lisbon", "PT", "2022-10-01", None, "multilateral", "", ["NL-DOUANE", "NL-POLITIE", "NL-FIOD", "NL-OM"], [CSC]),
    (18, "Berlin", "Embassy of the Netherlands, Berlin", "DE", "2023-04-01", None, "resident", "AT CH", ALL, []),
    (19, "Rome", "Embassy of Belgium, Rome", "IT", "2022-09-01", None, "resident", "MT SM VA", ALL, []),
    (20, "Warsaw", "Embassy of Belgium, Warsaw", "PL", "2023-02-15", "2027-02-15", "resident", "LT LV EE", ALL, []),
    (21, "London", "Embassy of the Netherlands, London", "GB", "2023-03-15", "2027-03-15", "resident", "IE", ALL, []),
    (22, "London", "Embassy of Belgium, London", "GB", "2024-09-01", None, "resident", "", BE_LIST, []),
    (23, "Istanbul", "Consulate-General of the Netherlands, Istanbul", "TR", "2024-06-01", None, "resident", "GE AZ", ["NL-KMAR", "NL-POLITIE", "NL-OM"], []),
    (24, "Ankara", "Embassy of Belgium, Ankara", "TR", "2023-09-01", None, "resident", "AM", ALL, []),
    (25, "Kyiv", "Embassy of the Netherlands, Kyiv", "UA", "2023-05-01", None, "resident", "MD", ALL, []),
    (26, "Rabat", "Embassy of Belgium, Rabat", "MA", "2022-09-01", None, "resident", "MR", ALL, []),
    (27, "Rabat", "Embassy of the Netherlands, Rabat", "MA", "2024-09-01", None, "resident", "", NL_LIST, []),
    (28, "Algiers", "Embassy of Belgium, Algiers", "DZ", "2023-01-15", None, "resident", "TN LY", ALL, []),
    (29, "Dubai", "Consulate-General of the Netherlands, Dubai", "AE", "2024-04-01", None, "resident", "OM QA BH KW", ["NL-FIOD", "NL-POLITIE", "NL-OM", "NL-DOUANE"], []),
    (30, "Abu Dhabi", "Embassy of Belgium, Abu Dhabi", "AE", "2023-04-01", "2027-03-31", "resident", "SA", ALL, []),
    (31, "Amman", "Embassy of the Netherlands, Amman", "JO", "2024-01-01", None, "resident", "IQ LB SY", ALL, []),
    (32, "Cairo", "Embassy of Belgium, Cairo", "EG", "2022-11-01", None, "resident", "SD", ALL, []),
    (33, "Abuja", "Embassy of the Netherlands, Abuja", "NG", "2023-10-01", None, "resident", "BJ GH", ALL, []),
    (34, "Dakar", "Embassy of Belgium, Dakar", "SN", "2024-09-01", None, "regional", "GM GW CV ML MR", ALL, []),
    (35, "Kinshasa", "Embassy of Belgium, Kinshasa", "CD", "2022-08-01", None, "resident", "CG RW BI", ALL, []),
    (36, "Nairobi", "Embassy of the Netherlands, Nairobi", "KE", "2024-02-01", None, "regional", "TZ UG ET", ALL, []),
    (37, "Pretoria", "Embassy of the Netherlands, Pretoria", "ZA", "2023-03-01", "2027-02-28", "regional", "NA BW MZ ZW LS SZ", ALL, []),
    (38, "Islamabad", "Embassy of Belgium, Islamabad", "PK", "2024-03-01", None, "resident", "AF", ALL, []),
    (39, "Beijing", "Embassy of the Netherlands, Beijing", "CN", "2023-08-01", None, "resident", "", ALL, []),
    (40, "Bangkok", "Embassy of Belgium, Bangkok", "TH", "2022-10-01", None, "regional", "LA KH MM", ALL, []),
    (41, "Kuala Lumpur", "Embassy of the Netherlands, Kuala Lumpur", "MY", "2024-05-01", None, "regional", "SG ID BN PH", ALL, []),
    (42, "Canberra", "Embassy of the Netherlands, Canberra", "AU", "2023-07-01", None, "resident", "NZ", ALL, []),
    (43, "Washington", "Embassy of Belgium, Washington", "US", "2026-08-01", None, "resident", "", ALL, []),
    (44, "Mexico City", "Embassy of the Netherlands, Mexico City", "MX", "2023-09-01", None, "regional", "GT BZ HN SV", ALL, [CSC]),
    (45, "Panama City", "Embassy of the Netherlands, Panama City", "PA", "2024-01-15", None, "regional", "CR NI", ALL, [CSC]),
    (46, "Bogotá", "Embassy of Belgium, Bogotá", "CO", "2023-09-01", None, "resident", "VE", ALL, [CSC]),
    (47, "Bogotá", "Embassy of the Netherlands, Bogotá", "CO", "2022-05-15", "2027-05-15", "resident", "", ALL, [CSC]),
    (48, "Bogotá", "Embassy of Belgium, Bogotá", "CO", "2024-10-01", None, "resident", "", ["BE-CUSTOMS", "BE-FEDPOL", "BE-FGP", "BE-PROSECUTION"], [CSC]),
    (49, "Bogotá", "Embassy of the Netherlands, Bogotá", "CO", "2025-02-01", None, "resident", "", ["NL-DOUANE", "NL-POLITIE", "NL-FIOD", "NL-OM"], [CSC]),
    (50, "Brasília", "Embassy of Belgium, Brasília", "BR", "2023-03-01", None, "resident", "PY", ALL, [CSC]),
    (51, "São Paulo", "Consulate-General of the Netherlands, São Paulo", "BR", "2024-07-01", None, "resident", "", ALL, [CSC]),
    (52, "Quito", "Embassy of Belgium, Quito", "EC", "2024-01-08", None, "resident", "", ALL, [CSC]),
    (53, "Guayaquil", "Consulate of the Netherlands, Guayaquil", "EC", "2023-01-16", "2027-01-15", "resident", "", NL_LIST, [CSC]),
    (54, "Lima", "Embassy of Belgium, Lima", "PE", "2023-09-01", None, "resident", "BO", ALL, [CSC]),
    (55, "Santo Domingo", "Embassy of the Netherlands, Santo Domingo", "DO", "2024-03-01", None, "regional", "HT JM", ALL, [CSC]),
    (56, "Willemstad", "Netherlands liaison desk, Willemstad", "CW", "2025-06-01", None, "resident", "AW SX", NL_LIST, [CSC]),
    (57, "Paramaribo", "Embassy of the Netherlands, Paramaribo", "SR", "2022-08-01", None, "resident", "GY GF", ALL, [CSC]),
    (58, "Buenos Aires", "Embassy of Belgium, Buenos Aires", "AR", "2024-02-01", None, "resident", "UY CL", ALL, [CSC]),
    (59, "Singapore", "Interpol Global Complex for Innovation, Singapore", "SG", "2025-04-01", None, "multilateral", "", ALL, []),
    # follow-up postings (start after today)
    (6, "Bucharest", "Embassy of Belgium, Bucharest", "RO", "2027-01-01", None, "resident", "", ALL, []),
    (53, "Quito", "Embassy of the Netherlands, Quito", "EC", "2027-01-16", None, "resident", "", NL_LIST, [CSC]),
    # history (ended)
    (1, "The Hague", "Europol, The Hague", "NL", "2019-03-01", "2024-06-30", "multilateral", "", NL_LIST, [EBD]),
    (2, "Belgrade", "Embassy of Belgium, Belgrade", "RS", "2018-09-01", "2023-01-15", "regional", "", ALL, [BP]),
    (3, "Bucharest", "Embassy of Belgium, Bucharest", "RO", "2018-01-01", "2022-06-30", "resident", "MD", ALL, []),
    (25, "Moscow", "Embassy of the Netherlands, Moscow", "RU", "2019-09-01", "2022-03-31", "resident", "BY", ALL, []),
    (60, "Caracas", "Embassy of Belgium, Caracas", "VE", "2016-09-01", "2020-06-30", "resident", "", ALL, [CSC]),
    (60, "Accra", "Embassy of Belgium, Accra", "GH", "2020-09-01", "2025-08-31", "regional", "TG CI", ALL, [WAC]),
    (46, "Lima", "Embassy of Belgium, Lima", "PE", "2019-05-01", "2023-07-31", "resident", "BO", ALL, [CSC]),
    (10, "Lyon", "Interpol General Secretariat, Lyon", "FR", "2017-09-01", "2022-04-30", "multilateral", "", ALL, []),
    (14, "Rabat", "Embassy of Belgium, Rabat", "MA", "2016-09-01", "2021-08-31", "resident", "MR", ALL, []),
    (44, "Bogotá", "Embassy of the Netherlands, Bogotá", "CO", "2018-04-15", "2022-08-31", "resident", "VE", ALL, [CSC]),
    (34, "Abidjan", "Embassy of Belgium, Abidjan", "CI", "2019-03-01", "2024-07-31", "resident", "BF", ALL, [WAC]),
    (39, "Kuala Lumpur", "Embassy of the Netherlands, Kuala Lumpur", "MY", "2018-09-01", "2023-06-30", "resident", "SG", ALL, []),
    (50, "São Paulo", "Consulate-General of Belgium, São Paulo", "BR", "2017-09-01", "2022-12-31", "resident", "", ALL, [CSC]),
    (55, "Panama City", "Embassy of the Netherlands, Panama City", "PA", "2019-09-01", "2023-12-31", "regional", "CR", ALL, [CSC]),
    (43, "Ottawa", "Embassy of Belgium, Ottawa", "CA", "2021-09-01", "2026-07-31", "resident", "", ALL, []),
    (23, "Athens", "Embassy of the Netherlands, Athens", "GR", "2019-06-01", "2024-05-31", "resident", "CY", ALL, []),
    (18, "Rome", "Embassy of the Netherlands, Rome", "IT", "2018-05-01", "2023-03-31", "resident", "MT", ALL, []),
    (26, "Algiers", "Embassy of Belgium, Algiers", "DZ", "2018-09-01", "2022-08-31", "resident", "TN", ALL, []),
    (57, "Lima", "Embassy of the Netherlands, Lima", "PE", "2017-09-01", "2022-07-31", "resident", "BO", ALL, [CSC]),
]

# Fictitious phone prefixes per posting city (numbers are "<prefix> 555 01NN").
PHONE_PREFIX = {
    "Belgrade": "+381 11", "Sarajevo": "+387 33", "Tirana": "+355 4", "Sofia": "+359 2",
    "Athens": "+30 21", "Bucharest": "+40 21", "Warsaw": "+48 22", "The Hague": "+31 70",
    "Lyon": "+33 4", "Paris": "+33 1", "Madrid": "+34 91", "Lisbon": "+351 21",
    "Berlin": "+49 30", "Rome": "+39 06", "London": "+44 20", "Istanbul": "+90 212",
    "Ankara": "+90 312", "Kyiv": "+380 44", "Rabat": "+212 537", "Algiers": "+213 21",
    "Dubai": "+971 4", "Abu Dhabi": "+971 2", "Amman": "+962 6", "Cairo": "+20 2",
    "Abuja": "+234 9", "Dakar": "+221 33", "Kinshasa": "+243 81", "Nairobi": "+254 20",
    "Pretoria": "+27 12", "Islamabad": "+92 51", "Beijing": "+86 10", "Bangkok": "+66 2",
    "Kuala Lumpur": "+60 3", "Canberra": "+61 2", "Washington": "+1 202",
    "Mexico City": "+52 55", "Panama City": "+507 2", "Bogotá": "+57 601",
    "Brasília": "+55 61", "São Paulo": "+55 11", "Quito": "+593 2", "Guayaquil": "+593 4",
    "Lima": "+51 1", "Santo Domingo": "+1 809", "Willemstad": "+599 9",
    "Paramaribo": "+597 4", "Buenos Aires": "+54 11", "Singapore": "+65 6",
}
HOME_PHONE_PREFIX = {"BE": "+32 2", "NL": "+31 70"}


# Declared areas of responsibility (route AREA), by posting id: countries a regional posting
# answers for besides its host country and its accreditations. North Macedonia and Kosovo are
# declared by nobody today: the Western Balkans keep real gaps (4 of 6 countries covered).
AREAS = {
    "P-002": "ME",
    "P-034": "GN SL",
    "P-036": "SO SS",
    "P-037": "ZM MW",
    "P-040": "VN",
    "P-044": "CU",
    "P-055": "BS TC",
}

# --------------------------------------------------------------------------- history
# The network's past, for the programme reports and the joint LO week of 16-20 April 2018 in
# Brussels, which gathered about 60 Belgian and Dutch LOs (with the 7 of the postings above who
# were abroad then, 60 are active on 16 April 2018). Officers LO-061.. hold no posting today.
# (number, name, home service, rank, languages, competences)
HISTORY_OFFICERS = [
    # the Balkans pilot from its start in September 2010: Belgrade, Sarajevo, Tirana, Skopje
    (61, "Pieter Claeys", "BE-FEDPOL", "Commissaris van politie", "nl fr en sr", "DRUGS:2 THB:2"),
    (62, "Marloes Jansen", "NL-POLITIE", "Hoofdinspecteur", "nl en bs", "MIGRANT_SMUGGLING:2 THB:2"),
    (63, "Anne Collignon", "BE-FEDPOL", "Commissaire de police", "fr en sq", "DRUGS:2 FIREARMS:2"),
    (64, "Gerrit Hofman", "NL-KMAR", "Majoor", "nl en mk", "MIGRANT_SMUGGLING:3"),
    (65, "Bas van der Linden", "NL-POLITIE", "Commissaris", "nl en sr", "DRUGS:3 OMCG:1"),
    (66, "Veerle Desmedt", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en bs", "THB:3 DRUGS:1"),
    (67, "Marieke Smits", "NL-POLITIE", "Hoofdinspecteur", "nl en sq", "DRUGS:2 FIREARMS:2"),
    (68, "Laurent Masson", "BE-FEDPOL", "Commissaire de police", "fr en mk", "FIREARMS:3 MIGRANT_SMUGGLING:1"),
    # abroad in April 2018
    (69, "Hilde Vermeiren", "BE-FEDPOL", "Commissaris van politie", "nl fr en", "TERRORISM:2 PUBLIC_ORDER:2"),
    (70, "Christophe Lejeune", "BE-FEDPOL", "Commissaire de police", "fr en de", "PROPERTY_CRIME:2 OMCG:2"),
    (71, "Kristof Wuyts", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en", "MIGRANT_SMUGGLING:2 THB:2"),
    (72, "Sandrine Lambotte", "BE-FEDPOL", "Commissaire de police", "fr en es", "DRUGS:3 MONEY_LAUNDERING:1"),
    (73, "Wim Verstraeten", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en it", "OMCG:2 FIREARMS:2"),
    (74, "Els Coppens", "BE-FEDPOL", "Commissaris van politie", "nl fr en pl", "PROPERTY_CRIME:3 THB:1"),
    (75, "Marc Dumont", "BE-FEDPOL", "Commissaire de police", "fr en ro", "THB:3 PROPERTY_CRIME:2"),
    (76, "Griet Van Acker", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en bg", "THB:2 MIGRANT_SMUGGLING:2"),
    (77, "Philippe Gilson", "BE-FEDPOL", "Commissaire de police", "fr en el", "MIGRANT_SMUGGLING:3"),
    (78, "Bert Segers", "BE-FEDPOL", "Commissaris van politie", "nl fr en tr", "TERRORISM:2 DRUGS:2"),
    (79, "Isabelle Thiry", "BE-FEDPOL", "Commissaire de police", "fr en ru", "CYBER:2 MONEY_LAUNDERING:2"),
    (80, "Dries Michiels", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en ar", "DRUGS:3 TERRORISM:1"),
    (81, "Valérie Hubert", "BE-FEDPOL", "Commissaire de police", "fr en ar", "TERRORISM:3"),
    (82, "Tom Verlinden", "BE-FEDPOL", "Commissaris van politie", "nl fr en ar", "MIGRANT_SMUGGLING:2 TERRORISM:2"),
    (83, "Sébastien Noël", "BE-FEDPOL", "Commissaire de police", "fr en", "DRUGS:2 THB:2"),
    (84, "An Verhaegen", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en ln", "THB:2 MONEY_LAUNDERING:2"),
    (85, "Olivier Mathieu", "BE-FEDPOL", "Commissaire de police", "fr en sw", "DRUGS:2 TERRORISM:2"),
    (86, "Jef Aerts", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en th", "THB:3 CYBER:1"),
    (87, "Nadia Bouzid", "BE-FEDPOL", "Commissaire de police", "fr en zh", "CYBER:2 MONEY_LAUNDERING:2"),
    (88, "Koenraad Smet", "BE-FEDPOL", "Commissaris van politie", "nl fr en es", "DRUGS:3 MONEY_LAUNDERING:2"),
    (89, "Aurélie Dubois", "BE-FEDPOL", "Commissaire de police", "fr en pt", "DRUGS:3"),
    (90, "Lieven De Clercq", "BE-CUSTOMS", "Attaché", "nl fr en es", "DRUGS:2 MONEY_LAUNDERING:1"),
    (91, "Benoît Laurent", "BE-FEDPOL", "Commissaire de police", "fr en", "CYBER:3"),
    (92, "Ilse Vandamme", "BE-FEDPOL", "Commissaris van politie", "nl fr en", "TERRORISM:2 CYBER:2"),
    (93, "Johan Peeters", "BE-FEDPOL", "Hoofdinspecteur van politie", "nl fr en pt", "DRUGS:3 MIGRANT_SMUGGLING:1"),
    (94, "Martijn de Vries", "NL-POLITIE", "Commissaris", "nl en fr", "TERRORISM:3 PUBLIC_ORDER:1"),
    (95, "Sanne Vermeulen", "NL-POLITIE", "Hoofdinspecteur", "nl en de", "OMCG:3 PROPERTY_CRIME:2"),
    (96, "Joris van Wijk", "NL-POLITIE", "Inspecteur", "nl en", "CYBER:2 DRUGS:2"),
    (97, "Eline Bos", "NL-POLITIE", "Hoofdinspecteur", "nl en es", "DRUGS:3"),
    (98, "Ruben Meijer", "NL-POLITIE", "Commissaris", "nl en it", "MONEY_LAUNDERING:2 DRUGS:2"),
    (99, "Lisa de Groot", "NL-KMAR", "Kapitein", "nl en pl", "MIGRANT_SMUGGLING:3 THB:1"),
    (100, "Thomas Kramer", "NL-POLITIE", "Hoofdinspecteur", "nl en tr", "MIGRANT_SMUGGLING:2 DRUGS:2"),
    (101, "Anouk Brouwer", "NL-POLITIE", "Inspecteur", "nl en ru", "FIREARMS:2 CYBER:2"),
    (102, "Wouter Koster", "NL-POLITIE", "Hoofdinspecteur", "nl en ar", "DRUGS:3 MONEY_LAUNDERING:1"),
    (103, "Femke de Haan", "NL-FIOD", "Senior rechercheur", "nl en ar", "MONEY_LAUNDERING:3"),
    (104, "Jeroen Hoekstra", "NL-POLITIE", "Commissaris", "nl en ar", "TERRORISM:3 MIGRANT_SMUGGLING:1"),
    (105, "Maaike Verbeek", "NL-POLITIE", "Hoofdinspecteur", "nl en", "THB:3 DRUGS:1"),
    (106, "Sjoerd Postma", "NL-POLITIE", "Inspecteur", "nl en sw", "DRUGS:2 TERRORISM:1"),
    (107, "Ingrid van Leeuwen", "NL-POLITIE", "Hoofdinspecteur", "nl en af", "PROPERTY_CRIME:2 DRUGS:2"),
    (108, "Arjen Mulder", "NL-POLITIE", "Commissaris", "nl en ur", "MIGRANT_SMUGGLING:2 TERRORISM:2"),
    (109, "Lotte van Dijk", "NL-POLITIE", "Inspecteur", "nl en zh", "CYBER:3"),
    (110, "Gijs Dekker", "NL-POLITIE", "Hoofdinspecteur", "nl en id", "DRUGS:2 THB:2"),
    (111, "Noor Visser", "NL-POLITIE", "Hoofdinspecteur", "nl en es", "DRUGS:3 FIREARMS:1"),
    (112, "Hidde Smit", "NL-DOUANE", "Senior inspecteur douane", "nl en es", "DRUGS:3"),
    (113, "Roos van den Berg", "NL-POLITIE", "Commissaris", "nl en pt es", "DRUGS:3 MONEY_LAUNDERING:2"),
    (114, "Koen de Bruijn", "NL-KMAR", "Luitenant-kolonel", "nl en es", "MIGRANT_SMUGGLING:2 DRUGS:2"),
    (115, "Esther Jacobs", "NL-POLITIE", "Hoofdinspecteur", "nl en", "DRUGS:3 MONEY_LAUNDERING:1"),
    (116, "Pim Willems", "NL-POLITIE", "Inspecteur", "nl en", "CYBER:2 MONEY_LAUNDERING:2"),
    (117, "Caroline Renson", "BE-FEDPOL", "Commissaire de police", "fr en es", "DRUGS:3 THB:1"),
]

# (officer, city, station, country, startsOn, endsOn, kind, accreditedTo, serves, programmes):
# appended after POSTINGS, so the postings above keep their ids.
HISTORY_POSTINGS = [
    (61, "Belgrade", "Embassy of Belgium, Belgrade", "RS", "2010-09-01", "2014-08-31", "regional", "ME", "ALL", [BP]),
    (62, "Sarajevo", "Embassy of the Netherlands, Sarajevo", "BA", "2010-09-01", "2014-08-31", "regional", "HR", "ALL", [BP]),
    (63, "Tirana", "Embassy of Belgium, Tirana", "AL", "2011-01-10", "2015-06-30", "regional", "", "ALL", [BP]),
    (64, "Skopje", "Embassy of the Netherlands, Skopje", "MK", "2011-03-01", "2016-02-29", "regional", "XK", "ALL", [BP]),
    (65, "Belgrade", "Embassy of the Netherlands, Belgrade", "RS", "2014-09-01", "2018-08-31", "regional", "ME", "ALL", [BP]),
    (66, "Sarajevo", "Embassy of Belgium, Sarajevo", "BA", "2014-09-01", "2019-01-31", "regional", "HR", "ALL", [BP]),
    (67, "Tirana", "Embassy of the Netherlands, Tirana", "AL", "2015-07-01", "2019-06-30", "regional", "", "ALL", [BP]),
    (68, "Skopje", "Embassy of Belgium, Skopje", "MK", "2016-03-01", "2020-02-29", "regional", "XK", "ALL", [BP]),
    (69, "Paris", "Embassy of Belgium, Paris", "FR", "2015-09-01", "2020-08-31", "resident", "MC", "ALL", []),
    (70, "Berlin", "Embassy of Belgium, Berlin", "DE", "2016-01-15", "2021-01-14", "resident", "", "ALL", []),
    (71, "London", "Embassy of Belgium, London", "GB", "2016-09-01", "2020-12-31", "resident", "IE", "ALL", []),
    (72, "Madrid", "Embassy of Belgium, Madrid", "ES", "2016-09-01", "2021-08-31", "resident", "", "ALL", []),
    (73, "Rome", "Embassy of Belgium, Rome", "IT", "2017-09-01", "2022-08-31", "resident", "MT", "ALL", []),
    (74, "Warsaw", "Embassy of Belgium, Warsaw", "PL", "2015-02-01", "2020-01-31", "resident", "LT", "ALL", []),
    (75, "Bucharest", "Embassy of Belgium, Bucharest", "RO", "2014-09-01", "2018-12-31", "resident", "", "ALL", []),
    (76, "Sofia", "Embassy of Belgium, Sofia", "BG", "2016-03-01", "2021-12-31", "resident", "", "ALL", []),
    (77, "Athens", "Embassy of Belgium, Athens", "GR", "2017-01-15", "2022-01-14", "resident", "CY", "ALL", []),
    (78, "Ankara", "Embassy of Belgium, Ankara", "TR", "2016-09-01", "2021-08-31", "resident", "", "ALL", []),
    (79, "Moscow", "Embassy of Belgium, Moscow", "RU", "2015-09-01", "2020-08-31", "resident", "BY", "ALL", []),
    (80, "Algiers", "Embassy of Belgium, Algiers", "DZ", "2014-09-01", "2018-08-31", "resident", "TN", "ALL", []),
    (81, "Cairo", "Embassy of Belgium, Cairo", "EG", "2016-11-01", "2021-10-31", "resident", "", "ALL", []),
    (82, "Amman", "Embassy of Belgium, Amman", "JO", "2017-03-01", "2021-02-28", "resident", "LB", "ALL", []),
    (83, "Dakar", "Embassy of Belgium, Dakar", "SN", "2015-09-01", "2019-08-31", "regional", "GM", "ALL", []),
    (84, "Kinshasa", "Embassy of Belgium, Kinshasa", "CD", "2016-08-01", "2022-07-31", "resident", "CG", "ALL", []),
    (85, "Nairobi", "Embassy of Belgium, Nairobi", "KE", "2017-02-01", "2021-01-31", "regional", "TZ", "ALL", []),
    (86, "Bangkok", "Embassy of Belgium, Bangkok", "TH", "2016-10-01", "2022-09-30", "regional", "LA", "ALL", []),
    (87, "Beijing", "Embassy of Belgium, Beijing", "CN", "2015-08-01", "2020-07-31", "resident", "", "ALL", []),
    (88, "Bogotá", "Embassy of Belgium, Bogotá", "CO", "2016-09-01", "2021-08-31", "resident", "", "ALL", [CSC]),
    (89, "Lisbon", "MAOC-N, Lisbon", "PT", "2016-02-01", "2021-01-31", "multilateral", "", "ALL", []),
    (90, "Panama City", "Embassy of Belgium, Panama City", "PA", "2017-05-01", "2021-04-30", "resident", "", BE_LIST, [CSC]),
    (91, "The Hague", "Europol, The Hague", "NL", "2016-09-01", "2021-08-31", "multilateral", "", "ALL", []),
    (92, "Lyon", "Interpol General Secretariat, Lyon", "FR", "2017-06-01", "2022-04-30", "multilateral", "", "ALL", []),
    (93, "Brasília", "Embassy of Belgium, Brasília", "BR", "2017-09-01", "2023-02-28", "resident", "", "ALL", [CSC]),
    (94, "Paris", "Embassy of the Netherlands, Paris", "FR", "2016-08-01", "2021-07-31", "resident", "", "ALL", []),
    (95, "Berlin", "Embassy of the Netherlands, Berlin", "DE", "2015-04-01", "2020-03-31", "resident", "AT", "ALL", []),
    (96, "London", "Embassy of the Netherlands, London", "GB", "2017-03-15", "2023-03-14", "resident", "", "ALL", []),
    (97, "Madrid", "Embassy of the Netherlands, Madrid", "ES", "2016-06-01", "2021-05-31", "resident", "", NL_LIST, []),
    (98, "Rome", "Embassy of the Netherlands, Rome", "IT", "2015-05-01", "2018-04-30", "resident", "", "ALL", []),
    (99, "Warsaw", "Embassy of the Netherlands, Warsaw", "PL", "2016-01-15", "2020-12-31", "resident", "", ["NL-KMAR", "NL-POLITIE"], []),
    (100, "Istanbul", "Consulate-General of the Netherlands, Istanbul", "TR", "2016-06-01", "2021-05-31", "resident", "GE", ["NL-KMAR", "NL-POLITIE", "NL-OM"], []),
    (101, "Kyiv", "Embassy of the Netherlands, Kyiv", "UA", "2017-05-01", "2023-04-30", "resident", "MD", "ALL", []),
    (102, "Rabat", "Embassy of the Netherlands, Rabat", "MA", "2016-09-01", "2021-08-31", "resident", "", NL_LIST, []),
    (103, "Dubai", "Consulate-General of the Netherlands, Dubai", "AE", "2017-04-01", "2022-03-31", "resident", "OM", ["NL-FIOD", "NL-POLITIE", "NL-OM", "NL-DOUANE"], []),
    (104, "Amman", "Embassy of the Netherlands, Amman", "JO", "2016-01-01", "2020-12-31", "resident", "IQ", "ALL", []),
    (105, "Abuja", "Embassy of the Netherlands, Abuja", "NG", "2016-10-01", "2021-09-30", "resident", "GH", "ALL", []),
    (106, "Nairobi", "Embassy of the Netherlands, Nairobi", "KE", "2015-02-01", "2020-01-31", "resident", "UG", "ALL", []),
    (107, "Pretoria", "Embassy of the Netherlands, Pretoria", "ZA", "2017-03-01", "2023-02-28", "regional", "NA", "ALL", []),
    (108, "Islamabad", "Embassy of the Netherlands, Islamabad", "PK", "2016-03-01", "2021-02-28", "resident", "", "ALL", []),
    (109, "Beijing", "Embassy of the Netherlands, Beijing", "CN", "2017-08-01", "2023-07-31", "resident", "", "ALL", []),
    (110, "Jakarta", "Embassy of the Netherlands, Jakarta", "ID", "2016-05-01", "2021-04-30", "resident", "TL", "ALL", []),
    (111, "Mexico City", "Embassy of the Netherlands, Mexico City", "MX", "2017-09-01", "2023-08-31", "regional", "GT", "ALL", [CSC]),
    (112, "Lisbon", "MAOC-N, Lisbon", "PT", "2017-10-01", "2022-09-30", "multilateral", "", ["NL-DOUANE", "NL-POLITIE", "NL-FIOD", "NL-OM"], []),
    (113, "São Paulo", "Consulate-General of the Netherlands, São Paulo", "BR", "2015-07-01", "2020-06-30", "resident", "", "ALL", [CSC]),
    (114, "Willemstad", "Netherlands liaison desk, Willemstad", "CW", "2016-06-01", "2021-05-31", "resident", "AW", NL_LIST, [CSC]),
    (115, "Santo Domingo", "Embassy of the Netherlands, Santo Domingo", "DO", "2017-03-01", "2022-02-28", "regional", "HT", "ALL", [CSC]),
    (116, "The Hague", "Europol, The Hague", "NL", "2015-09-01", "2020-08-31", "multilateral", "", NL_LIST, []),
    (117, "Lima", "Embassy of Belgium, Lima", "PE", "2016-09-01", "2019-04-30", "resident", "BO", "ALL", [CSC]),
]

# --------------------------------------------------------------------------- windows
# (officer, startsOn, endsOn, status, note); W-001 is a fixed point of the tests.
WINDOWS = [
    (1, "2026-12-21", "2027-01-03", "ON_LEAVE", "Christmas leave"),
    (5, "2026-11-23", "2026-11-26", "ON_MISSION", "Joint border operation with Serbian police, Subotica"),
    (46, "2026-11-16", "2026-11-27", "ON_MISSION", "Port control operation in Cartagena with Colombian anti-narcotics police"),
    (47, "2026-12-18", "2027-01-06", "ON_LEAVE", "Home leave over Christmas"),
    (36, "2026-11-09", "2026-11-30", "ON_LEAVE", "Home leave"),
    (10, "2026-10-12", "2026-10-16", "LIMITED", "Europol training week: e-mail only"),
    (4, "2027-02-08", "2027-02-19", "ON_LEAVE", "Winter leave"),
    (2, "2027-03-15", "2027-03-19", "LIMITED", "CEPOL course in Budapest: reachable in the evening"),
    (3, "2026-10-19", "2026-10-23", "ON_MISSION", "Working visit to Skopje with Albanian state police counterparts"),
    (14, "2026-11-30", "2026-12-04", "ON_MISSION", "Operational meeting at Europol, The Hague"),
    (26, "2027-03-22", "2027-04-05", "ON_LEAVE", "Annual leave"),
    (52, "2026-12-07", "2026-12-11", "ON_MISSION", "Port of Guayaquil: joint container profiling week"),
    (29, "2027-01-10", "2027-01-24", "ON_LEAVE", "Annual leave"),
    (40, "2026-11-20", "2026-12-02", "UNREACHABLE", "Field mission on the Mekong border, no secure connection"),
    (39, "2027-01-25", "2027-02-12", "ON_LEAVE", "Home leave"),
    (50, "2027-04-12", "2027-04-23", "LIMITED", "Part-time language course"),
    (21, "2027-02-22", "2027-03-05", "ON_LEAVE", "Leave before end of posting"),
    (44, "2026-10-26", "2026-10-30", "ON_MISSION", "Regional meeting in Guatemala City"),
    (54, "2027-05-03", "2027-05-14", "ON_LEAVE", "Annual leave"),
    (1, "2027-03-08", "2027-03-12", "ON_MISSION", "Balkans pilot coordination meeting, Benelux Secretariat-General, Brussels"),
    (25, "2026-12-14", "2026-12-18", "LIMITED", "Reduced service: embassy security measures"),
    (58, "2027-06-01", "2027-06-18", "ON_LEAVE", "Annual leave"),
]

# --------------------------------------------------------------------------- taskings
TREATY, CD2003, DIR2023, MLA = ("BENELUX_POLICE_TREATY_2018", "COUNCIL_DECISION_2003_170_JHA",
                                "DIRECTIVE_EU_2023_977", "MUTUAL_LEGAL_ASSISTANCE")

# Legal bases: Directive (EU) 2023/977 only for requests to EU Member States (the loader refuses
# it elsewhere); Council Decision 2003/170/JHA (common use of LOs posted abroad) for the others.
# `access`: DIRECT or INDIRECT (default) accessible information, for the directive's deadlines.
# `answer` on completed ones: the LO's (handling code, H3 note, source reliability A/B/C/X,
# information 1-4); default DEFAULT_ANSWER.
DEFAULT_ANSWER = ("H1", None, "B", 2)
# Events after the initial REQUESTED: (hours after createdAt, action, note[, new assignee]).
# The actor is derived: requester actions (CANCELLED, REASSIGNED) carry the requester's
# subject, LO actions (ACCEPTED, DECLINED, STARTED, COMPLETED) the assignee's officer id.
TASKINGS = [
    dict(req="BE-FGP", user="inv.dewitte", to=1, country="RS", comp=["DRUGS"], prio="ROUTINE",
         created="2026-06-03T08:15:00Z", legal=TREATY, h="H1",
         title="Verify residential address of a suspect in Novi Beograd",
         details="Antwerp drugs investigation AN.55.L1.004211/26. The main suspect (Serbian national, born 1988) declared an address in Novi Beograd, Blok 45. Please check with the Serbian criminal police whether the address is current and who else is registered there.",
         outcome="Address confirmed by the Serbian criminal police: suspect registered there since March 2024 and living there with his partner. A car with Belgian plates was seen parked at the address twice in May.",
         events=[(3, "ACCEPTED", None), (20, "STARTED", "Request passed to the drugs unit of the Serbian criminal police."),
                 (98, "COMPLETED", "Result sent by SIENA to the requesting team.")]),
    dict(req="LU-POLICE", user="sre.weber", to=1, country="ME", comp=["DRUGS"], prio="ROUTINE",
         created="2026-11-10T10:00:00Z", legal=CD2003, h="H2",
         title="Identify the owner of a Montenegrin-registered speedboat",
         subjects=[{"company": {"name": "Jadran Nautika d.o.o.", "country": "ME"}}, {"phone": "+38267555014"}],
         details="Service de recherche et d'enquête criminelle, case SREC/2026/1187. A speedboat registered in Bar (Montenegro) was used to pick up cannabis off the Albanian coast; the buyers are based in Esch-sur-Alzette. Please identify the registered owner and any recent change of ownership.",
         outcome=None,
         events=[(5, "ACCEPTED", None), (26, "STARTED", "Asked the Montenegrin police directorate via the Podgorica contact point; waiting for the port authority register extract.")]),
    dict(req="NL-POLITIE", user="rech.vandermeer", to=5, country="RS", comp=["MIGRANT_SMUGGLING"], prio="URGENT",
         created="2026-11-22T09:00:00Z", legal=CD2003, h="H1",
         title="Smuggling vans crossing at Subotica: check vehicle registrations",
         # The drivers called the number the Luxembourg speedboat case names (T-0002): deconfliction.
         subjects=[{"vehicle": {"plate": "SU123AB", "country": "RS"}}, {"vehicle": {"plate": "SU456CD", "country": "RS"}},
                   {"phone": "+38267555014"}],
         details="Team Mensensmokkel Oost-Nederland. Two vans with Serbian plates dropped 19 migrants near Venlo on 20 November. Please check both registrations with the Serbian border police and ask whether the vans crossed at Horgoš or Kelebija in the last month.",
         outcome=None,
         events=[(3, "ACCEPTED", "Will raise it with the border police during the joint operation in Subotica.")]),
    dict(req="BE-FEDPOL", user="inv.maertens", to=4, country="RS", comp=["THB"], prio="ROUTINE",
         created="2026-10-05T09:20:00Z", legal=CD2003, h="H2",
         title="Contact the Serbian anti-trafficking unit about recruitment in Niš",
         details="Central directorate for the fight against serious and organised crime, THB section. Three women found in a Brussels massage parlour say they were recruited through a modelling agency in Niš. Please contact the Serbian anti-trafficking unit to check the agency and its owners.",
         outcome=None,
         events=[(4, "ACCEPTED", None), (30, "STARTED", "Meeting with the Serbian anti-trafficking unit planned; agency already known to them.")]),
    dict(req="NL-OM", user="ovj.hoekstra", to=2, country="BA", comp=["THB"], prio="ROUTINE",
         created="2026-11-19T13:00:00Z", legal=MLA, h="H2",
         title="Prepare the execution of an MLA request: hearing of victims in Tuzla",
         details="Landelijk Parket. An MLA request for the hearing of two victims of labour exploitation living near Tuzla will be sent next week. Please check with the competent prosecutor's office which format and language they need and whether a video hearing is possible.",
         outcome=None, events=[]),
    dict(req="BE-FGP", user="inv.lejeune", to=3, country="AL", comp=["FIREARMS"], prio="ROUTINE",
         created="2026-07-14T07:45:00Z", legal=TREATY, h="H1",
         title="Trace two pistols seized in Charleroi",
         details="FGP Charleroi, firearms cell. Two Zastava pistols with ground-off but recovered serial numbers were seized during a search. Please ask the Albanian state police whether the serial numbers appear in their records of weapons looted in 1997.",
         outcome="Both serial numbers match pistols registered as stolen from a depot in Gjirokastër in 1997. The Albanian state police have no later trace; their reply has been forwarded with the request to use it for intelligence only.",
         answer=("H3", "Intelligence only: the Albanian state police's reply may not be used as evidence or passed to a third country", "A", 1),
         events=[(6, "ACCEPTED", None), (28, "STARTED", None), (170, "COMPLETED", "Albanian reply forwarded.")]),
    dict(req="LU-PROSECUTION", user="subst.kremer", to=1, country="MK", comp=["DRUGS"], prio="URGENT",
         created="2026-11-18T08:00:00Z", legal=CD2003, h="H1",
         title="Check a North Macedonian transport company used for heroin transport",
         details="Parquet de Luxembourg, case 2026/54411. A lorry of a transport company from Kumanovo was stopped at Wasserbillig with 18 kg of heroin. Please find out whether the company and the driver are known to the North Macedonian police.",
         outcome=None,
         events=[(4, "ACCEPTED", None),
                 (30, "REASSIGNED", "Reassigned to LO-003 (Tirana): LO-001 has no contacts in Skopje, LO-003 covers North Macedonia in the Balkans pilot and visited the Skopje drugs unit in October.", 3)]),
    dict(req="BE-FEDPOL", user="inv.segers", to=46, country="CO", comp=["DRUGS"], prio="URGENT",
         created="2026-11-12T16:10:00Z", legal=CD2003, h="H1",
         title="Container of cocaine shipped from Buenaventura to Antwerp",
         details="Port of Antwerp drugs team. 1.2 tonnes of cocaine found in a reefer container loaded in Buenaventura. Please contact the Colombian anti-narcotics police about the exporter, the freight forwarder and the loading terminal, and ask whether they hold images from the scanner at loading.",
         outcome=None,
         events=[(2, "ACCEPTED", None), (18, "STARTED", "Colombian anti-narcotics police informed; they are pulling the scanner images and the export file.")]),
    dict(req="NL-DOUANE", user="rech.bakker", to=49, country="CO", comp=["DRUGS"], prio="ROUTINE",
         created="2026-08-18T09:00:00Z", legal=TREATY, h="H0",
         title="Verify the exporter of a banana shipment from Santa Marta",
         details="Douane Rotterdam, team Containercontrole. A shipment of bananas declared by a newly registered exporter in Santa Marta scored high in the risk profile. Please verify whether the exporter exists at the declared address and is registered with the chamber of commerce.",
         outcome="Exporter registered in June 2026 with a capital of 5 million pesos; the declared address is a residential flat. The Colombian customs authority has added the company to its own risk profile.",
         events=[(7, "ACCEPTED", None), (26, "STARTED", None), (140, "COMPLETED", None)]),
    dict(req="BE-CUSTOMS", user="ops.vanhove", to=52, country="EC", comp=["DRUGS"], prio="IMMEDIATE",
         created="2026-09-09T05:30:00Z", legal=CD2003, h="H1",
         title="Container of cocaine in Guayaquil: contact the local anti-narcotics unit",
         details="Customs intelligence reports that a container of bananas bound for Antwerp, still at the terminal in Guayaquil, contains cocaine. The vessel sails tonight. Please contact the local anti-narcotics unit immediately so the container can be checked before loading.",
         outcome="The container was inspected at the Guayaquil terminal by the Ecuadorian anti-narcotics police: 412 kg of cocaine in the banana boxes. Ecuador opened its own investigation; contact details of the Ecuadorian case officer were passed to the requester.",
         events=[(0.5, "ACCEPTED", None), (1, "STARTED", "Anti-narcotics unit in Guayaquil alerted by phone."),
                 (6, "COMPLETED", "Seizure confirmed.")]),
    dict(req="NL-POLITIE", user="rech.dewit", to=53, country="EC", comp=["DRUGS", "MONEY_LAUNDERING"], prio="ROUTINE",
         created="2026-11-02T11:00:00Z", legal=CD2003, h="H1",
         title="Identify the company behind a front exporter in Machala",
         details="Dienst Landelijke Recherche. A Dutch criminal group pays an exporter of shrimp in Machala through a chain of companies. Please find out who owns and runs the exporter and whether it is linked to companies already known to the Ecuadorian police.",
         outcome=None, events=[(9, "ACCEPTED", None)]),
    dict(req="LU-CUSTOMS", user="enq.schmit", to=50, country="BR", comp=["DRUGS"], prio="ROUTINE",
         created="2026-11-20T09:30:00Z", legal=CD2003, h="H0",
         title="Santos shipment with a Luxembourg consignee",
         details="Administration des douanes et accises, service anti-drogue. A container of granite from Santos is declared for a Luxembourg company without any activity. Please ask the Brazilian federal police whether the shipper or the Santos forwarding agent are known to them.",
         outcome=None, events=[]),
    dict(req="NL-FIOD", user="rech.kramer", to=29, country="AE", comp=["MONEY_LAUNDERING"], prio="ROUTINE",
         created="2026-10-20T08:00:00Z", legal=CD2003, h="H2",
         title="Identify the beneficial owner of a Dubai free-zone company",
         details="FIOD Rotterdam, investigation into underground banking. Payments of EUR 3.4 million went to a trading company in a Dubai free zone. Please establish who the beneficial owner is and whether the company holds real estate in Dubai.",
         outcome=None,
         events=[(5, "ACCEPTED", None), (29, "STARTED", "Request filed with the Dubai police financial crime department.")]),
    dict(req="BE-FEDPOL", user="inv.dumont", to=30, country="AE", comp=["MONEY_LAUNDERING"], prio="URGENT",
         created="2026-09-22T10:15:00Z", legal=CD2003, h="H1",
         title="Freeze a bank account in Abu Dhabi",
         details="Anti-money laundering section. A suspect transferred the proceeds of a VAT fraud to an account in Abu Dhabi. Please have the account frozen before the money is moved on.",
         outcome=None,
         events=[(5, "DECLINED", "Freezing an account is a coercive measure: it needs an MLA request through the central authority, not the liaison channel. I can help draft it in the format the UAE prosecution expects.")]),
    dict(req="NL-POLITIE", user="rech.jacobs", to=26, country="MA", comp=["DRUGS"], prio="ROUTINE",
         created="2026-10-01T12:00:00Z", legal=TREATY, h="H1",
         title="Locate a suspect believed to be staying near Nador",
         details="Eenheid Rotterdam, team Ondermijning. A suspect in a cocaine import case is thought to be staying with family near Nador. Please ask the Moroccan police whether he entered Morocco and where he is registered.",
         outcome=None,
         events=[(6, "ACCEPTED", None), (50, "CANCELLED", "Suspect arrested at Rotterdam The Hague Airport on 3 October; the request is no longer needed.")]),
    dict(req="BE-FGP", user="inv.vanacker", to=26, country="MA", comp=["DRUGS"], prio="URGENT",
         created="2026-07-06T09:00:00Z", legal=TREATY, h="H1",
         title="Trace a Tangier-registered car used for hashish runs",
         details="FGP Brussels, drugs section. A car with Moroccan plates was seen at three handovers of hashish in Anderlecht. Please identify the registered keeper and check whether the car shipped from Tanger Med in the last three months.",
         outcome="Keeper identified by the Moroccan police (Tangier resident, no record). The car crossed from Tanger Med to Algeciras four times since April; dates passed to the requester.",
         events=[(2, "ACCEPTED", None), (8, "STARTED", None), (60, "COMPLETED", None)]),
    dict(req="LU-POLICE", user="sre.hoffmann", to=12, country="FR", comp=["PROPERTY_CRIME"], prio="ROUTINE",
         created="2026-06-15T13:20:00Z", legal=CD2003, h="H0",
         title="Series of stolen luxury cars: check Interpol and French records",
         details="Police Grand-Ducale, vehicle crime unit. Eleven premium cars stolen in Luxembourg City since April, some found stripped near Metz. Please check the chassis numbers against the Interpol stolen vehicles database and ask the French police for their recoveries.",
         outcome="Four of the eleven cars were recovered in France (three near Metz, one in Lyon); two chassis numbers were reused on cars exported to Lithuania. Details passed to the requester and shared with Interpol Vilnius.",
         events=[(3, "ACCEPTED", None), (24, "STARTED", None), (150, "COMPLETED", None)]),
    dict(req="NL-KMAR", user="rech.degroot", to=9, country="PL", comp=["MIGRANT_SMUGGLING"], prio="ROUTINE",
         created="2026-11-18T07:30:00Z", legal=DIR2023, h="H1",
         title="Forged residence permits used at Schiphol",
         details="Brigade Schiphol, team Documentfraude. Travellers on flights from Warsaw presented forged residence permits of the same series. Please ask Frontex and the Polish border guard whether the series is known and where it is produced.",
         outcome=None,
         events=[(4, "ACCEPTED", None), (27, "STARTED", "Frontex document experts checking the series.")]),
    dict(req="BE-PROSECUTION", user="subst.claeys", to=19, country="IT", comp=["MONEY_LAUNDERING"], prio="ROUTINE",
         created="2026-11-18T15:00:00Z", legal=MLA, h="H1",
         title="Advice on an MLA request to seize real estate in Calabria",
         details="Federal prosecutor's office. We are preparing an MLA request to seize two villas in Calabria bought with the proceeds of cocaine imports through Antwerp. Please advise on what the Italian prosecutor needs and which office is competent.",
         outcome=None, events=[(20, "ACCEPTED", None)]),
    dict(req="NL-POLITIE", user="rech.smeets", to=18, country="DE", comp=["OMCG"], prio="ROUTINE",
         created="2026-08-03T10:00:00Z", legal=TREATY, h="H0",
         title="Members of a Dutch OMCG chapter moving to Duisburg",
         details="Eenheid Oost-Nederland, OMG-team. Several members of a Dutch motorcycle club have moved to Duisburg after the club was banned. Please ask the German police whether a new chapter has been registered there and who is involved.",
         outcome="The German police confirm a new chapter in Duisburg since June 2026 with seven members, four of them Dutch. The club house is under observation by the North Rhine-Westphalia police.",
         events=[(5, "ACCEPTED", None), (30, "STARTED", None), (160, "COMPLETED", None)]),
    dict(req="BE-FEDPOL", user="inv.wuyts", to=40, country="TH", comp=["THB"], prio="ROUTINE",
         created="2026-11-21T06:45:00Z", legal=CD2003, h="H1",
         title="Identify the owner of a Thai mobile number used to recruit workers",
         details="THB section. Victims found in a massage parlour in Ghent were recruited through a messaging account linked to a Thai mobile number. Please ask the Thai police to identify the subscriber.",
         outcome=None, events=[]),
    dict(req="NL-POLITIE", user="rech.kaya", to=39, country="CN", comp=["CYBER"], prio="ROUTINE",
         created="2026-08-25T09:00:00Z", legal=CD2003, h="H1",
         title="Subscriber data for a Chinese cloud account used in a ransomware attack",
         details="Team High Tech Crime. The ransomware group that hit a Dutch hospital staged its tools on a cloud server in China. Please obtain the subscriber data of the account.",
         outcome=None,
         events=[(22, "DECLINED", "Subscriber data held by Chinese providers cannot be obtained police-to-police; it needs an MLA request. I have sent you the contact of the Chinese central authority.")]),
    dict(req="LU-POLICE", user="sre.muller", to=34, country="GM", comp=["THB"], prio="ROUTINE",
         created="2026-09-03T11:30:00Z", legal=CD2003, h="H2",
         title="Background of a sponsor in a family reunification file",
         details="Service de police judiciaire. The immigration office asks for information on a sponsor in Banjul in a family reunification file.",
         outcome=None,
         events=[(28, "DECLINED", "This is an administrative immigration check, not a criminal investigation, so it is outside the liaison mandate. Please route it through the immigration liaison network.")]),
    dict(req="BE-FGP", user="inv.peeters", to=21, country="GB", comp=["CYBER"], prio="URGENT",
         created="2026-09-30T14:00:00Z", legal=CD2003, h="H1",
         title="Preserve data of a UK-hosted phishing panel",
         details="FGP Antwerp, computer crime unit. A phishing panel targeting Belgian bank customers is hosted by a UK provider. Please ask the UK police to have the provider preserve the data.",
         outcome=None,
         events=[(2, "ACCEPTED", None), (10, "STARTED", None),
                 (30, "CANCELLED", "The preservation was done directly through the Europol cybercrime centre; request withdrawn.")]),
    dict(req="NL-OM", user="ovj.vandijk", to=31, country="IQ", comp=["TERRORISM"], prio="ROUTINE",
         created="2026-11-05T09:00:00Z", legal=CD2003, h="H2",
         title="Check whether a Dutch national is still detained in Erbil",
         details="Landelijk Parket, team Terrorisme. A Dutch national suspected of membership of a terrorist organisation was reported detained in Erbil. Please check with the Kurdish authorities whether he is still in custody and on what grounds.",
         outcome=None,
         events=[(6, "ACCEPTED", None), (52, "STARTED", "Question put to the security services in Erbil through the consulate.")]),
    dict(req="BE-FEDPOL", user="inv.mertens", to=36, country="KE", comp=["TERRORISM"], prio="URGENT",
         created="2026-11-23T08:00:00Z", legal=CD2003, h="H2",
         title="Travel of a radicalised Belgian to Mombasa",
         details="Counter-terrorism directorate. A Belgian national on the watch list flew to Mombasa via Doha on 21 November. Please ask the Kenyan police to confirm his entry and declared address.",
         outcome=None, events=[]),
    dict(req="NL-ARBEIDSINSPECTIE", user="insp.vos", to=20, country="PL", comp=["THB"], prio="ROUTINE",
         created="2026-11-12T13:00:00Z", legal=TREATY, h="H1",
         title="Polish temporary work agency recruiting for greenhouses in Westland",
         details="Directie Opsporing, labour exploitation team. A temporary work agency from Łódź places workers in greenhouses in Westland at wages far below the minimum. Please check the agency with the Polish labour inspectorate and police.",
         outcome=None, events=[(24, "ACCEPTED", None)]),
    dict(req="LU-PROSECUTION", user="subst.thill", to=58, country="AR", comp=["MONEY_LAUNDERING"], prio="ROUTINE",
         created="2026-11-16T10:00:00Z", legal=CD2003, h="H1",
         title="Argentine real estate bought through a Luxembourg holding",
         details="Parquet de Luxembourg, cellule de renseignement financier. A Luxembourg holding bought three flats in Buenos Aires with funds from an account under investigation. Please ask the Argentine authorities who signed the deeds and who manages the flats.",
         outcome=None, events=[]),
    dict(req="NL-POLITIE", user="rech.bos", to=45, country="PA", comp=["DRUGS", "MONEY_LAUNDERING"], prio="ROUTINE",
         created="2026-07-21T08:30:00Z", legal=CD2003, h="H1",
         title="Colón Free Zone company paying a Dutch logistics firm",
         details="Eenheid Zeeland-West-Brabant. A company in the Colón Free Zone pays the invoices of a Dutch logistics firm suspected of cocaine imports. Please identify the directors and shareholders.",
         outcome=None,
         events=[(6, "ACCEPTED", None), (20, "STARTED", None),
                 (96, "CANCELLED", "Same information already requested by Europol for the joint investigation team; request withdrawn to avoid duplication.")]),
    dict(req="BE-FEDPOL", user="inv.lambrechts", to=45, country="DO", comp=["DRUGS"], prio="ROUTINE",
         created="2026-10-27T09:00:00Z", legal=CD2003, h="H1",
         title="Cocaine courier arrested in Punta Cana with a Belgian contact number",
         details="Drugs section. A courier arrested at Punta Cana airport carried a Belgian phone number. Please obtain the arrest report and the phone extraction from the Dominican drug control agency.",
         outcome=None,
         events=[(20, "REASSIGNED", "Reassigned to LO-055 in Santo Domingo: posted in the Dominican Republic itself, whereas LO-045 only covers it from Panama.", 55),
                 (26, "ACCEPTED", None), (48, "STARTED", "Arrest report requested from the Dominican drug control agency.")]),
    dict(req="NL-KMAR", user="rech.willems", to=23, country="TR", comp=["MIGRANT_SMUGGLING"], prio="URGENT",
         created="2026-09-14T07:00:00Z", legal=CD2003, h="H2",
         title="Smuggler's phone number used to organise crossings to the Netherlands",
         details="Brigade Zuid-Nederland. Migrants intercepted near Breda all had the same Turkish number of a smuggler in Istanbul. Please ask the Turkish police to identify the subscriber.",
         outcome="The Turkish police identified the subscriber, who is already a suspect in an Istanbul smuggling case. A meeting between the two teams is proposed through Europol.",
         answer=("H2", None, "B", 2),
         events=[(3, "ACCEPTED", None), (10, "STARTED", None), (70, "COMPLETED", None)]),
    dict(req="BE-FEDPOL", user="inv.goossens", to=43, country="CA", comp=["CYBER"], prio="ROUTINE",
         created="2026-06-22T14:00:00Z", legal=MLA, h="H1",
         title="Preservation of data at a Canadian hosting provider",
         details="Federal computer crime unit. A sextortion group uses a server hosted in Montreal. Please ask the Canadian police to have the data preserved pending an MLA request.",
         outcome="Preservation confirmed by the Canadian police for 90 days; the MLA request must reach Ottawa before 25 September.",
         events=[(4, "ACCEPTED", None), (20, "STARTED", None), (75, "COMPLETED", None)]),
    dict(req="LU-CUSTOMS", user="enq.reuter", to=16, country="PT", comp=["DRUGS"], prio="URGENT",
         created="2026-10-14T16:00:00Z", legal=CD2003, h="H1",
         title="Sailing yacht suspected of carrying cocaine towards the Azores",
         details="Service anti-drogue. A sailing yacht owned by a Luxembourg resident left Suriname and is thought to carry cocaine towards the Azores. Please alert MAOC-N.",
         outcome=None,
         events=[(6, "CANCELLED", "The yacht changed course towards France; French customs have taken the case.")]),
    dict(req="BE-FGP", user="inv.desmet", to=57, country="SR", comp=["DRUGS"], prio="ROUTINE",
         created="2026-10-08T12:00:00Z", legal=TREATY, h="H1",
         title="Background of a Surinamese official linked to a cocaine shipment",
         details="FGP Antwerp. A Surinamese customs official appears in the messages of a suspect. Please find out his role and whether he is under investigation in Suriname.",
         outcome=None,
         events=[(30, "DECLINED", "Questions about a serving official must go through the prosecutor general in Paramaribo by MLA; I cannot ask this through police channels.")]),
    dict(req="NL-FIOD", user="rech.kramer", to=59, country="MY", comp=["MONEY_LAUNDERING", "CYBER"], prio="ROUTINE",
         created="2026-11-13T08:00:00Z", legal=CD2003, h="H2",
         title="Malaysian bank accounts used by a crypto exchange",
         details="FIOD Utrecht. An unlicensed crypto exchange used by Dutch drug dealers pays out through accounts at two Malaysian banks. Please find out who holds the accounts.",
         outcome=None,
         events=[(8, "ACCEPTED", None),
                 (30, "REASSIGNED", "Reassigned to LO-041 (Kuala Lumpur): LO-059 at the Interpol complex advises that bank data needs the resident liaison officer's contacts with the Royal Malaysia Police.", 41)]),
    dict(req="BE-FEDPOL", user="inv.maertens", to=25, country="UA", comp=["FIREARMS"], prio="URGENT",
         created="2026-11-22T10:00:00Z", legal=CD2003, h="H1",
         title="Origin of military rifles seized in Liège",
         details="Firearms section. Four assault rifles seized in Liège carry markings of the Ukrainian armed forces. Please ask the Ukrainian national police whether they are registered as lost or stolen.",
         outcome=None, events=[(7, "ACCEPTED", None)]),
]

# --------------------------------------------------------------------------- building
PRIORITY_DUE = {"ROUTINE": timedelta(days=7), "URGENT": timedelta(days=3), "IMMEDIATE": timedelta(hours=8)}
TRANSITIONS = {  # action -> (allowed from-states, to-state)
    "ACCEPTED": ({"REQUESTED"}, "ACCEPTED"),
    "DECLINED": ({"REQUESTED"}, "DECLINED"),
    "STARTED": ({"ACCEPTED"}, "IN_PROGRESS"),
    "COMPLETED": ({"IN_PROGRESS"}, "COMPLETED"),
    "CANCELLED": ({"REQUESTED", "ACCEPTED", "IN_PROGRESS"}, "CANCELLED"),
    "REASSIGNED": ({"REQUESTED", "ACCEPTED", "IN_PROGRESS"}, "REQUESTED"),
}
REQUESTER_ACTIONS = {"CANCELLED", "REASSIGNED"}


def oid(n: int) -> str:
    return f"LO-{n:03d}"


def parse_dt(s: str) -> datetime:
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def fmt_dt(d: datetime) -> str:
    return d.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def ascii_fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


def email_for(name: str, service: str) -> str:
    first, _, last = name.partition(" ")
    local = f"{ascii_fold(first)}.{ascii_fold(last).replace(' ', '')}".lower()
    return f"{local}@lo.example.{service[:2].lower()}"


def is_active(p: dict, day: str) -> bool:
    return p["startsOn"] <= day and (p["endsOn"] is None or p["endsOn"] >= day)


def build_countries() -> list[dict]:
    region_of: dict[str, str] = {}
    for region, members in REGION_MEMBERS.items():
        for iso in members.split():
            assert iso not in region_of, f"{iso} in two regions"
            region_of[iso] = region
    names = {row[0]: row for row in COUNTRY_NAMES}
    assert set(region_of) == set(names), set(region_of) ^ set(names)
    return [
        {"iso2": iso, "name_en": en, "name_nl": nl, "name_fr": fr, "name_de": de, "region": region_of[iso]}
        for iso, en, nl, fr, de in sorted(COUNTRY_NAMES)
    ]


def build_postings() -> list[dict]:
    out = []
    for i, (o, city, station, country, start, end, kind, accr, serves, progs) in enumerate(POSTINGS + HISTORY_POSTINGS, 1):
        pid = f"P-{i:03d}"
        out.append({
            "id": pid, "officer": oid(o), "city": city, "station": station,
            "country": country, "startsOn": start, "endsOn": end, "kind": kind,
            "accreditedTo": accr.split(), "serves": serves if serves == ALL else list(serves),
            "programmes": list(progs), "area": AREAS.get(pid, "").split(),
        })
    return out


def build_officers(postings: list[dict]) -> list[dict]:
    out = []
    today = TODAY.isoformat()
    history = [
        (n, name, service, rank, langs, comps, [], "AVAILABLE", "No current posting (back at headquarters)", "2024-01-15T09:00:00Z")
        for n, name, service, rank, langs, comps in HISTORY_OFFICERS
    ]
    for n, name, service, rank, langs, comps, deps, avail, note, updated in OFFICERS + history:
        current = [p for p in postings if p["officer"] == oid(n) and is_active(p, today)]
        prefix = PHONE_PREFIX[current[0]["city"]] if current else HOME_PHONE_PREFIX[service[:2]]
        out.append({
            "id": oid(n), "name": name, "rank": rank, "email": email_for(name, service),
            "phone": f"{prefix} 555 {100 + n:04d}", "languages": langs.split(),
            "availability": avail, "availabilityNote": note, "updatedAt": updated,
            "service": service,
            "competences": [{"code": c, "level": int(l)} for c, l in (x.split(":") for x in comps.split())],
            "deputies": [oid(d) for d in deps],
        })
    return out


def build_windows() -> list[dict]:
    return [
        {"id": f"W-{i:03d}", "officer": oid(o), "startsOn": s, "endsOn": e, "status": st, "note": note}
        for i, (o, s, e, st, note) in enumerate(WINDOWS, 1)
    ]


def answer_fields(answer: tuple | None) -> dict:
    if answer is None:
        return {}
    code, note, source, information = answer
    return {"outcomeHandlingCode": code, "outcomeHandlingNote": note,
            "sourceReliability": source, "informationAssessment": information}


def build_taskings() -> list[dict]:
    out = []
    event_no = 0
    for i, t in enumerate(TASKINGS, 1):
        created = parse_dt(t["created"])
        requester = f"{t['req'].lower()}:{t['user']}"
        assignee = t["to"]
        status = "REQUESTED"
        event_no += 1
        events = [{"id": f"E-{event_no:06d}", "at": fmt_dt(created), "actor": requester,
                   "action": "REQUESTED", "fromStatus": None, "toStatus": "REQUESTED", "note": None}]
        for ev in t["events"]:
            hours, action, note = ev[0], ev[1], ev[2]
            allowed, to_state = TRANSITIONS[action]
            assert status in allowed, (i, status, action)
            actor = requester if action in REQUESTER_ACTIONS else oid(assignee)
            if action == "REASSIGNED":
                assignee = ev[3]
            event_no += 1
            events.append({"id": f"E-{event_no:06d}", "at": fmt_dt(created + timedelta(hours=hours)),
                           "actor": actor, "action": action, "fromStatus": status,
                           "toStatus": to_state, "note": note})
            status = to_state
        assert (status == "COMPLETED") == (t["outcome"] is not None), i
        out.append({
            "id": f"T-{i:04d}", "reference": f"BNL-{created.year}-{100 + i:06d}",
            "title": t["title"], "details": t["details"], "priority": t["prio"], "status": status,
            "legalBasis": t["legal"], "handlingCode": t["h"],
            "dueBy": fmt_dt(created + PRIORITY_DUE[t["prio"]]), "createdAt": fmt_dt(created),
            "updatedAt": events[-1]["at"], "requestingService": t["req"], "assignee": oid(assignee),
            "country": t["country"], "competences": list(t["comp"]), "outcome": t["outcome"],
            "accessibility": t.get("access", "INDIRECT"),
            **answer_fields(t.get("answer", DEFAULT_ANSWER) if status == "COMPLETED" else None),
            "events": events,
            **({"subjects": t["subjects"]} if "subjects" in t else {}),
        })
    return out


def _mailbox(code: str) -> str:
    """A service's functional mailbox (notifications of requests whose requester gave no address)."""
    return f"requests.{code.lower()}@lonet.example.invalid"


# --------------------------------------------------------------------------- network life
# Coordinators (Council Decision 2003/170/JHA): (kind, code, Benelux coordinator, EU lead nation).
# A country's own declaration wins over its region's.
COORDINATORS = [
    ("region", "WESTERN_BALKANS", "NL", None),  # the Balkans pilot's regional LO in Belgrade
    ("country", "BA", "BE", None),
    ("country", "AL", "BE", None),
    ("country", "CO", "BE", "Spain"),
    ("country", "EC", "BE", None),
    ("country", "BR", "NL", None),
    ("country", "MA", "NL", "France"),
    ("country", "TR", "NL", None),
]

# The joint week of 16-20 April 2018 in Brussels invited every LO posted then (about 60 Belgian
# and Dutch LOs, Luxembourg had none); these answered that they could not come.
JOINT_WEEK_ABSENT = {
    23: "Court hearing in Ankara that week",
    44: "Operational meeting in Mexico City",
    57: "On leave",
}
# (id, kind, title, place, startsOn, endsOn, invitedBy, code, createdBy, createdAt, host, convenor,
#  answers: {officer number: (answer, note)})
GATHERINGS = [
    ("G-2018-JOINT-WEEK", "JOINT_LO_WEEK", "Joint week of the Benelux liaison officers", "Brussels, Egmont Palace",
     "2018-04-16", "2018-04-20", "ALL", None, "be-fedpol:mgr.dubois", "2018-01-15T09:00:00Z", None, None, None),
    ("G-2027-BALKANS-RETURN", "RETURN_DAY", "Balkans pilot return day", "The Hague, Police headquarters",
     "2027-01-28", "2027-01-28", "PROGRAMME", "BALKANS_PILOT", "nl-politie:mgr.bakker", "2026-11-02T10:00:00Z", None, None,
     {2: ("ATTENDING", "Arriving the evening before"), 3: ("NOT_ATTENDING", "Ministerial visit in Tirana that week")}),
    ("G-2027-CO-LOCAL", "LOCAL_LO_MEETING", "Meeting of the EU liaison officers in Colombia", "Bogotá, Embassy of Belgium",
     "2027-02-11", "2027-02-11", "COUNTRY", "CO", "lo:LO-046", "2026-11-18T15:00:00Z", "CO", 46,
     {46: ("ATTENDING", None), 47: ("ATTENDING", None)}),
    ("G-2027-CRYPTO-COURSE", "TRAINING_COURSE", "Joint training: tracing cryptocurrency", "Luxembourg",
     "2027-03-22", "2027-03-24", "OFFICERS", None, "be-fedpol:mgr.dubois", "2026-11-20T08:30:00Z", None, None, {}),
]
CRYPTO_COURSE_INVITED = [29, 30, 59]


def build_coordinators() -> list[dict]:
    return [{kind: code, "coordinator": coordinator, "leadNation": lead} for kind, code, coordinator, lead in COORDINATORS]


def _invitees(postings: list[dict], start: str, end: str, invited_by: str, code: str | None) -> list[str]:
    """Who an invitation reaches, as createGathering resolves it: LOs with a posting active during
    the gathering, narrowed to the programme or host country."""
    found = set()
    for p in postings:
        if p["startsOn"] > end or (p["endsOn"] is not None and p["endsOn"] < start):
            continue
        if invited_by == "PROGRAMME" and code not in p["programmes"]:
            continue
        if invited_by == "COUNTRY" and p["country"] != code:
            continue
        found.add(p["officer"])
    return sorted(found)


def build_gatherings(postings: list[dict]) -> list[dict]:
    out = []
    for gid, kind, title, place, start, end, invited_by, code, by, at, host, convenor, answers in GATHERINGS:
        if invited_by == "OFFICERS":
            invited = [oid(n) for n in CRYPTO_COURSE_INVITED]
        else:
            invited = _invitees(postings, start, end, invited_by, code)
        if answers is None:  # the joint week: everyone answered, most of them attending
            answers = {int(o[3:]): ("ATTENDING", None) for o in invited}
            answers.update({n: ("NOT_ATTENDING", note) for n, note in JOINT_WEEK_ABSENT.items()})
        answered_at = fmt_dt(parse_dt(at) + timedelta(days=7))
        invitations = [
            {"officer": o, "answer": answers[int(o[3:])][0], "note": answers[int(o[3:])][1], "answeredAt": answered_at}
            if int(o[3:]) in answers else {"officer": o}
            for o in invited
        ]
        out.append({
            "id": gid, "kind": kind, "title": title, "place": place, "startsOn": start, "endsOn": end,
            "invitedBy": invited_by, "invitedCode": code, "createdBy": by, "createdAt": at,
            "hostCountry": host, "convenor": oid(convenor) if convenor else None, "invitations": invitations,
        })
    return out


# Threat notices: (id, subject, text, handling code, validFrom, validUntil, issuedBy, issuing LO,
# desk posting, issuedAt, addressed services, addressed countries, acknowledgements (service, at, actor))
NOTICES = [
    ("N-2026-OMCG-TRAVEL", "Armed OMCG members travelling to the Benelux",
     "Turkish authorities report that three members of an outlaw motorcycle gang, one of them armed, plan to travel "
     "to Antwerp and Rotterdam by road in the first week of December. Vehicle and identity details follow through "
     "the usual channel on request.",
     "H1", "2026-11-20", "2026-12-31", "lo:LO-023", 23, None, "2026-11-20T14:30:00Z", [], ["BE", "NL"],
     [("BE-FEDPOL", "2026-11-20T15:10:00Z", "be-fedpol:inv.janssens"), ("NL-POLITIE", "2026-11-21T08:05:00Z", "nl-politie:mgr.bakker")]),
    ("N-2026-RANSOMWARE-PORTS", "Ransomware group targeting port logistics",
     "Europol's EC3 warns of a ransomware group that targets the logistics systems of container terminals, with a "
     "first intrusion by phishing of shipping agents. Indicators of compromise are available at the Benelux desk.",
     "H2", "2026-11-23", "2027-02-28", "lonet:admin", None, "P-010", "2026-11-23T10:00:00Z",
     ["BE-FEDPOL", "BE-CUSTOMS", "NL-DOUANE", "LU-POLICE", "LU-CUSTOMS"], [], []),
]


def build_notices() -> list[dict]:
    return [
        {"id": nid, "subject": subject, "text": text, "handlingCode": code, "validFrom": start, "validUntil": end,
         "issuedBy": by, "issuerOfficer": oid(lo) if lo else None, "deskPosting": desk, "issuedAt": at,
         "addressees": sorted(set(services) | {c for c, _, k, _ in SERVICES if k in countries}),
         "acknowledgements": [{"service": sv, "at": t, "actor": who} for sv, t, who in acks]}
        for nid, subject, text, code, start, end, by, lo, desk, at, services, countries, acks in NOTICES
    ]


def write(name: str, rows: list[dict]) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    (OUT_DIR / name).write_text(text, encoding="utf-8")
    print(f"{name}: {len(rows)}")


def main() -> None:
    postings = build_postings()
    write("services.json", [{"code": c, "name": n, "country": k, "kind": t, "mailbox": _mailbox(c)} for c, n, k, t in SERVICES])
    write("regions.json", [{"code": c, "name_en": en, "name_nl": nl, "name_fr": fr, "name_de": de}
                           for c, en, nl, fr, de in REGIONS])
    write("countries.json", build_countries())
    write("competences.json", [{"code": c, "name_en": en, "name_nl": nl, "name_fr": fr, "name_de": de}
                               for c, en, nl, fr, de in COMPETENCES])
    write("programmes.json", [{"code": c, "name": n, "startsOn": s, "endsOn": e, "countries": k.split()} for c, n, s, e, k in PROGRAMMES])
    write("officers.json", build_officers(postings))
    write("postings.json", postings)
    write("windows.json", build_windows())
    write("taskings.json", build_taskings())
    write("coordinators.json", build_coordinators())
    write("gatherings.json", build_gatherings(postings))
    write("notices.json", build_notices())


if __name__ == "__main__":
    main()
