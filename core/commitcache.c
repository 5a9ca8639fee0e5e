/*
 * commitcache.c: the commit cache file (commitcache.h).
 *
 * Format, integers big-endian:
 *
 *   header   "OKRCMT02", u64 count, u64 index offset, u64 0
 *   records  from offset 32: id[20], u32 len, i64 link, u32 crc, then len
 *            bytes; crc is CRC-32 over id, len and the bytes (not link: a
 *            wrong link only costs a lookup). Two kinds:
 *            - a commit: id is the commit's, the bytes its object (they
 *              start "tree "); link is the distance to the record of its
 *              first parent (0: not known), so that a walk finds the next
 *              commit without the index. In the order the walk read them.
 *            - a diff: id is the new root tree's, the bytes "DIFF", the old
 *              root tree's id[20], u8 flags (1: too many to keep), u32 n,
 *              then n times u32 old mode, u32 new mode, old id[20], new
 *              id[20], u16 path length, the path.
 *            - a summary: id is a blob's, the bytes "SUMM" and what
 *              treediff.c made of the blob (its format, its checks).
 *   index    256 u32 fan-out counts by first byte, then count entries of
 *            id[20], u64 kind << 56 | record offset (kind 0 a commit, 1 a
 *            diff, 2 a summary), sorted by id then kind; the file ends
 *            there. (A file with summaries is new to okr before them: it
 *            reads the rest, and writes its next file without them.)
 *
 * Nothing in the file is trusted: offsets are bounds-checked, a record is
 * used only when its id is the one asked for and its CRC matches, and a
 * record that fails marks the cache damaged (the next file is written
 * without the old one's records).
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libdeflate.h>

#include "buf.h"
#include "commitcache.h"

#define HEADER 32
#define RECHEAD 36
#define FANOUT 1024
#define IDXENT 28
#define MAGIC "OKRCMT02"
#define KIND_COMMIT 0
#define KIND_DIFF 1
#define KIND_SUM 2
#define OFF_MASK ((UINT64_C(1) << 56) - 1)
/* mapped cache pages count in the resident set: dropped after this many
 * bytes read (they stay in the page cache) */
#define TRIM_BYTES (2u << 20)

/* A commit noted: 32 bytes, one for each commit of a first run's walk. */
struct pend {
	git_oid id;
	uint64_t off;		/* in the new file */
};

/* A noted commit whose first parent was not the next noted: its record's
 * link is written when the file is, if the old file has the parent. */
struct unlinked {
	size_t i;		/* into pend */
	git_oid parent;
};

/* A diff or a summary noted, its record's bytes. */
struct dpend {
	git_oid key;
	unsigned kind;
	unsigned char *data;
	size_t len;
};

/*
 * Threads: a report's walk, its hand edits and its snapshot loads read the
 * cache at once. The file is opened once (openlock); after that a read
 * takes no lock (the mapping is read-only; damaged and touched are
 * atomic), except the walk's commits, whose hint is theirs (commitlock,
 * which also guards the commits noted). Diffs and summaries noted take
 * notelock.
 */
struct okr_ccache {
	pthread_mutex_t openlock, commitlock, notelock;
	char *path;
	atomic_bool opened;
	/* the file read */
	int fd;
	const unsigned char *map;
	size_t maplen;
	uint64_t count, index_off;
	uint64_t hint;		/* the record expected next, or 0 */
	atomic_size_t touched;
	atomic_bool damaged;
	/* the file being written: the commits noted, one record behind */
	FILE *out;
	char *tmppath;
	bool failed;		/* cannot write: note nothing */
	uint64_t outoff;
	struct pend *pend;
	size_t npend, cappend;
	git_oid lastparent;	/* the last noted commit's first parent */
	bool last_has_parent;
	struct unlinked *unlinked;
	size_t nunlinked, capunlinked;
	unsigned char *last;	/* the last noted commit's bytes */
	size_t lastlen, lastcap;
	struct dpend *diffs;
	size_t ndiffs, capdiffs;
};

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t
get64(const unsigned char *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void
put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)(v >> 32));
	put32(p + 4, (uint32_t)v);
}

bool
okr_ccache_disabled(void)
{
	const char *a = getenv("OKR_NO_COMMIT_CACHE"), *b = getenv("OKR_NO_PACK");

	return (a && *a && strcmp(a, "0") != 0) || (b && *b && strcmp(b, "0") != 0);
}

struct okr_ccache *
okr_ccache_new(const char *path)
{
	struct okr_ccache *c;

	if (okr_ccache_disabled())
		return NULL;
	c = okr_xcalloc(1, sizeof(*c));
	c->path = okr_xstrdup(path);
	c->fd = -1;
	pthread_mutex_init(&c->openlock, NULL);
	pthread_mutex_init(&c->commitlock, NULL);
	pthread_mutex_init(&c->notelock, NULL);
	return c;
}

/* Map the file and check that its header and index fit it. */
static void
cache_open(struct okr_ccache *c)
{
	struct stat st;
	const unsigned char *m;
	uint64_t count, idx;

	if ((c->fd = open(c->path, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	if (fstat(c->fd, &st) < 0 || st.st_size < HEADER + FANOUT)
		goto bad;
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, c->fd, 0);
	if (m == MAP_FAILED)
		goto bad;
	c->map = m;
	c->maplen = (size_t)st.st_size;
	count = get64(m + 8);
	idx = get64(m + 16);
	if (memcmp(m, MAGIC, 8) != 0 || idx < HEADER || idx > c->maplen - FANOUT ||
	    count > (c->maplen - idx - FANOUT) / IDXENT ||
	    idx + FANOUT + count * IDXENT != c->maplen ||
	    get32(m + idx + FANOUT - 4) != count)
		goto bad;
	c->count = count;
	c->index_off = idx;
	return;
bad:
	/* a damaged file: rewritten by what this run reads */
	c->damaged = true;
	if (c->map)
		munmap((void *)c->map, c->maplen);
	c->map = NULL;
	c->count = 0;
	close(c->fd);
	c->fd = -1;
}

/* Open the file on the first read, whichever thread makes it. */
static void
ensure_open(struct okr_ccache *c)
{
	if (atomic_load_explicit(&c->opened, memory_order_acquire))
		return;
	pthread_mutex_lock(&c->openlock);
	if (!atomic_load_explicit(&c->opened, memory_order_relaxed)) {
		cache_open(c);
		atomic_store_explicit(&c->opened, true, memory_order_release);
	}
	pthread_mutex_unlock(&c->openlock);
}

/* The record offset of (id, kind) by the index, or 0. */
static uint64_t
index_find(const struct okr_ccache *c, const unsigned char *id, unsigned kind)
{
	const unsigned char *fan = c->map + c->index_off;
	const unsigned char *ents = fan + FANOUT;
	uint32_t lo = id[0] ? get32(fan + 4 * (id[0] - 1)) : 0, hi = get32(fan + 4 * id[0]);

	if (hi > c->count || lo > hi)
		return 0;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const unsigned char *e = ents + (size_t)mid * IDXENT;
		uint64_t off = get64(e + GIT_OID_RAWSZ);
		int cmp = memcmp(e, id, GIT_OID_RAWSZ);

		if (!cmp)
			cmp = (off >> 56) < kind ? -1 : (off >> 56) > kind;
		if (cmp < 0)
			lo = mid + 1;
		else if (cmp > 0)
			hi = mid;
		else
			return off & OFF_MASK;
	}
	return 0;
}

/* Whether a record header fits at off, and its length in *len. */
static bool
record_at(const struct okr_ccache *c, uint64_t off, size_t *len)
{
	if (off < HEADER || off > c->index_off || c->index_off - off < RECHEAD)
		return false;
	*len = get32(c->map + off + 20);
	return *len <= c->index_off - off - RECHEAD;
}

static uint32_t
record_crc(const unsigned char *head, const unsigned char *data, size_t len)
{
	uint32_t crc = libdeflate_crc32(0, head, 24);

	return libdeflate_crc32(crc, data, len);
}

/* The intact record of (id, kind) whose bytes start with what: its bytes
 * in *data, or NULL (a record that fails marks the cache damaged). */
static const unsigned char *
record_get(struct okr_ccache *c, uint64_t off, const git_oid *id, const char *what,
	   size_t *n)
{
	const unsigned char *r = c->map + off;
	size_t wlen = strlen(what);

	if (!record_at(c, off, n) || memcmp(r, id->id, GIT_OID_RAWSZ) != 0 || *n < wlen ||
	    memcmp(r + RECHEAD, what, wlen) != 0 ||
	    record_crc(r, r + RECHEAD, *n) != get32(r + 32)) {
		c->damaged = true;
		return NULL;
	}
	return r + RECHEAD;
}

/* Drop the mapped pages read so far from the resident set, now and then. */
static void
trim(struct okr_ccache *c, size_t n)
{
	if (atomic_fetch_add_explicit(&c->touched, n + RECHEAD, memory_order_relaxed) +
		    n + RECHEAD > TRIM_BYTES &&
	    atomic_exchange_explicit(&c->touched, 0, memory_order_relaxed) > TRIM_BYTES)
		madvise((void *)c->map, c->maplen, MADV_DONTNEED);
}

static int
get_commit(unsigned char **out, size_t *len, struct okr_ccache *c, const git_oid *id)
{
	const unsigned char *r;
	uint64_t off = 0, link;
	size_t n;

	ensure_open(c);
	if (!c->map)
		return GIT_ENOTFOUND;
	if (c->hint && record_at(c, c->hint, &n) &&
	    memcmp(c->map + c->hint, id->id, GIT_OID_RAWSZ) == 0)
		off = c->hint;
	else
		off = index_find(c, id->id, KIND_COMMIT);
	c->hint = 0;
	if (!off || !(r = record_get(c, off, id, "tree ", &n)))
		return GIT_ENOTFOUND;
	r -= RECHEAD;
	*out = okr_xmalloc(n + 1);
	memcpy(*out, r + RECHEAD, n);
	(*out)[n] = '\0';
	*len = n;
	link = get64(r + 24);
	if (link && link < c->index_off - off)
		c->hint = off + link;
	trim(c, n);
	return 0;
}

int
okr_ccache_get(unsigned char **out, size_t *len, struct okr_ccache *c, const git_oid *id)
{
	int error;

	pthread_mutex_lock(&c->commitlock);
	error = get_commit(out, len, c, id);
	pthread_mutex_unlock(&c->commitlock);
	return error;
}

/* The first parent named in commit data. */
static bool
first_parent(git_oid *out, const unsigned char *data, size_t len)
{
	const char *p = (const char *)data, *end = p + len;

	while (p < end && *p != '\n') {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			return false;
		if (eol - p == 47 && memcmp(p, "parent ", 7) == 0)
			return git_oid_fromstrn(out, p + 7, GIT_OID_HEXSZ) == 0;
		p = eol + 1;
	}
	return false;
}

/* A write failed: nothing more is noted, and free() removes the file. */
static void
write_fail(struct okr_ccache *c)
{
	c->failed = true;
}

/* The last noted commit's record, now that its link is known. */
static void
flush_last(struct okr_ccache *c, uint64_t link)
{
	struct pend *p = &c->pend[c->npend - 1];
	unsigned char head[RECHEAD];

	if (!link && c->last_has_parent) {
		if (c->nunlinked == c->capunlinked) {
			c->capunlinked = c->capunlinked ? c->capunlinked * 2 : 16;
			c->unlinked = okr_xrealloc(c->unlinked,
						   c->capunlinked * sizeof(*c->unlinked));
		}
		c->unlinked[c->nunlinked].i = c->npend - 1;
		c->unlinked[c->nunlinked++].parent = c->lastparent;
	}
	memcpy(head, p->id.id, GIT_OID_RAWSZ);
	put32(head + 20, (uint32_t)c->lastlen);
	put64(head + 24, link);
	put32(head + 32, record_crc(head, c->last, c->lastlen));
	if (fwrite(head, 1, RECHEAD, c->out) != RECHEAD ||
	    fwrite(c->last, 1, c->lastlen, c->out) != c->lastlen)
		write_fail(c);
	c->outoff += RECHEAD + c->lastlen;
}

static bool
start_file(struct okr_ccache *c)
{
	static const unsigned char zero[HEADER];
	int fd;

	/* read-only, as git's packs: the umask decides who may read it */
	c->tmppath = okr_xprintf("%s.tmp.%ld", c->path, (long)getpid());
	if ((fd = open(c->tmppath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0444)) < 0) {
		free(c->tmppath);
		c->tmppath = NULL;	/* not ours to remove */
		c->failed = true;
		return false;
	}
	if (!(c->out = fdopen(fd, "w+"))) {
		close(fd);
		unlink(c->tmppath);
		c->failed = true;
		return false;
	}
	setvbuf(c->out, NULL, _IOFBF, 1u << 18);
	if (fwrite(zero, 1, HEADER, c->out) != HEADER)
		write_fail(c);
	c->outoff = HEADER;
	return !c->failed;
}

static void
note_commit(struct okr_ccache *c, const git_oid *id, const unsigned char *data, size_t len)
{
	struct pend *p;

	if (c->failed || len > UINT32_MAX)
		return;
	if (!c->out && !start_file(c))
		return;
	if (c->npend) {
		flush_last(c, c->last_has_parent && git_oid_equal(&c->lastparent, id)
				      ? RECHEAD + c->lastlen : 0);
		if (c->failed)
			return;
	}
	if (c->npend == c->cappend) {
		c->cappend = c->cappend ? c->cappend * 2 : 256;
		c->pend = okr_xrealloc(c->pend, c->cappend * sizeof(*c->pend));
	}
	p = &c->pend[c->npend++];
	p->id = *id;
	p->off = c->outoff;
	c->last_has_parent = first_parent(&c->lastparent, data, len);
	if (len > c->lastcap) {
		c->lastcap = len > 1024 ? len : 1024;
		free(c->last);
		c->last = okr_xmalloc(c->lastcap);
	}
	memcpy(c->last, data, len);
	c->lastlen = len;
}

void
okr_ccache_note(struct okr_ccache *c, const git_oid *id, const unsigned char *data,
		size_t len)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->commitlock);
	note_commit(c, id, data, len);
	pthread_mutex_unlock(&c->commitlock);
}

/* ---- diffs ---- */

void
okr_ccdiff_free(struct okr_ccdiff *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i].path);
	free(v);
}

/* The entries of a diff record's bytes after its flags: 0, or -1 when
 * they do not fit. */
static int
parse_diff(struct okr_ccdiff **out, size_t *nout, const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;
	struct okr_ccdiff *v;
	size_t n, i;

	if (len < 4)
		return -1;
	n = get32(p);
	p += 4;
	if (n > len / 50)
		return -1;
	v = okr_xcalloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		size_t plen;

		if (end - p < 50) {
			okr_ccdiff_free(v, i);
			return -1;
		}
		v[i].oldmode = get32(p);
		v[i].newmode = get32(p + 4);
		memcpy(v[i].oldid.id, p + 8, GIT_OID_RAWSZ);
		memcpy(v[i].newid.id, p + 28, GIT_OID_RAWSZ);
		plen = (size_t)p[48] << 8 | p[49];
		p += 50;
		if ((size_t)(end - p) < plen || memchr(p, '\0', plen)) {
			okr_ccdiff_free(v, i);
			return -1;
		}
		v[i].path = okr_xmalloc(plen + 1);
		memcpy(v[i].path, p, plen);
		v[i].path[plen] = '\0';
		p += plen;
	}
	if (p != end) {
		okr_ccdiff_free(v, n);
		return -1;
	}
	*out = v;
	*nout = n;
	return 0;
}

static int
get_diff(struct okr_ccdiff **out, size_t *n, struct okr_ccache *c, const git_oid *oldtree,
	 const git_oid *newtree)
{
	const unsigned char *r;
	uint64_t off;
	size_t len;

	ensure_open(c);
	if (!c->map || !(off = index_find(c, newtree->id, KIND_DIFF)) ||
	    !(r = record_get(c, off, newtree, "DIFF", &len)))
		return GIT_ENOTFOUND;
	trim(c, len);
	/* another old tree with the same new one: not this diff */
	if (len < 4 + GIT_OID_RAWSZ + 1 || memcmp(r + 4, oldtree->id, GIT_OID_RAWSZ) != 0)
		return GIT_ENOTFOUND;
	if (r[4 + GIT_OID_RAWSZ] & 1)
		return 1;
	if (parse_diff(out, n, r + 4 + GIT_OID_RAWSZ + 1, len - 4 - GIT_OID_RAWSZ - 1) < 0) {
		c->damaged = true;
		return GIT_ENOTFOUND;
	}
	return 0;
}

int
okr_ccache_get_diff(struct okr_ccdiff **out, size_t *n, struct okr_ccache *c,
		    const git_oid *oldtree, const git_oid *newtree)
{
	int error;

	*out = NULL;
	*n = 0;
	error = get_diff(out, n, c, oldtree, newtree);
	return error;
}

/* Keep record b (taken over) of kind under key for the next file. */
static void
note_record(struct okr_ccache *c, const git_oid *key, unsigned kind, struct okr_buf *b)
{
	pthread_mutex_lock(&c->notelock);
	if (c->ndiffs == c->capdiffs) {
		c->capdiffs = c->capdiffs ? c->capdiffs * 2 : 64;
		c->diffs = okr_xrealloc(c->diffs, c->capdiffs * sizeof(*c->diffs));
	}
	c->diffs[c->ndiffs].key = *key;
	c->diffs[c->ndiffs].kind = kind;
	c->diffs[c->ndiffs].len = b->len;
	c->diffs[c->ndiffs++].data = (unsigned char *)okr_buf_detach(b);
	pthread_mutex_unlock(&c->notelock);
}

void
okr_ccache_note_diff(struct okr_ccache *c, const git_oid *oldtree, const git_oid *newtree,
		     const struct okr_ccdiff *v, size_t n, bool toobig)
{
	struct okr_buf b = OKR_BUF_INIT;
	unsigned char e[50];
	size_t i;

	if (!c)
		return;
	if (toobig)
		n = 0;
	okr_buf_put(&b, "DIFF", 4);
	okr_buf_put(&b, (const char *)oldtree->id, GIT_OID_RAWSZ);
	okr_buf_putc(&b, toobig ? 1 : 0);
	put32(e, (uint32_t)n);
	okr_buf_put(&b, (const char *)e, 4);
	for (i = 0; i < n; i++) {
		size_t plen = strlen(v[i].path);

		if (plen > 0xffff) {
			okr_buf_free(&b);
			return;
		}
		put32(e, v[i].oldmode);
		put32(e + 4, v[i].newmode);
		memcpy(e + 8, v[i].oldid.id, GIT_OID_RAWSZ);
		memcpy(e + 28, v[i].newid.id, GIT_OID_RAWSZ);
		e[48] = (unsigned char)(plen >> 8);
		e[49] = (unsigned char)plen;
		okr_buf_put(&b, (const char *)e, 50);
		okr_buf_put(&b, v[i].path, plen);
	}
	note_record(c, newtree, KIND_DIFF, &b);
}

/* ---- summaries ---- */

int
okr_ccache_get_sum(unsigned char **out, size_t *len, struct okr_ccache *c, const git_oid *blob)
{
	const unsigned char *r;
	uint64_t off;
	size_t n;
	int error = GIT_ENOTFOUND;

	*out = NULL;
	*len = 0;
	ensure_open(c);
	if (c->map && (off = index_find(c, blob->id, KIND_SUM)) &&
	    (r = record_get(c, off, blob, "SUMM", &n))) {
		*len = n - 4;
		*out = okr_xmalloc(n - 4 + 1);
		memcpy(*out, r + 4, n - 4);
		(*out)[n - 4] = '\0';
		trim(c, n);
		error = 0;
	}
	return error;
}

void
okr_ccache_note_sum(struct okr_ccache *c, const git_oid *blob, const unsigned char *data,
		    size_t len)
{
	struct okr_buf b = OKR_BUF_INIT;

	if (!c || len > UINT32_MAX - 4)
		return;
	okr_buf_put(&b, "SUMM", 4);
	okr_buf_put(&b, (const char *)data, len);
	note_record(c, blob, KIND_SUM, &b);
}

/* ---- writing the file ---- */

struct ent {
	git_oid id;
	uint64_t off;
	unsigned kind;
};

static int
ent_cmp(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	int cmp = git_oid_cmp(&x->id, &y->id);

	return cmp ? cmp : (x->kind > y->kind) - (x->kind < y->kind);
}

/* v sorted by id: counted into buckets by the first two bytes (ids are
 * uniformly spread: about one entry a bucket at 100,000 commits), then each
 * bucket by insertion. qsort was a third of what writing the file cost. */
static void
ent_sort(struct ent *v, size_t n)
{
	size_t *at = okr_xcalloc(65537, sizeof(*at)), i, b;
	struct ent *tmp = okr_xmalloc((n + 1) * sizeof(*tmp));

	for (i = 0; i < n; i++)
		at[(v[i].id.id[0] << 8 | v[i].id.id[1]) + 1]++;
	for (b = 1; b <= 65536; b++)
		at[b] += at[b - 1];
	for (i = 0; i < n; i++)
		tmp[at[v[i].id.id[0] << 8 | v[i].id.id[1]]++] = v[i];
	for (i = 1; i < n; i++) {
		struct ent e = tmp[i];
		size_t j = i;

		for (; j > 0 && ent_cmp(&tmp[j - 1], &e) > 0; j--)
			tmp[j] = tmp[j - 1];
		tmp[j] = e;
	}
	memcpy(v, tmp, n * sizeof(*v));
	free(tmp);
	free(at);
}

/* The old file's records after the new ones, at base: 0, or -1 when it
 * cannot (then nothing of it is kept). */
static int
copy_old(struct okr_ccache *c)
{
	unsigned char *buf = okr_xmalloc(1u << 20);
	uint64_t at = HEADER;

	while (at < c->index_off) {
		size_t want = c->index_off - at < (1u << 20) ? (size_t)(c->index_off - at)
							      : (1u << 20);
		ssize_t n = pread(c->fd, buf, want, (off_t)at);

		if (n <= 0 || fwrite(buf, 1, (size_t)n, c->out) != (size_t)n) {
			free(buf);
			return -1;
		}
		at += (uint64_t)n;
	}
	free(buf);
	return 0;
}

/* The old index's entries moved by base - HEADER, checked sorted and in
 * bounds on the way (the records themselves are not read: that would
 * bring the whole file into memory; get() checks each): false when they
 * are not, and the old records are then left out. */
static bool
old_entries(struct ent *v, const struct okr_ccache *c, uint64_t base)
{
	const unsigned char *e = c->map + c->index_off + FANOUT;
	uint64_t i;

	for (i = 0; i < c->count; i++, e += IDXENT) {
		uint64_t off = get64(e + GIT_OID_RAWSZ) & OFF_MASK;

		memcpy(v[i].id.id, e, GIT_OID_RAWSZ);
		v[i].kind = e[GIT_OID_RAWSZ];
		if (v[i].kind > KIND_SUM || off < HEADER || off > c->index_off ||
		    c->index_off - off < RECHEAD || (i && ent_cmp(&v[i - 1], &v[i]) >= 0))
			return false;
		v[i].off = off - HEADER + base;
	}
	return true;
}

/* The links from the new records into the old ones, written in place. */
static int
link_old(struct okr_ccache *c, const struct ent *old, size_t nold)
{
	size_t i;

	for (i = 0; i < c->nunlinked; i++) {
		struct pend *p = &c->pend[c->unlinked[i].i];
		struct ent key, *hit;
		unsigned char b[8];

		key.id = c->unlinked[i].parent;
		key.kind = KIND_COMMIT;
		if (!(hit = bsearch(&key, old, nold, sizeof(*old), ent_cmp)))
			continue;
		put64(b, hit->off - p->off);
		if (fseeko(c->out, (off_t)(p->off + 24), SEEK_SET) < 0 ||
		    fwrite(b, 1, 8, c->out) != 8)
			return -1;
	}
	return fseeko(c->out, 0, SEEK_END);
}

static int
write_index(struct okr_ccache *c, struct ent *v, size_t n, uint64_t index_off)
{
	unsigned char head[HEADER] = MAGIC, fan[FANOUT], e[IDXENT];
	size_t i, b = 0;

	for (i = 0; i < 256; i++) {
		while (b < n && v[b].id.id[0] <= i)
			b++;
		put32(fan + 4 * i, (uint32_t)b);
	}
	if (fwrite(fan, 1, FANOUT, c->out) != FANOUT)
		return -1;
	for (i = 0; i < n; i++) {
		memcpy(e, v[i].id.id, GIT_OID_RAWSZ);
		put64(e + GIT_OID_RAWSZ, (uint64_t)v[i].kind << 56 | v[i].off);
		if (fwrite(e, 1, IDXENT, c->out) != IDXENT)
			return -1;
	}
	put64(head + 8, n);
	put64(head + 16, index_off);
	put64(head + 24, 0);
	if (fseeko(c->out, 0, SEEK_SET) < 0 || fwrite(head, 1, HEADER, c->out) != HEADER)
		return -1;
	return fflush(c->out) == 0 ? 0 : -1;
}

/* Whether what was noted is worth a new file: enough that rewriting the
 * old records costs little for each new one. */
static bool
worth_writing(const struct okr_ccache *c)
{
	uint64_t added = (uint64_t)c->npend + c->ndiffs;

	return !c->failed && added && (c->damaged || added * 64 >= c->count);
}

static int
cmp_dpend(const void *a, const void *b)
{
	const struct dpend *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return git_oid_cmp(&x->key, &y->key);
}

/* The diffs and summaries noted, as records after the commits, and their
 * index entries: sorted, each once (two threads may note the same blob's
 * summary; a second record would never be read, so damage to it would go
 * unseen). */
static int
write_diffs(struct okr_ccache *c, struct ent *v)
{
	unsigned char head[RECHEAD];
	size_t i, j;

	if (c->ndiffs > 1)
		qsort(c->diffs, c->ndiffs, sizeof(*c->diffs), cmp_dpend);
	for (i = j = 0; i < c->ndiffs; i++) {
		if (j && cmp_dpend(&c->diffs[j - 1], &c->diffs[i]) == 0) {
			free(c->diffs[i].data);
			continue;
		}
		c->diffs[j++] = c->diffs[i];
	}
	c->ndiffs = j;
	for (i = 0; i < c->ndiffs; i++) {
		const struct dpend *d = &c->diffs[i];

		memcpy(head, d->key.id, GIT_OID_RAWSZ);
		put32(head + 20, (uint32_t)d->len);
		put64(head + 24, 0);
		put32(head + 32, record_crc(head, d->data, d->len));
		if (fwrite(head, 1, RECHEAD, c->out) != RECHEAD ||
		    fwrite(d->data, 1, d->len, c->out) != d->len)
			return -1;
		v[i].id = d->key;
		v[i].kind = d->kind;
		v[i].off = c->outoff;
		c->outoff += RECHEAD + d->len;
	}
	return 0;
}

static int
write_file(struct okr_ccache *c)
{
	bool keep_old = c->map && !c->damaged;
	size_t nold = keep_old ? (size_t)c->count : 0, n, i, j;
	struct ent *v = okr_xmalloc((c->npend + c->ndiffs + nold + 1) * sizeof(*v));
	uint64_t base;
	int error = -1;

	if (!c->out && !start_file(c))
		goto done;
	if (c->npend)
		flush_last(c, 0);
	if (c->failed || write_diffs(c, v) < 0)
		goto done;
	n = c->ndiffs;
	base = c->outoff;
	if (keep_old && !old_entries(v + n, c, base)) {
		keep_old = false;
		nold = 0;
	}
	if (keep_old && copy_old(c) < 0)
		goto done;
	if (keep_old) {
		c->outoff += c->index_off - HEADER;
		if (link_old(c, v + n, nold) < 0)
			goto done;
	}
	n += nold;
	for (i = 0; i < c->npend; i++) {
		v[n].id = c->pend[i].id;
		v[n].kind = KIND_COMMIT;
		v[n++].off = c->pend[i].off;
	}
	ent_sort(v, n);
	/* the same key twice (two runs noted the same diff with different
	 * old trees): the first is indexed, the other left unread */
	for (i = j = 0; i < n; i++)
		if (!j || ent_cmp(&v[j - 1], &v[i]) != 0)
			v[j++] = v[i];
	error = write_index(c, v, j, c->outoff);
done:
	free(v);
	return error;
}

void
okr_ccache_free(struct okr_ccache *c)
{
	size_t i;

	if (!c)
		return;
	if (worth_writing(c) || c->out) {
		int error = worth_writing(c) ? write_file(c) : -1;

		if (c->out && fclose(c->out) != 0)
			error = -1;
		if (c->tmppath && (error < 0 || rename(c->tmppath, c->path) < 0))
			unlink(c->tmppath);
	}
	for (i = 0; i < c->ndiffs; i++)
		free(c->diffs[i].data);
	free(c->diffs);
	pthread_mutex_destroy(&c->openlock);
	pthread_mutex_destroy(&c->commitlock);
	pthread_mutex_destroy(&c->notelock);
	if (c->map)
		munmap((void *)c->map, c->maplen);
	if (c->fd >= 0)
		close(c->fd);
	free(c->tmppath);
	free(c->pend);
	free(c->unlinked);
	free(c->last);
	free(c->path);
	free(c);
}
