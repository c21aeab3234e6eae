/** The frame around every screen: who and where, navigation, and the current view. */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { accountRoleLabels } from '../../../shared/accounts/account';
import { isPermitted, type Operation } from '../../../shared/accounts/permissions';
import { idleExpired } from '../../../shared/accounts/lockout';
import { useSecurityPolicy } from '../../data/useLedger';
import { LoginScreen } from '../auth/LoginScreen';
import { confirmLeave } from './unsavedChanges';
import { TopNav, type NavSlot } from './TopNav';
const AccountsScreen = lazy(() => import('../accounts/AccountsScreen').then((m) => ({ default: m.AccountsScreen })));
const RegistersScreen = lazy(() => import('../registers/RegistersScreen').then((m) => ({ default: m.RegistersScreen })));
const ReviewScreen = lazy(() => import('../registers/ReviewScreen').then((m) => ({ default: m.ReviewScreen })));
import { useActiveProfile } from '../../data/useLedger';
const ClassificationWizard = lazy(() => import('../classification/ClassificationWizard').then((m) => ({ default: m.ClassificationWizard })));
const BulkClassificationWizard = lazy(() => import('../classification/ClassificationWizard').then((m) => ({ default: m.BulkClassificationWizard })));
const ApprovalsScreen = lazy(() => import('../classification/ApprovalsScreen').then((m) => ({ default: m.ApprovalsScreen })));
import { useProposedAssets } from '../../data/useLedger';
const ProfileScreen = lazy(() => import('../classification/ProfileScreen').then((m) => ({ default: m.ProfileScreen })));
const BackupScreen = lazy(() => import('../backup/BackupScreen').then((m) => ({ default: m.BackupScreen })));
import type { ExportScope } from '../exchange/ExchangeScreen';
const ExchangeScreen = lazy(() => import('../exchange/ExchangeScreen').then((m) => ({ default: m.ExchangeScreen })));
const LegacyImportScreen = lazy(() => import('../exchange/LegacyImportScreen').then((m) => ({ default: m.LegacyImportScreen })));
const LabelScreen = lazy(() => import('../labels/LabelScreen').then((m) => ({ default: m.LabelScreen })));
const AuditScreen = lazy(() => import('../audit/AuditScreen').then((m) => ({ default: m.AuditScreen })));
const SelfInspectionScreen = lazy(() => import('../report/SelfInspectionScreen').then((m) => ({ default: m.SelfInspectionScreen })));
const DashboardScreen = lazy(() => import('../dashboard/DashboardScreen').then((m) => ({ default: m.DashboardScreen })));
import { useHomeView } from '../dashboard/useHomeView';
const StockTakeScreen = lazy(() => import('../stocktake/StockTakeScreen').then((m) => ({ default: m.StockTakeScreen })));
const ExceptionsScreen = lazy(() => import('../exceptions/ExceptionsScreen').then((m) => ({ default: m.ExceptionsScreen })));
import type { SectionSettings } from '../../../shared/domain/sectionSettings';
import { useDatabase } from '../../data/DatabaseContext';
import { saveDateStyle } from '../../data/settingsRepository';
import { usePersonalDateStyle } from './usePersonalDateStyle';
import { endSession } from '../../data/accountRepository';
import { platform, WEB_PREVIEW_LABEL } from '../../platform/bridge';
import { AssetDetail } from '../ledger/AssetDetail';
import { AssetEditor } from '../ledger/AssetEditor';
import { LedgerScreen } from '../ledger/LedgerScreen';
import { OperatorContext, ProfileContext, SettingsContext, type Operator } from './SettingsContext';

export type View =
  | { name: 'list' }
  | { name: 'dashboard' }
  | { name: 'report' }
  | { name: 'new' }
  | { name: 'detail'; id: string }
  | { name: 'edit'; id: string }
  | { name: 'classify'; id: string }
  | { name: 'classifyMany'; ids: string[] }
  | { name: 'approvals' }
  | { name: 'profiles' }
  | { name: 'backup' }
  | { name: 'labels'; assetIds?: string[] }
  | { name: 'audit' }
  | { name: 'registers'; managementNumber?: string }
  | { name: 'review'; assetIds?: string[] }
  | { name: 'accounts' }
  | { name: 'exchange'; scope?: ExportScope }
  | { name: 'legacy' }
  | { name: 'stocktake' }
  | { name: 'exceptions'; assetId?: string };

/**
 * The screens in the top bar. A screen that exists to do an operation shows only to roles the one
 * permission table allows it (`requires`); the others are for reading and show to everyone. The same
 * check guards the view itself below, and the data layer checks again on every write. `group` puts a
 * screen in one of the bar's menus (issue 14: fourteen buttons did not fit at 1366 px); the screens of
 * every day stay buttons of their own.
 */
const navItems: { view: View['name']; label: string; requires: Operation | null; group?: NavGroupName }[] = [
  // The managers' home: what waits for their decision (shown to those who make it).
  { view: 'dashboard', label: 'ダッシュボード', requires: 'classification.approve' },
  { view: 'list', label: '台帳一覧', requires: null },
  { view: 'approvals', label: '承認待ち', requires: 'classification.approve' },
  { view: 'registers', label: '持出し・廃棄', requires: null },
  { view: 'labels', label: 'ラベル', requires: 'label.print' },
  { view: 'review', label: '見直し', requires: null, group: '点検・監査' },
  { view: 'stocktake', label: '棚卸', requires: null, group: '点検・監査' },
  { view: 'exceptions', label: '例外措置', requires: null, group: '点検・監査' },
  { view: 'report', label: '自己点検', requires: 'report.selfInspection', group: '点検・監査' },
  { view: 'audit', label: '監査ログ', requires: null, group: '点検・監査' },
  { view: 'exchange', label: '書出し・取込み', requires: 'ledger.export', group: '管理' },
  { view: 'backup', label: 'バックアップ', requires: 'backup.create', group: '管理' },
  { view: 'profiles', label: '分類基準', requires: null, group: '管理' },
  { view: 'accounts', label: 'アカウント', requires: 'account.change', group: '管理' },
];
type NavGroupName = '点検・監査' | '管理';

/** The bar for one role: its own screens in the order above, each menu where its first screen is. */
function navSlots(role: Operator['role']): NavSlot<View['name']>[] {
  const slots: NavSlot<View['name']>[] = [];
  for (const item of navItems.filter((entry) => viewAllowed(role, entry.view))) {
    const entry = { view: item.view, label: item.label, extra: item.view === 'approvals' ? <PendingCount /> : undefined };
    if (!item.group) slots.push(entry);
    else {
      const group = slots.find((slot) => 'group' in slot && slot.group === item.group);
      if (group && 'group' in group) group.entries.push(entry);
      else slots.push({ group: item.group, entries: [entry] });
    }
  }
  return slots;
}

/** Views reached from inside other screens, and the operation each one exists for. */
const innerViews: Partial<Record<View['name'], Operation>> = { new: 'asset.create', edit: 'asset.update', classify: 'classification.propose', classifyMany: 'classification.propose', legacy: 'ledger.legacyImport' };

function viewAllowed(role: Operator['role'], name: View['name']): boolean {
  const requires = navItems.find((item) => item.view === name)?.requires ?? innerViews[name] ?? null;
  return requires === null || isPermitted(role, requires);
}

/**
 * 【07】: the screen locks after the configured idle minutes; the same person unlocks it with the
 * password, or someone else signs in.
 */
function useIdleLock(idleMinutes: number | undefined, onLock: () => void): [boolean, () => void] {
  const [locked, setLocked] = useState(false);
  const lockedRef = useRef(false);
  const last = useRef(Date.now());
  useEffect(() => {
    if (!idleMinutes) return;
    const touch = () => (last.current = Date.now());
    const events = ['keydown', 'pointerdown', 'wheel', 'input'] as const;
    events.forEach((e) => window.addEventListener(e, touch, { passive: true }));
    const timer = window.setInterval(() => {
      if (!lockedRef.current && idleExpired(last.current, Date.now(), idleMinutes)) {
        lockedRef.current = true;
        setLocked(true);
        onLock();
      }
    }, 15_000);
    return () => {
      events.forEach((e) => window.removeEventListener(e, touch));
      window.clearInterval(timer);
    };
  }, [idleMinutes, onLock]);
  return [locked, () => {
    last.current = Date.now();
    lockedRef.current = false;
    setLocked(false);
  }];
}

/** The view a session opens on; replaced by the dashboard (managers' home) only if nobody has navigated yet. */
const initialView: View = { name: 'list' };

export function Shell({ settings: section, operator, onLogout }: { settings: SectionSettings; operator: Operator; onLogout: () => void }) {
  // 和暦/西暦 is each person's own choice; the section's setting is only the default until they choose.
  const ownDateStyle = usePersonalDateStyle(operator.userId);
  const settings = useMemo(() => (ownDateStyle ? { ...section, dateStyle: ownDateStyle } : section), [section, ownDateStyle]);
  const [view, setView] = useState<View>(initialView);
  const [version, setVersion] = useState('');
  const db = useDatabase();
  const { profile, missing } = useActiveProfile(settings.profileId);
  const policy = useSecurityPolicy();
  // Locking ends the data layer's session: nothing can be written until the password is given again.
  const onLock = useCallback(() => void endSession(db, 'lock', { now: new Date().toISOString() }), [db]);
  const [locked, unlock] = useIdleLock(policy?.idleMinutes, onLock);
  const allowed = (name: View['name']) => viewAllowed(operator.role, name);
  // Where a screen goes once its work is saved: nowhere if the person has moved on meanwhile (a save
  // that ended after 「台帳一覧」 was clicked pulled them back to the asset they had left).
  const finish = (from: View, to: View) => setView((current) => (current === from ? to : current));
  const slots = useMemo(() => navSlots(operator.role), [operator.role]);
  const home = useHomeView(operator.role, profile);
  useEffect(() => {
    if (home === 'dashboard') setView((current) => (current === initialView ? { name: 'dashboard' } : current));
  }, [home]);

  useEffect(() => {
    void platform.appInfo().then((info) => setVersion(info.version));
  }, []);

  return (
    <SettingsContext.Provider value={settings}>
      <OperatorContext.Provider value={operator}>
      <ProfileContext.Provider value={profile}>
      {/* Locked: the work stays as it was underneath, but nothing can be seen or touched until the password. */}
      {locked && (
        <div className="lock-overlay">
          <LoginScreen title="画面のロック" fixedUserId={operator.userId} onLogin={unlock} onOtherUser={onLogout} />
        </div>
      )}
      <div className="shell" inert={locked} aria-hidden={locked || undefined}>
        <header className="topbar">
          <div className="brand" title="Daichō 情報資産台帳">
            <span className="brand__mark" aria-hidden="true">台</span>
            <span className="brand__name">Daichō 情報資産台帳</span>
          </div>
          <TopNav slots={slots} current={view.name} onChoose={(name) => confirmLeave() && setView({ name } as View)} />
          {isPermitted(operator.role, 'settings.dateStyle') && (
            <label className="wareki-toggle">
              <input
                type="checkbox"
                checked={settings.dateStyle === 'wareki'}
                onChange={(event) => void saveDateStyle(db, event.target.checked ? 'wareki' : 'seireki', { now: new Date().toISOString() })}
              />
              和暦で表示
            </label>
          )}
          <div className="whoami" aria-label="団体・課・操作者">
            <span className="whoami__place" title={`${settings.organisation} ${settings.section}`}>{settings.organisation} {settings.section}</span>
            <span className="whoami__operator" title={`${operator.name}（${accountRoleLabels[operator.role]}）`}>
              {operator.name}（{accountRoleLabels[operator.role]}）
            </span>
            <button type="button" className="link" onClick={() => confirmLeave() && onLogout()}>
              ログアウト
            </button>
          </div>
        </header>
        <main className="content">
          {/* Screens other than the ledger load on first use (code splitting, issue 15). */}
          <Suspense fallback={<p className="loading" role="status">画面を読み込んでいます…</p>}>
          {missing && (
            <p className="notice" role="alert">
              設定されている分類基準（{settings.profileId}）が見つからないため、{profile.name} を表示しています。「分類基準」画面で分類基準を選び直してください。
            </p>
          )}
          {view.name === 'list' && <LedgerScreen onOpen={(id) => setView({ name: 'detail', id })} onNew={() => setView({ name: 'new' })} onBackup={() => setView({ name: 'backup' })} onExport={(scope) => setView({ name: 'exchange', scope })} onNavigate={(name) => setView(name === 'labels' ? { name } : { name })} onClassifyMany={(ids) => setView({ name: 'classifyMany', ids })} onLabelMany={(assetIds) => setView({ name: 'labels', assetIds })} onReviewMany={(assetIds) => setView({ name: 'review', assetIds })} />}
          {view.name === 'new' && allowed('new') && <AssetEditor onDone={(id) => finish(view, id ? { name: 'detail', id } : { name: 'list' })} />}
          {view.name === 'edit' && allowed('edit') && <AssetEditor id={view.id} onDone={() => finish(view, { name: 'detail', id: view.id })} />}
          {view.name === 'detail' && (
            <AssetDetail
              id={view.id}
              onBack={() => setView({ name: 'list' })}
              onEdit={() => setView({ name: 'edit', id: view.id })}
              onClassify={() => setView({ name: 'classify', id: view.id })}
              onRegisters={(managementNumber) => setView({ name: 'registers', managementNumber })}
            />
          )}
          {view.name === 'classify' && allowed('classify') && <ClassificationWizard assetId={view.id} onDone={() => finish(view, { name: 'detail', id: view.id })} />}
          {view.name === 'classifyMany' && allowed('classifyMany') && <BulkClassificationWizard assetIds={view.ids} onDone={() => finish(view, { name: 'list' })} />}
          {view.name === 'approvals' && allowed('approvals') && <ApprovalsScreen onOpen={(id) => setView({ name: 'detail', id })} onAccounts={() => setView({ name: 'accounts' })} />}
          {view.name === 'profiles' && <ProfileScreen />}
          {view.name === 'backup' && allowed('backup') && <BackupScreen />}
          {view.name === 'exchange' && allowed('exchange') && <ExchangeScreen scope={view.scope} onLegacy={() => setView({ name: 'legacy' })} />}
          {view.name === 'legacy' && allowed('legacy') && <LegacyImportScreen onDone={() => finish(view, { name: 'list' })} />}
          {view.name === 'labels' && allowed('labels') && <LabelScreen key={view.assetIds?.join() ?? ''} assetIds={view.assetIds} />}
          {view.name === 'audit' && <AuditScreen />}
          {view.name === 'dashboard' && allowed('dashboard') && <DashboardScreen onOpen={(name) => setView({ name } as View)} />}
          {view.name === 'report' && allowed('report') && <SelfInspectionScreen />}
          {view.name === 'registers' && <RegistersScreen managementNumber={view.managementNumber} />}
          {view.name === 'review' && <ReviewScreen key={view.assetIds?.join() ?? ''} assetIds={view.assetIds} onOpen={(id) => setView({ name: 'detail', id })} onShowDue={() => setView({ name: 'review' })} />}
          {view.name === 'accounts' && allowed('accounts') && <AccountsScreen />}
          {view.name === 'stocktake' && <StockTakeScreen onOpenAsset={(id) => setView({ name: 'detail', id })} />}
          {view.name === 'exceptions' && <ExceptionsScreen assetId={view.assetId} onOpenAsset={(id) => setView({ name: 'detail', id })} />}
          </Suspense>
        </main>
        <footer className="statusbar">
          <span>ネットワークに接続しない台帳アプリ{platform.kind === 'web' && `・${WEB_PREVIEW_LABEL}`}</span>
          <span>{version && `バージョン ${version}`}</span>
        </footer>
      </div>
      </ProfileContext.Provider>
      </OperatorContext.Provider>
    </SettingsContext.Provider>
  );
}

/** The number of proposals waiting for a manager, beside 「承認待ち」 (nothing when there are none). */
function PendingCount() {
  const count = useProposedAssets()?.length ?? 0;
  return count > 0 ? <span className="nav-count" aria-label={`${count}件`}> {count}</span> : null;
}
