/**
 * fast-check's seed for every property in a run. Left to itself fast-check draws a new seed each run,
 * so a property that fails for one input in a few thousand turns CI red at random, long after the
 * change that caused it (a real disagreement between the app's and the CLI's inflater was found that
 * way, and it cost a submission). vitest.config.ts derives FC_SEED from the commit under test (unless
 * it is set): a run on a clean clone of a commit gives the answer CI will give for it, each new commit
 * still explores other inputs, and `FC_SEED=<n>` reproduces a reported failure (fast-check prints the
 * seed it used).
 */
import fc from 'fast-check';

const seed = Number(process.env.FC_SEED);
if (process.env.FC_SEED !== undefined && Number.isInteger(seed)) fc.configureGlobal({ seed });
