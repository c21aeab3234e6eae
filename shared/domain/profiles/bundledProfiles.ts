/**
 * The profiles shipped with the app. They are data (JSON) and go through the same validation as a
 * profile loaded from a file; a broken bundled profile is a programmer error and throws at start.
 */
import { parsePolicyProfile, type PolicyProfile } from '../policyProfile';
import nishinomiya from './nishinomiya.json' with { type: 'json' };
import mic from './mic.json' with { type: 'json' };

function bundled(data: unknown): PolicyProfile {
  const result = parsePolicyProfile(data);
  if (!result.ok) throw new Error(`bundled profile is broken: ${result.field}: ${result.message}`);
  return result.profile;
}

/** 西宮市 重要性分類 A/B/C: the default profile. */
export const nishinomiyaProfile = bundled(nishinomiya);
/** 総務省ガイドライン型 機密性3/2/1・完全性2/1・可用性2/1. */
export const micProfile = bundled(mic);

export const bundledProfiles: readonly PolicyProfile[] = [nishinomiyaProfile, micProfile];
export const defaultProfileId = nishinomiyaProfile.id;
