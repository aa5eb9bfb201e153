// How the language server process is started: the extension and the benchmark both use these, so what is
// measured is what users run.
//   --max-semi-space-size=2  caps V8's young generation at 2 MiB per semi-space. The server's allocations are
//     short bursts (a message, a parse); the default cap (16 MiB) lets the young generation grow and stay at
//     ~40 MiB of resident memory after a burst, for no measurable gain in speed.
//   --single-threaded-gc  no GC helper threads: on a 2-core machine they compete with the worker threads
//     that index the workspace (10,000 files index ~8% faster); pauses stay short because the server's
//     young generation is small and marking stays incremental.
//   MALLOC_ARENA_MAX=2  the worker threads that index the workspace each get a malloc arena; glibc keeps
//     those arenas' freed memory after the workers end unless the arenas are few.
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=2', '--single-threaded-gc'];

export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
