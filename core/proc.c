/*
 * proc.c: running another program without a shell (proc.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "proc.h"

/* In the child: set up and exec; on failure send errno up the pipe. */
static void child(const struct okr_proc *p, int in, int out, int err, int report)
{
	int e;

	signal(SIGPIPE, SIG_DFL);
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		goto fail;
	for (const char *const *v = p->env; v && *v; v++)
		if (putenv((char *)*v) < 0)
			goto fail;
	if (p->cwd && chdir(p->cwd) < 0)
		goto fail;
	execvp(p->argv[0], (char *const *)p->argv);
fail:
	e = errno;
	(void)!write(report, &e, sizeof(e));
	_exit(127);
}

static int pipe2_cloexec(int fd[2])
{
	return pipe2(fd, O_CLOEXEC);
}

/* Feed in, drain out and err until the child closes both. */
static void pump(const struct okr_proc *p, int in, int out, int err)
{
	struct pollfd pfd[3];
	size_t off = 0;
	char chunk[4096];

	while (in >= 0 || out >= 0 || err >= 0) {
		nfds_t n = 0;
		int ii = -1, oi = -1, ei = -1;

		if (in >= 0) {
			pfd[n] = (struct pollfd){ in, POLLOUT, 0 };
			ii = (int)n++;
		}
		if (out >= 0) {
			pfd[n] = (struct pollfd){ out, POLLIN, 0 };
			oi = (int)n++;
		}
		if (err >= 0) {
			pfd[n] = (struct pollfd){ err, POLLIN, 0 };
			ei = (int)n++;
		}
		if (poll(pfd, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (ii >= 0 && pfd[ii].revents) {
			ssize_t w = off < p->inlen ? write(in, p->in + off, p->inlen - off) : 0;

			if (w > 0)
				off += (size_t)w;
			if (w < 0 ? errno != EINTR && errno != EAGAIN : off >= p->inlen) {
				close(in);
				in = -1;
			}
		}
		for (int k = 0; k < 2; k++) {
			int idx = k ? ei : oi, *fd = k ? &err : &out;
			struct okr_buf *b = k ? p->err : p->out;
			ssize_t r;

			if (idx < 0 || !pfd[idx].revents)
				continue;
			r = read(*fd, chunk, sizeof(chunk));
			if (r > 0) {
				okr_buf_put(b, chunk, (size_t)r);
			} else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
				close(*fd);
				*fd = -1;
			}
		}
	}
	if (in >= 0)
		close(in);
}

int okr_proc_run(const struct okr_proc *p, int *status)
{
	int inp[2] = { -1, -1 }, outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
	int rep[2] = { -1, -1 }, devnull = -1, child_errno = 0, ws;
	void (*old_pipe)(int);
	pid_t pid;
	ssize_t r;
	int error = -1;

	if ((devnull = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0 ||
	    (p->in && pipe2_cloexec(inp) < 0) ||
	    (p->out && pipe2_cloexec(outp) < 0) ||
	    (p->err && pipe2_cloexec(errp) < 0) || pipe2_cloexec(rep) < 0) {
		okr_error_set("cannot run '%s': %s", p->argv[0], strerror(errno));
		goto done;
	}
	old_pipe = signal(SIGPIPE, SIG_IGN);
	pid = fork();
	if (pid == 0)
		child(p, p->in ? inp[0] : devnull, p->out ? outp[1] : 2,
		      p->err ? errp[1] : 2, rep[1]);
	if (pid < 0) {
		signal(SIGPIPE, old_pipe);
		okr_error_set("cannot run '%s': %s", p->argv[0], strerror(errno));
		goto done;
	}
	close(rep[1]);
	rep[1] = -1;
	if (inp[0] >= 0) {
		close(inp[0]);
		inp[0] = -1;
	}
	if (outp[1] >= 0) {
		close(outp[1]);
		outp[1] = -1;
	}
	if (errp[1] >= 0) {
		close(errp[1]);
		errp[1] = -1;
	}
	pump(p, inp[1], outp[0], errp[0]);
	inp[1] = outp[0] = errp[0] = -1;	/* pump closed them */
	while ((r = read(rep[0], &child_errno, sizeof(child_errno))) < 0 && errno == EINTR)
		;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	signal(SIGPIPE, old_pipe);
	if (r == (ssize_t)sizeof(child_errno)) {
		okr_error_set("cannot run '%s': %s", p->argv[0], strerror(child_errno));
		goto done;
	}
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	error = 0;
done:
	for (int i = 0; i < 2; i++) {
		if (inp[i] >= 0)
			close(inp[i]);
		if (outp[i] >= 0)
			close(outp[i]);
		if (errp[i] >= 0)
			close(errp[i]);
		if (rep[i] >= 0)
			close(rep[i]);
	}
	if (devnull >= 0)
		close(devnull);
	return error;
}
