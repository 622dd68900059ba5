# Installs libcoursepack, the public headers of every module, the coursepack command, a CMake
# package (find_package(coursepack) → coursepack::coursepack) and a pkg-config file.
include(CMakePackageConfigHelpers)

install(TARGETS coursepack_shared EXPORT coursepackTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
get_property(cpk_modules GLOBAL PROPERTY CPK_ALL_MODULES)
foreach(mod IN LISTS cpk_modules)
  get_target_property(mod_dir ${mod} SOURCE_DIR)
  if(EXISTS ${mod_dir}/include)
    install(DIRECTORY ${mod_dir}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  endif()
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/sdk/capi/include/coursepack.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(CPK_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/coursepack)
install(EXPORT coursepackTargets NAMESPACE coursepack:: DESTINATION ${CPK_CMAKE_DIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/coursepackConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/coursepackConfig.cmake INSTALL_DESTINATION ${CPK_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/coursepackConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/coursepackConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/coursepackConfigVersion.cmake
  DESTINATION ${CPK_CMAKE_DIR})

# Relocatable: the prefix is found from the .pc file's own folder.
file(RELATIVE_PATH CPK_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" CPK_PC_TO_PREFIX "${CPK_PC_TO_PREFIX}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/coursepack.pc.in ${CMAKE_CURRENT_BINARY_DIR}/coursepack.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/coursepack.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
