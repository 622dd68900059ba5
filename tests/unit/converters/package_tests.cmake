cpk_add_test(package_test
  SOURCES converters/package_test.cpp
  LIBS cpk::sdk)
target_compile_definitions(package_test PRIVATE CPK_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
cpk_add_test(normalised_test
  SOURCES formats/normalised_test.cpp
  LIBS cpk::format_normalised)
