/*
 * completion.c: okr completion, the bash and zsh completion scripts. The
 * script asks the okr it completes for its commands, flags (from each
 * command's -h synopsis) and key-result references (okr list), so it stays
 * right as commands and OKR files change.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

/* Shared by both shells: zsh runs it through bashcompinit. */
static const char *const script[] = {
	"# Commands and flags are read from the okr being completed (okr --help and",
	"# okr <command> -h), key-result references from `okr list`, periods from",
	"# the repository's folders: the completion never goes out of date.",
	"",
	"_okr_commands() {",
	"  \"$1\" --help 2>/dev/null | awk '/^commands:/ { on = 1; next }",
	"    on && /^   [a-z]/ { print $1 } on && /^$/ { exit }'",
	"}",
	"",
	"# The words of a command's synopsis, one per line: \"flag -x\", \"value -x",
	"# <kind>\", \"choices -x a b\", \"arg <kind>\", \"args a b\".",
	"_okr_spec() {",
	"  \"$1\" \"$2\" -h 2>/dev/null | awk 'NR > 1 { exit } {",
	"    gsub(/[][]/, \" \"); gsub(/\\.\\.\\./, \" \")",
	"    prev = \"\"",
	"    for (i = 4; i <= NF; i++) {",
	"      t = $i",
	"      if (t ~ /^-/) {",
	"        n = split(t, f, \"|\")",
	"        for (j = 1; j <= n; j++) print \"flag \" f[j]",
	"        prev = f[n]",
	"      } else if (t ~ /^</ || t ~ /^[A-Z]+$/) {",
	"        if (prev != \"\") print \"value \" prev \" \" t; else print \"arg \" t",
	"        prev = \"\"",
	"      } else {",
	"        gsub(/\\|/, \" \", t)",
	"        if (prev != \"\") print \"choices \" prev \" \" t; else print \"args \" t",
	"        prev = \"\"",
	"      }",
	"    }",
	"  }'",
	"}",
	"",
	"# The period folders (YYYY-QN) of the repository around $1.",
	"_okr_periods() {",
	"  local d=${1:-.} p",
	"  case $d in /*) ;; *) d=$PWD/$d ;; esac",
	"  while [ ! -f \"$d/okr.yaml\" ]; do",
	"    [ \"$d\" = / ] || [ -z \"$d\" ] && return",
	"    d=${d%/*}",
	"  done",
	"  for p in \"$d\"/[0-9][0-9][0-9][0-9]-Q[1-4]; do",
	"    [ -d \"$p\" ] && echo \"${p##*/}\"",
	"  done",
	"}",
	"",
	"# Key-result references: in full, and every short form okr resolves: the",
	"# objective id without the period, and each suffix of it that names one",
	"# objective only (or that is itself an objective's id).",
	"_okr_refs() {",
	"  local okr=$1 cur=$2",
	"  shift 2",
	"  case $cur in",
	"  [0-9][0-9][0-9][0-9]-Q[1-4]/*)",
	"    \"$okr\" \"$@\" list --period \"${cur%%/*}\" --format tsv 2>/dev/null | cut -f1",
	"    return ;;",
	"  esac",
	"  \"$okr\" \"$@\" list --format tsv 2>/dev/null | cut -f1 | awk '{",
	"    print",
	"    h = index($0, \"#\"); kr[NR] = substr($0, h); o = substr($0, 1, h - 1)",
	"    sub(/^[^\\/]*\\//, \"\", o); obj[NR] = o",
	"    if (o in isid) next",
	"    isid[o] = 1",
	"    while (1) {",
	"      count[o]++",
	"      if (index(o, \"/\") == 0) break",
	"      sub(/^[^\\/]*\\//, \"\", o)",
	"    }",
	"  } END {",
	"    for (i = 1; i <= NR; i++)",
	"      for (o = obj[i]; ; sub(/^[^\\/]*\\//, \"\", o)) {",
	"        if (o == obj[i] || (count[o] == 1 && !(o in isid))) print o kr[i]",
	"        if (index(o, \"/\") == 0) break",
	"      }",
	"  }'",
	"}",
	"",
	"# Words for a placeholder of the synopsis (<kr-ref>, <period>, ...).",
	"_okr_kind() {",
	"  local okr=$1 kind=$2 cur=$3",
	"  shift 3",
	"  case $kind in",
	"  *ref*) _okr_refs \"$okr\" \"$cur\" \"$@\" ;;",
	"  *period*) _okr_periods \"$_okr_dir\" ;;",
	"  *level*) echo company team individual ;;",
	"  *status*) echo done on-track at-risk off-track ;;",
	"  *command*) _okr_commands \"$okr\" ;;",
	"  esac",
	"}",
	"",
	"_okr() {",
	"  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}",
	"  local okr=${COMP_WORDS[0]} cmd= w i spec cands= line",
	"  local -a pre=()",
	"  _okr_dir=.",
	"  COMPREPLY=()",
	"  command -v \"$okr\" >/dev/null 2>&1 || okr=okr",
	"  for ((i = 1; i < COMP_CWORD; i++)); do",
	"    w=${COMP_WORDS[i]}",
	"    if [ \"$w\" = -C ]; then",
	"      pre+=(-C \"${COMP_WORDS[i+1]}\")",
	"      _okr_dir=${COMP_WORDS[i+1]}",
	"      ((i++))",
	"    elif [ \"${w#-}\" = \"$w\" ]; then",
	"      cmd=$w",
	"      break",
	"    fi",
	"  done",
	"  if [ -z \"$cmd\" ]; then",
	"    if [ \"$prev\" = -C ]; then",
	"      COMPREPLY=($(compgen -d -- \"$cur\"))",
	"    elif [ \"${cur#-}\" != \"$cur\" ]; then",
	"      COMPREPLY=($(compgen -W \"-C --help --version\" -- \"$cur\"))",
	"    else",
	"      COMPREPLY=($(compgen -W \"$(_okr_commands \"$okr\") help\" -- \"$cur\"))",
	"    fi",
	"    return 0",
	"  fi",
	"  if [ \"$cmd\" = help ]; then",
	"    COMPREPLY=($(compgen -W \"$(_okr_commands \"$okr\") yaml\" -- \"$cur\"))",
	"    return 0",
	"  fi",
	"  spec=$(_okr_spec \"$okr\" \"$cmd\")",
	"  # the value of a flag",
	"  line=$(echo \"$spec\" | awk -v f=\"$prev\" '($1 == \"value\" || $1 == \"choices\") && $2 == f')",
	"  if [ -n \"$line\" ]; then",
	"    case $line in",
	"    choices*) cands=${line#choices * } ;;",
	"    *) cands=$(_okr_kind \"$okr\" \"${line##* }\" \"$cur\" \"${pre[@]}\") ;;",
	"    esac",
	"    [ -n \"$cands\" ] && COMPREPLY=($(compgen -W \"$cands\" -- \"$cur\"))",
	"    return 0",
	"  fi",
	"  if [ \"${cur#-}\" != \"$cur\" ]; then",
	"    cands=$(echo \"$spec\" | awk '$1 == \"flag\" { print $2 }')",
	"    COMPREPLY=($(compgen -W \"$cands --help\" -- \"$cur\"))",
	"    return 0",
	"  fi",
	"  cands=$(echo \"$spec\" | awk '$1 == \"args\" { $1 = \"\"; print }')",
	"  for w in $(echo \"$spec\" | awk '$1 == \"arg\" { print $2 }'); do",
	"    cands=\"$cands $(_okr_kind \"$okr\" \"$w\" \"$cur\" \"${pre[@]}\")\"",
	"  done",
	"  [ -n \"${cands// /}\" ] && COMPREPLY=($(compgen -W \"$cands\" -- \"$cur\"))",
	"  return 0",
	"}",
	NULL,
};

static int
cmd_completion(struct okr_ctx *ctx, int argc, char **argv)
{
	const char *shell = argv[0];
	size_t i;
	bool zsh;

	zsh = strcmp(shell, "zsh") == 0;
	printf("# %s completion for okr(1), printed by `okr completion %s`.\n", shell, shell);
	if (zsh)
		puts("# Load it in ~/.zshrc, after compinit: source <(okr completion zsh)\n"
		     "autoload -U +X bashcompinit && bashcompinit");
	else
		puts("# Load it in ~/.bashrc: source <(okr completion bash)");
	for (i = 0; script[i]; i++)
		puts(script[i]);
	puts("complete -o default -F _okr okr");
	return OKR_EXIT_OK;
}

static const char *const shells[] = { "bash", "zsh", NULL };

static const struct okr_opt operands[] = {
	{ .long_name = "shell", .kind = OKR_ARG_CHOICE, .choices = shells,
	  .help = "the shell to print the script for" },
	{ 0 },
};

const struct okr_cmd okr_cmd_completion = {
	.name = "completion",
	.summary = "print the shell completion script",
	.operands = operands,
	.flags = 0,
	.exec = cmd_completion,
};
