/**
 * The packaged app refuses to start when it is launched with a switch that opens a debugger on it:
 * Chromium's remote debugging (a DevTools protocol endpoint on a port or a pipe), Node's inspector, or
 * V8 flags. Any of them would let the person at the keyboard read and rewrite the data the app holds,
 * around every check of the screens. The fuses (electron-builder.yml) already make Electron ignore
 * --inspect and NODE_OPTIONS; this rule also covers the Chromium switches the fuses do not, and says
 * in one clear line why the app did not open.
 */

/**
 * Switch names (lower case, dashes) that are refused, as prefixes: `inspect` covers `--inspect-brk`,
 * `--inspect-port`, `--inspect-wait`; `remote-debugging` covers `-port`, `-pipe`, `-address`, `-targets`.
 */
const refusedPrefixes = ['remote-debugging', 'inspect', 'debug', 'js-flags', 'auto-open-devtools-for-tabs', 'remote-allow-origins'];

/** The message shown (dialog and standard error) when the app refuses to start. */
export const LAUNCH_REFUSED_TITLE = 'Daichō を起動できません';
export const launchRefusedMessage = (found: string) =>
  `デバッグ用の起動オプション（${found}）が指定されているため、Daichō を起動しません。台帳のデータを守るため、デバッグ用のオプションを付けた起動はできません。スタートメニューやデスクトップのアイコンから起動し直してください。心当たりがない場合は情報システム担当に連絡してください。`;

/**
 * The switch name of one command-line argument, or null when the argument is not a switch. Chromium
 * on Windows also reads `-switch` and `/switch` and ignores case; Node accepts `_` for `-`: all are
 * folded so that `/Remote_Debugging_Port=1` is caught like `--remote-debugging-port=1`.
 */
export function switchName(argument: string, platform: string): string | null {
  const match = /^(?:--?|\/)([A-Za-z0-9][^=\s]*)/.exec(argument);
  if (!match) return null;
  if (argument.startsWith('/') && platform !== 'win32') return null; // a path, not a switch, outside Windows
  return match[1]!.toLowerCase().replace(/_/g, '-');
}

/** True when `name` (from `switchName`) opens a debugger or changes the JavaScript engine. */
export function isRefusedSwitch(name: string): boolean {
  return refusedPrefixes.some((prefix) => name === prefix || name.startsWith(`${prefix}-`));
}

/**
 * The first refused switch in the launch, or null when the launch is clean. `argv` is process.argv
 * (its first element, the executable, is skipped); `hasSwitch` is app.commandLine.hasSwitch, which
 * also sees switches appended by code; `env` is the environment (NODE_OPTIONS can carry --inspect).
 */
export function refusedLaunchSwitch(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  platform: string,
  hasSwitch: (name: string) => boolean = () => false,
): string | null {
  for (const argument of argv.slice(1)) {
    const name = switchName(argument, platform);
    if (name && isRefusedSwitch(name)) return `--${name}`;
  }
  for (const name of ['remote-debugging-port', 'remote-debugging-pipe', 'inspect', 'inspect-brk', 'inspect-port', 'js-flags']) {
    if (hasSwitch(name)) return `--${name}`;
  }
  for (const part of (env.NODE_OPTIONS ?? '').split(/\s+/)) {
    const name = switchName(part, platform);
    if (name && isRefusedSwitch(name)) return `NODE_OPTIONS ${part}`;
  }
  return null;
}
