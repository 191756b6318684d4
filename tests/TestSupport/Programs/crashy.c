/* Test target for the capture agent: threads parked in known frames, then (depending on the mode)
   a crash. Usage: crashy MODE THREADS. Prints "ready" once every thread is in place.
   Modes: park, crash, abort, signal, signal-crash, recurse, recurse-crash. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile int sink;
static pthread_barrier_t barrier;
static const char *mode;

__attribute__((noinline)) static void park(void) { for (;;) pause(); }

__attribute__((noinline)) static void ready(void) { printf("ready\n"); fflush(stdout); }

__attribute__((noinline)) void crash_here(int *volatile p) { *p = 42; sink++; }

__attribute__((noinline)) static void finish(void)
{
    ready();
    if (strstr(mode, "crash")) crash_here(NULL);
    if (strcmp(mode, "abort") == 0) abort();
    park();
}

__attribute__((noinline)) void worker_inner(long id)
{
    pthread_barrier_wait(&barrier);
    sink += (int)id;
    park();
    sink++;
}

__attribute__((noinline)) void *worker_outer(void *arg)
{
    worker_inner((long)arg);
    sink++;
    return NULL;
}

__attribute__((noinline)) int recurse(int depth)
{
    if (depth == 0) { finish(); return 0; }
    int r = recurse(depth - 1);
    sink += depth;
    return r + 1;
}

static void handler(int signal)
{
    sink += signal;
    finish();
}

__attribute__((noinline)) void raise_in_frame(void) { raise(SIGUSR1); sink++; }

int main(int argc, char **argv)
{
    mode = argc > 1 ? argv[1] : "park";
    int threads = argc > 2 ? atoi(argv[2]) : 0;
    pthread_barrier_init(&barrier, NULL, threads + 1);
    for (long i = 0; i < threads; i++) {
        pthread_t thread;
        pthread_create(&thread, NULL, worker_outer, (void *)i);
    }
    pthread_barrier_wait(&barrier);
    if (strncmp(mode, "signal", 6) == 0) {
        signal(SIGUSR1, handler);
        raise_in_frame();
    } else if (strncmp(mode, "recurse", 7) == 0) {
        recurse(200);
    } else {
        finish();
    }
    return sink;
}
