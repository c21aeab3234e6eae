/**
 * Passwords refused as too common: the most frequent ones in published leak lists, keyboard runs, and
 * words a municipal office would guess first. Compared case-insensitively, ignoring digits and
 * symbols appended at the end ("Password2026!" counts as "password").
 */
export const commonPasswords: readonly string[] = [
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pass', 'passwd', 'qwerty', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm',
  'abc', 'abcd', 'abcdef', 'abcdefg', 'abcdefgh', 'iloveyou', 'admin', 'administrator', 'root', 'user', 'guest',
  'login', 'welcome', 'letmein', 'changeme', 'secret', 'master', 'dragon', 'monkey', 'football', 'baseball',
  'sunshine', 'princess', 'shadow', 'superman', 'batman', 'trustno', 'starwars', 'whatever', 'hello', 'test',
  'daicho', 'daichou', 'kanri', 'kanrisha', 'shiyakusho', 'yakusho', 'shimin', 'security', 'mynumber',
  'nishinomiya', 'kobe', 'kashiwa', 'noshiro', 'tokyo', 'osaka', 'japan', 'nippon', 'sakura', 'reiwa', 'heisei',
  '1q2w3e4r', '1qaz2wsx', 'qazwsx', 'zaq12wsx', 'q1w2e3r4', 'aaaaaa', 'aaaaaaaaaaaa', 'pokemon', 'doraemon',
];
