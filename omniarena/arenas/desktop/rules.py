"""The desktop's seeded virtual state: files, mails, events and settings, built from one seed.

:func:`seed_state` returns ``(state, facts)``: ``state`` is what the page loads (a JSON object: the file
system as a flat map of paths, the trash, the mailbox, the calendar, the settings and the clock), and
``facts`` names the seeded things tasks refer to (the meeting request, the mail with an attachment, the
busiest day, ...). The same seed gives the same state; different seeds give different names, dates,
contents and numbers, so no task can be memorised.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["seed_state", "HOME", "WORDS", "ME"]

HOME = "/Home"
ME = "sam.taylor@desk.test"
FIRST = ["Ada", "Ben", "Chloe", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Luca", "Maya",
         "Nils", "Olga", "Priya", "Quinn", "Rosa", "Tomas", "Uma", "Viktor", "Wen", "Yara", "Zane"]  # fmt: skip
LAST = ["Archer", "Bauer", "Costa", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen", "Khan", "Lopez",
        "Moreau", "Novak", "Okafor", "Petrov", "Rossi", "Silva", "Tanaka", "Varga", "Weber", "Young"]  # fmt: skip
WORDS = ["amber", "birch", "cobalt", "delta", "ember", "fjord", "granite", "harbor", "indigo", "juniper", "kestrel",
         "lumen", "meadow", "nectar", "orchid", "pebble", "quartz", "raven", "saffron", "tundra", "umber", "violet",
         "willow", "xenon", "yonder", "zephyr", "atlas", "beacon", "cedar", "dune", "falcon", "glacier", "heron",
         "island", "jasper", "lagoon", "mosaic", "nova", "onyx", "prairie"]  # fmt: skip
TOPICS = ["launch", "budget", "hiring", "roadmap", "offsite", "audit", "design", "support", "training", "migration"]
ITEMS = ["Rent", "Travel", "Software", "Hardware", "Catering", "Printing", "Postage", "Coffee", "Books", "Licenses"]
EVENTS = ["Standup", "Design review", "Lunch with {p}", "1:1 with {p}", "Dentist", "Gym", "Team retro", "Budget sync",
          "Call {p}", "Planning", "Yoga", "Demo day"]  # fmt: skip


def _pick(rng: np.random.Generator, pool: list[str], k: int) -> list[str]:
    return [pool[i] for i in rng.choice(len(pool), size=k, replace=False)]


def _date(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def seed_state(seed: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The virtual state and the facts of seed ``seed`` (see the module docstring)."""
    rng = np.random.default_rng(seed)
    year, month, today = 2026, int(rng.integers(1, 13)), int(rng.integers(8, 22))
    now = f"{_date(year, month, today)} {int(rng.integers(8, 11)):02d}:{int(rng.integers(0, 4)) * 15:02d}"
    words = _pick(rng, WORDS, 16)
    people = [f"{first} {last}" for first, last in zip(_pick(rng, FIRST, 7), _pick(rng, LAST, 7), strict=True)]
    email = {p: f"{p.split()[0].lower()}.{p.split()[1].lower()}@{words[15]}.test" for p in people}
    topics = _pick(rng, TOPICS, 4)
    tick = iter(range(1, 10_000))

    fs: dict[str, dict[str, Any]] = {}

    def folder(path: str) -> None:
        fs[path] = {"type": "dir", "content": "", "mtime": next(tick)}

    def file(path: str, content: str) -> None:
        fs[path] = {"type": "file", "content": content, "mtime": next(tick)}

    for path in ("", "/Desktop", "/Documents", "/Documents/Projects", "/Downloads", "/Pictures"):
        folder(HOME + path)
    docs = []
    for i, topic in enumerate(topics[:3]):
        name = f"{HOME}/Documents/{topic}-notes.txt"
        lines = [f"{topic.capitalize()} notes", f"Owner: {people[i]}", f"Next step: ask {people[i + 1].split()[0]} about the {words[i]} plan",
                 f"Status: {words[i + 3]} review pending"]  # fmt: skip
        file(name, "\n".join(lines[: 3 + i % 2]) + "\n")
        docs.append(name)
    todo = [f"- {w} the {t}" for w, t in zip(("check", "send", "book"), topics[:3], strict=True)]
    file(f"{HOME}/Documents/todo.txt", "\n".join(todo) + "\n")
    docs.append(f"{HOME}/Documents/todo.txt")
    items = _pick(rng, ITEMS, 5)
    amounts = [int(a) for a in rng.integers(12, 480, size=5)]
    file(
        f"{HOME}/Documents/budget.csv",
        "Item,Amount\n" + "".join(f"{i},{a}\n" for i, a in zip(items, amounts, strict=True)),
    )
    project = words[4]
    file(
        f"{HOME}/Documents/Projects/{project}-plan.md", f"# {project.capitalize()} plan\n1. scope\n2. build\n3. ship\n"
    )
    file(f"{HOME}/Documents/Projects/{project}-log.txt", f"day 1: started {project}\n")
    pictures = [f"{HOME}/Downloads/{w}-photo.png" for w in words[5:7]]
    for path in pictures:
        file(path, "PNG image data " * int(rng.integers(2, 9)))
    file(
        f"{HOME}/Downloads/{words[7]}-invoice.txt",
        f"Invoice {int(rng.integers(1000, 9999))}\nTotal: {amounts[0]} EUR\n",
    )
    file(f"{HOME}/Pictures/{words[8]}.png", "PNG image data")
    file(f"{HOME}/Desktop/readme.txt", "Welcome to the desktop.\n")
    trash = [
        {
            "path": f"{HOME}/Documents/{words[9]}-draft.txt",
            "node": {"type": "file", "content": "old draft\n", "mtime": 0},
        },
        {"path": f"{HOME}/Downloads/{words[10]}.zip", "node": {"type": "file", "content": "PK", "mtime": 0}},
    ]

    # --- mail ------------------------------------------------------------------------------------------
    day = lambda k: _date(year, month, max(1, today - k))  # noqa: E731
    meet_day = int(rng.integers(today + 1, 28))
    meet_start = int(rng.integers(9, 16))
    meeting = {"title": f"{words[11].capitalize()} kickoff", "date": _date(year, month, meet_day),
               "start": f"{meet_start:02d}:00", "end": f"{meet_start + 1:02d}:30", "sender": people[0]}  # fmt: skip
    report = {
        "name": f"{topics[0]}-report.txt",
        "content": f"{topics[0].capitalize()} report\nresult: {words[12]}\nscore: {int(rng.integers(50, 99))}\n",
    }
    exp_items = _pick(rng, ITEMS, 4)
    exp_amounts = [int(a) for a in rng.integers(5, 250, size=4)]
    expenses = {
        "name": "expenses.csv",
        "content": "Item,Amount\n" + "".join(f"{i},{a}\n" for i, a in zip(exp_items, exp_amounts, strict=True)),
    }
    theme, scale = "dark", int(rng.choice([125, 150, 175]))
    busy = _date(year, month, int(rng.integers(today + 1, 28)))
    mails = [
        (
            people[0],
            f"Meeting request: {meeting['title']}",
            day(1),
            f'Hi Sam,\n\ncould we meet on {meeting["date"]} from {meeting["start"]} to {meeting["end"]}? Let\'s call it "{meeting["title"]}".\n\n{people[0].split()[0]}',
            [],
        ),  # fmt: skip
        (
            people[1],
            f"{topics[0].capitalize()} report",
            day(2),
            f"Hello,\n\nthe {topics[0]} report is attached.\n\nBest, {people[1].split()[0]}",
            [report],
        ),
        (
            people[2],
            "Expenses for this month",
            day(3),
            f"Hi,\n\nmy expenses are in the attached sheet.\n\n{people[2].split()[0]}",
            [expenses],
        ),
        (
            "IT Department",
            "Please update your display settings",
            day(4),
            f"Dear colleague,\n\nfor the new screens please switch your desktop to the {theme} theme and set the display scale to {scale}%.\n\nIT",
            [],
        ),  # fmt: skip
        (
            people[3],
            f"How busy are you on {busy}?",
            day(0),
            f"Hi Sam, how many events do you have on {busy}? Just reply with the number.\n{people[3].split()[0]}",
            [],
        ),  # fmt: skip
        (people[4], f"Re: {topics[1]} plans", day(5), f"Sounds good, see you at the {words[13]} office.", []),
        (
            people[1],
            f"{topics[2].capitalize()} follow-up",
            day(6),
            f"One more thing about the {topics[2]}: {words[14]}.",
            [],
        ),
        (people[5], "Lunch?", day(7), "Are you free for lunch this week?", []),
    ]
    messages = []
    for i, (who, subject, date, body, atts) in enumerate(mails):
        sender = "it@desk.test" if who == "IT Department" else email[who]
        messages.append({"id": i + 1, "folder": "Inbox", "from": sender, "fromName": who, "to": ME, "subject": subject,
                         "body": body, "date": f"{date} {8 + i:02d}:{(7 * i) % 60:02d}", "read": i > 4, "attachments": atts})  # fmt: skip
    messages.append({"id": len(messages) + 1, "folder": "Archive", "from": email[people[6]], "fromName": people[6], "to": ME,
                     "subject": "Old thread", "body": "Archived long ago.", "date": f"{day(20)} 09:00", "read": True, "attachments": []})  # fmt: skip

    # --- calendar ------------------------------------------------------------------------------------
    events = []
    used: set[str] = set()
    busy_titles = []
    for k in range(int(rng.integers(2, 4))):
        title = EVENTS[(k * 5 + int(rng.integers(0, 3))) % len(EVENTS)].format(p=people[k + 2].split()[0])
        busy_titles.append(title)
        events.append({"title": title, "date": busy, "start": f"{9 + 3 * k:02d}:00", "end": f"{10 + 3 * k:02d}:00"})
        used.add(title)
    for title in _pick(rng, EVENTS, 6):
        title = title.format(p=people[int(rng.integers(0, 7))].split()[0])
        if title in used:
            continue
        used.add(title)
        d = _date(
            year,
            month,
            int(rng.choice([x for x in range(1, 28) if _date(year, month, x) not in (busy, meeting["date"])])),
        )
        hour = int(rng.integers(8, 17))
        events.append({"title": title, "date": d, "start": f"{hour:02d}:30", "end": f"{hour + 1:02d}:15"})
    for i, event in enumerate(events):
        event["id"] = i + 1

    state = {
        "fs": fs,
        "trash": trash,
        "mail": {"me": ME, "messages": messages},
        "calendar": {"events": events},
        "settings": {
            "theme": "light",
            "scale": 100,
            "wallpaper": "blue",
            "language": "English (US)",
            "notifications": True,
            "clock24": True,
        },  # fmt: skip
        "now": now,
        "tick": next(tick) + 100,
    }
    sizes = {p: len(fs[p]["content"]) for p in docs}
    facts = {
        "people": people,
        "email": email,
        "words": words,
        "docs": docs,
        "largest_doc": max(docs, key=lambda p: (sizes[p], p)),
        "pictures": pictures,
        "budget": {"path": f"{HOME}/Documents/budget.csv", "items": items, "amounts": amounts, "total": sum(amounts)},
        "project": f"{HOME}/Documents/Projects",
        "invoice": {"path": f"{HOME}/Downloads/{words[7]}-invoice.txt", "total": amounts[0]},
        "trash": [t["path"] for t in trash],
        "meeting": {**meeting, "id": 1, "email": email[people[0]]},
        "report": {**report, "id": 2, "sender": people[1], "email": email[people[1]]},
        "expenses": {**expenses, "id": 3, "sender": people[2], "total": sum(exp_amounts), "rows": len(exp_amounts)},
        "it": {"theme": theme, "scale": scale, "id": 4},
        "busy": {
            "date": busy,
            "titles": busy_titles,
            "count": len(busy_titles),
            "id": 5,
            "sender": people[3],
            "email": email[people[3]],
        },
        "plain_mails": [m["id"] for m in messages[5:8]],
        "events": events,
        "today": now.split()[0],
    }
    return state, facts
