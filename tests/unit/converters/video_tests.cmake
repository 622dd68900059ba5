# converters/video: ladders checked with the ffmpeg and ffprobe commands on clips the tests make.
cpk_add_test(video_ladder_test
  SOURCES converters/video_ladder_test.cpp
  LIBS cpk::converter_video)
