#!/bin/sh
# Builds one fuzz target with clang's libFuzzer, ASan and UBSan, from the
# source root: tests/fuzz/build-libfuzzer.sh TARGET [OUTPUT]
# (TARGET is objective, yaml, edit or trailer; OUTPUT defaults to
# ./fuzz_TARGET). Needs clang 14 or later (Debian: clang,
# libclang-rt-14-dev). README.md says how to run the result.
set -eu
target=$1
out=${2:-./fuzz_$target}
cd "$(dirname "$0")/../.."
exec ${CC_FUZZ:-clang} -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -D_GNU_SOURCE -Icore -Itests/fuzz \
	core/*.c "tests/fuzz/fuzz_$target.c" \
	$(pkg-config --cflags --libs libgit2 yaml-0.1 jansson libdeflate) \
	-lpthread -lm -o "$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
