/*
 * sign.h: signing a commit as `git commit` does when commit.gpgsign is
 * set: gpg.format openpgp (gpg.program), x509 (gpg.x509.program) or ssh
 * (`ssh-keygen -Y sign -n git` with user.signingkey).
 */
#ifndef OKR_SIGN_H
#define OKR_SIGN_H

#include <stddef.h>

#include <git2.h>

/*
 * *sig = the detached signature of the commit object content buf (the
 * gpgsig header's value), or NULL when commit.gpgsign is not true. A
 * signature that cannot be made is an error (-1), never NULL.
 */
int okr_sign_commit(char **sig, git_repository *repo,
		    const git_signature *committer, const char *buf, size_t len);

#endif
