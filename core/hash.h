/*
 * hash.h: FNV-1a, 64 bits, the one non-cryptographic hash okr uses: for
 * the history's string sets (interned refs and names) and for the stable
 * fingerprints of GitLab Code Quality reports. Stable across runs and
 * machines, which the fingerprints rely on; inline, as the history hashes
 * every ref of every commit.
 */
#ifndef OKR_HASH_H
#define OKR_HASH_H

#include <stddef.h>
#include <stdint.h>

#define OKR_FNV1A_INIT UINT64_C(0xcbf29ce484222325)

/* h folded with len bytes of data; start from OKR_FNV1A_INIT. */
static inline uint64_t
okr_fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len--) {
		h ^= *p++;
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

#endif
