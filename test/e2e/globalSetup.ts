import { electronBinary, electronMissingReason } from './electronBinary';

/** Says once, in the test output, why the Electron spec is skipped on this machine. */
export default function globalSetup(): void {
  if (!electronBinary()) console.log(`[e2e] electron.spec.ts skipped: ${electronMissingReason}`);
}
