// C++ test target: namespaces, class templates, variadic templates, lambdas, operators, virtual functions and
// standard containers, so the demangler meets real GCC manglings; "stop" mode stops inside that machinery.
#include <array>
#include <csignal>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#define KEEP __attribute__((noinline))

namespace outer { namespace inner {
template <typename T, int N> struct Box {
    T items[N];
    KEEP T sum() const { T s{}; for (auto &i : items) s += i; return s; }
    template <typename F> KEEP T apply(F &&f) const { T s{}; for (auto &i : items) s += f(i); return s; }
};
struct Widget {
    virtual ~Widget() {}
    virtual int run(int (*cb)(int), const std::string &s) { return cb((int)s.size()); }
    KEEP int operator()(int x) const { return x; }
    KEEP Widget &operator+=(const Widget &) { return *this; }
    int field = 0;
};
KEEP bool operator<(const Widget &a, const Widget &b) { return a.field < b.field; }
}}

namespace {
volatile int sink;
KEEP int hidden(int x) { return x * 2; }
KEEP int stop_here(int x) { std::raise(SIGSTOP); sink = x; return x; }
}

template <typename... Args> KEEP int count(Args &&...args) { sink = sizeof...(args); return sizeof...(args); }
template <typename T> KEEP int take_array(T (&array)[3]) { return (int)array[0]; }
KEEP int member_pointer(int outer::inner::Widget::*field, int (outer::inner::Widget::*method)(int) const) {
    outer::inner::Widget w; return w.*field + (w.*method)(1);
}

int main(int argc, char **argv) {
    outer::inner::Box<double, 3> b{{1, 2, 3}};
    std::vector<std::string> v{"a", "b"};
    std::map<std::string, std::vector<int>> m;
    m["x"].push_back(argc);
    auto lambda = [&](int y) { return y + argc; };
    std::function<int(int)> f = lambda;
    outer::inner::Widget w;
    std::unique_ptr<outer::inner::Widget> p(new outer::inner::Widget);
    std::array<int, 4> arr{};
    int numbers[3] = {1, 2, 3};
    bool less = w < *p;
    w += *p;
    std::cout << b.sum() << v.size() << f(2) << w.run(hidden, "abc") << count(1, 'c', 2.0, v) << arr.size()
              << take_array(numbers) << member_pointer(&outer::inner::Widget::field, &outer::inner::Widget::operator()) << less
              << std::endl;
    if (argc > 1) {
        return (int)b.apply([&](double d) { return (double)stop_here((int)d); });
    }
    return 0;
}
