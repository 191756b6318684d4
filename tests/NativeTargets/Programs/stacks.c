/* Test target for the unwinder: reaches a state chosen by argv[1], then stops itself with SIGSTOP so the test
 * can capture it and run eu-stack on it. Functions are noinline and use volatile so that -O2 keeps every frame. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define KEEP __attribute__((noinline))

static volatile int sink;

KEEP int leaf_stop(int x) { raise(SIGSTOP); sink = x; return x + 1; }
KEEP int chain_c(int x) { int r = leaf_stop(x * 2); sink = r; return r + 1; }
KEEP int chain_b(int x) { int r = chain_c(x + 3); sink = r; return r + 2; }
KEEP int chain_a(int x) { int r = chain_b(x - 1); sink = r; return r + 3; }

KEEP int recurse(int depth) {
    if (depth == 0) { int s = leaf_stop(depth); sink = s; return s; }
    int r = recurse(depth - 1);
    sink = r;
    return r + 1;
}

static inline __attribute__((always_inline)) int inline_inner(int x) { raise(SIGSTOP); sink = x; return x * 3; }
static inline __attribute__((always_inline)) int inline_middle(int x) { int r = inline_inner(x + 1); sink = r; return r + 2; }
KEEP int inline_outer(int x) { int r = inline_middle(x); sink = r; return r + 5; }

KEEP void on_usr1(int signo) { sink = chain_a(signo); }
KEEP int signal_victim(int x) { raise(SIGUSR1); sink = x; return x + 1; }

KEEP void on_segv(int signo) { chain_a(signo); _exit(3); }
KEEP int segv_victim(int *volatile p) { *p = 42; return sink; }

static pthread_barrier_t barrier;
KEEP int thread_recurse(int depth) {
    if (depth == 0) { pthread_barrier_wait(&barrier); pause(); return 0; }
    int r = thread_recurse(depth - 1);
    sink = r;
    return r + 1;
}
static void *thread_main(void *arg) { thread_recurse((int)(long)arg); return NULL; }

/* A thread that never blocks: it is stopped wherever it happens to be, often inside the vDSO's clock_gettime. */
static void *spin_main(void *arg) {
    struct timespec now;
    for (;;) { clock_gettime(CLOCK_MONOTONIC, &now); sink = (int)now.tv_nsec; }
    return arg;
}

/* "JIT" code: an anonymous executable page holding push rbp; mov rbp,rsp; call *rdi; pop rbp; ret. It has no
 * module and no CFI; only its frame pointer leads back to main. */
KEEP int jit_callback(void) { int r = leaf_stop(7); sink = r; return r; }
KEEP int run_jit(void) {
    static const unsigned char stub[] = {0x55, 0x48, 0x89, 0xe5, 0xff, 0xd7, 0x5d, 0xc3};
    void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memcpy(page, stub, sizeof stub);
    int (*call)(int (*)(void)) = (int (*)(int (*)(void)))page;
    int r = call(jit_callback);
    sink = r;
    return r;
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "chain";
    int n = argc > 2 ? atoi(argv[2]) : 0;
    if (!strcmp(mode, "chain")) return chain_a(argc) == 42;
    if (!strcmp(mode, "recurse")) return recurse(n) == 42;
    if (!strcmp(mode, "inline")) return inline_outer(argc) == 42;
    if (!strcmp(mode, "jit")) return run_jit() == 42;
    if (!strcmp(mode, "signal")) {
        signal(SIGUSR1, on_usr1);
        return signal_victim(argc) == 42;
    }
    if (!strcmp(mode, "segv")) {
        signal(SIGSEGV, on_segv);
        return segv_victim(NULL) == 42;
    }
    if (!strcmp(mode, "spin")) {
        pthread_t t;
        pthread_create(&t, NULL, spin_main, NULL);
        struct timespec pause_for = {0, 20 * 1000 * 1000};
        nanosleep(&pause_for, NULL);
        return leaf_stop(n) == 42;
    }
    if (!strcmp(mode, "threads")) {
        pthread_barrier_init(&barrier, NULL, (unsigned)n + 1);
        for (int i = 0; i < n; i++) {
            pthread_t t;
            pthread_create(&t, NULL, thread_main, (void *)(long)(i + 1));
        }
        pthread_barrier_wait(&barrier);
        return leaf_stop(n) == 42;
    }
    return 2;
}
