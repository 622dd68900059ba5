# The text engine: itemisation, fonts, shaping, layout, raster (golden images), PDF (pdftotext
# round trip) and certificates.
cpk_add_test(fonts_test
  SOURCES fonts/text_test.cpp fonts/render_test.cpp
  LIBS cpk::fonts ICU::uc
  INCLUDES ${PROJECT_SOURCE_DIR}/fonts/src)
target_compile_definitions(fonts_test PRIVATE
  CPK_GOLDEN_DIR="${PROJECT_SOURCE_DIR}/tests/golden/text"
  CPK_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  CPK_NOTO_DIR="/usr/share/fonts/truetype/noto")
