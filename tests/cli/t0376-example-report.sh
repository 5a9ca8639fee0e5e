#!/bin/bash
test_description='examples/nordlys-report.md is what the demo produces today'
. "$(dirname "$0")/lib.sh"

# The demo (examples/play-quarter.sh) plays a quarter of dated check-ins
# and prints the report; the committed example must be that report, byte
# for byte, charts included. After a change to the report, regenerate it:
#	OKR=build/cmd/okr examples/play-quarter.sh > examples/nordlys-report.md
test_expect_success 'the committed example report matches the demo' - <<\EOT
	OKR=$OKR "$OKR_SOURCE_ROOT/examples/play-quarter.sh" >report.md 2>/dev/null &&
	test_cmp "$OKR_SOURCE_ROOT/examples/nordlys-report.md" report.md &&
	test_grep "^xychart-beta$" report.md
EOT

test_done
