// C++ crash program: an exception nobody catches, so std::terminate aborts the process.
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

namespace app {
struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
}  // namespace app

__attribute__((noinline)) static void load_config(const char *kind) {
    if (std::strcmp(kind, "derived") == 0) throw app::ConfigError("bad port");
    throw std::runtime_error("config file missing");
}

int main(int argc, char **argv) {
    load_config(argc > 1 ? argv[1] : "standard");
    std::puts("unreachable");
    return 0;
}
