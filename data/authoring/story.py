"""The story of the bundled data set: events, axes, claims, the advance measure and the manifest.

Each event names its source, the source's date and, where one exists, its URL. Status: `reported`
for one source's text, `claimed` for a party's claim, `assessed` only where a mapping project
published the assessment.
"""

from __future__ import annotations

from typing import Any

from common import BBOX

W, S, E, N = BBOX

# Sources used more than once.
KI_EXPLAINER = "https://kyivindependent.com/what-we-know-about-russias-offensive-in-siversk"
KI_SEP_1 = (
    "https://kyivindependent.com/russian-forces-allegedly-preparing-major-assault-toward-"
    "siversk-in-donetsk-oblast-ukraines-military-says/"
)
KI_DEC_22 = "https://kyivindependent.com/ukraine-war-latest-update-2025-12-22/"
ISW_DEC_21 = (
    "https://euromaidanpress.com/2025/12/22/isw-russian-forces-have-likely-seized-the-"
    "town-of-siversk-after-41-months-of-fighting-map"
)
ISW_VIA_EMP = "ISW (report of 21 Dec 2025), as reported by Euromaidan Press on 22 Dec 2025"
POHORILYI = "Roman Pohorilyi, DeepState co-founder (YouTube video), quoted by the Kyiv Independent"
# DeepState's occupied layer as archived day by day (file D shows the map of the evening of D-1).
DS_ARCHIVE = "https://github.com/cyterat/deepstate-map-data"


def _ds_archive(file_date: str) -> str:
    """The source text of an event read off DeepState's archived map."""
    return (
        f"DeepState map (occupied layer, archived by cyterat/deepstate-map-data, file {file_date})"
    )


NOTIZIE_DEC_22 = (
    "https://www.notizie.buzz/articles/2025/12/22/guerra-in-ucraina-battaglia-sul-"
    "siverskyi-donets.html"
)

# Axes of the Russian push into the city, worded as the source words them. The last vertex is the
# head of the axis. Drawn by hand; the source gives directions, not tracks (precision 1.5 km).
# They are shown until the day before Ukraine's General Staff announced the withdrawal.
AXES: dict[str, list[dict[str, Any]]] = {
    "2025-12-10": [
        {
            "id": "2025-12-10-axis-south",
            "name": "Russian units seeping into the city from the southern flank",
            "pts": [(38.1130, 48.8200), (38.1060, 48.8320), (38.0990, 48.8430)],
            "source": POHORILYI,
            "source_date": "2025-12-10",
            "url": KI_EXPLAINER,
            "valid_until": "2025-12-22",
            "note": (
                'Pohorilyi: "Everything began with enemy units seeping into the city from '
                'the flanks, particularly from the south." The source names no village on '
                "this side; the line shows the direction only."
            ),
        },
        {
            "id": "2025-12-10-axis-east",
            "name": "Russian push into the city from the east, near Verkhniokamianske",
            "pts": [(38.1900, 48.8610), (38.1600, 48.8625), (38.1300, 48.8645)],
            "source": POHORILYI,
            "source_date": "2025-12-10",
            "url": KI_EXPLAINER,
            "valid_until": "2025-12-22",
            "note": (
                'Pohorilyi: "Later, they also pushed from the east, near Verkhniokamianske. '
                "Although Ukraine's 54th Brigade managed to hold the line there for a long "
                'time, the enemy eventually started entering the city itself."'
            ),
        },
    ],
}


def _ev(
    date: str,
    slug: str,
    name: str,
    summary: str,
    source: str,
    source_date: str,
    url: str | None,
    status: str,
    lon: float,
    lat: float,
    precision_m: float,
) -> dict[str, Any]:
    return {
        "date": date,
        "id": f"{date}-ev-{slug}",
        "name": name,
        "summary": summary,
        "source": source,
        "source_date": source_date,
        "url": url,
        "status": status,
        "lonlat": (lon, lat),
        "precision_m": precision_m,
    }


# Events, each on the date it happened or was said. `source_date` is the date of the source
# cited (the statement itself where the URL is a report of it). Status: `reported` for one
# source's text, `claimed` for a party's claim, `assessed` where a mapping project (DeepState,
# ISW) published the assessment. Every summary says only what its source says.
EVENTS: list[dict[str, Any]] = [
    _ev(
        "2022-07-03",
        "lysychansk-withdrawal",
        "Ukraine withdraws from Lysychansk",
        "Ukraine's General Staff: \"After heavy fighting for Lysychansk, the Defense Forces of "
        'Ukraine were forced to withdraw from their occupied positions and lines", to preserve '
        "the lives of Ukrainian defenders.",
        "General Staff of the Armed Forces of Ukraine, reported by Interfax-Ukraine",
        "2022-07-03",
        "https://en.interfax.com.ua/news/general/843471.html",
        "reported",
        38.4266,
        48.9069,
        3000,
    ),
    _ev(
        "2022-07-03",
        "luhansk-claim",
        "Russia claims all of Luhansk Oblast",
        "Russian Defence Minister Sergei Shoigu reported to Vladimir Putin that the entirety of "
        "Luhansk Oblast had been taken; President Zelensky said the same day that fighting on "
        "the outskirts of Lysychansk continued.",
        "Russian Ministry of Defence (Shoigu report to Putin), reported by Ukrainska Pravda",
        "2022-07-03",
        "https://uk.news.yahoo.com/ukrainian-armed-forces-withdraw-lysychansk-162849856.html",
        "claimed",
        38.4266,
        48.9069,
        5000,
    ),
    _ev(
        "2022-07-08",
        "uk-mod",
        "UK: Siversk likely Russia's next objective",
        "The UK Ministry of Defence said Russia's immediate tactical objective might be Siversk, "
        "about 8 km west of the Russian front line at the time.",
        "UK Ministry of Defence intelligence update, reported by The National",
        "2022-07-08",
        "https://www.thenationalnews.com/world/europe/2022/07/08/russia-massing-forces-for-"
        "attack-on-siversk-in-ukraine/",
        "reported",
        38.0900,
        48.8619,
        2000,
    ),
    _ev(
        "2022-09-19",
        "bilohorivka-retaken",
        "Bilohorivka (Luhansk) back under Ukrainian control",
        "Luhansk Oblast head Serhiy Haidai: \"Luhansk's Bilohorivka has been cleared out and is "
        "now under the complete control of Ukraine's Armed Forces.\"",
        "Serhiy Haidai (Luhansk Oblast military administration), reported by Novaya Gazeta Europe",
        "2022-09-19",
        "https://novayagazeta.eu/articles/2022/09/19/ukraines-armed-forces-take-control-of-"
        "luhansk-region-village-bilohorivka-local-authorities-news",
        "reported",
        38.2478,
        48.9280,
        1500,
    ),
    _ev(
        "2022-10-01",
        "lyman-counteroffensive",
        "Yampil liberated; Russian troops leave Lyman",
        "Serhii Cherevatyi (Ukraine's Group of Forces East): the Russian grouping near Lyman was "
        "surrounded and Yampil, Novoselivka, Shandryholove, Drobysheve and Stavky were "
        "liberated. The Russian Ministry of Defence announced the same day that its troops had "
        'been withdrawn from Lyman "due to the threat of encirclement".',
        "Serhii Cherevatyi (Group of Forces East), reported by Euromaidan Press; Russian Ministry "
        "of Defence, reported by Babel",
        "2022-10-01",
        "https://euromaidanpress.com/2022/10/01/ukrainian-troops-enter-donetsks-lyman-as-"
        "officials-confirm-liberation-of-five-nearby-settlements/",
        "reported",
        37.9415,
        48.9317,
        2000,
    ),
    _ev(
        "2023-01-25",
        "soledar-withdrawal",
        "Ukraine withdraws from Soledar",
        "Serhii Cherevatyi, spokesman of the Eastern Group of Forces, told Suspilne that the "
        'Defence Forces had withdrawn from Soledar to preserve the lives of personnel: "We '
        'established ourselves on pre-prepared defense lines"; there had been no encirclement.',
        "Serhii Cherevatyi (Eastern Group of Forces) to Suspilne, reported by Babel",
        "2023-01-25",
        "https://babel.ua/en/news/89761-the-defense-forces-of-ukraine-withdrew-from-soledar",
        "reported",
        38.0367,
        48.7145,
        3000,
    ),
    _ev(
        "2024-07-23",
        "ivano-darivka-claim",
        "Russia claims Ivano-Darivka",
        'Russia\'s Ministry of Defence said units of its Southern grouping had "liberated" the '
        "village of Ivano-Darivka, south-east of Siversk.",
        "Russian Ministry of Defence daily report, as carried by Reuters and AFP (Novini.bg)",
        "2024-07-23",
        "https://novini.bg/amp/sviat/rusia/857405",
        "claimed",
        38.2150,
        48.8300,
        3000,
    ),
    _ev(
        "2024-10-09",
        "isw-verkhniokamianske",
        "ISW: Verkhniokamianske seized by 9 Oct 2024",
        "ISW, looking back on 21 Dec 2025: Russian troops reportedly seized Verkhniokamianske, "
        "four kilometres east of Siversk, by 9 October 2024.",
        ISW_VIA_EMP,
        "2025-12-22",
        ISW_DEC_21,
        "assessed",
        38.1967,
        48.8603,
        1500,
    ),
    _ev(
        "2025-02-23",
        "isw-bilohorivka",
        "ISW: Bilohorivka seized by 23 Feb 2025",
        "ISW, looking back on 21 Dec 2025: Russian troops reportedly seized Bilohorivka (Luhansk "
        "Oblast), ten kilometres north-east of Siversk, by 23 February 2025.",
        ISW_VIA_EMP,
        "2025-12-22",
        ISW_DEC_21,
        "assessed",
        38.2478,
        48.9280,
        1500,
    ),
    _ev(
        "2025-02-24",
        "deepstate-bilohorivka",
        "DeepState: Russian advance in Bilohorivka",
        "DeepState reported that the Russian army had advanced in Bilohorivka, Luhansk Oblast; "
        "most of the settlement was shown in the grey zone, a small part as occupied. Luhansk "
        "Oblast head Artem Lysohor said on 25 February he could not confirm the advance.",
        "DeepState; Artem Lysohor (Luhansk Oblast military administration), reported by "
        "Euromaidan Press",
        "2025-02-26",
        "https://euromaidanpress.com/2025/02/26/russia-advances-in-bilohorivka-last-outpost-of-"
        "luhansk-oblast/",
        "reported",
        38.2478,
        48.9280,
        1500,
    ),
    _ev(
        "2025-03-13",
        "ds-map-bilohorivka",
        "DeepState's map: most of Bilohorivka occupied",
        "DeepState's map of the evening of 13 March 2025 showed most of Bilohorivka (Luhansk "
        "Oblast) as occupied: about 70 % of the village's OpenStreetMap boundary, against 38 % "
        "on 23 February (shares measured by siversk-map on the archived map).",
        _ds_archive("2025-03-14"),
        "2025-03-14",
        DS_ARCHIVE,
        "assessed",
        38.2478,
        48.9280,
        1000,
    ),
    _ev(
        "2025-06-21",
        "ds-map-verkhniokamianske",
        "DeepState's map: Verkhniokamianske occupied",
        "DeepState's map of the evening of 21 June 2025 showed Verkhniokamianske, east of "
        "Siversk, as occupied; the day before it did not. (ISW dated its seizure by 9 October "
        "2024.)",
        _ds_archive("2025-06-22"),
        "2025-06-22",
        DS_ARCHIVE,
        "assessed",
        38.1967,
        48.8603,
        1000,
    ),
    _ev(
        "2025-08-16",
        "isw-serebrianka",
        "ISW: Serebrianka seized by 16 Aug 2025",
        "ISW, looking back on 21 Dec 2025: Russian troops reportedly seized Serebrianka, four "
        "kilometres north-east of Siversk, by 16 August 2025. (DeepState reported its "
        "occupation only on 16 December 2025.)",
        ISW_VIA_EMP,
        "2025-12-22",
        ISW_DEC_21,
        "assessed",
        38.1250,
        48.9240,
        2000,
    ),
    _ev(
        "2025-09-01",
        "zaporozhets",
        "11th Army Corps expects an assault on Siversk",
        "Dmytro Zaporozhets, spokesman of the 11th Army Corps, told Suspilne that Russia was "
        'expected to launch new assaults toward Siversk to establish a foothold: "In the '
        "Siversk direction, the enemy will continue attempting assault operations using (heavy) "
        'equipment until the autumn rains begin. We expect another large-scale assault."',
        "Dmytro Zaporozhets (11th Army Corps) to Suspilne, reported by the Kyiv Independent",
        "2025-09-01",
        KI_SEP_1,
        "reported",
        38.1200,
        48.8700,
        2000,
    ),
    _ev(
        "2025-11-18",
        "isw-inside",
        "ISW: Russian troops inside Siversk",
        "ISW, looking back on 21 Dec 2025: it observed Russian troops inside Siversk no later "
        "than 18 November 2025.",
        ISW_VIA_EMP,
        "2025-12-22",
        ISW_DEC_21,
        "assessed",
        38.0950,
        48.8550,
        1500,
    ),
    _ev(
        "2025-11-19",
        "vorobiov",
        "City administration: Siversk under Ukrainian control",
        'Oleksii Vorobiov, head of the Siversk city military administration: "The whole city '
        'and the whole territory are under our control"; Russian troops had been pushed out of '
        "the outskirts.",
        "Oleksii Vorobiov (Siversk city military administration), reported by Vilne Radio",
        "2025-11-19",
        "https://freeradio.com.ua/terytoriia-pid-nashym-kontrolem-ochilnyk-siverskoi-va-pro-"
        "sytuatsiiu-v-misti-ta-okolytsiakh/",
        "reported",
        38.0901,
        48.8619,
        1000,
    ),
    _ev(
        "2025-11-25",
        "deepstate",
        "DeepState: sharp increase in attacks on Siversk",
        "DeepState reported a sharp increase in Russian attacks and incursions into the city's "
        "urban area.",
        "DeepState, reported by the Kyiv Independent",
        "2025-11-25",
        KI_EXPLAINER,
        "reported",
        38.1100,
        48.8550,
        1500,
    ),
    _ev(
        "2025-12-08",
        "deepstate-half",
        "DeepState: half the city under Russian control",
        'DeepState: "Siversk is gradually passing into the hands of the enemy"; by preliminary '
        "data half of the city was under Russian control, and the Bakhmutka river was the line "
        "for holding the Russian troops back.",
        "DeepState, reported by Novyny Donbasu",
        "2025-12-08",
        "https://novosti.dn.ua/news/411152-siversk-potrohu-perehodyt-do-ruk-armiyi-rf-"
        "poperedno-rosiyany-zahopyly-polovynu-mista-deepstate",
        "reported",
        38.0960,
        48.8620,
        1000,
    ),
    _ev(
        "2025-12-10",
        "oc-east",
        "Operational Command East: claims of capture untrue",
        'Operational Command East: "the situation in the Siversk area remains tense. At the '
        "same time, statements about the enemy establishing control over the city do not "
        'correspond to reality"; small Russian assault groups were trying to infiltrate the '
        "city using the weather.",
        "Operational Command East (Facebook), reported by Interfax-Ukraine",
        "2025-12-10",
        "https://interfax.com.ua/news/general/1127324.html",
        "reported",
        38.0880,
        48.8660,
        1000,
    ),
    _ev(
        "2025-12-10",
        "pohorilyi",
        "Pohorilyi: infiltration from several directions",
        "In a YouTube video, DeepState co-founder Roman Pohorilyi said the situation deteriorated "
        'when Russian forces began infiltrating Siversk from multiple directions: "Everything '
        "began with enemy units seeping into the city from the flanks, particularly from the "
        'south. Later, they also pushed from the east, near Verkhniokamianske."',
        POHORILYI,
        "2025-12-10",
        KI_EXPLAINER,
        "reported",
        38.0975,
        48.8600,
        1000,
    ),
    _ev(
        "2025-12-11",
        "kremlin-claim",
        "Kremlin claims full control of Siversk",
        "At a meeting on the war, Vladimir Putin heard a report that Siversk had been placed "
        "under full control of the Russian Armed Forces; Chief of the General Staff Valery "
        "Gerasimov reported the capture.",
        "Russian General Staff (Gerasimov) at a meeting with Putin, reported by TASS",
        "2025-12-11",
        "https://tass.com/politics/2057417",
        "claimed",
        38.0901,
        48.8619,
        1000,
    ),
    _ev(
        "2025-12-11",
        "oc-east-denial",
        "Operational Command East: Siversk remains Ukrainian",
        'Operational Command East: "On the Slovyansk axis, the town of Siversk remains under '
        'the control of the Ukrainian Defense Forces." Russian forces were trying to '
        "infiltrate in small groups in adverse weather; most were being destroyed on the "
        "approaches.",
        "Operational Command East (Facebook), reported by Interfax-Ukraine",
        "2025-12-11",
        "https://en.interfax.com.ua/news/general/1127803.html",
        "reported",
        38.0850,
        48.8680,
        1000,
    ),
    _ev(
        "2025-12-12",
        "zaporozhets-denial",
        "11th Army Corps: the fight for the city continues",
        "Dmytro Zaporozhets, 11th Army Corps: \"Russia's statements about capturing Siversk do "
        'not correspond to reality. The fight for the city continues"; Russian troops were '
        "recorded on the southern and northern outskirts.",
        "Dmytro Zaporozhets (11th Army Corps) to Suspilne Donbas, reported by TSN",
        "2025-12-12",
        "https://tsn.ua/ato/rosiysku-prapory-u-siversku-u-zsu-vidpovily-chy-spravdi-voroh-"
        "zakhopyv-misto-2976968.html",
        "reported",
        38.0930,
        48.8640,
        1000,
    ),
    _ev(
        "2025-12-13",
        "ukrainska-pravda",
        "Ukrainska Pravda: the city almost lost",
        "A source of Ukrainska Pravda in a military command body, confirmed by two brigade "
        "sources: Russian troops had been detected across almost the entire city except the "
        'area beyond the Bakhmutka, which was still holding; "The situation in Siversk is '
        'critical" and reserves would be needed to restore lost positions.',
        "Ukrainska Pravda (military sources), reported by Empr.media",
        "2025-12-13",
        "https://empr.media/news/war/siversk-in-donetsk-region-almost-completely-lost-ukraines-"
        "armed-forces-need-reserves-to-repel-attacks/",
        "reported",
        38.0870,
        48.8660,
        1000,
    ),
    _ev(
        "2025-12-16",
        "deepstate-serebrianka",
        "DeepState: Serebrianka occupied",
        "DeepState: Russian forces occupied Serebrianka and advanced near Dronivka, "
        "Sviato-Pokrovske, Zvanivka, Pereizne and Pazeno and in Siversk, which was shown partly "
        "occupied and partly grey.",
        "DeepState, reported by Interfax-Ukraine",
        "2025-12-16",
        "https://interfax.com.ua/news/general/1128969.html",
        "reported",
        38.1250,
        48.9240,
        2000,
    ),
    _ev(
        "2025-12-17",
        "deepstate-two-thirds",
        "No part of the city fully Ukrainian on DeepState",
        "Radio Svoboda, reading DeepState's map of the evening of 16 December: no part of "
        "Siversk remained fully under Ukrainian control, two thirds of its area being marked "
        "occupied. British intelligence said Russian forces had probably taken individual "
        "positions in the centre while Ukrainian forces held the western districts.",
        "Radio Svoboda (Donbas Realii), on DeepState's map and UK Defence Intelligence",
        "2025-12-17",
        "https://www.radiosvoboda.org/a/siversk-slovyansk-zahrozy-zsu/33625691.html",
        "reported",
        38.0900,
        48.8619,
        1000,
    ),
    _ev(
        "2025-12-18",
        "ds-map-zvanivka",
        "DeepState's map: Zvanivka occupied",
        "DeepState's map of the evening of 18 December 2025 showed Zvanivka, south of Siversk, "
        "as occupied; its map of the evening of 16 December did not.",
        _ds_archive("2025-12-19"),
        "2025-12-19",
        DS_ARCHIVE,
        "assessed",
        38.0856,
        48.8117,
        1500,
    ),
    _ev(
        "2025-12-19",
        "81st-denial",
        "81st Brigade denies loss of Serebrianka and Dronivka",
        "The 81st Airmobile Brigade said reports of the capture of Serebrianka and Dronivka were "
        "untrue and that Ukrainian forces held positions within and around them; DeepState "
        "marked Serebrianka occupied.",
        "81st Separate Airmobile Brigade, reported by LIGA.net",
        "2025-12-19",
        "https://news.liga.net/en/politics/news/ukrainian-armed-forces-deny-information-about-"
        "the-capture-of-serebryanka-and-dronivka",
        "reported",
        38.1250,
        48.9240,
        2000,
    ),
    _ev(
        "2025-12-20",
        "deepstate-almost",
        "DeepState: the city almost captured",
        "DeepState reported Russian advances near Dronivka and in Siversk; according to its map "
        "the city was almost captured.",
        "DeepState, reported by UNIAN",
        "2025-12-20",
        "https://www.unian.ua/war/siversk-rosiyani-prosunulis-u-dvoh-oblastyah-deepstate-"
        "13231836.html",
        "reported",
        38.0800,
        48.8650,
        1000,
    ),
    _ev(
        "2025-12-21",
        "isw-seized",
        "ISW: Russian forces have likely seized Siversk",
        "ISW assessed that Russian forces had likely completed the seizure of Siversk and pushed "
        "further west, after 41 months of fighting, and that Moscow presented it falsely as a "
        "sign of Ukrainian collapse.",
        ISW_VIA_EMP,
        "2025-12-22",
        ISW_DEC_21,
        "assessed",
        38.0750,
        48.8650,
        1000,
    ),
    _ev(
        "2025-12-22",
        "serebrianka-7th-corps",
        'Serebrianka: "extremely difficult"',
        "Ukraine's 7th Air Assault Corps: \"The situation in Serebrianka, to the northeast of "
        'Siversk, is extremely difficult"; units of the 81st Brigade were holding positions '
        "while Russian forces tried to ferry troops across the Siverskyi Donets.",
        "7th Air Assault Corps (Telegram), reported by the Kyiv Independent",
        "2025-12-22",
        KI_DEC_22,
        "reported",
        38.1250,
        48.9240,
        2000,
    ),
    _ev(
        "2025-12-23",
        "general-staff-withdrawal",
        "Ukraine's General Staff: withdrawal from Siversk",
        "Ukraine's General Staff: \"In order to preserve the lives of our soldiers and the combat "
        'capability of units, Ukrainian defenders withdrew from the settlement"; the invaders '
        'advanced "due to a significant numerical advantage and constant pressure from small '
        'assault groups in difficult weather conditions"; the city remained under Ukrainian '
        "fire control.",
        "General Staff of the Armed Forces of Ukraine, reported by UNN",
        "2025-12-23",
        "https://unn.ua/en/news/ukrainian-military-withdrew-from-siversk-general-staff",
        "reported",
        38.0901,
        48.8619,
        1000,
    ),
    _ev(
        "2025-12-23",
        "ds-map-city",
        "DeepState's map: the whole city occupied",
        "DeepState's map of the evening of 23 December 2025 showed all of Siversk as occupied "
        "(about 78 % of the city's OpenStreetMap boundary on 16 December and 90 % on 21 "
        "December; shares measured by siversk-map on the archived map).",
        _ds_archive("2025-12-24"),
        "2025-12-24",
        DS_ARCHIVE,
        "assessed",
        38.0901,
        48.8619,
        1000,
    ),
    _ev(
        "2025-12-26",
        "butolin",
        "54th Brigade: withdrawal to more favourable lines",
        "Maksym Butolin, chief sergeant of the 54th Mechanised Brigade, on the national "
        "telethon: the city lies in a lowland within reach of all weapons, so the decision was "
        "taken to withdraw to more favourable lines, because the flanks no longer allowed the "
        "Russian advance to be held.",
        "Maksym Butolin (54th Separate Mechanised Brigade), reported by Vilne Radio",
        "2025-12-26",
        "https://freeradio.com.ua/kilzona-u-iami-biitsi-zsu-zavdavatymut-bilshykh-vtrat-"
        "okupantam-u-siversku-cherez-relief-mistsevosti-54-bryhada-zsu/",
        "reported",
        38.0600,
        48.8650,
        2000,
    ),
    _ev(
        "2025-12-26",
        "deepstate-dronivka",
        "DeepState: Russian troops try to hold in Dronivka",
        "DeepState: the Russian army was trying to consolidate in Dronivka, near Siversk and the "
        "Siverskyi Donets; on its map the village was partly captured, most of it in the grey "
        "zone.",
        "DeepState (Telegram), reported by Racurs",
        "2025-12-26",
        "https://racurs.ua/n211124-okkupanty-pytautsya-zakrepitsya-v-dronovke-doneckoy-oblasti-"
        "deepstate.html",
        "reported",
        38.0414,
        48.9178,
        3000,
    ),
    _ev(
        "2025-12-27",
        "commanders-removed",
        "Brigade commanders removed after the loss",
        "Ukrainska Pravda, citing three sources in the Defence Forces: the commander of the 54th "
        "Mechanised Brigade was removed and the commander of the 10th Mountain Assault Brigade "
        "was likely to be, over reports of positions that had long had no personnel.",
        "Ukrainska Pravda (three sources), reported by Zaxid.net",
        "2025-12-27",
        "https://zaxid.net/komandiriv_54_yi_ta_10_yi_brigad_znimayut_z_posad_pislya_shvidkoyi_"
        "vtrati_siverska_n1626898",
        "reported",
        38.0901,
        48.8619,
        5000,
    ),
    _ev(
        "2026-01-05",
        "babel-overview",
        "Babel: Siversk occupied",
        "Babel: over the month after their first reports of November, Russian forces managed to "
        "completely capture Siversk; Operational Command East temporarily removed the 11th Army "
        "Corps and its commander from command of the sector.",
        "Babel",
        "2026-01-05",
        "https://babel.ua/en/texts/124099-siversk-was-occupied-and-the-brigade-commanders-"
        "responsible-for-its-defense-were-dismissed-what-is-happening-in-this-direction",
        "reported",
        38.0901,
        48.8619,
        5000,
    ),
    _ev(
        "2026-01-07",
        "81st-dronivka",
        "81st Brigade: Russian build-up to take Dronivka",
        "The 81st Airmobile Brigade: since the start of 2026 Russian forces had been "
        "accumulating infantry and resources in the Serebrianka forest to capture Dronivka and "
        "then advance toward Platonivka and Zakitne.",
        "81st Separate Airmobile Brigade, reported by Vilne Radio",
        "2026-01-07",
        "https://freeradio.com.ua/rosiiany-nakopychuiut-syly-u-serebrianskomu-lisi-aby-"
        "zakhopyty-dronivku-siverskoi-hromady/",
        "reported",
        38.0414,
        48.9178,
        3000,
    ),
    _ev(
        "2026-01-17",
        "zakitne-denial",
        "Group of Forces East: Zakitne not captured",
        "Ukraine's Group of Forces East: \"Information about the enemy capturing Zakitne does not "
        'correspond to reality"; Russian forces were storming toward the village without '
        "success.",
        "Group of Forces East, reported by Vilne Radio",
        "2026-01-17",
        "https://freeradio.com.ua/v-zsu-sprostuvaly-zaiavy-rosiian-pro-okupatsiiu-sela-zakitne-"
        "lymanskoi-hromady-shcho-vidomo/",
        "reported",
        37.96583,
        48.89639,
        4000,
    ),
    _ev(
        "2026-01-21",
        "zaporozhets-bridgehead",
        "11th Army Corps: push from Siversk to Zakitne",
        "Dmytro Zaporozhets, 11th Army Corps, on Kyiv 24: Russian forces were most actively "
        "trying to move from Siversk toward Zakitne and Dronivka, building a bridgehead for "
        "further attacks; from the lowland city they had to attack uphill.",
        "Dmytro Zaporozhets (11th Army Corps), reported by Vilne Radio",
        "2026-01-22",
        "https://freeradio.com.ua/pid-chas-shturmiv-na-siverskomu-napriamku-rosiianam-"
        "dovodytsia-rukhatys-na-vysoty-zokrema-na-vidkrytii-mistsevosti/",
        "reported",
        38.0500,
        48.8850,
        4000,
    ),
    _ev(
        "2026-02-06",
        "syrskyi",
        "Syrskyi: commanders answer for the loss of Siversk",
        "Commander-in-chief Oleksandr Syrskyi: measures had been taken against commanders who "
        "for a long time gave false data on the situation near Siversk and so allowed its loss; "
        "the situation on the Sloviansk direction had been stabilised.",
        "Oleksandr Syrskyi (commander-in-chief), reported by Vilne Radio",
        "2026-02-06",
        "https://freeradio.com.ua/shchodo-komandyriv-iaki-dopustyly-vtratu-siverska-vzhe-"
        "vzhyly-zakhodiv-syrskyi/",
        "reported",
        38.0901,
        48.8619,
        5000,
    ),
    _ev(
        "2026-02-10",
        "zakitne-infiltration",
        "7th Air Assault Corps: infiltration into Zakitne",
        "Ukraine's 7th Air Assault Corps: Russian troops crossed the frozen Siverskyi Donets to "
        "attack from three directions and infiltrated the space between positions in Zakitne, "
        "where Ukrainian units were searching for them.",
        "7th Air Assault Corps, reported by 24 Kanal",
        "2026-02-10",
        "https://24tv.ua/slovyanskiy-napryamok-sogodni-viyskovi-rozpovili-prosuvayetsya_n3006850",
        "reported",
        37.96583,
        48.89639,
        4000,
    ),
    _ev(
        "2026-02-22",
        "shapoval",
        "Group of Forces East: pressure toward Platonivka",
        'Maj. Hryhorii Shapoval, spokesman of the Group of Forces East: "The enemy is increasing '
        'pressure in the direction of Platonivka, Bondarne, Sviato-Pokrovske and Pryvillia"; '
        "Ukrainian units were holding their lines.",
        "Hryhorii Shapoval (Group of Forces East) to Ukrinform, reported by UNIAN",
        "2026-02-22",
        "https://www.unian.ua/war/viyna-v-ukrajini-v-zsu-rozpovili-pro-situaciyu-na-slov-"
        "yanskomu-ta-kramatorskomu-napryamkah-13293870.html",
        "reported",
        38.0000,
        48.8800,
        6000,
    ),
    _ev(
        "2026-02-28",
        "54th-lyutyi",
        "54th Brigade: attacks from Siversk toward the agglomeration",
        'A senior gunner of the 54th Mechanised Brigade (call sign "Lyutyi") to Army TV: Russian '
        "forces were pressing from Siversk, trying to break the defence and encircle the "
        "Kramatorsk - Sloviansk agglomeration, with small infantry groups.",
        '54th Separate Mechanised Brigade ("Lyutyi"), reported by Vilne Radio',
        "2026-02-28",
        "https://freeradio.com.ua/okupatsiina-armiia-prahne-otochyty-kramatorsk-ta-sloviansk-i-"
        "posyliuie-dlia-tsoho-shturmy-detali/",
        "reported",
        38.0300,
        48.8650,
        6000,
    ),
    _ev(
        "2026-03-07",
        "pekhno",
        "Observer: the worst dynamics on the former Siversk direction",
        "Military observer Vasyl Pekhnyo to 24 Kanal: after the loss of Siversk in December "
        "2025, the worst dynamics of the Russian winter campaign were on the former Siversk "
        "direction; on the Sloviansk direction Russian troops stood about 15 km from the "
        "outskirts of Sloviansk.",
        "Vasyl Pekhnyo (military observer), reported by 24 Kanal",
        "2026-03-07",
        "https://24tv.ua/situatsiya-fronti-yakih-napryamkiv-mozhliviy-nastup-rosiyi_n3023532",
        "reported",
        37.9500,
        48.8700,
        10000,
    ),
]


# The advance measure: a line along the Lysychansk - Siversk axis, from Lysychansk to the city's
# western edge. Its own length is not an advance: siversk-map measures along it the ground that
# passed to Russian control between the data set's first date and the line's date, from the data
# set's own states, and shows that figure beside the quoted one. No vertex is placed to make any
# figure come out.
MEASURE = [
    (38.4000, 48.9000),
    (38.3500, 48.8900),
    (38.3000, 48.8780),
    (38.2500, 48.8680),
    (38.1967, 48.8603),
    (38.1500, 48.8630),
    (38.1200, 48.8630),
    (38.0901, 48.8619),
    (38.0650, 48.8620),
]

# The measure's date: the line is drawn on this date's file (the day of the withdrawal).
MEASURE_DATE = "2025-12-23"
MEASURE_PROPS: dict[str, Any] = {
    "name": "Russian advance along the Lysychansk - Siversk axis (press: about 19 km)",
    "note": (
        'Reported figure: the Russian forces "advanced only about 19 kilometres in over '
        'three years" of fighting near Siversk (Notizie.buzz, 22 Dec 2025). ISW (21 Dec '
        "2025) put it at 12 km in 41 months from Lysychansk to Siversk's western "
        "administrative boundary. The advance this data set itself shows along the line is "
        "measured by siversk-map from its own states and shown beside the figure; the "
        "line's length is not an advance."
    ),
    "source": "Notizie.buzz (quoted figure); line drawn by siversk-map",
    "source_date": "2025-12-22",
    "source_url": NOTIZIE_DEC_22,
    "status": "reported",
    "precision_m": 1000,
}


# Claims drawn as `control` features with status `claimed` (never counted as control):
# (date, id, name, shell, source, source_url, precision_m, note). A shell of None means the
# whole city: the city boundary ring `geography.SIVERSK_BOUNDARY`.
Shell = list[tuple[float, float]]
CLAIMS: list[tuple[str, str, str, Shell | None, str, str | None, float, str]] = [
    (
        "2025-12-11",
        "2025-12-11-claim-ru",
        "Claimed Russian full control of Siversk",
        None,
        "Russian General Staff (Gerasimov) at a meeting with Putin, reported by TASS",
        "https://tass.com/politics/2057417",
        500,
        "Claim of full control of the city; Operational Command East said the same day that "
        "Siversk remained under Ukrainian control. Drawn as the whole city (its boundary).",
    ),
]

# A claim is drawn until the day before assessed control first covered it (the claim check of
# `siversk-map changes --claims` finds the same date; tests/test_dataset.py holds the two equal):
# after that the hatch would only hide the map.
CLAIM_SHOWN_UNTIL = {"2025-12-11-claim-ru": "2025-12-22"}

MANIFEST = {
    "name": "siversk",
    "title": "Siversk, Donetsk Oblast: front line and control, July 2022 - August 2026",
    "bbox": [W, S, E, N],
    "reference_point": {"name": "Siversk city centre", "lon": 38.0972, "lat": 48.8631},
    "river_line": ["bakhmutka-river-siversk"],
    "river_name": "Bakhmutka",
    "view": {"center": [48.8657, 38.0937], "zoom": 12},
    "base_attribution": "© OpenStreetMap contributors",
    "base_extract_date": "2025-03-16",
    "attribution": (
        "Control drawn by hand by siversk-map after public maps (DeepState, ISW) and "
        "reporting; events from: Ukraine's General Staff, Operational Command East, "
        "11th Army Corps, 54th and 81st Brigades, 7th Air Assault Corps, DeepState "
        "(incl. Roman Pohorilyi), ISW, UK Ministry of Defence, Russian Ministry of "
        "Defence / TASS (claims), via the Kyiv Independent, Interfax-Ukraine, "
        "Ukrainska Pravda, UNN, UNIAN, Radio Svoboda, LIGA.net, Babel, Vilne Radio, "
        "Euromaidan Press, Novyny Donbasu, TSN, 24 Kanal, The National, Novaya Gazeta "
        "Europe, Notizie.buzz, Novini.bg, Zaxid.net, Empr.media"
    ),
    "precision_note": (
        "Positions are approximate, drawn by hand after public maps and text "
        "reports; each feature's precision_m gives its estimated error, measured "
        "against the reference maps where one exists."
    ),
    "facts": [
        "Before the full-scale invasion Siversk was home to about 10,000 people; local "
        "authorities estimated that only several hundred civilians remained in December 2025 "
        "(Kyiv Independent, 22 Dec 2025).",
        "The city helps shield Sloviansk and Kramatorsk, the main bastions of Ukraine's "
        '"fortress belt" (Kyiv Independent, 22 Dec 2025).',
        "It lies in a lowland, within reach of all weapons; until 1973 it was called Yama "
        "(Maksym Butolin, 54th Brigade, Vilne Radio, 26 Dec 2025).",
        "Russia claimed full control on 11 Dec 2025; Ukraine's General Staff announced the "
        "withdrawal from the city on 23 Dec 2025.",
        "The press reported an advance of about 19 km in more than three years (Notizie.buzz, "
        "22 Dec 2025); ISW, 12 km in 41 months from Lysychansk to the city's western boundary "
        "(21 Dec 2025). The advance measured on this data set is shown on the measure line.",
    ],
}
