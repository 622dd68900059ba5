# Legacy (pre-Unicode) Hindi font encodings: detection and conversion (see docs/legacy-fonts.md).
set(CPK_FONTS_LEGACY_SOURCES
  src/legacy_tables.cpp
  src/legacy_convert.cpp
  src/legacy_detect.cpp)
