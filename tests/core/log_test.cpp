#include "core/util/log.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>
#include <thread>

#include "core/util/errors.h"

namespace {

TEST(Log, ParsesLevelsAndRejectsUnknownNames) {
  EXPECT_EQ(fovea::log::parseLevel("debug"), spdlog::level::debug);
  EXPECT_EQ(fovea::log::parseLevel("off"), spdlog::level::off);
  EXPECT_THROW(fovea::log::parseLevel("loud"), fovea::InputError);
}

TEST(Log, SinksAttachedLaterReceiveMessagesFromAnyThread) {
  fovea::log::init({spdlog::level::info, {}, false});
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  fovea::log::addSink(sink);
  std::thread worker([] { spdlog::info("from a worker"); });
  worker.join();
  spdlog::debug("below the level");
  fovea::log::removeSink(sink);
  spdlog::info("after removal");
  EXPECT_NE(captured.str().find("from a worker"), std::string::npos);
  EXPECT_EQ(captured.str().find("below the level"), std::string::npos);
  EXPECT_EQ(captured.str().find("after removal"), std::string::npos);
}

TEST(Log, UnwritableLogFileIsAnInputError) {
  EXPECT_THROW(fovea::log::init({spdlog::level::info, "/proc/fovea/cannot.log", false}),
               fovea::InputError);
}

}  // namespace
