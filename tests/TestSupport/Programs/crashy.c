/* Test target for the capture agent: threads parked in known frames, then (depending on the mode)
   a crash. Usage: crashy MODE THREADS. Prints "ready" once every thread is in place.
   Modes: park, crash, abort, signal, signal-crash, recurse, recurse-crash;
   pending (one more thread parks with a SIGSEGV queued for it, blocked, as a fault would be before delivery);
   spin (one more thread never blocks, in a known chain);
   fault-storm (one more thread faults on address 0x10 over and over; its handler resumes after the fault). */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
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

/* A SIGSEGV as the kernel queues it for a fault (SEGV_MAPERR at 0x10), queued by the thread to itself
   (only a process may send itself a siginfo with a positive si_code) while blocked, so it stays pending. */
__attribute__((noinline)) void pending_fault(void)
{
    sigset_t segv;
    sigemptyset(&segv);
    sigaddset(&segv, SIGSEGV);
    pthread_sigmask(SIG_BLOCK, &segv, NULL);
    siginfo_t info;
    memset(&info, 0, sizeof info);
    info.si_signo = SIGSEGV;
    info.si_code = SEGV_MAPERR;
    info.si_addr = (void *)0x10;
    syscall(SYS_rt_tgsigqueueinfo, getpid(), (pid_t)syscall(SYS_gettid), SIGSEGV, &info);
    pthread_barrier_wait(&barrier);
    park();
}

__attribute__((noinline)) void spin_inner(void) { for (;;) sink++; }

__attribute__((noinline)) void spin_outer(void) { pthread_barrier_wait(&barrier); spin_inner(); sink++; }

/* The faulting store and the label its handler resumes at. */
extern char fault_resume[];
__attribute__((noinline)) void fault_loop(void)
{
    pthread_barrier_wait(&barrier);
    for (;;) {
        __asm__ volatile("movl $42, 0x10\n\t.globl fault_resume\nfault_resume:" ::: "memory");
        sink++;
    }
}

static void on_fault(int signal, siginfo_t *info, void *context)
{
    (void)signal; (void)info;
    ((ucontext_t *)context)->uc_mcontext.gregs[REG_RIP] = (greg_t)fault_resume;
}

static void *extra_thread(void *arg)
{
    if (strcmp(mode, "pending") == 0) pending_fault();
    else if (strcmp(mode, "spin") == 0) spin_outer();
    else fault_loop();
    return arg;
}

int main(int argc, char **argv)
{
    mode = argc > 1 ? argv[1] : "park";
    int threads = argc > 2 ? atoi(argv[2]) : 0;
    int extra = strcmp(mode, "pending") == 0 || strcmp(mode, "spin") == 0 || strcmp(mode, "fault-storm") == 0;
    if (strcmp(mode, "fault-storm") == 0) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = on_fault;
        action.sa_flags = SA_SIGINFO;
        sigaction(SIGSEGV, &action, NULL);
    }
    pthread_barrier_init(&barrier, NULL, threads + extra + 1);
    for (long i = 0; i < threads; i++) {
        pthread_t thread;
        pthread_create(&thread, NULL, worker_outer, (void *)i);
    }
    if (extra) {
        pthread_t thread;
        pthread_create(&thread, NULL, extra_thread, NULL);
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
