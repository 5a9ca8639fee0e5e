/*
 * pack.c: objects read straight from mmap'd pack files (index version 2),
 * deltas resolved here, every version met on a chain kept in an LRU cache
 * keyed by its place in the pack, so that walking a history that rewrites
 * the same files costs one delta per version instead of one chain.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libdeflate.h>

#include "buf.h"
#include "pack.h"

/* Mapped pack bytes count in the resident set: after this many 1 MiB
 * regions touched, the pages are dropped (they stay in the page cache).
 * The index's pages are dropped on their own count: every lookup's binary
 * search reads them, and dropping them with the pack's made three readers
 * fault them back in at every trim (a quarter of a report's first run
 * went to the kernel at 100,000 commits, whose index is 14 MiB). */
#define REGION_SHIFT 20
#define MAX_TOUCHED 24
#define MAX_IDX_TOUCHED 32
#define MAX_DEPTH 10000		/* git's own limit is 4095 */

enum {
	OBJ_COMMIT = 1,
	OBJ_TREE = 2,
	OBJ_BLOB = 3,
	OBJ_TAG = 4,
	OBJ_OFS_DELTA = 6,
	OBJ_REF_DELTA = 7,
};

struct pack {
	const unsigned char *idx, *data;
	size_t idxlen, len;		/* len: without the 20-byte trailer */
	size_t maplen;
	uint32_t n;
	const unsigned char *oids, *off32, *off64;
	size_t n64;
	atomic_uchar *touched;		/* one flag per region */
	size_t nregions;
	atomic_uchar *idx_touched;	/* the same for the index */
	size_t nidxregions;
};

struct entry {
	uint64_t key;			/* pack number << 48 | offset */
	struct entry *hnext, *prev, *next;
	git_object_t type;
	size_t len;
	unsigned char data[];		/* len bytes and a NUL */
};

/* The mapped packs, shared by the readers of several threads: only the
 * count of touched regions changes. */
struct packset {
	struct pack *v;
	size_t n;
	atomic_size_t touched, idx_touched;
};

struct okr_packs {
	struct packset *set;
	bool owner;			/* set is ours to unmap */
	struct pack *v;			/* set's */
	size_t n;
	struct libdeflate_decompressor *z;	/* NULL when out of memory */
	unsigned char *dbuf;		/* an inflated delta */
	size_t dcap;
	struct entry **tab;		/* chained by hnext */
	size_t cap, count;
	struct entry *head, *tail;	/* most recently used first */
	size_t bytes, max;
	struct link {
		uint64_t off;
		const unsigned char *pos;	/* the delta's deflated data */
		size_t size;			/* the delta's inflated size */
	} *chain;
	size_t chaincap;
};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static const void *
map_file(const char *path, size_t *len)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || st.st_size <= 0 ||
	    (uint64_t)st.st_size >= ((uint64_t)1 << 48)) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	*len = (size_t)st.st_size;
	return p;
}

/* A pack and its index, checked enough that every lookup stays inside. */
static int
pack_open(struct pack *p, const char *idxpath)
{
	size_t plen = strlen(idxpath), i, need;
	char *packpath = okr_xprintf("%.*s.pack", (int)(plen - 4), idxpath);
	const unsigned char *fan;

	memset(p, 0, sizeof(*p));
	p->idx = map_file(idxpath, &p->idxlen);
	p->data = map_file(packpath, &p->maplen);
	free(packpath);
	if (!p->idx || !p->data)
		goto bad;
	if (p->idxlen < 8 + 1024 + 40 || memcmp(p->idx, "\377tOc", 4) != 0 ||
	    be32(p->idx + 4) != 2)
		goto bad;
	fan = p->idx + 8;
	for (i = 1; i < 256; i++)
		if (be32(fan + 4 * i) < be32(fan + 4 * (i - 1)))
			goto bad;
	p->n = be32(fan + 4 * 255);
	need = 8 + 1024 + (size_t)p->n * 28 + 40;
	if (p->idxlen < need || (p->idxlen - need) % 8)
		goto bad;
	p->oids = fan + 1024;
	p->off32 = p->oids + (size_t)p->n * 24;	/* after the CRCs */
	p->off64 = p->off32 + (size_t)p->n * 4;
	p->n64 = (p->idxlen - need) / 8;
	if (p->maplen < 12 + 20 || memcmp(p->data, "PACK", 4) != 0 ||
	    (be32(p->data + 4) != 2 && be32(p->data + 4) != 3) ||
	    be32(p->data + 8) != p->n)
		goto bad;
	p->len = p->maplen - 20;
	p->nregions = (p->maplen >> REGION_SHIFT) + 1;
	p->touched = okr_xcalloc(p->nregions, sizeof(*p->touched));
	p->nidxregions = (p->idxlen >> REGION_SHIFT) + 1;
	p->idx_touched = okr_xcalloc(p->nidxregions, sizeof(*p->idx_touched));
	return 0;
bad:
	if (p->idx)
		munmap((void *)p->idx, p->idxlen);
	if (p->data)
		munmap((void *)p->data, p->maplen);
	memset(p, 0, sizeof(*p));
	return -1;
}

int
okr_packs_open(struct okr_packs **out, const char *objects_dir, size_t cache_bytes)
{
	struct okr_packs *s = okr_xcalloc(1, sizeof(*s));
	char *dirpath = okr_xprintf("%s/pack", objects_dir);
	DIR *dir = opendir(dirpath);
	struct dirent *de;
	size_t cap = 0;

	s->max = cache_bytes;
	s->z = libdeflate_alloc_decompressor();
	s->set = okr_xcalloc(1, sizeof(*s->set));
	s->owner = true;
	while (dir && (de = readdir(dir))) {
		size_t n = strlen(de->d_name);
		char *path;

		if (n < 10 || strncmp(de->d_name, "pack-", 5) != 0 ||
		    strcmp(de->d_name + n - 4, ".idx") != 0)
			continue;
		if (s->n == cap) {
			cap = cap ? cap * 2 : 4;
			s->v = okr_xrealloc(s->v, cap * sizeof(*s->v));
		}
		path = okr_xprintf("%s/%s", dirpath, de->d_name);
		if (pack_open(&s->v[s->n], path) == 0)
			s->n++;
		free(path);
	}
	if (dir)
		closedir(dir);
	free(dirpath);
	s->set->v = s->v;
	s->set->n = s->n;
	*out = s;
	return 0;
}

int
okr_packs_share(struct okr_packs **out, struct okr_packs *base, size_t cache_bytes)
{
	struct okr_packs *s = okr_xcalloc(1, sizeof(*s));

	s->max = cache_bytes;
	s->z = libdeflate_alloc_decompressor();
	s->set = base->set;
	s->v = base->v;
	s->n = base->n;
	*out = s;
	return 0;
}

void
okr_packs_free(struct okr_packs *s)
{
	struct entry *e, *next;
	size_t i;

	if (!s)
		return;
	for (i = 0; s->owner && i < s->n; i++) {
		munmap((void *)s->v[i].idx, s->v[i].idxlen);
		munmap((void *)s->v[i].data, s->v[i].maplen);
		free(s->v[i].touched);
		free(s->v[i].idx_touched);
	}
	for (e = s->head; e; e = next) {
		next = e->next;
		free(e);
	}
	libdeflate_free_decompressor(s->z);
	if (s->owner) {
		free(s->v);
		free(s->set);
	}
	free(s->tab);
	free(s->dbuf);
	free(s->chain);
	free(s);
}

/* ---- the index ---- */

/* Flag *flag's region as touched, counting it in *count the first time. */
static void
mark_region(atomic_uchar *flag, atomic_size_t *count)
{
	if (!atomic_load_explicit(flag, memory_order_relaxed) &&
	    !atomic_exchange_explicit(flag, 1, memory_order_relaxed))
		atomic_fetch_add_explicit(count, 1, memory_order_relaxed);
}

static bool
pack_find(uint64_t *off, struct okr_packs *s, const struct pack *p, const unsigned char *oid)
{
	const unsigned char *fan = p->idx + 8;
	uint32_t lo = oid[0] ? be32(fan + 4 * (oid[0] - 1)) : 0;
	uint32_t hi = be32(fan + 4 * oid[0]);

	/* the first byte is the fan-out's: compare the next four as a
	 * number, and the rest only when those are equal */
	uint32_t want = be32(oid + 1);

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const unsigned char *at = p->oids + (size_t)mid * 20;
		uint32_t have = be32(at + 1);
		int c = have != want ? (have < want ? -1 : 1) : memcmp(at + 5, oid + 5, 15);

		if (c < 0) {
			lo = mid + 1;
		} else if (c > 0) {
			hi = mid;
		} else {
			uint32_t o = be32(p->off32 + (size_t)mid * 4);

			/* the search's last page: the upper ones are few and
			 * shared by every lookup */
			mark_region(&p->idx_touched[(size_t)(at - p->idx) >> REGION_SHIFT],
				    &s->set->idx_touched);

			if (o & 0x80000000u) {
				const unsigned char *q;

				o &= 0x7fffffffu;
				if (o >= p->n64)
					return false;
				q = p->off64 + (size_t)o * 8;
				*off = (uint64_t)be32(q) << 32 | be32(q + 4);
			} else {
				*off = o;
			}
			return *off >= 12 && *off < p->len;
		}
	}
	return false;
}

/* ---- the cache of resolved objects ---- */

static size_t
key_slot(uint64_t key, size_t cap)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ull) >> 32) & (cap - 1);
}

static struct entry *
cache_get(struct okr_packs *s, uint64_t key)
{
	struct entry *e;

	if (!s->cap)
		return NULL;
	for (e = s->tab[key_slot(key, s->cap)]; e; e = e->hnext)
		if (e->key == key)
			break;
	if (!e || e == s->head)
		return e;
	/* to the front */
	e->prev->next = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		s->tail = e->prev;
	e->prev = NULL;
	e->next = s->head;
	s->head->prev = e;
	s->head = e;
	return e;
}

static void
cache_unlink(struct okr_packs *s, struct entry *e)
{
	struct entry **pp = &s->tab[key_slot(e->key, s->cap)];

	while (*pp != e)
		pp = &(*pp)->hnext;
	*pp = e->hnext;
	if (e->prev)
		e->prev->next = e->next;
	else
		s->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		s->tail = e->prev;
	s->bytes -= e->len;
	s->count--;
}

/* Keep e (not yet cached); false when it is too big to keep, and then
 * the caller still owns it. May evict anything but e. */
static bool
cache_put(struct okr_packs *s, struct entry *e)
{
	size_t i;

	if (e->len > s->max / 4)
		return false;
	if ((s->count + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		struct entry **tab = okr_xcalloc(cap, sizeof(*tab));

		for (i = 0; i < s->cap; i++) {
			struct entry *x, *next;

			for (x = s->tab[i]; x; x = next) {
				size_t j = key_slot(x->key, cap);

				next = x->hnext;
				x->hnext = tab[j];
				tab[j] = x;
			}
		}
		free(s->tab);
		s->tab = tab;
		s->cap = cap;
	}
	while (s->bytes + e->len > s->max && s->tail) {
		struct entry *old = s->tail;

		cache_unlink(s, old);
		free(old);
	}
	i = key_slot(e->key, s->cap);
	e->hnext = s->tab[i];
	s->tab[i] = e;
	e->prev = NULL;
	e->next = s->head;
	if (s->head)
		s->head->prev = e;
	else
		s->tail = e;
	s->head = e;
	s->bytes += e->len;
	s->count++;
	return true;
}

/* ---- reading the pack ---- */

static void
touch(struct okr_packs *s, struct pack *p, uint64_t from, uint64_t to)
{
	size_t r;

	for (r = (size_t)(from >> REGION_SHIFT); r <= (size_t)(to >> REGION_SHIFT) &&
	     r < p->nregions; r++)
		mark_region(&p->touched[r], &s->set->touched);
}

/* Drop a mapping's pages (len bytes at map) and clear its n flags. */
static void
drop(const unsigned char *map, size_t len, atomic_uchar *flags, size_t n)
{
	size_t r;

	madvise((void *)map, len, MADV_DONTNEED);
	for (r = 0; r < n; r++)
		atomic_store_explicit(&flags[r], 0, memory_order_relaxed);
}

/*
 * Drop the mapped pages from the resident set: the packs' when more than
 * MAX_TOUCHED of their regions were read since, the indexes' on their own
 * count. Another thread's reader may be reading them: that is safe, since
 * the mappings are private, read-only and never written, so a dropped
 * page is read again from the file.
 */
static void
trim(struct okr_packs *s)
{
	bool packs = atomic_load_explicit(&s->set->touched, memory_order_relaxed) > MAX_TOUCHED;
	bool idx = atomic_load_explicit(&s->set->idx_touched, memory_order_relaxed) >
		   MAX_IDX_TOUCHED;
	size_t i;

	if (packs)
		atomic_store_explicit(&s->set->touched, 0, memory_order_relaxed);
	if (idx)
		atomic_store_explicit(&s->set->idx_touched, 0, memory_order_relaxed);
	for (i = 0; i < s->n && (packs || idx); i++) {
		const struct pack *p = &s->v[i];

		if (packs)
			drop(p->data, p->maplen, p->touched, p->nregions);
		if (idx)
			drop(p->idx, p->idxlen, p->idx_touched, p->nidxregions);
	}
}

/* The object header at off: type, inflated size and where its data (for
 * a delta, its base's reference) starts. */
static int
read_header(int *type, size_t *size, uint64_t *pos, const struct pack *p, uint64_t off)
{
	const unsigned char *d = p->data;
	uint64_t size64, i = off;
	unsigned shift = 4, c;

	if (i >= p->len)
		return -1;
	c = d[i++];
	*type = (c >> 4) & 7;
	size64 = c & 15;
	while (c & 0x80) {
		if (i >= p->len || shift > 56)
			return -1;
		c = d[i++];
		size64 |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	}
	/* deflate cannot expand a byte into more than about a thousand: a
	 * bigger claim is damage, not a reason to allocate */
	if (size64 > (p->len - i) * 1032 + 64 || size64 > SIZE_MAX / 2)
		return -1;
	*size = (size_t)size64;
	*pos = i;
	return 0;
}

/* Inflate exactly size bytes (the size the entry's header gave; more or
 * fewer is damage) starting at pos into buf (size + 1 bytes). */
static int
inflate_at(struct okr_packs *s, struct pack *p, uint64_t pos, unsigned char *buf,
	   size_t size)
{
	size_t used = 0;

	if (!s->z || libdeflate_zlib_decompress_ex(s->z, p->data + pos,
						   (size_t)(p->len - pos), buf, size,
						   &used, NULL) != LIBDEFLATE_SUCCESS)
		return -1;
	touch(s, p, pos, pos + used);
	buf[size] = '\0';
	return 0;
}

static struct entry *
entry_new(uint64_t key, git_object_t type, size_t len)
{
	struct entry *e = malloc(sizeof(*e) + len + 1);

	if (e) {
		memset(e, 0, sizeof(*e));
		e->key = key;
		e->type = type;
		e->len = len;
	}
	return e;
}

static size_t
delta_varint(const unsigned char **p, const unsigned char *end, bool *ok)
{
	size_t v = 0;
	unsigned shift = 0;
	unsigned char c;

	do {
		if (*p >= end || shift > 56) {
			*ok = false;
			return 0;
		}
		c = *(*p)++;
		v |= (size_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	return v;
}

/* git's delta format: the base's size, the result's size, then copy (from
 * the base) and insert (literal bytes) instructions. */
static struct entry *
delta_apply(uint64_t key, const struct entry *base, const unsigned char *d, size_t dlen)
{
	const unsigned char *end = d + dlen;
	bool ok = true;
	size_t srclen = delta_varint(&d, end, &ok), dstlen = delta_varint(&d, end, &ok);
	size_t at = 0;
	struct entry *e;

	if (!ok || srclen != base->len || dstlen / 0x10000 > dlen)
		return NULL;
	if (!(e = entry_new(key, base->type, dstlen)))
		return NULL;
	while (d < end) {
		unsigned c = *d++;

		if (c & 0x80) {
			size_t off = 0, n = 0;
			unsigned b;

			for (b = 0; b < 4; b++)
				if (c & (1u << b)) {
					if (d >= end)
						goto bad;
					off |= (size_t)*d++ << (8 * b);
				}
			for (b = 0; b < 3; b++)
				if (c & (0x10u << b)) {
					if (d >= end)
						goto bad;
					n |= (size_t)*d++ << (8 * b);
				}
			if (!n)
				n = 0x10000;
			if (off > base->len || n > base->len - off || n > dstlen - at)
				goto bad;
			memcpy(e->data + at, base->data + off, n);
			at += n;
		} else if (c) {
			if (c > (size_t)(end - d) || c > dstlen - at)
				goto bad;
			memcpy(e->data + at, d, c);
			d += c;
			at += c;
		} else {
			goto bad;	/* reserved */
		}
	}
	if (at != dstlen)
		goto bad;
	e->data[dstlen] = '\0';
	return e;
bad:
	free(e);
	return NULL;
}

static git_object_t
base_type(int t)
{
	switch (t) {
	case OBJ_COMMIT:
		return GIT_OBJECT_COMMIT;
	case OBJ_TREE:
		return GIT_OBJECT_TREE;
	case OBJ_BLOB:
		return GIT_OBJECT_BLOB;
	case OBJ_TAG:
		return GIT_OBJECT_TAG;
	default:
		return GIT_OBJECT_INVALID;
	}
}

/*
 * The object at off in pack pn. Walks down the delta chain to a cached
 * version or a whole object, then applies the deltas upwards, caching each
 * version (the next read of the same file is usually one of them). *out is
 * either in the cache (*owned false) or the caller's to free.
 */
static int
read_at(struct entry **out, bool *owned, struct okr_packs *s, size_t pn, uint64_t off)
{
	struct pack *p = &s->v[pn];
	struct entry *cur = NULL;
	size_t n = 0, size;
	bool cur_owned = false;
	uint64_t pos, key;
	int type, error = -1;

	for (;;) {
		key = (uint64_t)pn << 48 | off;
		if ((cur = cache_get(s, key)))
			break;
		if (read_header(&type, &size, &pos, p, off) < 0)
			goto done;
		touch(s, p, off, pos);
		if (base_type(type) != GIT_OBJECT_INVALID) {
			if (!(cur = entry_new(key, base_type(type), size)))
				goto done;
			cur_owned = true;
			if (inflate_at(s, p, pos, cur->data, size) < 0)
				goto done;
			/* the bottom of a chain: worth keeping */
			if (n && cache_put(s, cur))
				cur_owned = false;
			break;
		}
		if (n == MAX_DEPTH)
			goto done;
		if (n == s->chaincap) {
			s->chaincap = s->chaincap ? s->chaincap * 2 : 64;
			s->chain = okr_xrealloc(s->chain, s->chaincap * sizeof(*s->chain));
		}
		s->chain[n].off = off;
		s->chain[n].size = size;
		if (type == OBJ_OFS_DELTA) {
			uint64_t rel;
			unsigned c;

			if (pos >= p->len)
				goto done;
			c = p->data[pos++];
			rel = c & 0x7f;
			while (c & 0x80) {
				if (pos >= p->len || rel >= ((uint64_t)1 << 50))
					goto done;
				c = p->data[pos++];
				rel = ((rel + 1) << 7) | (c & 0x7f);
			}
			if (rel == 0 || rel > off)
				goto done;
			s->chain[n].pos = p->data + pos;
			off -= rel;
		} else if (type == OBJ_REF_DELTA) {
			if (p->len - pos < 20)
				goto done;
			s->chain[n].pos = p->data + pos + 20;
			if (!pack_find(&off, s, p, p->data + pos)) {
				error = GIT_ENOTFOUND;	/* a thin pack's base */
				goto done;
			}
		} else {
			goto done;
		}
		n++;
	}
	while (n--) {
		const struct link *l = &s->chain[n];
		struct entry *next;

		if (l->size + 1 > s->dcap) {
			free(s->dbuf);
			s->dcap = l->size + 1 > 4096 ? l->size + 1 : 4096;
			if (!(s->dbuf = malloc(s->dcap))) {
				s->dcap = 0;
				goto done;
			}
		}
		if (inflate_at(s, p, (uint64_t)(l->pos - p->data), s->dbuf, l->size) < 0)
			goto done;
		next = delta_apply((uint64_t)pn << 48 | l->off, cur, s->dbuf, l->size);
		if (!next)
			goto done;
		if (cur_owned)
			free(cur);
		cur = next;
		cur_owned = true;
		if (cache_put(s, cur))
			cur_owned = false;
	}
	*out = cur;
	*owned = cur_owned;
	cur = NULL;
	error = 0;
done:
	if (cur_owned)
		free(cur);
	return error;
}

int
okr_packs_read(unsigned char **out, size_t *len, git_object_t *type,
	       struct okr_packs *s, const git_oid *id)
{
	struct entry *e;
	uint64_t off;
	bool owned;
	size_t i;
	int error;

	*out = NULL;
	trim(s);
	for (i = 0; i < s->n; i++) {
		if (!pack_find(&off, s, &s->v[i], id->id))
			continue;
		if ((error = read_at(&e, &owned, s, i, off)) < 0)
			return error;
		*len = e->len;
		*type = e->type;
		if (owned) {
			/* hand over the bytes without a copy */
			memmove(e, e->data, e->len + 1);
			*out = (unsigned char *)e;
		} else {
			*out = okr_xmalloc(e->len + 1);
			memcpy(*out, e->data, e->len + 1);
		}
		return 0;
	}
	return GIT_ENOTFOUND;
}
