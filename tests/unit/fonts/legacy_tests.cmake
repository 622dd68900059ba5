# Legacy Hindi font encodings (fonts/legacy.cmake).
cpk_add_test(fonts_legacy_test SOURCES fonts/legacy_test.cpp LIBS cpk::fonts)
