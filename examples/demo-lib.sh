# shellcheck shell=bash
# demo-lib.sh: what play-quarter.sh and end-of-quarter.sh share: finding the
# okr binary, a temporary repository (kept with KEEP=1) and an environment
# that makes the demo's output the same on every machine. Sourced, not run.
#
# demo_start SCRIPT PREFIX: sets $here (the examples folder), $okr (from
# $OKR, else ./build/cmd/okr) and $repo (a new temporary folder PREFIX.XXXXXX,
# removed on exit unless KEEP is set); SCRIPT names the script in errors.
demo_start() {
	local script=$1 prefix=$2

	here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	okr=${OKR:-./build/cmd/okr}
	case $okr in
	/*) ;;
	*) okr=$(pwd)/$okr ;;
	esac
	if ! test -x "$okr"; then
		echo "$script: no okr binary at '$okr'; build okr or set OKR" >&2
		exit 2
	fi

	repo=$(mktemp -d "${TMPDIR:-/tmp}/$prefix.XXXXXX")
	if test -z "${KEEP:-}"; then
		trap 'rm -rf "$repo"' EXIT
	fi
	export TZ=Europe/Oslo LC_ALL=C.UTF-8
	unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE NO_COLOR
	export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
}
