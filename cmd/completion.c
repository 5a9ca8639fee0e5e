/*
 * completion.c: okr completion, the bash, zsh and fish completion scripts.
 * Each is thin: on every TAB it asks the okr being completed
 * (`okr __complete <words>...`, complete.c) and shows what it answers, so
 * the candidates come from the same option tables the parser reads and
 * from the repository, and never go out of date.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

/* The answer's last line is ":<directive>", cobra's bits: 2 no space after
 * the candidate, 4 no file names, 16 folder names, 32 keep the order. */
static const char bash_script[] =
	"# bash completion for okr(1), printed by `okr completion bash`.\n"
	"# Load it in ~/.bashrc: source <(okr completion bash)\n"
	"# The candidates come from `okr __complete`, okr's own option tables and\n"
	"# the repository: nothing here goes out of date.\n"
	"_okr() {\n"
	"\tlocal cur=${COMP_WORDS[COMP_CWORD]} line directive IFS=$'\\n'\n"
	"\tlocal -a out\n"
	"\tCOMPREPLY=()\n"
	"\tout=($(\"${COMP_WORDS[0]}\" __complete \"${COMP_WORDS[@]:1:COMP_CWORD}\" 2>/dev/null))\n"
	"\t(( ${#out[@]} )) || return 0\n"
	"\tdirective=${out[${#out[@]}-1]#:}\n"
	"\tunset 'out[${#out[@]}-1]'\n"
	"\t[ \"$cur\" = = ] && cur=\n"
	"\tif (( directive & 16 )); then\n"
	"\t\tCOMPREPLY=($(compgen -d -- \"$cur\"))\n"
	"\t\treturn 0\n"
	"\tfi\n"
	"\tif (( ${#out[@]} == 0 )); then\n"
	"\t\t(( directive & 4 )) || COMPREPLY=($(compgen -f -- \"$cur\"))\n"
	"\t\treturn 0\n"
	"\tfi\n"
	"\tfor line in \"${out[@]}\"; do\n"
	"\t\tprintf -v line '%q' \"${line%%$'\\t'*}\"\n"
	"\t\tCOMPREPLY+=(\"$line\")\n"
	"\tdone\n"
	"\t(( directive & 2 )) && compopt -o nospace 2>/dev/null\n"
	"\t(( directive & 32 )) && compopt -o nosort 2>/dev/null\n"
	"\treturn 0\n"
	"}\n"
	"complete -F _okr okr\n";

static const char zsh_script[] =
	"#compdef okr\n"
	"# zsh completion for okr(1), printed by `okr completion zsh`. Installed as\n"
	"# _okr in $fpath it loads itself; or in ~/.zshrc, after compinit:\n"
	"# source <(okr completion zsh)\n"
	"# The candidates, with a description each, come from `okr __complete`.\n"
	"_okr() {\n"
	"\tlocal out line value directive\n"
	"\tlocal -a lines cands opts\n"
	"\tout=$(\"${words[1]}\" __complete \"${(@)words[2,CURRENT]}\" 2>/dev/null) || return 1\n"
	"\tlines=(\"${(@f)out}\")\n"
	"\tdirective=${lines[-1]#:}\n"
	"\tlines=(\"${(@)lines[1,-2]}\")\n"
	"\tif (( directive & 16 )); then\n"
	"\t\t_path_files -/\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tif (( ${#lines} == 0 )) || [[ -z ${lines[1]} && ${#lines} -eq 1 ]]; then\n"
	"\t\t(( directive & 4 )) || _files\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tfor line in \"${lines[@]}\"; do\n"
	"\t\tvalue=${line%%$'\\t'*}\n"
	"\t\tvalue=${value//:/\\\\:}\n"
	"\t\tif [[ $line == *$'\\t'* ]]; then\n"
	"\t\t\tcands+=(\"$value:${line#*$'\\t'}\")\n"
	"\t\telse\n"
	"\t\t\tcands+=(\"$value\")\n"
	"\t\tfi\n"
	"\tdone\n"
	"\t(( directive & 2 )) && opts+=(-S '')\n"
	"\tif (( directive & 32 )); then\n"
	"\t\t_describe -V okr cands \"${opts[@]}\"\n"
	"\telse\n"
	"\t\t_describe okr cands \"${opts[@]}\"\n"
	"\tfi\n"
	"}\n"
	"if [ \"$funcstack[1]\" = _okr ]; then\n"
	"\t_okr \"$@\"\n"
	"else\n"
	"\tcompdef _okr okr\n"
	"fi\n";

static const char fish_script[] =
	"# fish completion for okr(1), printed by `okr completion fish`. Installed in\n"
	"# vendor_completions.d it loads itself; or: okr completion fish | source\n"
	"# The candidates, with a description each, come from `okr __complete`.\n"
	"function __okr_complete\n"
	"    set -l words (commandline -opc)\n"
	"    set -l out ($words[1] __complete $words[2..-1] (commandline -ct) 2>/dev/null)\n"
	"    or return\n"
	"    set -l directive (string replace -r '^:' '' -- $out[-1])\n"
	"    set -e out[-1]\n"
	"    if test (math \"bitand($directive, 16)\") -ne 0\n"
	"        __fish_complete_directories (commandline -ct)\n"
	"        return\n"
	"    end\n"
	"    if test (count $out) -eq 0\n"
	"        test (math \"bitand($directive, 4)\") -eq 0\n"
	"        and __fish_complete_path (commandline -ct)\n"
	"        return\n"
	"    end\n"
	"    printf '%s\\n' $out\n"
	"    # fish puts a space after a lone candidate: a prefix gets a twin\n"
	"    if test (math \"bitand($directive, 2)\") -ne 0; and test (count $out) -eq 1\n"
	"        printf '%s.\\n' (string split -f1 \\t -- $out[1])\n"
	"    end\n"
	"end\n"
	"complete -c okr -f -a '(__okr_complete)'\n";

static int
cmd_completion(struct okr_ctx *ctx, int argc, char **argv)
{
	const char *shell = argv[0];

	if (strcmp(shell, "zsh") == 0)
		fputs(zsh_script, stdout);
	else if (strcmp(shell, "fish") == 0)
		fputs(fish_script, stdout);
	else
		fputs(bash_script, stdout);
	return OKR_EXIT_OK;
}

static const char *const shells[] = { "bash", "zsh", "fish", NULL };

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
