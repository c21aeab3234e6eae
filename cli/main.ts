/** The daicho command's entry: real files, environment and terminal around `run`. */
import { run } from './daicho';
import { nodeCliIo } from './nodeIo';

declare const DAICHO_VERSION: string;

process.exitCode = await run(process.argv.slice(2), nodeCliIo(DAICHO_VERSION));
