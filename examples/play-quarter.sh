#!/bin/bash
# play-quarter.sh: a quarter of Nordlys Software AS in one minute. Copies
# examples/nordlys/ into a temporary git repository as it stood before
# 2026-Q4 began, plays two months of dated check-ins through `okr update`
# (each by the key result's owner, on its own day), then prints the
# quarterly report as of 2026-11-26 on stdout.
#
# usage: examples/play-quarter.sh        (okr from $OKR, else ./build/cmd/okr)
#        OKR=/usr/local/bin/okr examples/play-quarter.sh > report.md
#        KEEP=1 examples/play-quarter.sh   keeps the repository, says where

set -euo pipefail

source "$(dirname "$0")/demo-lib.sh"
demo_start play-quarter.sh nordlys

# ---- the repository as it stood on 2026-09-28 ----
#
# The example holds the quarter as checked in up to late November; wind it
# back: every metric at its start value, binary key results not done yet,
# no check-in dates (the milestones stay as they are).
cp -R "$here/nordlys/." "$repo/"
for f in "$repo"/2026-Q4/*/*.yaml; do
	awk '
	/^  - id:/ { start = "" }
	/^    start: / { start = $2 }
	/^    current: / && start != "" { print "    current: " start; next }
	/^    done: true/ { print "    done: false"; next }
	/^    updated: / { next }
	{ print }
	' "$f" >"$f.new"
	mv "$f.new" "$f"
done
git -C "$repo" init -q
git -C "$repo" add .
GIT_AUTHOR_NAME='Ingrid Sæther' GIT_AUTHOR_EMAIL=ingrid.saether@nordlys.no \
GIT_COMMITTER_NAME='Ingrid Sæther' GIT_COMMITTER_EMAIL=ingrid.saether@nordlys.no \
GIT_AUTHOR_DATE='2026-09-28T14:00:00+02:00' GIT_COMMITTER_DATE='2026-09-28T14:00:00+02:00' \
	git -C "$repo" commit -q -m 'OKR-er for 2026-Q4, vedtatt i ledergruppa'

# ---- the plan of the quarter ----
#
# One line per metric key result: ref, start, value on 2026-11-26, owner.
# Each is checked in on a day of its own in early October, every other one
# again in early November, and all in the last week but the two the
# ambassadors have to chase.
plan='company/delight-customers#nps|41|46|Kristin Ødegård <kristin.odegard@nordlys.no>
company/delight-customers#first-response|180|75|Hilde Kløvstad <hilde.klovstad@nordlys.no>
company/nordic-expansion#arr-sweden|1200000|2300000|Bjørn Tveterås <bjorn.tveteras@nordlys.no>
company/sustainable-pace#enps|18|24|Gro Fløtten <gro.flotten@nordlys.no>
company/sustainable-pace#overtime|11|7.5|Gro Fløtten <gro.flotten@nordlys.no>
growth/maja-lifecycle#open-rate|28|39|Maja Øvrebø <maja.ovrebo@nordlys.no>
growth/referrals#referral-signups|0|120|Camilla Wærstad <camilla.waerstad@nordlys.no>
growth/referrals#referring-customers|0|3.2|Camilla Wærstad <camilla.waerstad@nordlys.no>
growth/self-serve#trial-to-paid|17.5|19.1|Camilla Wærstad <camilla.waerstad@nordlys.no>
growth/self-serve#cac|4200|3650|Lars Gjærde <lars.gjaerde@nordlys.no>
mobile/jonas-startup#cold-start-android|3.4|2.3|Jonas Åkre <jonas.akre@nordlys.no>
mobile/mobilepay#dk-payment-share|0|0|Nora Sørensen <nora.sorensen@nordlys.no>
mobile/offline-first#cold-start|2.8|1.9|Kristin Ødegård <kristin.odegard@nordlys.no>
people/leadership#pulse-response|62|78|Mads Øien <mads.oien@nordlys.no>
platform/instant-platform#p95-latency|800|430|Sindre Løvås <sindre.lovas@nordlys.no>
platform/iso27001#policies|4|17|Håkon Strøm <hakon.strom@nordlys.no>
platform/marte-slo#services-with-slo|0|9|Marte Kjærnes <marte.kjaernes@nordlys.no>
platform/marte-slo#night-pages|35|14|Marte Kjærnes <marte.kjaernes@nordlys.no>
sales/nordic-pipeline#pipeline-sweden|0|4100000|Elin Sjøvold <elin.sjovold@nordlys.no>
sales/nordic-pipeline#partners|0|2|Vegard Aarø <vegard.aaro@nordlys.no>
sales/olekristian-north#demos|0|26|Ole Kristian Hætta <olekristian.haetta@nordlys.no>
sales/olekristian-north#customers|0|5|Ole Kristian Hætta <olekristian.haetta@nordlys.no>
sales/olekristian-north#arr|0|240000|Ole Kristian Hætta <olekristian.haetta@nordlys.no>
sales/renewals#renewal-discount|12|8|Kari Mølster <kari.molster@nordlys.no>
sales/renewals#qbr|0|13|Trond Årseth <trond.arseth@nordlys.no>'

# Binary key results done during the quarter: ref, day, owner.
done_plan='growth/referrals#program-live|2026-10-20|Selma Haddal <selma.haddal@nordlys.no>
growth/self-serve#pricing-page|2026-10-28|Emil Ræder <emil.raeder@nordlys.no>
growth/self-serve#swedish-signup|2026-11-04|Fredrik Ås <fredrik.as@nordlys.no>
mobile/jonas-startup#baseline-profiles|2026-11-10|Jonas Åkre <jonas.akre@nordlys.no>
mobile/offline-first#offline-booking|2026-11-17|Torbjørn Lie <torbjorn.lie@nordlys.no>'

# Threshold key results, checked in once late in the quarter: ref, day,
# value, owner. (Milestone key results are left alone: they show up as
# stale in the follow-up list.)
threshold_plan='company/delight-customers#app-rating|2026-11-23|4.7|Kristin Ødegård <kristin.odegard@nordlys.no>
company/sustainable-pace#attrition|2026-11-24|6.9|Gro Fløtten <gro.flotten@nordlys.no>
mobile/jonas-startup#apk-size|2026-11-20|27.8|Jonas Åkre <jonas.akre@nordlys.no>
mobile/offline-first#crash-free|2026-11-24|99.62|Kristin Ødegård <kristin.odegard@nordlys.no>
people/leadership#one-to-ones|2026-11-23|84|Gro Fløtten <gro.flotten@nordlys.no>
platform/instant-platform#uptime|2026-11-23|99.97|Håkon Strøm <hakon.strom@nordlys.no>
platform/iso27001#hardware-keys|2026-11-19|100|Håkon Strøm <hakon.strom@nordlys.no>
sales/nordic-pipeline#win-rate|2026-11-25|27|Bjørn Tveterås <bjorn.tveteras@nordlys.no>
sales/renewals#renewal-rate|2026-11-25|93.5|Bjørn Tveterås <bjorn.tveteras@nordlys.no>'

# Every check-in as "day|ref|value|confidence|owner|message", in date order.
checkins=$(
	{
		printf '%s\n' "$plan" | awk -F'|' '
		function day(n) {	# 2026-10-01 + n days, as YYYY-MM-DD
			return n < 31 ? sprintf("2026-10-%02d", n + 1) \
				      : sprintf("2026-11-%02d", n - 30)
		}
		function value(a, b, f,   v, dec) {
			v = a + (b - a) * f
			if (b - a >= 10000 || a - b >= 10000)
				return sprintf("%d", int(v / 10000 + 0.5) * 10000)
			dec = (a b) ~ /\./
			return dec ? sprintf("%.1f", v) : sprintf("%d", int(v + 0.5))
		}
		BEGIN {
			split("Jevn fremgang|Litt tregere enn håpet denne uka|" \
			      "Godt møte med kunden|Tiltakene virker|" \
			      "Måler på nytt etter neste release", msg, "|")
		}
		{
			first = (NR * 5) % 11
			chase = $1 ~ /dk-payment-share|#partners/
			last = chase ? 44 : 50 + (NR % 7)	# last day 2026-11-15 or 11-20..26
			n = 0
			days[n++] = first
			if (NR % 2)
				days[n++] = first + 30
			days[n++] = last
			for (i = 0; i < n; i++) {
				f = days[i] / 56
				conf = sprintf("%.1f", 0.5 + ((NR + i) % 4) / 10)
				printf "%s|%s|%s|%s|%s|%s\n", day(days[i]), $1,
				       value($2, $3, f > 1 ? 1 : f), conf, $4, msg[(NR + i) % 5 + 1]
			}
		}'
		printf '%s\n' "$threshold_plan" | awk -F'|' '{
			printf "%s|%s|%s|0.8|%s|Målt for november\n", $2, $1, $3, $4
		}'
		printf '%s\n' "$done_plan" | awk -F'|' '{
			printf "%s|%s|done|0.9|%s|Ferdig!\n", $2, $1, $3
		}'
	} | sort -t'|' -k1,1 -k2,2
)

count=0
while IFS='|' read -r day ref value conf owner message; do
	name=${owner% <*}
	email=${owner##*<}
	email=${email%>}
	GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$email \
	GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email \
	GIT_AUTHOR_DATE="${day}T10:00:00+01:00" GIT_COMMITTER_DATE="${day}T10:00:00+01:00" \
		"$okr" -C "$repo" update "2026-Q4/$ref" "$value" -c "$conf" -m "$message" \
		--date "$day" >/dev/null
	count=$((count + 1))
done <<<"$checkins"

echo "play-quarter.sh: $count check-ins played in $repo" >&2
"$okr" -C "$repo" report 2026-Q4 --as-of 2026-11-26
if test -n "${KEEP:-}"; then
	echo "play-quarter.sh: kept the repository at $repo" >&2
fi
