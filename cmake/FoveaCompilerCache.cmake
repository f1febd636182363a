# ccache when present. The sloppiness settings let ccache serve translation units built against
# the torch precompiled header (without them every PCH user is a cache miss).
find_program(FOVEA_CCACHE ccache)
if(FOVEA_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(_launcher ${CMAKE_COMMAND} -E env
      "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      # Relative paths in the cache keys: a fresh clone elsewhere (CI) hits what a checkout built.
      "CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}"
      ${FOVEA_CCACHE})
  set(CMAKE_C_COMPILER_LAUNCHER ${_launcher})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${_launcher})
  message(STATUS "Fovea: compiling through ccache (${FOVEA_CCACHE})")
endif()
