cpk_add_test(content_test
  SOURCES formats/content_test.cpp
  LIBS cpk::sdk cpk::format_content
  INCLUDES ${PROJECT_SOURCE_DIR}/formats/content/src)
