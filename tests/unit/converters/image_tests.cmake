# converters/image: the test encodes and decodes its own images with libjpeg and libpng.
cpk_add_test(image_test
  SOURCES converters/image_test.cpp
  LIBS cpk::converter_image cpk::io JPEG::JPEG PNG::PNG ZLIB::ZLIB)
