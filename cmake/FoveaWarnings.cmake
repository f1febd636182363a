# Warnings for Fovea's own targets only; third-party headers come in as SYSTEM includes.
add_library(fovea_warnings INTERFACE)
target_compile_options(fovea_warnings INTERFACE -Wall -Wextra -Wshadow
                       $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor>
                       -Wpedantic -Wno-unused-parameter)
if(FOVEA_WERROR)
  target_compile_options(fovea_warnings INTERFACE -Werror)
endif()
# Qt's "slots"/"signals"/"emit" macros break LibTorch headers (toolchain.md pitfall 4).
target_compile_definitions(fovea_warnings INTERFACE QT_NO_KEYWORDS)
