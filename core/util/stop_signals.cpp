#include "core/util/stop_signals.h"

#include <csignal>

namespace fovea {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
struct sigaction g_previous_int {};
struct sigaction g_previous_term {};

extern "C" void onStopSignal(int number) {
  if (g_stop.exchange(true)) {
    std::signal(number, SIG_DFL);  // the second signal: give up waiting
    std::raise(number);
    return;
  }
  g_signal.store(number);
}

}  // namespace

StopOnSignals::StopOnSignals() {
  g_stop.store(false);
  g_signal.store(0);
  struct sigaction action {};
  action.sa_handler = onStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
}

StopOnSignals::~StopOnSignals() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
}

const std::atomic<bool>& StopOnSignals::flag() const {
  return g_stop;
}
int StopOnSignals::signal() const {
  return g_signal.load();
}

}  // namespace fovea
