# Tests of the cmi5, xAPI (TinCan), AICC and HTML5 readers (included from tests/unit/CMakeLists.txt).
cpk_add_test(formats_cmi5_xapi_aicc_test
  SOURCES formats/cmi5_test.cpp formats/xapi_test.cpp formats/aicc_test.cpp formats/html5_test.cpp
          formats/cmi5_xapi_aicc_corpus_test.cpp
  LIBS cpk::sdk cpk::format_cmi5 cpk::format_xapi cpk::format_aicc cpk::format_html5
  INCLUDES ${PROJECT_SOURCE_DIR}/formats/cmi5/src ${PROJECT_SOURCE_DIR}/formats/aicc/src
           ${PROJECT_SOURCE_DIR}/formats/html5/src ${CMAKE_CURRENT_SOURCE_DIR}/formats)
