// C++ test target: exceptions thrown and caught through frames, then parked (mode park) or an
// uncaught exception (mode terminate: std::terminate -> abort). Prints "ready" when in place.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <unistd.h>

static volatile int sink;

namespace shapes {
struct Widget {
    std::string name;
    __attribute__((noinline)) void explode(int level) {
        if (level == 0) throw std::runtime_error("widget " + name + " exploded");
        explode(level - 1);
        sink++;
    }
};

template <typename T> __attribute__((noinline)) void hold(T &value, bool uncaught) {
    std::printf("ready\n");
    std::fflush(stdout);
    if (uncaught) value.explode(3);
    for (;;) pause();
}
}  // namespace shapes

int main(int argc, char **argv) {
    bool uncaught = argc > 1 && std::string(argv[1]) == "terminate";
    shapes::Widget widget{"gear"};
    try {
        widget.explode(5);
    } catch (const std::exception &e) {
        sink += (int)std::string(e.what()).size();
        shapes::hold(widget, uncaught);
    }
    return sink;
}
