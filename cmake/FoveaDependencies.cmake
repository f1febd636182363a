# Every third-party package comes from Debian (tools/setup-debian.sh installs them).
find_package(Threads REQUIRED)
find_package(Torch REQUIRED)
find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs)
find_package(spdlog REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(CLI11 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Freetype REQUIRED)

# The CLI draws report figures with Qt Gui and Svg only; the GUI needs the rest.
find_package(Qt6 6.2 REQUIRED COMPONENTS Core Gui Svg)
if(FOVEA_BUILD_GUI)
  find_package(Qt6 6.2 REQUIRED COMPONENTS Widgets Charts OpenGL OpenGLWidgets Test)
  # Debian's VTK 9.1 names MPI::MPI_C in link interfaces even for non-MPI modules (toolchain.md
  # pitfall 3); an empty stand-in satisfies the generator without linking MPI.
  if(NOT TARGET MPI::MPI_C)
    add_library(MPI::MPI_C INTERFACE IMPORTED)
  endif()
  # Always an explicit list: without COMPONENTS Debian's VTK pulls in its Qt 5 modules.
  find_package(VTK REQUIRED COMPONENTS
    CommonCore CommonDataModel CommonColor CommonTransforms
    FiltersCore FiltersGeneral FiltersSources FiltersGeometry
    RenderingCore RenderingOpenGL2 RenderingFreeType RenderingAnnotation RenderingUI
    InteractionStyle)
  # Debian's targets file defines every module; what matters is that we never link the Qt ones.
  foreach(forbidden GUISupportQt RenderingQt ViewsQt)
    if(VTK::${forbidden} IN_LIST VTK_LIBRARIES)
      message(FATAL_ERROR "VTK::${forbidden} is built on Qt 5 and must not be linked")
    endif()
  endforeach()
endif()

if(FOVEA_BUILD_TESTS)
  find_package(GTest REQUIRED)
  find_package(benchmark REQUIRED)
endif()

# jemalloc that keeps freed pages: LibTorch allocates and frees tens of megabytes per layer and
# step, and glibc returns such blocks to the kernel at once, so every step page-faults them in
# again (about half the training time was kernel page clearing). Executables that train link it.
# Off under the sanitizers, whose own allocator must see every allocation.
option(FOVEA_USE_JEMALLOC "Link jemalloc into the executables that train" ON)
find_package(PkgConfig REQUIRED)
if(FOVEA_USE_JEMALLOC)
  pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
endif()
function(fovea_use_jemalloc target)
  if(NOT FOVEA_USE_JEMALLOC)
    return()
  endif()
  target_sources(${target} PRIVATE ${FOVEA_SOURCE_ROOT}/core/util/jemalloc_config.c)
  target_link_libraries(${target} PRIVATE PkgConfig::JEMALLOC)
endfunction()
