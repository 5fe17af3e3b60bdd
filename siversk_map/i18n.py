"""The pages' and exports' interface strings in Ukrainian (English is the default and the key).

A string missing from a table is shown in English. Texts from the data (titles, names, notes,
sources) are not translated: names switch language through ``name_uk`` (see
:mod:`siversk_map.cartography`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

__all__ = ["LANGUAGES", "STRINGS", "check_language", "translator"]

LANGUAGES: Final = ("en", "uk")

_UK: Final[dict[str, str]] = {
    # sides, layers, statuses
    "Russian": "Російська",
    "Ukrainian": "Українська",
    "Contested": "Сіра зона",
    "Russian-held": "Під контролем РФ",
    "Ukrainian-held": "Під контролем України",
    "Contested (grey zone)": "Сіра зона",
    "Control": "Контроль",
    "Front line": "Лінія фронту",
    "Axis of advance": "Напрямок наступу",
    "River": "Річка",
    "Road": "Дорога",
    "Settlement": "Населений пункт",
    "Boundary": "Межа",
    "Event": "Подія",
    "Measure": "Вимір",
    "Railway": "Залізниця",
    "Water": "Водойма",
    "Built-up area": "Забудова",
    "Building": "Будівля",
    "Gained since previous date": "Здобуто з попередньої дати",
    "Lost since previous date": "Втрачено з попередньої дати",
    "Other source: held ground": "Інше джерело: контрольована територія",
    "Held in this data set only": "Лише в цьому наборі даних",
    "Held in the other source only": "Лише в іншому джерелі",
    "assessed": "оцінено",
    "claimed": "заявлено",
    "reported": "повідомлено",
    "(claim)": "(заява)",
    "since": "з",
    "No map for": "Немає карти на",
    "showing": "показано",
    "the nearest earlier date": "найближчу попередню дату",
    "the first date": "першу дату",
    # popups
    "Layer": "Шар",
    "Side": "Сторона",
    "Status": "Статус",
    "Date": "Дата",
    "Until": "До",
    "Area": "Площа",
    "Length": "Довжина",
    "Precision": "Точність",
    "Note": "Примітка",
    "Source": "Джерело",
    "unknown source": "джерело невідоме",
    "link": "посилання",
    "North is up": "Північ угорі",
    "Data": "Дані",
    # timeline panel
    "No tiles (offline)": "Без тайлів (офлайн)",
    "Compare": "Порівняти",
    "Choose two different dates.": "Оберіть дві різні дати.",
    "Figures on": "Показники на",
    "Claims on this date are drawn hatched and dashed: they are not assessed control.": (
        "Заяви на цю дату заштриховані й пунктирні: це не оцінений контроль."
    ),
    "Ground held (first date)": "Контрольована територія (перша дата)",
    "Ground held and change since": "Контрольована територія і зміни з",
    "Front to": "Фронт до",
    "Front to the river line": "Фронт до лінії річки",
    "Deepest advance since": "Найглибше просування з",
    "none": "немає",
    "Advance measured on this data set along the line": (
        "Просування, виміряне на цих даних уздовж лінії"
    ),
    "line": "лінія",
    "Sources shown on this date": "Джерела на цю дату",
    "Reported after": "Повідомлено після",
    "up to": "до",
    "Reported on": "Повідомлено",
    "No events in the data.": "У даних немає подій.",
    "Play": "Відтворити",
    "Pause": "Пауза",
    "the reference point": "опорної точки",
    "zoom to the change": "наблизити до змін",
    "whole area": "уся територія",
    "show on map": "показати на мапі",
    "side": "сторона",
    "held km²": "км² під контролем",
    "A km²": "A км²",
    "B km²": "B км²",
    "gained": "здоб.",
    "lost": "втр.",
    "net": "баланс",
    # timeline page
    "First date": "Перша дата",
    "Previous date": "Попередня дата",
    "Next date": "Наступна дата",
    "Last date": "Остання дата",
    "Playback speed": "Швидкість відтворення",
    "Go to date": "Перейти до дати",
    "day": "день",
    "week": "тиждень",
    "month": "місяць",
    "Compare two dates": "Порівняти дві дати",
    "Export PNG": "Експорт PNG",
    "Download the current map view as a PNG (works offline)": (
        "Завантажити поточний вигляд мапи як PNG (працює офлайн)"
    ),
    "Figures": "Показники",
    "Show or hide the figures panel": "Показати або сховати панель показників",
    "Swap A and B": "Поміняти A і B",
    "side by side": "поруч",
    "swipe": "шторка",
    "Area held per side, km²": "Площа під контролем сторін, км²",
    "Dates evenly spaced (not to time scale). Click a point to open its date.": (
        "Дати розміщено рівномірно (не в масштабі часу). Натисніть точку, щоб відкрити дату."
    ),
    "Legend": "Умовні позначення",
    "Precision, context and sources": "Точність, контекст і джерела",
    "Precision:": "Точність:",
    "Attribution:": "Авторство:",
    "Every source in the data set:": "Усі джерела набору даних:",
    "All dates as a list": "Усі дати списком",
    "all dates": "усі дати",
    "Open the timeline": "Відкрити хронологію",
    "every date in one map, compare two dates": "усі дати на одній мапі, порівняння двох дат",
    "date": "дата",
    "contested km²": "сіра зона км²",
    "front to": "фронт до",
    "events": "події",
    "this date in the timeline": "ця дата в хронології",
    "This date's own page": "Окрема сторінка цієї дати",
    "Close the panel": "Закрити панель",
    "Date controls": "Керування датою",
    "Play / pause": "Відтворити / пауза",
    "Date A (earlier map)": "Дата A (попередня мапа)",
    "Date B (current date)": "Дата B (поточна дата)",
    "Compare view": "Вигляд порівняння",
    "Drag to compare": "Перетягніть, щоб порівняти",
    "Swipe between A and B (arrow keys)": "Шторка між A і B (клавіші зі стрілками)",
    "Figures, events and sources": "Показники, події та джерела",
    "Area held per side over time; click a point to open its date": (
        "Площа під контролем сторін у часі; натисніть точку, щоб відкрити дату"
    ),
    # groups
    "Boundary and built-up areas": "Межі й забудова",
    "Roads, railways and rivers": "Дороги, залізниці й річки",
    "Control by side": "Контроль сторін",
    "Claims (not assessed)": "Заяви (не оцінені)",
    "Other source: its outline and where it disagrees": "Інше джерело: контур і розбіжності",
    "Change: Russian-held": "Зміни: під контролем РФ",
    "Change: Ukrainian-held": "Зміни: під контролем України",
    "Change: contested": "Зміни: сіра зона",
    "Axes of advance": "Напрямки наступу",
    "Measures and deepest advance": "Виміри й найглибше просування",
    "Settlements (labels)": "Населені пункти (підписи)",
    "Events": "Події",
    # legend
    "Claimed, not assessed": "Заявлено, не оцінено",
    "Front line (Russian forward edge)": "Лінія фронту (передній край РФ)",
    "River (defensive line thicker)": "Річка (оборонна лінія товща)",
    "Measured distance": "Виміряна відстань",
    "Gained by the side since the previous date (or date A)": (
        "Здобуто стороною з попередньої дати (або дати A)"
    ),
    "Lost by the side since the previous date (or date A)": (
        "Втрачено стороною з попередньої дати (або дати A)"
    ),
    "Measured distance; deepest advance": "Виміряна відстань; найглибше просування",
    "Event, reported": "Подія, повідомлено",
    "Event, assessed": "Подія, оцінено",
    "Event, claimed": "Подія, заявлено",
    "Roads": "Дороги",
    "{name} (river line)": "{name} (лінія річки)",
    "Built-up blocks": "Квартали забудови",
    "Place": "Населений пункт",
    # static exports
    "Location": "Розташування",
    "Ukraine": "Україна",
    "Sources": "Джерела",
    "Base map": "Основа мапи",
    "Change since": "Зміни з",
    "Reported on this date": "Повідомлено на цю дату",
    "Reported on these dates": "Повідомлено на ці дати",
    "Russian gain (since previous/compared date)": "Здобутки РФ (з попередньої дати)",
    "Russian loss (since previous/compared date)": "Втрати РФ (з попередньої дати)",
    "Reported event (numbered)": "Повідомлена подія (з номером)",
    "Claims are hatched purple: asserted by a party, not assessed control.": (
        "Заяви заштриховано фіолетовим: твердження сторони, не оцінений контроль."
    ),
    # The timeline's panel notes ({m}, {day}: filled in by the page).
    "Gained and lost ground between these two dates are added up in the page from the faces of "
    "every stored change, and the deepest advance is measured in the page (to within {m} m).": (
        "Здобуту й втрачену територію між цими датами сторінка підсумовує з граней усіх "
        "збережених змін, а найглибше просування вимірює сама (з точністю до {m} м)."
    ),
    "Gained and lost ground are precomputed between consecutive dates only in a series this "
    "long; the net change is the difference of the areas held.": (
        "У такій довгій серії здобута й втрачена територія обчислена лише між сусідніми датами; "
        "чиста зміна — це різниця площ під контролем."
    ),
    "This page was built without the change analysis (--no-changes); the net change is the "
    "difference of the areas held.": (
        "Сторінку зібрано без аналізу змін (--no-changes); чиста зміна — це різниця площ під "
        "контролем."
    ),
    "Claims checked against the data": "Заяви, перевірені за даними",
    " \u2014 on {day} the claim is ahead of the ground": (
        " \u2014 на {day} заява випереджає ситуацію на місцевості"
    ),
    "Claim:": "Заява:",
    "Deepest Russian advance": "Найглибше російське просування",
    "Farthest newly held point from the ground held on {day} (to within {m} m)": (
        "Найвіддаленіша нова точка під контролем від території, утримуваної {day} "
        "(з точністю до {m} м)"
    ),
    # the timeline page's container (render/packed.py)
    "This page draws its map and figures with JavaScript: turn it on to step through the dates.": (
        "Ця сторінка малює карту й показники за допомогою JavaScript: увімкніть його, щоб "
        "переглядати дати."
    ),
    "This browser cannot unpack the page's map and data (it lacks DecompressionStream): open "
    "the page in Chrome or Edge 80 or later, Firefox 113 or later, or Safari 16.4 or later.": (
        "Цей браузер не може розпакувати карту й дані сторінки (у ньому немає "
        "DecompressionStream): відкрийте сторінку в Chrome чи Edge 80 або новішому, Firefox 113 "
        "або новішому чи Safari 16.4 або новішому."
    ),
}

#: Translations by language (English maps every string to itself).
STRINGS: Final[dict[str, dict[str, str]]] = {"en": {}, "uk": _UK}


def check_language(lang: str) -> str:
    """The language code, checked.

    Raises
    ------
    ValueError
        When it is not one of :data:`LANGUAGES`.

    Examples
    --------
    >>> check_language("uk")
    'uk'
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (one of {', '.join(LANGUAGES)})")
    return lang


def translator(lang: str) -> Callable[[str], str]:
    """A function giving an interface string in ``lang`` (English when it has no translation).

    Examples
    --------
    >>> translator("uk")("Legend"), translator("en")("Legend")
    ('Умовні позначення', 'Legend')
    """
    table = STRINGS[check_language(lang)]

    def translate(text: str) -> str:
        return table.get(text, text)

    return translate
