cpk_add_test(scorm_test
  SOURCES formats/scorm_rules_test.cpp formats/scorm_corpus_test.cpp formats/scorm_href_test.cpp
    formats/scorm_metadata_test.cpp
  LIBS cpk::sdk cpk::format_scorm
  INCLUDES ${PROJECT_SOURCE_DIR}/formats/scorm/src)
