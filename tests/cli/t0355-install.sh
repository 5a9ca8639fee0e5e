#!/bin/bash
test_description='meson install puts okr, its man pages and the three completion scripts where they belong'
. "$(dirname "$0")/lib.sh"

if test -z "$OKR_BUILD_ROOT" || ! command -v meson >/dev/null; then
	test_skip_all "needs meson and the build folder (run through meson test)"
fi
PREFIX=$(meson introspect "$OKR_BUILD_ROOT" --buildoptions |
	python3 -c 'import json, sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"][0])')
export PREFIX

test_expect_success 'a DESTDIR install holds the binary and every completion script' - <<\EOT
	meson install -C "$OKR_BUILD_ROOT" --no-rebuild --quiet --destdir "$PWD/dest" >log 2>&1 &&
	D=$PWD/dest$PREFIX &&
	test -x "$D/bin/okr" &&
	okr completion zsh >expect &&
	test_cmp expect "$D/share/zsh/site-functions/_okr" &&
	okr completion fish >expect &&
	test_cmp expect "$D/share/fish/vendor_completions.d/okr.fish" &&
	find dest -path "*/bash-completion/completions/okr" >found &&
	test_line_count = 1 found &&
	case $(cat found) in
	"dest$PREFIX"/*) ;;
	*) echo "bash completion outside the prefix: $(cat found)" >&2; false ;;
	esac &&
	okr completion bash >expect &&
	test_cmp expect "$(cat found)" &&
	if command -v scdoc >/dev/null; then
		test -f "$D/share/man/man1/okr-completion.1" &&
		test -f "$D/share/man/man5/okr-yaml.5"
	fi
EOT

test_expect_success 'the installed scripts load in their shells' - <<\EOT
	meson install -C "$OKR_BUILD_ROOT" --no-rebuild --quiet --destdir "$PWD/dest" >log 2>&1 &&
	D=$PWD/dest$PREFIX &&
	bash -c "source \"$(find dest -path '*/bash-completion/completions/okr')\" && complete -p okr" >out &&
	test_grep "_okr okr$" out &&
	if command -v zsh >/dev/null; then
		zsh -n "$D/share/zsh/site-functions/_okr"
	fi &&
	if command -v fish >/dev/null; then
		fish --no-execute "$D/share/fish/vendor_completions.d/okr.fish"
	fi
EOT

test_done
