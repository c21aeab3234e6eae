/**
 * Individual accounts (no shared IDs, 【07】第9条) with one role each: a security manager, a staff
 * member (担当者) or an auditor (read-only). One role per account keeps one person from being both
 * manager and 担当者 under one name (【01】第11条).
 */
import { z } from 'zod';
import type { PasswordHash } from './passwordHash';
import { sanitizeText } from '../domain/sanitizeText';

export type AccountRole = 'securityManager' | 'staff' | 'auditor';

export const accountRoleLabels: Record<AccountRole, string> = {
  securityManager: 'セキュリティ管理者',
  staff: '担当者',
  auditor: '監査（閲覧のみ）',
};

export interface Account {
  userId: string;
  /**
   * 職員番号: who the person is, unique among accounts so one person cannot hold two accounts (and
   * so two roles, 【01】第11条). Required for new accounts; accounts made before version 6 have none
   * until a manager records it.
   */
  employeeNumber?: string;
  displayName: string;
  role: AccountRole;
  password: PasswordHash;
  /** A temporary password set by a manager must be changed at the next login. */
  mustChangePassword: boolean;
  failedAttempts: number;
  /** ISO time until which login is refused after too many failures; null when not locked. */
  lockedUntil: string | null;
  disabled: boolean;
  createdAt: string;
  /** 【09】第7条2: account rights are reviewed at least every six months. */
  rightsReviewedAt: string;
}

/** ユーザーID as typed: full-width letters (the IME left on) folded (NFKC) and lower-cased, as the login screen does. */
export const userIdSchema = z
  .string()
  .transform((v) => sanitizeText(v).normalize('NFKC').toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, { error: 'ユーザーIDは半角英小文字・数字・. _ - の3〜32文字で入力してください。' }));

export const displayNameSchema = z
  .string()
  .transform((v) => sanitizeText(v))
  .pipe(z.string().min(1, { error: '氏名を入力してください。' }).max(40, { error: '氏名は40文字以内で入力してください。' }));

/** 職員番号 as the personnel office issues it: letters and digits (full-width ones are folded). */
export const employeeNumberSchema = z
  .string()
  .transform((v) => sanitizeText(v).normalize('NFKC').toUpperCase().replace(/\s+/gu, ''))
  .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,19}$/, { error: '職員番号は半角英数字（- を含めて20文字以内）で入力してください。' }));

export const accountRoleSchema = z.enum(['securityManager', 'staff', 'auditor'], { error: '役割を選んでください。' });
