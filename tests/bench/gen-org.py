#!/usr/bin/env python3
# gen-org.py: generate a large synthetic OKR repository for benchmarks, as
# one `git fast-import` stream: the whole organisation in one commit, then
# N check-in commits in the current quarter (2026-Q4) shaped like okr's own.
# The pack is then made again as `git gc` packs a repository that okr
# wrote (okr commits loose objects; gc finds their deltas): git's own
# fast-import manual says to repack after an import, since fast-import
# deltifies each blob against the one written before it. --pack
# fast-import keeps fast-import's pack, to measure that layout too.
"""usage: gen-org.py --out DIR --commits N [--periods 4] [--objectives 2500]
                  [--krs 4] [--teams 250] [--seed 1] [--pack gc|fast-import]"""

import argparse
import datetime
import os
import random
import subprocess
import sys
import time

CURRENT = (2026, 4)			# the current quarter, 2026-Q4
CHECKIN_FIRST = (2026, 10, 1, 8, 0)	# local time of the first check-in
CHECKIN_LAST = (2026, 12, 20, 18, 0)	# and of the last one
ORG_DATE = (2026, 9, 30, 12, 0)		# the commit that adds the organisation
HAND_EDIT_EVERY = 20			# about 1 in 20 commits has no trailers

FIRST = ["Kari", "Ola", "Alice", "Bjørn", "Ingrid", "Lars", "Sofie", "Jonas",
	 "Emma", "Henrik", "Nora", "Magnus", "Ida", "Sander", "Thea", "Eirik",
	 "Maja", "Kristian", "Sara", "Øyvind", "Hanne", "Petter", "Julie",
	 "Anders", "Marte", "Sindre", "Åse", "Tobias", "Linn", "Mats", "Frida",
	 "Håkon", "Silje", "Vegard", "Tuva", "Jørgen", "Amalie", "Even", "Live",
	 "Didrik", "Mia", "Sverre", "Ragnhild", "Aksel", "Tiril", "Espen",
	 "Vilde", "Geir", "Helene", "Rune", "Astrid", "Trond", "Synnøve", "Pål",
	 "Camilla", "Fredrik", "Guro", "Jon", "Karin", "Leif"]
LAST = ["Nordmann", "Hansen", "Berg", "Johansen", "Olsen", "Larsen",
	"Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen",
	"Johnsen", "Pettersen", "Eriksen", "Solberg", "Bakken", "Lie",
	"Strand", "Dahl", "Haugen", "Moen", "Lund", "Halvorsen", "Jakobsen",
	"Sørensen", "Gundersen", "Aas", "Knutsen", "Ødegård", "Holm", "Næss",
	"Vik", "Ruud", "Brekke", "Myhre", "Aune", "Sæther", "Fjeld", "Tangen",
	"Løken", "Hagen", "Iversen", "Wold", "Kvam", "Bø", "Sandvik", "Lunde",
	"Rønning", "Engen", "Foss", "Nygård", "Bråten", "Sletten", "Husby",
	"Ellingsen", "Hovland", "Tveit", "Ås", "Aasen"]
AREAS = ["Payments", "Search", "Checkout", "Identity", "Platform", "Mobile",
	 "Growth", "Data", "Billing", "Support", "Security", "Infrastructure",
	 "Onboarding", "Marketplace", "Logistics", "Pricing", "Messaging",
	 "Analytics", "Design System", "Developer Experience", "Partnerships",
	 "Content", "Recommendations", "Fraud", "Sales Tools", "Reliability",
	 "Compliance", "Localisation", "Notifications", "Ads"]
OBJ_TITLES = ["Make {a} feel instant", "Delight {a} customers",
	      "Scale {a} for next year", "Make {a} boringly reliable",
	      "Grow {a} in the Nordics", "Cut the cost of running {a}",
	      "Ship {a} improvements faster", "Earn trust in {a}",
	      "Simplify {a} for new users", "Turn {a} into a profit centre"]
COMPANY_TITLES = ["Delight customers everywhere", "Become the Nordic leader",
		  "Grow recurring revenue profitably", "Build a great place to work",
		  "Run a reliable and secure platform", "Ship faster with quality",
		  "Expand to two new markets", "Cut operating costs",
		  "Earn customer trust", "Be carbon neutral by 2027"]
# slug, title, unit, start, target, decimals
METRICS = [
	("p95-latency", "Cut p95 API latency", "ms", 800, 200, 0),
	("weekly-active-users", "Grow weekly active users", "users", 12000, 20000, 0),
	("conversion-rate", "Raise checkout conversion", "%", 2.1, 3.5, 1),
	("nps", "Raise NPS", None, 31, 45, 0),
	("churn", "Reduce monthly churn", "%", 4.2, 2.5, 1),
	("revenue", "Grow recurring revenue", "MNOK", 48, 60, 1),
	("deploys-per-week", "Ship more often", "deploys", 5, 20, 0),
	("incidents", "Fewer customer-facing incidents", "incidents", 12, 4, 0),
	("test-coverage", "Raise test coverage", "%", 61, 80, 0),
	("onboarding-time", "Shorten onboarding", "days", 14, 5, 0),
	("cost-per-request", "Cut cost per request", "øre", 3.2, 2.0, 2),
	("support-tickets", "Reduce support tickets", "tickets", 900, 500, 0),
	("build-time", "Cut CI build time", "min", 25, 10, 0),
	("hires", "Hire engineers", "people", 0, 6, 0),
	("docs-pages", "Publish docs pages", "pages", 10, 60, 0),
	("signups", "Grow monthly sign-ups", None, 3000, 4500, 0),
	("page-weight", "Cut page weight", "kB", 1800, 900, 0),
	("time-to-resolve", "Resolve tickets faster", "h", 36, 12, 1),
]
# slug, title, bound key, bound, typical current, decimals, unit
THRESHOLDS = [
	("uptime", "Keep API uptime at or above 99.9 %", "at_least", 99.9, 99.95, 2, "%"),
	("error-rate", "Keep the error rate at most 0.5 %", "at_most", 0.5, 0.3, 2, "%"),
	("p99-cap", "Keep p99 latency under 1200 ms", "at_most", 1200, 950, 0, "ms"),
	("csat", "Keep customer satisfaction at least 4.5", "at_least", 4.5, 4.6, 1, None),
	("budget", "Stay within budget", "at_most", 100, 92, 0, "%"),
]
BINARIES = [
	("edge-cache", "Edge cache live in all regions"),
	("sso-launch", "Launch single sign-on"),
	("gdpr-audit", "Pass the GDPR audit"),
	("pricing-page", "Ship the new pricing page"),
	("oncall-rotation", "Set up a sustainable on-call rotation"),
	("status-page", "Publish a public status page"),
]
MILESTONE_KRS = [
	("migration", "Migrate all services", ["Design approved", "Half migrated", "All migrated"]),
	("launch-sweden", "Launch in Sweden", ["Legal review done", "Beta in Stockholm", "General availability"]),
	("new-api", "Release API v2", ["Spec published", "Beta partners live"]),
]
BODIES = ["Weekly check-in.", "Numbers from the Monday dashboard.",
	  "Slower than hoped; see the incident review.",
	  "Good week: the rollout finished early.",
	  "Estimate, the exact figure comes on Friday."]
HAND_SUBJECTS_TITLE = ["Fix typo in {team} objective", "Reword {obj} title",
		       "tweak wording"]
HAND_SUBJECTS_VALUE = ["update numbers", "Update Q4 numbers for {team}",
		       "fix value in {obj}"]


def ascii_fold(s):
	for a, b in (("æ", "ae"), ("ø", "o"), ("å", "a"), ("Æ", "Ae"),
		     ("Ø", "O"), ("Å", "A")):
		s = s.replace(a, b)
	return s.lower()


def fmt(x, decimals):
	"""A number as okr and a person would write it: no trailing zeros."""
	if decimals == 0:
		return str(int(round(x)))
	s = "%.*f" % (decimals, x)
	s = s.rstrip("0").rstrip(".")
	return "0" if s in ("-0", "") else s


def oslo_offset(utc):
	# Central European summer time ends on 2026-10-25 at 01:00 UTC; the
	# benchmark never leaves 2026, so one switch-over is enough.
	if utc < datetime.datetime(2026, 10, 25, 1, 0, tzinfo=datetime.timezone.utc):
		return 2
	return 1


def local_epoch(y, mo, d, h, mi):
	"""Seconds since the epoch of an Oslo wall-clock time in 2026."""
	guess = datetime.datetime(y, mo, d, h, mi, tzinfo=datetime.timezone.utc)
	off = oslo_offset(guess - datetime.timedelta(hours=2))
	return int(guess.timestamp()) - off * 3600


def git_date(ts):
	utc = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
	off = oslo_offset(utc)
	local = utc + datetime.timedelta(hours=off)
	return "%d +0%d00" % (ts, off), local.strftime("%Y-%m-%d")


def quarters(n):
	y, q = CURRENT
	out = []
	for _ in range(n):
		out.append((y, q))
		q -= 1
		if q == 0:
			y, q = y - 1, 4
	return out[::-1]


def quarter_days(y, q):
	first = datetime.date(y, 3 * q - 2, 1)
	last = (datetime.date(y + 1, 1, 1) if q == 4
		else datetime.date(y, 3 * q + 1, 1)) - datetime.timedelta(days=1)
	return first, last


class Person:
	__slots__ = ("name", "email", "ident")

	def __init__(self, first, last, n):
		self.name = "%s %s" % (first, last)
		self.email = "%s.%s%s@example.com" % (
			ascii_fold(first), ascii_fold(last), "" if n == 0 else n)
		self.ident = "%s <%s>" % (self.name, self.email)


def make_people(rng, count):
	combos = [(f, l) for f in FIRST for l in LAST]
	rng.shuffle(combos)
	return [Person(combos[i % len(combos)][0], combos[i % len(combos)][1],
		       i // len(combos)) for i in range(count)]


def make_config(rng, nteams):
	people = make_people(rng, 2 + nteams * 7)
	ambassadors = people[:2]
	teams = []
	for t in range(nteams):
		group = people[2 + t * 7:2 + t * 7 + 7]
		area = AREAS[t % len(AREAS)]
		name = area if t < len(AREAS) else "%s %d" % (area, t // len(AREAS) + 1)
		teams.append({"key": "team-%03d" % t, "name": name,
			      "area": area, "lead": group[0], "members": group[1:]})
	out = ["organisation: Nordlys Synthetic AS\n", "ambassadors:\n"]
	out += ["  - %s\n" % p.ident for p in ambassadors]
	out += ["fiscal_year_start: 1\n",
		"cadence:\n",
		"  checkin: 7d\n",
		"  meeting:\n",
		"    day: monday\n",
		"    time: \"09:00\"\n",
		"    length: 30m\n",
		"  review: monthly\n",
		"  report: quarterly\n",
		"scoring:\n",
		"  on_track: 0.7\n",
		"  at_risk: 0.4\n",
		"teams:\n"]
	for t in teams:
		out.append("  %s:\n    name: %s\n    lead: %s\n    members:\n"
			   % (t["key"], t["name"], t["lead"].ident))
		out += ["      - %s\n" % m.ident for m in t["members"]]
	return "".join(out), ambassadors, teams


class KR:
	"""One key result of a current-quarter file: what a check-in rewrites."""
	__slots__ = ("id", "kind", "unit", "decimals", "start", "target",
		     "bound", "progress", "value", "cur_line", "upd_line",
		     "conf_line", "confidence")


class ObjFile:
	__slots__ = ("path", "id", "team", "lines", "krs", "title_line",
		     "title", "alt_title", "authors")


def kr_lines(rng, period, krs_wanted, owner_pool, current, start_updated):
	"""The key_results block; returns (lines, KR records)."""
	(y, q) = period
	first, last = quarter_days(y, q)
	days = (last - first).days
	past = not current
	lines = ["key_results:\n"]
	recs = []
	used = set()
	for k in range(krs_wanted):
		roll = rng.random()
		kind = "metric" if k == 0 or roll < 0.6 else (
			"threshold" if roll < 0.75 else
			"binary" if roll < 0.9 else "milestone")
		r = KR()
		r.kind = kind
		r.unit = None
		r.conf_line = None
		r.confidence = None
		r.cur_line = None
		if kind == "metric":
			slug, title, unit, s, t, dec = rng.choice(METRICS)
			scale = rng.choice((0.5, 0.8, 1, 1, 1.25, 2))
			# Round as the file shows them, so progress matches the file.
			s, t = float(fmt(s * scale, dec)), float(fmt(t * scale, dec))
			if s == t:
				t = s + 1
			r.start, r.target, r.decimals, r.unit = s, t, dec, unit
			r.progress = rng.uniform(0.3, 1.1) if past else 0.0
			r.value = fmt(s + r.progress * (t - s), dec)
		elif kind == "threshold":
			slug, title, key, bound, cur, dec, unit = rng.choice(THRESHOLDS)
			r.bound, r.target, r.decimals, r.unit = bound, key, dec, unit
			r.start = cur
			r.value = fmt(cur, dec)
		elif kind == "binary":
			slug, title = rng.choice(BINARIES)
			r.value = "true" if past and rng.random() < 0.7 else "false"
		else:
			slug, title, stones = rng.choice(MILESTONE_KRS)
		base, n = slug, 2
		while slug in used:
			slug = "%s-%d" % (base, n)
			n += 1
		used.add(slug)
		r.id = slug
		lines.append("  - id: %s\n" % slug)
		lines.append("    title: %s\n" % title)
		if owner_pool and rng.random() < 0.4:
			lines.append("    owner: %s\n" % rng.choice(owner_pool).ident)
		if kind == "metric":
			lines.append("    start: %s\n" % fmt(r.start, r.decimals))
			lines.append("    target: %s\n" % fmt(r.target, r.decimals))
			r.cur_line = len(lines)
			lines.append("    current: %s\n" % r.value)
		elif kind == "threshold":
			lines.append("    %s: %s\n" % (r.target, fmt(r.bound, r.decimals)))
			r.cur_line = len(lines)
			lines.append("    current: %s\n" % r.value)
		elif kind == "binary":
			r.cur_line = len(lines)
			lines.append("    done: %s\n" % r.value)
			due = first + datetime.timedelta(days=rng.randrange(30, days))
			lines.append("    due: %s\n" % due.isoformat())
		else:
			lines.append("    milestones:\n")
			step = days // (len(stones) + 1)
			for i, st in enumerate(stones):
				due = first + datetime.timedelta(days=step * (i + 1))
				done = "true" if past and rng.random() < 0.8 else "false"
				lines.append("      - { title: %s, due: %s, done: %s }\n"
					     % (st, due.isoformat(), done))
		if r.unit is not None:
			u = '"%"' if r.unit == "%" else r.unit
			lines.append("    unit: %s\n" % u)
		if kind in ("metric", "threshold") and rng.random() < 0.5:
			r.confidence = fmt(rng.uniform(0.3, 0.9), 1)
			r.conf_line = len(lines)
			lines.append("    confidence: %s\n" % r.confidence)
		if rng.random() < 0.1:
			lines.append("    weight: %d\n" % rng.choice((2, 3)))
		r.upd_line = len(lines)
		if past:
			upd = first + datetime.timedelta(days=rng.randrange(days - 20, days + 1))
		else:
			upd = start_updated
		lines.append("    updated: %s\n" % upd.isoformat())
		recs.append(r)
	return lines, recs


def make_period(rng, period, nobj, nkrs, teams, ambassadors, current):
	"""Every objective file of one period: a list of ObjFile."""
	(y, q) = period
	pname = "%d-Q%d" % (y, q)
	first, last = quarter_days(y, q)
	org_day = datetime.date(*ORG_DATE[:3])
	ncompany = max(1, min(10, nobj // 250))
	files = []

	def new_file(oid, team, header, owner_pool, authors, title):
		f = ObjFile()
		f.path = "%s/%s.yaml" % (pname, oid)
		f.id = oid
		f.team = team
		f.title = title
		f.alt_title = title + " this quarter"
		f.authors = authors
		lines = list(header)
		f.title_line = 0
		if rng.random() < 0.25:
			lines.append("type: committed\n")
		if rng.random() < 0.3:
			lines.append("description: >\n  %s. Owned by %s, reviewed at the "
				     "monthly review.\n" % (title, team))
		klines, f.krs = kr_lines(rng, period, nkrs, owner_pool, current,
					 org_day)
		base = len(lines)
		for r in f.krs:
			r.upd_line += base
			if r.cur_line is not None:
				r.cur_line += base
			if r.conf_line is not None:
				r.conf_line += base
		lines += klines
		if rng.random() < 0.2:
			lines.append("milestones:\n  - { title: Kick-off, due: %s, done: %s }\n"
				     % ((first + datetime.timedelta(days=2)).isoformat(),
					"true" if not current or rng.random() < 0.5 else "false"))
		f.lines = lines
		files.append(f)

	leads = [t["lead"] for t in teams]
	for c in range(ncompany):
		oid = "company/obj-%02d" % (c + 1)
		title = COMPANY_TITLES[c % len(COMPANY_TITLES)]
		owner = leads[c % len(leads)] if leads else ambassadors[0]
		header = ["objective: %s\n" % title, "level: company\n",
			  "owner: %s\n" % owner.ident]
		new_file(oid, "company", header, leads[:20], list(ambassadors) + leads[:10], title)
	rest = nobj - ncompany
	nteams = len(teams)
	for t, team in enumerate(teams):
		count = rest // nteams + (1 if t < rest % nteams else 0)
		if count == 0:
			continue
		nteam_level = max(1, count * 3 // 10)
		people = [team["lead"]] + team["members"]
		for i in range(count):
			oid = "%s/obj-%02d" % (team["key"], i + 1)
			title = OBJ_TITLES[(t + i) % len(OBJ_TITLES)].format(a=team["area"])
			if i < nteam_level:
				header = ["objective: %s\n" % title, "level: team\n",
					  "owner: %s\n" % team["key"],
					  "parent: company/obj-%02d\n" % (rng.randrange(ncompany) + 1)]
				pool = people
				authors = people
			else:
				who = team["members"][(i - nteam_level) % len(team["members"])]
				header = ["objective: %s\n" % title, "level: individual\n",
					  "owner: %s\n" % who.ident,
					  "parent: %s/obj-%02d\n" % (team["key"], rng.randrange(nteam_level) + 1)]
				pool = None
				authors = [who] * 4 + [team["lead"]]
			new_file(oid, team["key"], header, pool, authors, title)
	return files


def checkin_value(rng, r):
	"""The next value of a metric or threshold key result, as text."""
	if r.kind == "metric":
		r.progress = min(1.15, max(-0.1, r.progress + rng.uniform(-0.03, 0.12)))
		return fmt(r.start + r.progress * (r.target - r.start), r.decimals)
	spread = abs(r.bound) * 0.02 if r.bound else 1
	return fmt(r.start + rng.uniform(-spread, spread), r.decimals)


def main():
	ap = argparse.ArgumentParser(description="generate a synthetic OKR repository")
	ap.add_argument("--out", required=True)
	ap.add_argument("--commits", type=int, required=True)
	ap.add_argument("--periods", type=int, default=4)
	ap.add_argument("--objectives", type=int, default=2500)
	ap.add_argument("--krs", type=int, default=4)
	ap.add_argument("--teams", type=int, default=250)
	ap.add_argument("--seed", type=int, default=1)
	ap.add_argument("--pack", choices=["gc", "fast-import"], default="gc")
	a = ap.parse_args()
	if a.commits < 0 or a.periods < 1 or a.objectives < 1 or a.krs < 1 or a.teams < 1:
		ap.error("counts must be positive")
	if os.path.exists(a.out) and os.listdir(a.out):
		sys.exit("gen-org: error: '%s' exists and is not empty" % a.out)
	t0 = time.monotonic()
	rng = random.Random(a.seed)
	teams_n = min(a.teams, max(1, a.objectives - 1))
	config, ambassadors, teams = make_config(rng, teams_n)
	periods = quarters(a.periods)
	org = {}
	for p in periods:
		org[p] = make_period(rng, p, a.objectives, a.krs, teams, ambassadors,
				     p == CURRENT)

	os.makedirs(a.out, exist_ok=True)
	subprocess.run(["git", "init", "-q", "-b", "main", a.out], check=True)
	fi = subprocess.Popen(["git", "-C", a.out, "fast-import", "--quiet"],
			      stdin=subprocess.PIPE, bufsize=1 << 20)
	w = fi.stdin.write

	def data(b):
		w(b"data %d\n" % len(b))
		w(b)
		w(b"\n")

	def commit(author, date, msg, files):
		ident = ("%s %s" % (author.ident, date)).encode()
		w(b"commit refs/heads/main\nauthor " + ident + b"\ncommitter " + ident + b"\n")
		data(msg.encode())
		for path, text in files:
			w(b"M 100644 inline " + path.encode() + b"\n")
			data(text.encode())

	date, _ = git_date(local_epoch(*ORG_DATE))
	everything = [("okr.yaml", config)]
	for p in periods:
		everything += [(f.path, "".join(f.lines)) for f in org[p]]
	commit(ambassadors[0], date,
	       "Add the %s OKRs of the whole organisation\n" %
	       ", ".join("%d-Q%d" % p for p in periods), everything)

	cur = org[CURRENT]
	t_first = local_epoch(*CHECKIN_FIRST)
	span = local_epoch(*CHECKIN_LAST) - t_first
	if a.commits > span:
		sys.exit("gen-org: error: at most %d commits fit in the quarter" % span)
	okr_commits = hand = 0
	for i in range(a.commits):
		# Even spread with jitter inside each slot keeps dates strictly increasing.
		lo = t_first + i * span // a.commits
		hi = t_first + (i + 1) * span // a.commits
		ts = lo + (rng.randrange(hi - lo) if hi > lo + 1 else 0)
		date, day = git_date(ts)
		f = cur[rng.randrange(len(cur))]
		author = rng.choice(f.authors)
		changeable = [r for r in f.krs if r.cur_line is not None]
		r = rng.choice(changeable)
		if rng.randrange(HAND_EDIT_EVERY) == 0:
			hand += 1
			old = r.value
			if r.kind == "metric" and rng.random() < 0.5:
				r.progress += 0.05	# a hand edit always changes the number
				r.value = checkin_value(rng, r)
			if r.kind == "metric" and r.value != old:
				f.lines[r.cur_line] = "    current: %s\n" % r.value
				subj = rng.choice(HAND_SUBJECTS_VALUE)
			else:
				f.title, f.alt_title = f.alt_title, f.title
				f.lines[f.title_line] = "objective: %s\n" % f.title
				subj = rng.choice(HAND_SUBJECTS_TITLE)
			commit(author, date, subj.format(team=f.team, obj=f.id) + "\n",
			       [(f.path, "".join(f.lines))])
			continue
		okr_commits += 1
		if r.kind == "binary" and r.value == "true" and len(changeable) > 1:
			r = changeable[0]	# done already: check in the metric instead
		old = r.value
		if r.kind == "binary":
			r.value = "true"
			f.lines[r.cur_line] = "    done: true\n"
			old_s = "done" if old == "true" else "not-done"
			new_s = "done"
		else:
			r.value = checkin_value(rng, r)
			f.lines[r.cur_line] = "    current: %s\n" % r.value
			old_s, new_s = old, r.value
		f.lines[r.upd_line] = "    updated: %s\n" % day
		ref = "2026-Q4/%s#%s" % (f.id, r.id)
		trailers = "Okr-Ref: %s\nOkr-Value: %s\n" % (ref, new_s)
		if r.conf_line is not None and rng.random() < 0.6:
			r.confidence = fmt(rng.uniform(0.1, 0.9), 1)
			f.lines[r.conf_line] = "    confidence: %s\n" % r.confidence
			trailers += "Okr-Confidence: %s\n" % r.confidence
		subj = "okr: %s %s -> %s%s" % (ref, old_s, new_s,
					       " " + r.unit if r.unit else "")
		body = "\n" + rng.choice(BODIES) + "\n" if rng.random() < 0.3 else ""
		commit(author, date, subj + "\n" + body + "\n" + trailers,
		       [(f.path, "".join(f.lines))])
	fi.stdin.close()
	if fi.wait() != 0:
		sys.exit("gen-org: error: git fast-import failed")
	subprocess.run(["git", "-C", a.out, "reset", "-q", "--hard"], check=True)
	if a.pack == "gc":
		# fresh deltas (-f), as gc finds them for loose objects
		subprocess.run(["git", "-C", a.out, "repack", "-q", "-a", "-d", "-f"], check=True)
	nfiles = sum(len(v) for v in org.values())
	print("gen-org: %s: %d periods x %d objectives x %d key results (%d files, "
	      "%d teams), %d commits (1 initial, %d okr check-ins, %d hand edits), "
	      "seed %d, %s pack, %.1f s" % (a.out, len(periods), a.objectives, a.krs, nfiles,
					    len(teams), 1 + a.commits, okr_commits, hand,
					    a.seed, a.pack, time.monotonic() - t0))


if __name__ == "__main__":
	main()
