/**
 * The central office's `daicho` command on a Windows PC without Node.js: the installed app has a
 * command-line mode, `Daicho.exe --cli verify 台帳.xlsx`, which runs the same cli/daicho.ts `run` (and
 * so the same shared/ code) in the main process before any window, Chromium profile or ledger lock,
 * prints to the console and exits with run's code (0 / 1 / 2). The installer puts `daicho.cmd` beside
 * Daicho.exe so a command prompt types `daicho verify …`; a batch file waits for the program and
 * passes its exit code on.
 */
import type { CliIo } from '../../cli/daicho';

export const CLI_SWITCH = '--cli';

/**
 * The command line for the CLI when this launch asks for it, else null. Only the first argument after
 * the executable (after the app folder when not packaged: `electron . --cli …`) counts, so a file
 * named `--cli` further on never turns a normal launch into a command, nor the reverse.
 */
export function cliArguments(argv: readonly string[], isPackaged: boolean): string[] | null {
  const rest = argv.slice(isPackaged ? 1 : 2);
  return rest[0]?.toLowerCase() === CLI_SWITCH ? rest.slice(1) : null;
}

/** Runs the command and returns the exit code; run never throws, but a broken io must not hang the app. */
export async function runCliMode(
  args: readonly string[],
  io: CliIo,
  run: (argv: readonly string[], io: CliIo) => Promise<number>,
): Promise<number> {
  try {
    return await run(args, io);
  } catch (error) {
    io.stderr(`予期しないエラー: ${(error as Error).message}`);
    return 1;
  }
}
