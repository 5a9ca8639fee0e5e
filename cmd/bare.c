/*
 * bare.c: where the dispatcher looks when the working folder holds no
 * okr.yaml. In a bare repository (a git server's hook, a mirror) the
 * commands that read only committed history run (OKR_CMD_BARE: report,
 * log, agenda; OKR_CMD_BARE_REV: check with --rev), on the OKR files at the
 * top of the repository's trees; the others say they need a work tree.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "cmd.h"

/* The bare repository holding path (searching upwards like git), as its
 * real git folder; NULL when path is in no repository or a non-bare one. */
static char *
bare_gitdir(const char *path)
{
	git_repository *repo = NULL;
	char *dir = NULL;

	git_libgit2_init();
	if (git_repository_open_ext(&repo, path, 0, NULL) == 0 &&
	    git_repository_is_bare(repo))
		dir = realpath(git_repository_path(repo), NULL);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return dir;
}

int
okr_ctx_find_bare(struct okr_ctx *ctx)
{
	const struct okr_cmd *cmd = ctx->cmd;
	char *dir = bare_gitdir(ctx->cwd);

	if (!dir)
		return okr_error("not an okr repository (or any parent folder): "
				 "okr.yaml not found; see 'okr init'");
	if (!(cmd->flags & (OKR_CMD_BARE | OKR_CMD_BARE_REV))) {
		okr_error("'%s' is a bare git repository: 'okr %s' needs a work tree "
			  "(report, log, agenda and check --rev read a bare repository)",
			  dir, cmd->name);
		free(dir);
		return OKR_EXIT_USAGE;
	}
	if (!(cmd->flags & OKR_CMD_BARE) && !okr_opt_isset(ctx, "rev")) {
		okr_error("'%s' is a bare git repository: 'okr %s' needs --rev <rev> "
			  "(there is no work tree to read)", dir, cmd->name);
		free(dir);
		return OKR_EXIT_USAGE;
	}
	ctx->root = dir;
	ctx->prefix = okr_xstrdup("");
	ctx->bare = true;
	return OKR_EXIT_OK;
}
