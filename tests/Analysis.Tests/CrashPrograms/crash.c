/* Crash programs for the analysis classifiers: `crash MODE` dies the way MODE names, one mode per
   built-in classifier (see CrashModes.cs for the expected signal and classifiers of each). Built by the
   test run with gcc; `volatile` keeps gcc from folding away the undefined behaviour we want to happen. */
#define _GNU_SOURCE
#include <assert.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct node { long id; struct node *next; int value; };

static volatile uintptr_t sink;
static struct node *volatile null_node;
static const char read_only_text[] = "constant";
static void *volatile shared;
static int ready_pipe[2];

__attribute__((noinline)) static void null_write(struct node *volatile n) { n->value = 42; }
__attribute__((noinline)) static long null_read(struct node *volatile n) { return n->next->id; }

__attribute__((noinline)) static long non_canonical(void) {
    volatile uintptr_t poisoned = 0xdead000000000010ULL;
    return *(volatile long *)poisoned;
}

__attribute__((noinline)) static void misaligned_sse(void) {
    char buffer[64] __attribute__((aligned(16)));
    char *volatile p = buffer + 8;
    __asm__ volatile("movaps (%0), %%xmm0" : : "r"(p) : "xmm0", "memory");
}

__attribute__((noinline)) static void write_read_only(void) {
    volatile char *volatile text = (volatile char *)read_only_text;
    text[0] = 'C';
}

__attribute__((noinline)) static void wild_jump(void) {
    void (*volatile target)(void) = (void (*)(void))0x4141414141ULL;
    target();
}

__attribute__((noinline)) static void null_call(void) {
    void (*volatile target)(void) = 0;
    target();
}

__attribute__((noinline)) static int recurse(volatile int depth) {
    volatile char frame[256];
    frame[0] = (char)depth;
    return recurse(depth + 1) + frame[0];
}

static void *overflow_thread(void *unused) { (void)unused; recurse(0); return NULL; }

__attribute__((noinline)) static int divide(volatile int a, volatile int b) { return a / b; }

__attribute__((noinline)) static void memcpy_bad_length(void) {
    /* Through volatile pointers, so _FORTIFY_SOURCE cannot see the sizes and the copy itself faults. */
    char *volatile src = malloc(64);
    char *volatile dst = malloc(64);
    volatile size_t length = (size_t)3 << 30; /* 3 GiB: far past both buffers */
    memcpy(dst, src, length);
    sink = (uintptr_t)dst;
}

__attribute__((noinline)) static void memcpy_read_only(void) {
    char src[256] = { 1 };
    char *volatile dst = (char *)&divide; /* code: mapped, not writable */
    volatile size_t length = sizeof src;
    memcpy(dst, src, length);
}

__attribute__((noinline)) static void memset_unmapped(void) {
    void *volatile dst = (void *)0x7f0000000000ULL;
    volatile size_t length = 1 << 20;
    memset(dst, 0, length);
}

__attribute__((noinline)) static void free_stack_pointer(void) {
    long local[4] = { 0 };
    void *volatile p = &local[2];
    free(p);
}

__attribute__((noinline)) static void double_free(void) {
    void *volatile p = malloc(32);
    free(p);
    free(p);
}

__attribute__((noinline)) static void heap_overflow(void) {
    char *volatile a = malloc(24);
    char *volatile b = malloc(24);
    volatile uint64_t *size_of_b = (volatile uint64_t *)(a + 24); /* b's chunk header */
    *size_of_b = 0x4141414141414141ULL;
    free(b);
}

__attribute__((noinline)) static void heap_victim(void) {
    /* Poison a freed tcache chunk's next pointer (glibc >= 2.32 mangles it with the chunk address):
       the second malloc follows it into unmapped memory and faults inside the allocator. */
    uintptr_t *volatile a = malloc(40);
    uintptr_t *volatile b = malloc(40);
    free(b);
    free(a);
    *(volatile uintptr_t *)a = (((uintptr_t)a) >> 12) ^ (uintptr_t)0x10000000;
    sink = (uintptr_t)malloc(40);
    sink = (uintptr_t)malloc(40);
    sink = (uintptr_t)malloc(40);
}

__attribute__((noinline)) static void fortify(const char *input) {
    char small[8];
    strcpy(small, input); /* _FORTIFY_SOURCE turns this into __strcpy_chk */
    sink = (uintptr_t)small[0];
}

__attribute__((noinline)) static void smash(volatile size_t count) {
    char buffer[16];
    for (volatile size_t i = 0; i < count; i++) buffer[i] = 'X';
    sink = (uintptr_t)buffer[3];
}

__attribute__((noinline)) static void check_count(volatile int count) { assert(count == 3); }

static void *holder_thread(void *unused) {
    (void)unused;
    void *volatile held = shared; /* this thread keeps the pointer in its stack frame */
    char one = 1;
    if (write(ready_pipe[1], &one, 1) != 1) abort();
    for (;;) { sink = (uintptr_t)held; pause(); }
    return NULL;
}

__attribute__((noinline)) static long use_after_unmap(void) {
    shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pipe(ready_pipe) != 0) abort();
    pthread_t holder;
    pthread_create(&holder, NULL, holder_thread, NULL);
    char one;
    if (read(ready_pipe[0], &one, 1) != 1) abort();
    munmap(shared, 4096);
    return ((volatile long *)shared)[3];
}

/* A toy interpreter that keeps its script call stack as a linked list (examples/lua/interpreter-stack.lua
   turns it into synthetic frames). */
struct vm_frame { const char *function; const char *file; int32_t line; int32_t pad; struct vm_frame *caller; };
struct vm_frame *volatile vm_top;

__attribute__((noinline)) static void vm_builtin_explode(void) { null_write(null_node); }

__attribute__((noinline)) static void vm_execute(void) {
    struct vm_frame *main_frame = malloc(sizeof *main_frame), *handler = malloc(sizeof *handler);
    *main_frame = (struct vm_frame){ "main", "app.script", 3, 0, NULL };
    *handler = (struct vm_frame){ "on_request", "handlers.script", 17, 0, main_frame };
    vm_top = handler;
    vm_builtin_explode();
    /* No tail call: the interpreter loop stays on the stack, as a real one would, for the module to find. */
    __asm__ volatile("" ::: "memory");
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: crash MODE\n"); return 2; }
    const char *mode = argv[1];
    setvbuf(stdout, NULL, _IONBF, 0);
    if (!strcmp(mode, "clean")) { puts("ok"); return 0; }
    if (!strcmp(mode, "wait")) { puts("ready"); for (;;) pause(); }
    if (!strcmp(mode, "null-write")) null_write(null_node);
    if (!strcmp(mode, "null-read")) sink = null_read(null_node);
    if (!strcmp(mode, "non-canonical")) sink = non_canonical();
    if (!strcmp(mode, "misaligned-sse")) misaligned_sse();
    if (!strcmp(mode, "write-read-only")) write_read_only();
    if (!strcmp(mode, "wild-jump")) wild_jump();
    if (!strcmp(mode, "null-call")) null_call();
    if (!strcmp(mode, "stack-overflow")) sink = recurse(0);
    if (!strcmp(mode, "thread-stack-overflow")) {
        pthread_t t;
        pthread_create(&t, NULL, overflow_thread, NULL);
        pthread_join(t, NULL);
    }
    if (!strcmp(mode, "ud2")) __builtin_trap();
    if (!strcmp(mode, "divide-by-zero")) sink = divide(1, 0);
    if (!strcmp(mode, "int-min-by-minus-one")) sink = divide(INT_MIN, -1);
    if (!strcmp(mode, "breakpoint")) __asm__ volatile("int3");
    if (!strcmp(mode, "abort")) abort();
    if (!strcmp(mode, "memcpy-bad-length")) memcpy_bad_length();
    if (!strcmp(mode, "memcpy-read-only")) memcpy_read_only();
    if (!strcmp(mode, "memset-unmapped")) memset_unmapped();
    if (!strcmp(mode, "free-stack-pointer")) free_stack_pointer();
    if (!strcmp(mode, "double-free")) double_free();
    if (!strcmp(mode, "heap-overflow")) heap_overflow();
    if (!strcmp(mode, "heap-victim")) heap_victim();
    if (!strcmp(mode, "fortify")) fortify(argc > 2 ? argv[2] : "far too long for eight bytes");
    if (!strcmp(mode, "stack-smash")) smash(64);
    if (!strcmp(mode, "assert")) check_count(2);
    if (!strcmp(mode, "use-after-unmap")) sink = use_after_unmap();
    if (!strcmp(mode, "vm")) vm_execute();
    fprintf(stderr, "crash: mode %s did not crash\n", mode);
    return 3;
}
