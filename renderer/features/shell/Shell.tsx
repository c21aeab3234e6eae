/** The frame around every screen: who and where, navigation, and the current view. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { accountRoleLabels } from '../../../shared/accounts/account';
import { isPermitted, type Operation } from '../../../shared/accounts/permissions';
import { idleExpired } from '../../../shared/accounts/lockout';
import { useSecurityPolicy } from '../../data/useLedger';
import { LoginScreen } from '../auth/LoginScreen';
import { confirmLeave } from './unsavedChanges';
import { AccountsScreen } from '../accounts/AccountsScreen';
import { RegistersScreen } from '../registers/RegistersScreen';
import { ReviewScreen } from '../registers/ReviewScreen';
import { useActiveProfile } from '../../data/useLedger';
import { ClassificationWizard } from '../classification/ClassificationWizard';
import { ProfileScreen } from '../classification/ProfileScreen';
import { BackupScreen } from '../backup/BackupScreen';
import { ExchangeScreen, type ExportScope } from '../exchange/ExchangeScreen';
import { LegacyImportScreen } from '../exchange/LegacyImportScreen';
import { LabelScreen } from '../labels/LabelScreen';
import { AuditScreen } from '../audit/AuditScreen';
import { StockTakeScreen } from '../stocktake/StockTakeScreen';
import { ExceptionsScreen } from '../exceptions/ExceptionsScreen';
import type { SectionSettings } from '../../../shared/domain/sectionSettings';
import { useDatabase } from '../../data/DatabaseContext';
import { saveDateStyle } from '../../data/settingsRepository';
import { endSession } from '../../data/accountRepository';
import { platform, WEB_PREVIEW_LABEL } from '../../platform/bridge';
import { AssetDetail } from '../ledger/AssetDetail';
import { AssetEditor } from '../ledger/AssetEditor';
import { LedgerScreen } from '../ledger/LedgerScreen';
import { OperatorContext, ProfileContext, SettingsContext, type Operator } from './SettingsContext';

export type View =
  | { name: 'list' }
  | { name: 'new' }
  | { name: 'detail'; id: string }
  | { name: 'edit'; id: string }
  | { name: 'classify'; id: string }
  | { name: 'profiles' }
  | { name: 'backup' }
  | { name: 'labels' }
  | { name: 'audit' }
  | { name: 'registers'; managementNumber?: string }
  | { name: 'review' }
  | { name: 'accounts' }
  | { name: 'exchange'; scope?: ExportScope }
  | { name: 'legacy' }
  | { name: 'stocktake' }
  | { name: 'exceptions'; assetId?: string };

/**
 * The screens in the top bar. A screen that exists to do an operation shows only to roles the one
 * permission table allows it (`requires`); the others are for reading and show to everyone. The same
 * check guards the view itself below, and the data layer checks again on every write.
 */
const navItems: { view: View['name']; label: string; requires: Operation | null }[] = [
  { view: 'list', label: '台帳一覧', requires: null },
  { view: 'registers', label: '持出し・廃棄', requires: null },
  { view: 'review', label: '見直し', requires: null },
  { view: 'labels', label: 'ラベル', requires: 'label.print' },
  { view: 'stocktake', label: '棚卸', requires: null },
  { view: 'exceptions', label: '例外措置', requires: null },
  { view: 'profiles', label: '分類基準', requires: null },
  { view: 'backup', label: 'バックアップ', requires: 'backup.create' },
  { view: 'exchange', label: '書出し・取込み', requires: 'ledger.export' },
  { view: 'audit', label: '監査ログ', requires: null },
  { view: 'accounts', label: 'アカウント', requires: 'account.change' },
];

/** Views reached from inside other screens, and the operation each one exists for. */
const innerViews: Partial<Record<View['name'], Operation>> = { new: 'asset.create', edit: 'asset.update', classify: 'classification.propose', legacy: 'ledger.legacyImport' };

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

export function Shell({ settings, operator, onLogout }: { settings: SectionSettings; operator: Operator; onLogout: () => void }) {
  const [view, setView] = useState<View>({ name: 'list' });
  const [version, setVersion] = useState('');
  const db = useDatabase();
  const { profile, missing } = useActiveProfile(settings.profileId);
  const policy = useSecurityPolicy();
  // Locking ends the data layer's session: nothing can be written until the password is given again.
  const onLock = useCallback(() => void endSession(db, 'lock', { now: new Date().toISOString() }), [db]);
  const [locked, unlock] = useIdleLock(policy?.idleMinutes, onLock);
  const allowed = (name: View['name']) => viewAllowed(operator.role, name);

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
          <nav className="topnav" aria-label="主な画面">
            {navItems
              .filter((item) => allowed(item.view))
              .map((item) => (
                <button key={item.view} type="button" aria-current={view.name === item.view ? 'page' : undefined} onClick={() => confirmLeave() && setView({ name: item.view } as View)}>
                  {item.label}
                </button>
              ))}
          </nav>
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
          {missing && (
            <p className="notice" role="alert">
              設定されている分類基準（{settings.profileId}）が見つからないため、{profile.name} を表示しています。「分類基準」画面で分類基準を選び直してください。
            </p>
          )}
          {view.name === 'list' && <LedgerScreen onOpen={(id) => setView({ name: 'detail', id })} onNew={() => setView({ name: 'new' })} onBackup={() => setView({ name: 'backup' })} onExport={(scope) => setView({ name: 'exchange', scope })} onNavigate={(name) => setView(name === 'labels' ? { name } : { name })} />}
          {view.name === 'new' && allowed('new') && <AssetEditor onDone={(id) => setView(id ? { name: 'detail', id } : { name: 'list' })} />}
          {view.name === 'edit' && allowed('edit') && <AssetEditor id={view.id} onDone={() => setView({ name: 'detail', id: view.id })} />}
          {view.name === 'detail' && (
            <AssetDetail
              id={view.id}
              onBack={() => setView({ name: 'list' })}
              onEdit={() => setView({ name: 'edit', id: view.id })}
              onClassify={() => setView({ name: 'classify', id: view.id })}
              onRegisters={(managementNumber) => setView({ name: 'registers', managementNumber })}
            />
          )}
          {view.name === 'classify' && allowed('classify') && <ClassificationWizard assetId={view.id} onDone={() => setView({ name: 'detail', id: view.id })} />}
          {view.name === 'profiles' && <ProfileScreen />}
          {view.name === 'backup' && allowed('backup') && <BackupScreen />}
          {view.name === 'exchange' && allowed('exchange') && <ExchangeScreen scope={view.scope} onLegacy={() => setView({ name: 'legacy' })} />}
          {view.name === 'legacy' && allowed('legacy') && <LegacyImportScreen onDone={() => setView({ name: 'list' })} />}
          {view.name === 'labels' && allowed('labels') && <LabelScreen />}
          {view.name === 'audit' && <AuditScreen />}
          {view.name === 'registers' && <RegistersScreen managementNumber={view.managementNumber} />}
          {view.name === 'review' && <ReviewScreen onOpen={(id) => setView({ name: 'detail', id })} />}
          {view.name === 'accounts' && allowed('accounts') && <AccountsScreen />}
          {view.name === 'stocktake' && <StockTakeScreen onOpenAsset={(id) => setView({ name: 'detail', id })} />}
          {view.name === 'exceptions' && <ExceptionsScreen assetId={view.assetId} onOpenAsset={(id) => setView({ name: 'detail', id })} />}
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
