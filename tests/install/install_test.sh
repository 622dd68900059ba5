#!/usr/bin/env bash
# Installs the SDK into a scratch prefix, then builds the sample embeddings against it two ways
# (find_package(coursepack) and pkg-config) and runs them on a corpus package.
#   install_test.sh BUILD_DIR SOURCE_DIR CORPUS_DIR
set -euo pipefail
build="$1"; src="$2"; corpus="$3"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
pkg="$corpus/scorm/golf-RuntimeBasicCalls_SCORM12.zip"
libdir=$(find "$work/prefix" -name 'libcoursepack.so' -printf '%h\n' | head -n1)
export LD_LIBRARY_PATH="$libdir"

# 1. CMake package.
cmake -S "$src/samples/embed-c" -B "$work/cmake-build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
"$work/cmake-build/validate_c" "$pkg" | grep -q "is scorm12, 0 error"
"$work/cmake-build/validate_cxx" "$pkg" | grep -q '"kind": "scorm12"'

# 2. pkg-config.
export PKG_CONFIG_PATH="$libdir/pkgconfig"
cc -std=c99 -Wall -Werror "$src/samples/embed-c/validate.c" $(pkg-config --cflags --libs coursepack) -o "$work/validate_pc"
"$work/validate_pc" "$pkg" | grep -q "is scorm12"

# 3. Only the API is exported: no third-party or internal C symbols leak from the library.
if nm -D --defined-only "$libdir/libcoursepack.so" | awk '{print $3}' | grep -v '^_Z' | grep -v '^cpk_' | grep -qv '^\(_init\|_fini\)$'; then
  echo "unexpected exported C symbols:" >&2
  nm -D --defined-only "$libdir/libcoursepack.so" | awk '{print $3}' | grep -v '^_Z' | grep -v '^cpk_' >&2
  exit 1
fi
echo "install: find_package, pkg-config and symbol checks passed"
