/*
 * fuzz.h: what every fuzz target shares: the libFuzzer entry point each
 * defines (declared once so the targets and the corpus runner agree on it)
 * and CHECK, an invariant the code promises, whose violation is a crash
 * for the fuzzer and a failed test for the corpus runner.
 */
#ifndef OKR_FUZZ_H
#define OKR_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: invariant failed: %s\n",	\
				__FILE__, __LINE__, #cond);		\
			abort();					\
		}							\
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
