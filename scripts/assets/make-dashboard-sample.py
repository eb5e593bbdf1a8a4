#!/usr/bin/env python3
"""Writes Layouts/samples/dashboard.json: invented Odawara-like data for the congestion dashboard.

Eight spots (one with a long real-world name, one with a camera gap, one with no count yet), a day of
hourly counts with a forecast after 14:00, weather and notices. Run from the repository root."""
import json, math

DAY = "2026-11-23"
spots = [
    ("odawara-castle", "小田原城", "Odawara Castle", 1840, 2000, 1.00, None),
    ("odawara-station-east", "小田原駅東口", "Odawara Station East", 960, 1500, 0.75, None),
    ("odawara-fish-market", "小田原漁港", "Odawara Fishing Port", 410, 1200, 0.45, [11, 12]),
    ("ishigakiyama", "石垣山一夜城", "Ishigakiyama Castle", 120, 600, 0.25, None),
    ("miyuki-beach", "御幸の浜", "Miyuki Beach", 260, 800, 0.40, None),
    # The longest name a city would give a counted spot (its own sign names are shorter still).
    ("castle-park-playground", "小田原城址公園 こども遊園地", "Odawara Castle Park Children's Playground", 530, 600,
     0.90, None),
    ("kamaboko-street", "かまぼこ通り", "Kamaboko Street", 300, 500, 0.65, None),
    ("tenjinyama", "天神山 展望台", "Tenjinyama Lookout", None, 200, 0.2, None),
]

def history(peak_share, capacity, gap):
    out = []
    for hour in range(8, 21):
        # A day shape peaking at 13–14 h.
        shape = math.exp(-((hour - 13.5) / 3.2) ** 2)
        count = round(capacity * peak_share * (0.22 + 0.78 * shape))
        sample = {"at": f"{DAY}T{hour:02d}:00:00+09:00", "count": count, "forecast": hour > 14}
        if gap and hour in gap:
            sample["count"] = None
        out.append(sample)
    return out

data = {"spots": [], "notices": [], "sources": [{"name": "platform", "lastSuccess": f"{DAY}T14:05:00+09:00"}]}
for sid, ja, en, count, capacity, peak, gap in spots:
    spot = {"id": f"urn:ngsi-ld:CrowdFlowObserved:{sid}", "name": {"ja": ja, "en": en}, "capacity": capacity,
            "observedAt": f"{DAY}T14:04:00+09:00"}
    if count is not None:
        spot["peopleCount"] = count
        spot["history"] = history(peak, capacity, gap)
    data["spots"].append(spot)
data["weather"] = {"observedAt": f"{DAY}T14:00:00+09:00", "temperature": 18.5, "precipitation": 2.0,
                   "humidity": 62, "windSpeed": 4.2, "condition": {"ja": "晴れ", "en": "Sunny"}}
data["notices"] = [
    {"id": "n1", "title": {"ja": "小田原城 冬の特別公開 12月1日から", "en": "Odawara Castle winter opening from 1 December"},
     "body": {"ja": "天守閣最上階の特別展示", "en": "Special exhibition on the top floor"},
     "validFrom": "2026-11-01T00:00:00+09:00", "validUntil": "2026-12-31T00:00:00+09:00"},
    {"id": "n2", "title": {"ja": "混雑時は小田原駅西口・御幸の浜方面のご利用をおすすめします",
                           "en": "When crowded, try the station's west exit and Miyuki Beach"},
     "body": {"ja": "", "en": ""}, "validFrom": "2026-11-01T00:00:00+09:00"},
]
with open("Layouts/samples/dashboard.json", "w") as f:
    json.dump(data, f, ensure_ascii=False, indent=2)
    f.write("\n")
