#include "core/util/versions.h"

#include <gtest/gtest.h>

#include <regex>

namespace {

TEST(Versions, NameEveryCoreLibraryWithADottedVersion) {
  const auto versions = fovea::coreVersions();
  const std::regex dotted(R"(\d+\.\d+(\.\d+)?.*)");
  for (const char* name : {"Fovea", "LibTorch", "OpenCV", "spdlog", "SQLite"}) {
    const auto found = std::find_if(versions.begin(), versions.end(),
                                    [&](const auto& component) { return component.name == name; });
    ASSERT_NE(found, versions.end()) << name;
    EXPECT_TRUE(std::regex_match(found->version, dotted)) << name << " " << found->version;
  }
}

}  // namespace
