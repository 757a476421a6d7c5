export function withMallocArenas(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): NodeJS.ProcessEnv;
export function restartWithMallocArenas(
  proc?: Pick<NodeJS.Process, 'env' | 'platform' | 'execPath' | 'execArgv' | 'argv'> & {
    execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never;
  },
): boolean;
