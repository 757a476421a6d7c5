// How many heap arenas glibc gives Préau's processes on Linux: glibc gives each thread that
// allocates its own arena, and the image decoders' threads kept several hundred megabytes of freed
// memory (the ingest benchmark's peak fell from 836 MB to 368 MB with two arenas, for the same
// throughput). glibc reads MALLOC_ARENA_MAX when a process starts, so it is set for a child process
// (`npm start`) or by restarting the process itself in place (`preau`), unless the user chose a value.

/** `env` with two malloc arenas on Linux, or `env` itself when nothing changes. */
export function withMallocArenas(env, platform) {
  if (platform !== 'linux' || env.MALLOC_ARENA_MAX !== undefined) return env;
  return { ...env, MALLOC_ARENA_MAX: '2' };
}

/**
 * Replaces this process by the same program with two malloc arenas: same pid, same standard
 * streams, same arguments (`process.execve`, Node ≥ 22.15). Returns false, and does nothing, where
 * the variable is already set, off Linux, or on a Node without `execve`.
 */
export function restartWithMallocArenas(proc = process) {
  const env = withMallocArenas(proc.env, proc.platform);
  if (env === proc.env || typeof proc.execve !== 'function') return false;
  proc.execve(proc.execPath, [proc.execPath, ...proc.execArgv, ...proc.argv.slice(1)], env);
  return true;
}
