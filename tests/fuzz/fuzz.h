/*
 * fuzz.h: the libFuzzer entry point every fuzz target defines, declared once
 * so the targets and the corpus runner agree on it.
 */
#ifndef OKR_FUZZ_H
#define OKR_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
