import { describe, expect, it } from 'vitest';
import { isRefusedSwitch, launchRefusedMessage, refusedLaunchSwitch, switchName } from '../../../../electron/security/launchSwitches';

const exe = 'C:\\Program Files\\Daicho\\Daicho.exe';

describe('refusedLaunchSwitch', () => {
  it.each([
    [['--remote-debugging-port=9222'], '--remote-debugging-port'],
    [['--remote-debugging-port', '9222'], '--remote-debugging-port'],
    [['--remote-debugging-pipe'], '--remote-debugging-pipe'],
    [['--remote-debugging-address=0.0.0.0'], '--remote-debugging-address'],
    [['--inspect'], '--inspect'],
    [['--inspect=0.0.0.0:9229'], '--inspect'],
    [['--inspect-brk'], '--inspect-brk'],
    [['--inspect-brk=9229'], '--inspect-brk'],
    [['--inspect-port=9229'], '--inspect-port'],
    [['--inspect-wait'], '--inspect-wait'],
    [['--inspect_brk'], '--inspect-brk'],
    [['--debug'], '--debug'],
    [['--debug-brk=5858'], '--debug-brk'],
    [['--js-flags=--allow-natives-syntax'], '--js-flags'],
    [['--JS-FLAGS=--expose-gc'], '--js-flags'],
    [['-remote-debugging-port=9222'], '--remote-debugging-port'],
    [['/remote-debugging-port=9222'], '--remote-debugging-port'],
    [['/Remote_Debugging_Port=9222'], '--remote-debugging-port'],
    [['--auto-open-devtools-for-tabs'], '--auto-open-devtools-for-tabs'],
    [['C:\\台帳\\持出し.xlsx', '--inspect'], '--inspect'],
  ])('refuses %j on Windows', (args, found) => {
    expect(refusedLaunchSwitch([exe, ...args], {}, 'win32')).toBe(found);
  });

  it.each([
    [[]],
    [['C:\\台帳\\持出し.xlsx']],
    [['--lang=ja']],
    [['--inspection-report']], // a different word, not the inspector
    [['--debugger-free']],
    [['--allow-file-access-from-files-not-really']],
  ])('lets %j start', (args) => {
    expect(refusedLaunchSwitch([exe, ...args], {}, 'win32')).toBeNull();
  });

  it('does not read the executable path itself as a switch', () => {
    expect(refusedLaunchSwitch(['/opt/--inspect/daicho'], {}, 'linux')).toBeNull();
  });

  it('reads /path as a file outside Windows but as a switch on Windows', () => {
    expect(refusedLaunchSwitch(['daicho', '/inspect'], {}, 'linux')).toBeNull();
    expect(refusedLaunchSwitch(['daicho', '/inspect'], {}, 'win32')).toBe('--inspect');
  });

  it.each([
    ['--inspect'],
    ['--max-old-space-size=4096 --inspect-brk=9229'],
    ['--js-flags=--expose-gc'],
  ])('refuses NODE_OPTIONS=%j', (value) => {
    expect(refusedLaunchSwitch([exe], { NODE_OPTIONS: value }, 'win32')).toMatch(/^NODE_OPTIONS --/);
  });

  it('lets a harmless NODE_OPTIONS start', () => {
    expect(refusedLaunchSwitch([exe], { NODE_OPTIONS: '--max-old-space-size=4096' }, 'win32')).toBeNull();
  });

  it('refuses a switch the command line holds that argv does not show (appended by code)', () => {
    expect(refusedLaunchSwitch([exe], {}, 'win32', (name) => name === 'remote-debugging-port')).toBe('--remote-debugging-port');
    expect(refusedLaunchSwitch([exe], {}, 'win32', (name) => name === 'lang')).toBeNull();
  });
});

describe('switchName / isRefusedSwitch', () => {
  it.each([
    ['--inspect=1', 'inspect'],
    ['-inspect', 'inspect'],
    ['plain', null],
    ['', null],
    ['--', null],
  ])('switchName(%j) is %j', (argument, name) => {
    expect(switchName(argument, 'win32')).toBe(name);
  });

  it('matches whole words or word prefixes only', () => {
    expect(isRefusedSwitch('inspect')).toBe(true);
    expect(isRefusedSwitch('inspect-brk')).toBe(true);
    expect(isRefusedSwitch('inspector')).toBe(false);
    expect(isRefusedSwitch('remote-debugging')).toBe(true);
  });
});

describe('launchRefusedMessage', () => {
  it('names the switch and says what to do, in Japanese', () => {
    const text = launchRefusedMessage('--remote-debugging-port');
    expect(text).toContain('--remote-debugging-port');
    expect(text).toContain('起動しません');
    expect(text).toContain('アイコンから起動し直してください');
  });
});
