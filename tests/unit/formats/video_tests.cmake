# formats/video: probe and diagnostics over ../shared/corpus/video; constructed clips are made
# with the ffmpeg command (tests only).
cpk_add_test(video_probe_test
  SOURCES formats/video_probe_test.cpp
  LIBS cpk::sdk cpk::format_video
  INCLUDES ${PROJECT_SOURCE_DIR}/formats/video/src)
cpk_add_test(captions_test
  SOURCES formats/captions_test.cpp
  LIBS cpk::format_video)
